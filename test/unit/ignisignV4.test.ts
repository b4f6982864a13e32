import { strict as assert } from 'node:assert';
import { ignisignProfile } from '../../src/core/providers/ignisign/profile';
import { convertIgnisignV3ToV4, ConversionError, v4FileNameFor } from '../../src/core/providers/ignisignV4/convertFromV3';
import { ignisignV4Profile } from '../../src/core/providers/ignisignV4/profile';
import { isApiKey } from '../../src/core/providers/ignisignV4/send';
import { detectProvider, providerById } from '../../src/core/providers/registry';
import { lint, withRule } from './lintSupport';

const IDS = '"signerIds": ["s-1", "s-2"], "documentIds": ["d-1"]';

describe('Ignisign v4 profile', () => {
  it('is registered and recognised by file name and by $schema', () => {
    assert.equal(providerById('ignisign-v4'), ignisignV4Profile);
    assert.equal(detectProvider('contract.ignisign-v4.json', '{}')?.id, 'ignisign-v4');
    assert.equal(detectProvider('contract.ignisign.json', '{}')?.id, 'ignisign', 'the v3 suffix is not taken for v4');
    assert.equal(detectProvider('a.json', '{"$schema": "https://esign-drafts.dev/schemas/ignisign-v4-update-signature-request.schema.json"}')?.id, 'ignisign-v4');
    assert.equal(ignisignV4Profile.send.updateUrl('https://api.ignisign.io/', 'abc123'), 'https://api.ignisign.io/v4/signature-requests/abc123');
  });

  it('tells API keys from app secrets by the skv2_ prefix', () => {
    assert.equal(isApiKey('skv2_abc'), true);
    assert.equal(isApiKey('sk_development_abc'), false);
    assert.equal(isApiKey('SKV2_abc'), false);
    const env = { name: 'e', provider: 'ignisign-v4' };
    assert.match(ignisignV4Profile.send.credentialMode!({ secret: 'skv2_x' }, env).description, /API key.*no login/);
    assert.equal(ignisignV4Profile.send.credentialMode!({ secret: 'skv2_x' }, env).problem, undefined);
    assert.match(ignisignV4Profile.send.credentialMode!({ secret: 'sk_x' }, env).problem ?? '', /needs "appId" and "appEnv"/);
    assert.equal(ignisignV4Profile.send.credentialMode!({ secret: 'sk_x' }, { ...env, appId: 'a', appEnv: 'STAGING' }).problem, undefined);
  });
});

