import { App } from 'cdk8s';
import { BackendMtlsChart } from './lib';
import { synthApp } from './tools/synth';

synthApp(() => {
  // dist/ holds only manifests, so `kubectl apply -f dist/` applies nothing else.
  const app = new App({ recordConstructMetadata: false });
  new BackendMtlsChart(app, 'backend-mtls');
  return app;
});
