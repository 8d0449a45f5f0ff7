import { seeded } from './seeded';

/**
 * Strings a YAML writer must quote or escape for kubectl's reader (YAML 1.1 scalars through gopkg.in/yaml.v2, Go
 * number syntax) or for YAML 1.2 readers: booleans, nulls, numbers in every base and case, sexagesimals, dates,
 * indicators, comments, anchors, tags, directives, merge keys, separators, line breaks YAML 1.1 knows (NEL, U+2028,
 * U+2029), a byte-order mark, control characters, tabs and edge spaces.
 */
export const YAML_SPECIALS: readonly string[] = [
  'y', 'Y', 'n', 'N', 'yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'true', 'True', 'TRUE', 'false', 'False',
  'FALSE', '~', 'null', 'Null', 'NULL', '', ' ', '.inf', '-.inf', '+.inf', '.Inf', '.INF', '.nan', '.NaN', '.NAN',
  '0o17', '0O17', '0b101', '0B101', '0x1f', '0x1F', '0X1F', '0X1f', '1_000', '1__0', '_1', '1_', '0_1', '1e3', '1E3', '1e+3', '1.5e-3', '.5', '5.', '1.',
  '-1', '+1', '-0', '+0', '0', '00', '012', '09', '0.0', '-.5', '+.5', '1_0.5', '0x_1', '0b_1', '0o_7', '1:20', '190:20:30', '-1:20', '1:20.5',
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2002-12-14', '12:30:45', ':', '-', '- ', '? ', '?', '-x', ':x',
  'a: b', 'a #b', '#', '#x', '&a', '*a', '!tag', '!!str', '%', '%YAML 1.1', '@', '`', '<<', '=', '|', '>', '"', '\'', '[', ']', '{', '}', ',',
  '---', '...', '--- x', '... x', 'a\nb', 'a\n', '\n', '\na', 'a\r\nb', '\r', 'a\tb', '\t', '\ta', 'a\t', ' a', 'a ', ' a ', 'a  b',
  '\u2028', 'a\u2028b', '\u2029', 'a\u2029b', '\u0085', 'a\u0085b', '\uFEFF', '\uFEFFa', 'a\uFEFF', '\u00A0', 'a\u00A0', '\u0000', '\u0001',
  '\u0007', '\u001B[0m', '\u007F', '\u0080', '\u009F', '\uD83D\uDE00', 'é', 'ü:', '\\', '\\n', '"a"', '\'a\'', 'a"b', 'a\'b', '\'', '\'\'',
  '0xg', '0o8', '0b2', '1e', 'e5', 'E5', '+', '-.', '.', '..', '+.', '1,000', '$1', '1%', 'NaN', 'Infinity', '-Infinity', 'nil', 'None',
];

const PIECES: readonly string[] = [
  ...YAML_SPECIALS, 'a', 'x', '0', '1', '9', '.', '_', '-', '+', 'e', 'E', 'o', 'O', 'b', 'B', 'X', ' ', ':', '#', '\n', '\t',
];

/**
 * `count` strings from `seed`: the specials themselves, then joins of two to four pieces of them, some padded, some
 * repeated past 1024 characters (YAML limits implicit keys to 1024 characters).
 */
export function yamlHostileStrings(seed: number, count: number): string[] {
  const random = seeded(seed);
  const pick = (from: readonly string[]) => from[Math.floor(random() * from.length)];
  const strings = YAML_SPECIALS.slice(0, count);
  while (strings.length < count) {
    let value = '';
    for (let pieces = 2 + Math.floor(random() * 3); pieces > 0; pieces--) value += pick(PIECES);
    const shape = random();
    if (shape < 0.02) value = value.repeat(Math.ceil(1100 / Math.max(1, value.length)));
    else if (shape < 0.12) value = ` ${value}`;
    else if (shape < 0.22) value = `${value} `;
    strings.push(value);
  }
  return strings;
}
