import { App } from 'cdk8s';
import { BackendMtlsChart, synthApp } from './lib';

synthApp(() => {
  const app = new App();
  new BackendMtlsChart(app, 'backend-mtls');
  return app;
});
