import { strict as assert } from 'node:assert';
import { LineIndex, type Position } from '../../src/core/payload/lineIndex';
import { Prng } from '../support/fuzz/prng';

/** The plain definition: a line ends at \n, \r\n or a lone \r (as in VS Code). */
function referenceLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\r' && text[i + 1] === '\n') i++;
    if (ch === '\r' || ch === '\n') starts.push(i + 1);
  }
  return starts;
}

function referencePosition(starts: number[], text: string, offset: number): Position {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= clamped) line++;
  return { line, character: clamped - starts[line] };
}

describe('LineIndex (lines indexed only as far as asked)', () => {
  it('answers as a whole-text index would, whatever the order of the questions and the line breaks', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const prng = new Prng(seed);
      const next = () => prng.next();
      const pieces = ['a', 'b', ' ', '\n', '\r', '\r\n', '—'];
      let text = '';
      const length = Math.floor(next() * 60);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
      const starts = referenceLineStarts(text);
      const index = new LineIndex(text);
      for (let q = 0; q < 20; q++) {
        const offset = Math.floor(next() * (text.length + 6)) - 3;
        const span = Math.floor(next() * 12) - 2;
        const where = `seed ${seed}, text ${JSON.stringify(text)}`;
        switch (q % 3) {
          case 0:
            assert.deepEqual(index.positionAt(offset), referencePosition(starts, text, offset), `${where}: positionAt(${offset})`);
            break;
          case 1:
            assert.deepEqual(
              index.rangeOf(offset, span),
              { start: referencePosition(starts, text, offset), end: referencePosition(starts, text, offset + span) },
              `${where}: rangeOf(${offset}, ${span})`,
            );
            break;
          default: {
            const line = Math.floor(next() * (starts.length + 2)) - 1;
            const character = Math.floor(next() * 8);
            const expected = line < 0 ? 0 : line >= starts.length ? text.length : Math.min(starts[line] + character, text.length);
            assert.equal(index.offsetAt({ line, character }), expected, `${where}: offsetAt(${line}, ${character})`);
          }
        }
      }
    }
  });

  it('a range at the start of a file of \\r line breaks with one \\n at its end', () => {
    const text = 'x\r'.repeat(5) + '\n';
    const index = new LineIndex(text);
    assert.deepEqual(index.rangeOf(0, 1), { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
    assert.deepEqual(index.positionAt(text.length), { line: 5, character: 0 }, 'the last \r\n is one break');
  });
});
