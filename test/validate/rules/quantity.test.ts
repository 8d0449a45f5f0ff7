// resource.Quantity's canonical text (tools/validate/rules/quantity.ts), as the API server quotes quantities in its messages.
import { canonicalQuantity, quantityValue, readQuantity } from '../../../tools/validate/rules/quantity';

describe('quantities are written back as Quantity.String() writes them', () => {
  test.each([
    ['0.5', '500m'], [0.5, '500m'], ['1000m', '1'], ['2000', '2k'], ['1500', '1500'], ['1000M', '1G'], ['0.1Gi', '107374182400m'],
    ['2048Ki', '2Mi'], ['1536', '1536'], ['1536Ki', '1536Ki'], ['512Ki', '512Ki'], ['0.5Ki', '512'], ['1e3', '1e3'], ['1000e-3', '1'], ['12e2', '1200'],
    ['-100m', '-100m'], ['0', '0'], ['0.0000000001', '1n'],
  ])('%p is %p', (value, expected) => {
    expect(canonicalQuantity(value)).toBe(expected);
  });

  test('text that is no quantity has no canonical form', () => {
    expect(canonicalQuantity('1 Gi')).toBeUndefined();
    expect(canonicalQuantity({})).toBeUndefined();
  });

  test('Value() rounds a fraction up', () => {
    expect(quantityValue(readQuantity('1500m')!)).toBe(2n);
    expect(quantityValue(readQuantity('3Mi')!)).toBe(3n * 1024n * 1024n);
  });
});
