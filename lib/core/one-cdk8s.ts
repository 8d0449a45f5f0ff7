import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * Refuses a chart made with another copy of cdk8s than the one this library loads. Two copies cannot render each
 * other's values (cdk8s fails with "can't render non-simple object of type 'Lazy'"); they come from installing the
 * library as a symlink to a folder with a node_modules of its own.
 */
export function checkOneCdk8s(scope: IConstruct): void {
  const chart = scope.node.scopes.find((candidate) => Chart.isChart(candidate));
  const chartClass = chart && cdk8sChartClassOf(chart);
  if (!chartClass || chartClass === Chart) return;
  throw new Error(`${scope.node.path}: two copies of cdk8s are loaded: the app's chart "${chart.node.path}" comes from `
    + `${modulePathOf(chartClass)}, and backend-mtls uses ${modulePathOf(Chart)}; cdk8s cannot render one copy's values with the other. `
    + 'This happens when backend-mtls is installed as a symlink to a folder that has its own node_modules. Fix: put install-links=true in '
    + 'your project\'s .npmrc and run npm install again (or install the tarball `npm pack` makes), so your project keeps one cdk8s.');
}

/** The cdk8s Chart class a chart derives from: the first class up its prototype chain that answers `isChart`. */
function cdk8sChartClassOf(chart: IConstruct): unknown {
  for (let proto = Object.getPrototypeOf(chart); proto; proto = Object.getPrototypeOf(proto)) {
    const parent = Object.getPrototypeOf(proto.constructor);
    if (typeof proto.constructor.isChart === 'function' && typeof parent?.isChart !== 'function') return proto.constructor;
  }
  return undefined;
}

/** The file of the loaded module that exports `chartClass` as `Chart`, or a note that it is not known. */
function modulePathOf(chartClass: unknown): string {
  const loaded = Object.values(require.cache).find((module) => module?.exports?.Chart === chartClass);
  return loaded ? loaded.filename.replace(/\/lib\/index\.js$/, '') : '(a cdk8s module not loaded through require)';
}
