import { strict as assert } from 'node:assert';
import { payloadWithFindings } from '../../bench/findingPayloads';
import { applyEdits, setValueEdits } from '../../src/core/lint/edits';
import { parsePayload } from '../../src/core/payload/parsePayload';
import type { Fix } from '../../src/core/lint/types';
import { measureParsing } from '../support/fuzz/workMeter';
import { lint, withRule } from './lintSupport';

/**
 * The two fix mechanisms together: fixes that add a key next to its related keys, in the file's
 * own style (insertions.ts), are still made only when read, from the tree already parsed
 * (fixes.ts), and the text they write is the one computed eagerly.
 */
function isLazy(fix: Fix): boolean {
  return Object.getOwnPropertyDescriptor(fix, 'edits')?.get !== undefined;
}

describe('placed insertions are lazy fixes', () => {
  it('"Add documentId" on 800 statements: lazy, placed after target, its placeholder marked, no parse when read', () => {
    const text = payloadWithFindings('statement-document-id', 800);
    const findings = withRule(lint(text, 'ignisign'), 'ignisign/statement-document-id-missing');
    assert.equal(findings.length, 800);
    const fixes = findings.map((f) => f.fixes.find((fix) => fix.title === 'Add documentId')!);
    assert.ok(fixes.every(isLazy), 'no edits computed by the lint itself');
    const { characters } = measureParsing(() => fixes.map((fix) => fix.placeholder));
    assert.equal(characters, 0, 'reading the placeholders (and so the edits) parses nothing');
    const last = fixes[fixes.length - 1];
    const after = applyEdits(text, last.edits);
    // The same text as the eager edits with the same placement (the authoring behaviour).
    const eager = setValueEdits(text, ['statements', 799, 'documentId'], '<document id>', parsePayload(text).root, { after: ['target'] });
    assert.equal(after, applyEdits(text, eager));
    assert.ok(after.includes('"target": "DOCUMENT",\n      "documentId": "<document id>",\n      "labelMd": "I accept clause 799."'), 'placed right after target, indented like it');
    assert.equal(after.slice(last.placeholder!.offset, last.placeholder!.offset + last.placeholder!.length), '<document id>');
  });

  it('"Move to signerIds" on 800 recipients: made when the finding is read, and each applies', () => {
    const text = payloadWithFindings('recipient-id', 800);
    const findings = withRule(lint(text, 'ignisign'), 'ignisign/recipient-not-email');
    assert.equal(findings.length, 800);
    assert.ok(!Object.getOwnPropertyDescriptor(findings[0], 'fixes'), 'fixes are not an own field: made on first read');
    const move = findings[799].fixes.find((fix) => fix.title === 'Move "signer-799" to signerIds')!;
    const fixed = JSON.parse(applyEdits(text, move.edits)) as { recipients: string[]; signerIds: string[] };
    assert.deepEqual(fixed.signerIds, ['signer-a', 'signer-799']);
    assert.equal(fixed.recipients.length, 799);
  });

  it('a fix with a command and no edits (Convert to Ignisign v4…) is still offered', () => {
    const findings = lint('{"signerIds": ["s1"], "documentIds": ["d1"]}', 'ignisign', { severities: { 'ignisign/v3-archived': 'info' } });
    const convert = findings.flatMap((f) => f.fixes).find((fix) => fix.command !== undefined);
    assert.ok(convert, 'the command fix is kept');
    assert.equal(convert.edits.length, 0);
  });

  it('a finding with lazy fixes is written to JSON like any other: its fixes and their edits included', () => {
    const findings = withRule(lint(payloadWithFindings('recipient-id', 2), 'ignisign'), 'ignisign/recipient-not-email');
    const written = JSON.parse(JSON.stringify(findings[0])) as { ruleId: string; fixes: { title: string; edits: unknown[] }[] };
    assert.deepEqual(Object.keys(written), ['ruleId', 'severity', 'message', 'path', 'offset', 'length', 'range', 'docs', 'fixes']);
    assert.equal(written.fixes[0].title, 'Move "signer-0" to signerIds');
    assert.equal(written.fixes[0].edits.length, 2);
  });
});
