import { ApiObject, Lazy, Testing } from 'cdk8s';
import { RenderedObjects } from '../../lib/core/rendered-objects';

/** A ConfigMap whose data.value is read from `state` each time it renders, with the number of renders so far. */
function countedConfigMap(state: { value: string }) {
  const chart = Testing.chart();
  const counter = { renders: 0 };
  const object = new ApiObject(chart, 'Settings', {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' },
    data: { value: Lazy.any({ produce: () => { counter.renders++; return state.value; } }) },
  });
  return { app: chart.node.root, object, counter };
}

describe('RenderedObjects', () => {
  test('renders an object once while a synth holds the rendered objects, and each read gets what it rendered to', () => {
    const { app, object, counter } = countedConfigMap({ value: 'a' });
    const [first, second] = RenderedObjects.during(app, () => [RenderedObjects.jsonOf(object), RenderedObjects.jsonOf(object)]);
    expect(counter.renders).toBe(1);
    expect(second).toBe(first);
    expect(first).toEqual(object.toJson());
  });

  test('renders afresh outside a synth, so a change between two synths is read, never a stale rendering', () => {
    const state = { value: 'a' };
    const { app, object } = countedConfigMap(state);
    expect(RenderedObjects.during(app, () => RenderedObjects.jsonOf(object)).data.value).toBe('a');
    state.value = 'b';
    expect(RenderedObjects.jsonOf(object).data.value).toBe('b');
    expect(RenderedObjects.during(app, () => RenderedObjects.jsonOf(object)).data.value).toBe('b');
  });

  test('a synth inside a synth keeps the outer one\'s renderings until the outer one ends', () => {
    const { app, object, counter } = countedConfigMap({ value: 'a' });
    RenderedObjects.during(app, () => {
      RenderedObjects.during(app, () => RenderedObjects.jsonOf(object));
      RenderedObjects.jsonOf(object);
    });
    expect(counter.renders).toBe(1);
  });

  test('an object that fails to render is not remembered, and a failing synth leaves nothing behind', () => {
    const state = { value: 'a' };
    const { app, object } = countedConfigMap(state);
    const chart = object.chart;
    new ApiObject(chart, 'Broken', {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'broken' },
      data: { value: Lazy.any({ produce: () => { throw new Error('cannot render data.value'); } }) },
    });
    const broken = chart.node.findChild('Broken') as ApiObject;
    expect(() => RenderedObjects.during(app, () => {
      RenderedObjects.jsonOf(object);
      expect(() => RenderedObjects.jsonOf(broken)).toThrow(/cannot render data.value/);
      return RenderedObjects.jsonOf(broken);
    })).toThrow(/cannot render data.value/);
    state.value = 'b';
    expect(RenderedObjects.jsonOf(object).data.value).toBe('b');
  });
});
