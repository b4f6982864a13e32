/**
 * Issue 16, "the noise above": one finding per fact, the fix that resolves the most findings
 * preferred, and Fix all never adding an error — in the engine, in `esign-drafts lint --fix`
 * and (through the same fixText) in the editor's Fix all.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { publishGate } from '../../src/core/draft/draftCalls';
import { fixText } from '../../src/core/lint/fixAll';
import { parsePayload } from '../../src/core/payload/parsePayload';
import { applyFix, json, lint, NOW, profile, REPO_ROOT, withRule } from './lintSupport';

const REQUEST_ID = '65f1c2a9e4b0a1b2c3d4e5f6';
const pulled = (state: Record<string, unknown>) => ({ state: { _id: REQUEST_ID, status: 'DRAFT', title: 't', signerIds: ['s'], documentIds: ['d'], ...state }, environment: 'staging', pulledAt: '2026-11-23T11:59:00.000Z' });

describe('one finding per fact', () => {
  it('a past diffusionDate the file sets is one finding (the date rule), with a pulled state too', () => {
    const text = json({ $request: { id: REQUEST_ID }, diffusionMode: 'SCHEDULED', diffusionDate: '2020-01-01T00:00:00Z' });
    for (const options of [{}, { pulled: pulled({}) }]) {
      const aboutIt = lint(text, 'ignisign', { now: NOW, ...options }).filter((f) => /diffusionDate/.test(f.message) && /past/.test(f.message));
      assert.deepEqual(aboutIt.map((f) => f.ruleId), ['ignisign/date-in-past'], JSON.stringify(options));
    }
  });

  it('the publish gate still blocks on it, as an error, though it is one finding and a warning in Problems', () => {
    const text = json({ $request: { id: REQUEST_ID }, diffusionMode: 'SCHEDULED', diffusionDate: '2020-01-01T00:00:00Z' });
    const blocking = publishGate(parsePayload(text), profile('ignisign'), pulled({}), { now: NOW });
    assert.deepEqual(blocking.map((f) => [f.ruleId, f.severity]), [['ignisign/date-in-past', 'error']]);
    assert.equal(withRule(lint(text, 'ignisign', { now: NOW }), 'ignisign/date-in-past')[0].severity, 'warning');
  });

  it('a past diffusionDate only the server holds is still the readiness finding', () => {
    const text = json({ $request: { id: REQUEST_ID }, title: 'x' });
    const findings = lint(text, 'ignisign', { now: NOW, pulled: pulled({ diffusionMode: 'SCHEDULED', diffusionDate: '2020-01-01T00:00:00Z' }) });
    assert.deepEqual(withRule(findings, 'ignisign/publish-readiness').length, 1);
  });

  it('a malformed expirationDate is reported as malformed, not as missing', () => {
    const findings = lint(json({ expirationDateIsActivated: true, expirationDate: 'next tuesday', signerIds: ['s'], documentIds: ['d'] }), 'ignisign', { now: NOW });
    assert.ok(findings.some((f) => f.ruleId === 'schema' && f.path === '/expirationDate'));
    assert.deepEqual(withRule(findings, 'ignisign/expiration-date-missing'), []);
  });

  it('no readiness findings on a target that is no longer a draft: only that it is not one', () => {
    const findings = lint(json({ $request: { id: REQUEST_ID } }), 'ignisign', { now: NOW, pulled: pulled({ status: 'CANCELLED', signerIds: [], documentIds: [] }) });
    assert.deepEqual(withRule(findings, 'ignisign/publish-readiness'), []);
    assert.equal(withRule(findings, 'ignisign/not-a-draft').length, 1);
  });
});

describe('the fix that resolves the most findings is the preferred one', () => {
  const withIdInRecipients = json({ documentIds: ['d'], recipients: ['65f1c2a9e4b0a1b2c3d4e601'] });

  it('a signer id in recipients with no signerIds: "Move to signerIds" is preferred, the placeholder is not', () => {
    const findings = lint(withIdInRecipients, 'ignisign', { now: NOW });
    const missing = withRule(findings, 'ignisign/signer-ids-missing')[0];
    const recipient = withRule(findings, 'ignisign/recipient-not-email')[0];
    assert.equal(missing.fixes.find((f) => f.title === 'Add signerIds')?.isPreferred, false);
    assert.equal(recipient.fixes.find((f) => /^Move /.test(f.title))?.isPreferred, true);
    // Fix all: the move, which leaves neither finding, and no new error.
    const fixed = fixText(withIdInRecipients, findings, (text) => lint(text, 'ignisign', { now: NOW }));
    assert.deepEqual(JSON.parse(fixed.text), { documentIds: ['d'], recipients: [], signerIds: ['65f1c2a9e4b0a1b2c3d4e601'] });
    assert.deepEqual(fixed.findings.filter((f) => /signer-ids-missing|recipient-not-email/.test(f.ruleId)), []);
  });

  it('"Move to signerIds" replaces a placeholder signerIds instead of appending beside it', () => {
    const text = json({ documentIds: ['d'], signerIds: ['<signer id>'], recipients: ['65f1c2a9e4b0a1b2c3d4e601'] });
    const recipient = withRule(lint(text, 'ignisign', { now: NOW }), 'ignisign/recipient-not-email')[0];
    const moved = JSON.parse(applyFix(text, recipient, 'Move'));
    assert.deepEqual(moved.signerIds, ['65f1c2a9e4b0a1b2c3d4e601']);
    assert.deepEqual(moved.recipients, []);
  });

  it('esign-drafts lint --fix-dry-run on samples/needs-fixing.ignisign.json moves the id and adds no <signer id>', () => {
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'lint', '--fix-dry-run', '--format', 'json', '--now', '2026-11-23T12:00:00Z', 'samples/needs-fixing.ignisign.json'], { cwd: REPO_ROOT, encoding: 'utf8' });
    const [file] = JSON.parse(result.stdout) as { fixes: { ruleId: string; title: string; edits: { newText: string }[] }[]; diagnostics: { ruleId: string }[] }[];
    assert.ok(file.fixes.some((f) => f.ruleId === 'ignisign/recipient-not-email' && /^Move "65f1c2a9e4b0a1b2c3d4e601" to signerIds$/.test(f.title)), JSON.stringify(file.fixes.map((f) => f.title)));
    assert.ok(!file.fixes.some((f) => f.edits.some((e) => e.newText.includes('<signer id>'))));
    assert.deepEqual(file.diagnostics.filter((d) => /signer-ids-missing|recipient-not-email|unfilled-placeholder/.test(d.ruleId)), []);
  });
});