describe('Ignisign v4 rules', () => {
  it('approver-not-signer reads signerIdsAsApprover, as a warning', () => {
    const findings = withRule(lint(`{ ${IDS}, "signerIdsAsApprover": ["s-9"] }`, 'ignisign-v4'), 'ignisign-v4/approver-not-signer');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'warning');
    assert.equal(findings[0].path, '/signerIdsAsApprover/0');
    assert.equal(findings[0].docs, 'docs/rules/ignisign-v4/approver-not-signer.md');
    assert.deepEqual(withRule(lint(`{ ${IDS}, "signerIdsAsApprover": ["s-2"] }`, 'ignisign-v4'), 'ignisign-v4/approver-not-signer'), []);
  });

  it('v3 names are refused in a v4 file: signersAsApprover and statements[].target', () => {
    const text = `{ ${IDS}, "signersAsApprover": ["s-1"], "statements": [{ "appId": "a", "appEnv": "DEVELOPMENT", "signatureRequestId": "r", "target": "SIGNATURE_REQUEST", "labelMd": "ok" }] }`;
    const unknown = lint(text, 'ignisign-v4').filter((f) => f.severity === 'error').map((f) => f.path).sort();
    assert.deepEqual(unknown, ['/signersAsApprover', '/statements/0/target']);
  });

  it('dates count only when used, as for v3', () => {
    const unused = `{ ${IDS}, "diffusionMode": "WHEN_READY", "expirationDateIsActivated": false, "expirationDate": "2020-01-01T00:00:00Z" }`;
    assert.deepEqual(withRule(lint(unused, 'ignisign-v4'), 'ignisign-v4/date-in-past'), []);
    const used = `{ ${IDS}, "expirationDateIsActivated": true, "expirationDate": "2020-01-01T00:00:00Z" }`;
    assert.equal(withRule(lint(used, 'ignisign-v4'), 'ignisign-v4/date-in-past').length, 1);
    const scheduled = `{ ${IDS}, "diffusionMode": "SCHEDULED" }`;
    assert.equal(withRule(lint(scheduled, 'ignisign-v4'), 'ignisign-v4/scheduled-without-diffusion-date').length, 1);
  });

  it('publish-readiness: missing signers and documents are warnings; duplicates count in signerIdsAsApprover', () => {
    const findings = lint('{ "signerIdsAsApprover": ["s-1", "s-1"] }', 'ignisign-v4');
    assert.deepEqual(findings.map((f) => `${f.severity} ${f.ruleId} ${f.path}`).sort(), [
      'warning ignisign-v4/document-ids-missing ',
      'warning ignisign-v4/duplicate-id /signerIdsAsApprover/1',
      'warning ignisign-v4/signer-ids-missing ',
    ]);
  });

  it('takes the 37 languages, the signature methods and the v4 fields; refuses what the DTO refuses', () => {
    const ok = `{ ${IDS}, "language": "SV", "fullPrivacy": true, "individualizeRequests": false, "defaultSignatureMethod": "QUALIFIED_STD", "signerProfilesSignatureMethod": [{ "signerProfileId": "p-1", "signatureMethodRef": "ADVANCED_SMS" }] }`;
    assert.deepEqual(lint(ok, 'ignisign-v4').map((f) => f.message), []);
    const bad = `{ ${IDS}, "language": "XX", "defaultSignatureMethod": "ADVANCED", "signerProfilesSignatureMethod": [{ "signerProfileId": "p-1" }] }`;
    assert.deepEqual(lint(bad, 'ignisign-v4').map((f) => f.path).sort(), ['/defaultSignatureMethod', '/language', '/signerProfilesSignatureMethod/0']);
  });

  it('v3 files get one info, ignisign/v3-archived, whose fix runs the conversion command; v4 files do not; "off" turns it off', () => {
    const v3 = `{ ${IDS} }`;
    const [notice] = lint(v3, 'ignisign', { severities: { 'ignisign/v3-archived': 'info' } });
    assert.equal(notice.ruleId, 'ignisign/v3-archived');
    assert.equal(notice.severity, 'info');
    assert.match(notice.message, /archived/);
    assert.match(notice.message, /esignDrafts\.rules/);
    assert.deepEqual(notice.fixes.map((f) => [f.title, f.command, f.edits.length]), [['Convert to Ignisign v4…', 'esignDrafts.convertToIgnisignV4', 0]]);
    const byDefault = ignisignProfile.rules.find((r) => r.id === 'ignisign/v3-archived');
    assert.equal(byDefault?.defaultSeverity, 'info');
    assert.deepEqual(lint(v3, 'ignisign', { severities: { 'ignisign/v3-archived': 'off' } }), []);
    assert.deepEqual(lint(v3, 'ignisign-v4', { severities: { 'ignisign/v3-archived': 'info' } }), []);
  });
});

