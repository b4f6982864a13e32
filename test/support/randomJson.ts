import type { Prng } from './fuzz/prng';

/**
 * Random JSON text: odd numbers, escapes, Unicode, empty containers, repeated keys, colons in
 * strings and every kind of spacing. Without `unicodeEscapes`, no \u escape is written (nor
 * control characters and lone surrogates, which JSON.stringify writes so).
 */
export function randomJson(prng: Prng, unicodeEscapes = true, depth = 0): string {
  const space = () => prng.pick(['', '', ' ', '\n  ', '\t', '\r\n', ' \n\t ']);
  const string = () =>
    JSON.stringify(Array.from({ length: prng.int(0, 6) }, () => prng.pick(['a', 'Z', ' ', '"', '\\', '/', '\n', 'é', '—', '\u0000', '\ud83d\ude00', '\ud800', '{', ':'].filter((piece) => unicodeEscapes || (piece !== '\u0000' && piece !== '\ud800')))).join(''))
      // JSON.stringify writes "/" and most characters as they are: write some escaped too.
      .replace(/\//g, () => (prng.chance(0.5) ? '\\/' : '/'))
      .replace(/a/g, () => (unicodeEscapes && prng.chance(0.5) ? '\\u0061' : 'a'))
      .replace(/:/g, () => (unicodeEscapes && prng.chance(0.3) ? '\\u003a' : ':'));
  const kind = depth > 4 ? prng.int(0, 3) : prng.int(0, 5);
  switch (kind) {
    case 0:
      return string();
    case 1:
      return prng.pick(['0', '-0', '12', '-3.25', '1e5', '1E+2', '-1.5e-3', '12345678901234567890', '0.1']);
    case 2:
      return prng.pick(['true', 'false']);
    case 3:
      return 'null';
    case 4:
      return `[${space()}${Array.from({ length: prng.int(0, 4) }, () => space() + randomJson(prng, unicodeEscapes, depth + 1) + space()).join(',')}]`;
    default: {
      const keys = Array.from({ length: prng.int(0, 4) }, () => (prng.chance(0.2) ? '"dup"' : string()));
      return `{${space()}${keys.map((key) => `${space()}${key}${space()}:${space()}${randomJson(prng, unicodeEscapes, depth + 1)}${space()}`).join(',')}}`;
    }
  }
}
