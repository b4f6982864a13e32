import { strict as assert } from 'node:assert';
import { applyEdits, fixAllEdits, fixText, preferredFixes } from '../../src/core/lint/fixAll';
import type { Finding, Fix, Severity } from '../../src/core/lint/types';

function finding(ruleId: string, offset: number, fixes: Fix[], severity: Severity = 'error', path = `/${ruleId}`): Finding {
  const position = { line: 0, character: offset };
  return { ruleId, severity, message: `${ruleId} here`, path, range: { start: position, end: position }, offset, length: 1, docs: '', fixes };
}

const replace = (offset: number, content: string, isPreferred = true): Fix => ({ title: `put ${content}`, edits: [{ offset, length: 1, content }], isPreferred });

describe('fix all (the editor\'s Fix all and esign-drafts lint --fix)', () => {
  it('takes each finding\'s preferred fix in document order, skipping one that overlaps an edit already taken', () => {
    const findings = [finding('b', 2, [replace(2, 'B')]), finding('a', 0, [replace(0, 'x', false), replace(0, 'A')]), finding('a2', 0, [replace(0, 'Z')]), finding('c', 3, [{ title: 'command only', edits: [], isPreferred: true, command: 'x' }])];
    assert.deepEqual(
      preferredFixes(findings).map((f) => f.ruleId),
      ['a', 'b'],
    );
    assert.equal(applyEdits('abcd', fixAllEdits(findings)), 'AbBd');
  });

  it('never brings a new error: the result is linted again and a fix that adds an error is dropped, the others kept', () => {
    // A lint that finds an error per lower-case "a", "b" and "c", and — the bad fix — one per "!".
    const lint = (text: string): Finding[] =>
      [...text].flatMap((char, offset) =>
        char === '!' ? [finding('bang', offset, [], 'error', '/bang')] : /[abc]/.test(char) ? [finding(char, offset, [replace(offset, char === 'b' ? '!' : char.toUpperCase())])] : [],
      );
    const fixed = fixText('abc', lint('abc'), lint);
    assert.equal(fixed.text, 'AbC');
    assert.deepEqual(
      fixed.applied.map((f) => f.ruleId),
      ['a', 'c'],
    );
    assert.deepEqual(
      fixed.findings.map((f) => f.ruleId),
      ['b'],
    );
  });

  it('nothing to fix: the same text, no fix, the findings as they were', () => {
    const findings = [finding('a', 0, [])];
    assert.deepEqual(fixText('a', findings, () => assert.fail('no second lint')), { text: 'a', applied: [], findings });
  });
});
