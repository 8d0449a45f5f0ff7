import { Testing } from 'cdk8s';
import { validateManifests } from '../../tools/validate';
import { REFERENCE_MODES, referenceVariant } from '../support/charts';

describe('every mode passes the wiring checks and offline admission against the pinned CRDs', () => {
  test.each(REFERENCE_MODES)('%s', (_mode, props) => {
    const objects = Testing.synth(referenceVariant(props()));
    expect(objects.filter((object) => object.metadata.namespace === 'payments').length).toBeGreaterThan(5);
    expect(validateManifests(objects)).toEqual([]);
  });
});
