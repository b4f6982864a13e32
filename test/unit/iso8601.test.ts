import { strict as assert } from 'node:assert';
import { ISO8601_PATTERN, isCommonDateTime, isIso8601 } from '../../src/core/text/iso8601';
import { Prng } from '../support/fuzz/prng';

/** validator.js's expression alone, as the update schemas' `pattern` checks it. */
const FULL = new RegExp(ISO8601_PATTERN, 'u');

/**
 * Strings near the common form "2031-01-31T17:00:00Z": each part drawn from values inside and
 * just outside its range, with separators, fractions and zones varied, and now and then a
 * character replaced, dropped or added (the fast path must never say yes where the full
 * expression says no).
 */
function dateLike(prng: Prng): string {
  /** Mostly a value in [min, max], two digits; sometimes one at or past the range's edges. */
  const field = (min: number, max: number) => (prng.chance(0.85) ? String(prng.int(min, max)).padStart(2, '0') : prng.pick(['00', '9', '99', String(max + 1), String(min - 1).padStart(2, '0'), `${prng.int(0, 9)}${prng.int(0, 9)}${prng.int(0, 9)}`]));
  const year = prng.chance(0.85) ? String(prng.int(1900, 2100)) : prng.pick(['0000', '+2031', '-2031', '20310', '203']);
  const dateSep = prng.pick(['-', '-', '-', '-', '', '/']);
  const timeSep = prng.pick([':', ':', ':', '', '.']);
  const seconds = prng.chance(0.7) ? `${prng.chance(0.9) ? timeSep : ':'}${field(0, 59)}` : '';
  const fraction = prng.chance(0.3) ? `${prng.pick(['.', '.', ','])}${'1234567'.slice(0, prng.int(0, 7))}` : '';
  const time = prng.chance(0.9) ? `${prng.pick(['T', 'T', 'T', 't', ' ', ''])}${field(0, 23)}${timeSep}${field(0, 59)}${seconds}${fraction}` : '';
  const zone = prng.pick(['Z', 'Z', 'Z', 'z', '', `+${field(0, 23)}:${field(0, 59)}`, `-${field(0, 23)}${field(0, 59)}`, `+${field(0, 23)}`, '+05:3', 'UTC']);
  let text = `${year}${dateSep}${field(1, 12)}${prng.chance(0.9) ? `${dateSep}${field(1, 31)}` : ''}${time}${zone}`;
  if (prng.chance(0.1)) {
    const at = prng.int(0, text.length);
    const edit = prng.pick(['replace', 'drop', 'add']);
    const char = prng.pick(['0', '9', '-', ':', 'T', 'Z', ' ', '\n', '.', 'x']);
    text = edit === 'replace' ? text.slice(0, at) + char + text.slice(at + 1) : edit === 'drop' ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + char + text.slice(at);
  }
  return text;
}

describe('ISO 8601 dates (text/iso8601.ts)', () => {
  it('the common-form fast path is a subset of validator.js\'s expression: isIso8601 answers what the expression answers (20 000 generated strings)', () => {
    const prng = new Prng(8601);
    let common = 0;
    let onlyFull = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = dateLike(prng);
      const full = FULL.test(text);
      if (isCommonDateTime(text)) {
        common++;
        assert.ok(full, `the fast path takes ${JSON.stringify(text)}, which validator.js's expression refuses`);
      } else if (full) onlyFull++;
      assert.equal(isIso8601(text), full, JSON.stringify(text));
    }
    // The generator reaches both sides: common date-times, and ISO forms only the full expression takes.
    assert.ok(common > 400 && onlyFull > 1000, `common ${common}, only the full expression ${onlyFull}`);
  });

  it('takes the usual forms by the fast path, and the others only by the full expression', () => {
    for (const text of ['2031-01-31T17:00:00Z', '2031-01-31T17:00Z', '2031-01-31T17:00:00.123Z', '2031-01-31T17:00:00+02:00', '2031-01-31T17:00:00-0530']) assert.ok(isCommonDateTime(text) && isIso8601(text), text);
    for (const text of ['2031-01-31', '2031-01-31T17:00', '2031-01-31 17:00:00Z', '20310131T170000Z', '2031-W05-5']) assert.ok(!isCommonDateTime(text) && isIso8601(text), text);
    for (const text of ['2031-13-31T17:00:00Z', '2031-01-32T17:00:00Z', '2031-01-31T24:30:00Z', '31/01/2031', '']) assert.ok(!isIso8601(text), text);
  });
});
