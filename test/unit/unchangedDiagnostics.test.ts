import { strict as assert } from 'node:assert';
import type { Diagnostic } from 'vscode-languageserver';
import { UnchangedDiagnostics } from '../../src/server/unchangedDiagnostics';

const URI = 'file:///w/a.ignisign.json';

function diagnostic(line: number, endLine = line, message = 'm'): Diagnostic {
  return { range: { start: { line, character: 2 }, end: { line: endLine, character: 9 } }, message, severity: 1, code: 'r', source: 'E-Sign Drafts' };
}

function typed(line: number, character: number, text: string) {
  return { range: { start: { line, character }, end: { line, character } }, text };
}

describe('diagnostics not sent again when the editor shows them already (UnchangedDiagnostics)', () => {
  it('skips the same list after typing on a line none of them is on, without a line break', () => {
    const unchanged = new UnchangedDiagnostics();
    const list = [diagnostic(5), diagnostic(9, 12)];
    assert.equal(unchanged.shouldSend(URI, list), true, 'the first list is sent');
    unchanged.noteChanges(URI, [typed(2, 10, 'x')]);
    assert.equal(unchanged.shouldSend(URI, [diagnostic(5), diagnostic(9, 12)]), false);
    unchanged.noteChanges(URI, [typed(13, 0, 'yz'), typed(3, 1, 'w')]);
    assert.equal(unchanged.shouldSend(URI, list), false, 'still the same, still away from them');
  });

  it('sends a different list at once', () => {
    const unchanged = new UnchangedDiagnostics();
    unchanged.shouldSend(URI, [diagnostic(5)]);
    assert.equal(unchanged.shouldSend(URI, [diagnostic(5, 5, 'other')]), true);
    assert.equal(unchanged.shouldSend(URI, []), true);
    assert.equal(unchanged.shouldSend(URI, []), false);
  });

  it('sends the same list again after a change that may have moved or cut a squiggle', () => {
    const cases = [
      ['on a flagged line', [typed(5, 0, 'x')]],
      ['inside a flagged span', [typed(10, 4, 'x')]],
      ['a line break typed', [typed(2, 0, '\n')]],
      ['a carriage return typed', [typed(2, 0, '\r')]],
      ['across lines', [{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, text: '' }]],
      ['the whole text replaced', [{ text: '{}' }]],
      ['one safe change, one not', [typed(1, 0, 'x'), typed(12, 0, 'y')]],
    ] as const;
    for (const [name, changes] of cases) {
      const unchanged = new UnchangedDiagnostics();
      const list = [diagnostic(5), diagnostic(9, 12)];
      unchanged.shouldSend(URI, list);
      unchanged.noteChanges(URI, changes);
      assert.equal(unchanged.shouldSend(URI, list), true, name);
      // Sent again: from there on, changes away from them may skip again.
      unchanged.noteChanges(URI, [typed(1, 0, 'x')]);
      assert.equal(unchanged.shouldSend(URI, list), false, `${name}, then a safe change`);
    }
  });

  it('keeps documents apart, and forgets a closed one', () => {
    const unchanged = new UnchangedDiagnostics();
    unchanged.shouldSend(URI, [diagnostic(1)]);
    assert.equal(unchanged.shouldSend('file:///w/b.zigned.json', [diagnostic(1)]), true);
    unchanged.forget(URI);
    assert.equal(unchanged.shouldSend(URI, [diagnostic(1)]), true, 'a reopened document gets its diagnostics');
  });
});