describe('Converting an Ignisign v3 file to v4', () => {
  const V3 = `// drafts/contract
{
  "$schema": "../schemas/ignisign-v3-update-signature-request.schema.json",
  "$request": { "id": "65f1c2a9e4b0a1b2c3d4e5f6", "environment": "staging" },
  "title": "Contract {{customer}}",
  ${IDS},
  "signersAsApprover": ["s-2"],
  "statements": [
    { "appId": "a", "appEnv": "DEVELOPMENT", "signatureRequestId": "65f1c2a9e4b0a1b2c3d4e5f6", "target": "DOCUMENT", "documentId": "d-1", "labelMd": "On d-1" },
    { "appId": "a", "appEnv": "DEVELOPMENT", "signatureRequestId": "65f1c2a9e4b0a1b2c3d4e5f6", "target": "SIGNATURE_REQUEST", "labelMd": "On all" }
  ]
}
`;

  it('renames signersAsApprover, drops target, points $schema at v4, keeps $request, comments and variables', () => {
    const { text, changes, leftovers } = convertIgnisignV3ToV4(V3);
    assert.deepEqual(leftovers, []);
    assert.equal(changes.length, 4, changes.join('\n'));
    assert.ok(text.startsWith('// drafts/contract\n'));
    assert.match(text, /"\$schema": "\.\.\/schemas\/ignisign-v4-update-signature-request\.schema\.json"/);
    assert.match(text, /"\$request": \{ "id": "65f1c2a9e4b0a1b2c3d4e5f6", "environment": "staging" \}/);
    assert.match(text, /"title": "Contract \{\{customer\}\}"/);
    assert.match(text, /"signerIdsAsApprover": \["s-2"\]/);
    assert.doesNotMatch(text, /signersAsApprover|"target"/);
    // The result is a clean v4 file (the variable is only checked once an environment is known).
    assert.deepEqual(lint(text, 'ignisign-v4').map((f) => `${f.ruleId}: ${f.message}`), []);
  });

  it('what v4 cannot say is kept and flagged in the new file, not dropped', () => {
    const v3 = `{ ${IDS}, "statements": [
      { "appId": "a", "appEnv": "DEVELOPMENT", "signatureRequestId": "r", "target": "DOCUMENT", "labelMd": "which document?" },
      { "appId": "a", "appEnv": "DEVELOPMENT", "signatureRequestId": "r", "target": "SIGNATURE_REQUEST", "documentId": "d-1", "labelMd": "request or document?" }
    ], "templateDisplayerId": "t-1" }`;
    const { text, leftovers } = convertIgnisignV3ToV4(v3);
    assert.equal(leftovers.length, 2);
    assert.match(leftovers[0], /statements\[0\]\.target was kept: it targets a DOCUMENT but names no documentId/);
    assert.match(leftovers[1], /statements\[1\]\.target was kept/);
    const flagged = lint(text, 'ignisign-v4').filter((f) => f.severity === 'error').map((f) => f.path).sort();
    assert.deepEqual(flagged, ['/statements/0/target', '/statements/1/target', '/templateDisplayerId']);
  });

  it('a file with both approver names keeps the v3 one for the user to merge', () => {
    const { text, leftovers } = convertIgnisignV3ToV4('{ "signersAsApprover": ["a"], "signerIdsAsApprover": ["b"] }');
    assert.match(text, /"signersAsApprover"/);
    assert.match(leftovers[0], /merge the two lists/);
  });

  it('a v4-shaped or minimal file converts to itself, and no $schema is added', () => {
    const text = '{\n  "title": "x",\n  "defaultSignatureMethod": "SIMPLE_STD"\n}\n';
    assert.deepEqual(convertIgnisignV3ToV4(text), { text, changes: [], leftovers: [], notes: [] });
  });

  it('notes that v4 publishes only with a defaultSignatureMethod when the file sets none (NO_DEFAULT_SIGNATURE_METHOD)', () => {
    const { notes } = convertIgnisignV3ToV4('{ "title": "x" }');
    assert.equal(notes.length, 1);
    assert.match(notes[0], /defaultSignatureMethod.*CANNOT_PUBLISH_SIGNATURE_REQUEST__NO_DEFAULT_SIGNATURE_METHOD/);
  });

  it('refuses a file that is not a JSON object, saying what to do', () => {
    assert.throws(() => convertIgnisignV3ToV4('{ "title": '), (e: unknown) => e instanceof ConversionError && /fix its syntax first/.test(e.message));
    assert.throws(() => convertIgnisignV3ToV4('[1]'), ConversionError);
  });

  it('names the new file beside the old one', () => {
    assert.equal(v4FileNameFor('contract.ignisign.json'), 'contract.ignisign-v4.json');
    assert.equal(v4FileNameFor('Contract.IGNISIGN.json'), 'Contract.ignisign-v4.json');
    assert.equal(v4FileNameFor('payload.json'), 'payload.ignisign-v4.json');
  });
});
