import { App } from 'cdk8s';
import { BackendMtlsChart } from './lib';

const app = new App();
new BackendMtlsChart(app, 'backend-mtls');
app.synth();
