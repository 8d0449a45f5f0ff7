import { App } from 'cdk8s';
import { BackendMtlsChart, synthApp } from './lib';

synthApp(() => {
  // dist/ holds only manifests, so `kubectl apply -f dist/` applies nothing else.
  const app = new App({ recordConstructMetadata: false });
  new BackendMtlsChart(app, 'backend-mtls');
  return app;
});
