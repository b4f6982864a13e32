import { strict as assert } from 'node:assert';
import { changesOf, publishAction, publishGate, pullState, runLifecycle, type DraftRequest } from '../../src/core/draft/draftCalls';
import { diffStates } from '../../src/core/draft/diff';
import type { PulledState } from '../../src/core/draft/types';
import { parsePayload } from '../../src/core/payload/parsePayload';
import { validateCancelInput } from '../../src/core/providers/zigned/draft';
import { TokenCache } from '../../src/core/send/tokenCache';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server';
import { json, lint, NOW, profile, single, withRule } from './lintSupport';

const PULLED_AT = '2026-11-23T11:59:00.000Z';
const pulled = (state: Record<string, unknown>): PulledState => ({ state, environment: 'staging', pulledAt: PULLED_AT });

/** A signature request context as GET …/context answers it (the parts the rules read). */
function ignisignContext(change: (c: Record<string, any>) => void = () => undefined): Record<string, any> {
  const context: Record<string, any> = {
    _id: '65f1c2a9e4b0a1b2c3d4e5f6',
    status: 'DRAFT',
    title: 'Employment contract',
    documentIds: ['65f1c2a9e4b0a1b2c3d4e600'],
    signerIds: ['65f1c2a9e4b0a1b2c3d4e601'],
    documents: [{ _id: '65f1c2a9e4b0a1b2c3d4e600' }],
    signers: [{ signerId: '65f1c2a9e4b0a1b2c3d4e601' }],
    diffusionMode: 'WHEN_READY',
    expirationDateIsActivated: false,
    statements: [],
  };
  change(context);
  return context;
}

/** An agreement (`data` of the envelope). */
function agreement(change: (a: Record<string, any>) => void = () => undefined): Record<string, any> {
  const a: Record<string, any> = {
    id: 'clx0f3k2p0000abcd1234efgh',
    status: 'draft',
    trust_level: 'SES',
    theme: null,
    issuer: { name: 'Sandbox Client AB', email: 'api-client@sandbox.example', role: 'observer', locale: null },
    participants: ['clx0f3k2p00p0abcd1234efgh'],
    documents: { original_documents: { main: 'clx0f3k2p00d0abcd1234efgh', attachments: [] }, signed_document: null },
    signing_order: { enabled: false, grouped: false },
    communication: { send_emails: true, default_locale: 'sv-SE', automatic_reminders: { enabled: false, intensity: null } },
    metadata: { lookup_key: 'order-1', success_callback_url: 'https://example.com/done' },
    expires_at: null,
  };
  change(a);
  return a;
}

describe('draft: merge and diff semantics', () => {
  it('diffStates: add, replace, remove as JSON Pointers; arrays compared whole; null counts as no value', () => {
    assert.deepEqual(diffStates({ a: 1, b: [1, 2], c: { 'x/y': 'old' }, d: 'gone', e: null }, { a: 1, b: [1, 3], c: { 'x/y': 'new' }, d: null, e: 'set' }), [
      { path: '/b', op: 'replace', before: [1, 2], after: [1, 3] },
      { path: '/c/x~1y', op: 'replace', before: 'old', after: 'new' },
      { path: '/d', op: 'remove', before: 'gone' },
      { path: '/e', op: 'add', after: 'set' },
    ]);
    assert.deepEqual(diffStates({ a: { b: 1 } }, { a: { b: 1 } }), []);
  });

  it('Ignisign: a field present replaces, arrays replace whole, absent fields stay, $ keys are never applied', () => {
    const state = ignisignContext();
    const changes = changesOf(profile('ignisign'), pulled(state), { $request: { id: 'x' }, title: 'New', signerIds: ['65f1c2a9e4b0a1b2c3d4e602'] } as Record<string, unknown>);
    assert.deepEqual(changes, [
      { path: '/title', op: 'replace', before: 'Employment contract', after: 'New' },
      { path: '/signerIds', op: 'replace', before: ['65f1c2a9e4b0a1b2c3d4e601'], after: ['65f1c2a9e4b0a1b2c3d4e602'] },
    ]);
    assert.equal(state.title, 'Employment contract', 'the pulled state is not modified');
  });

  it('Ignisign: an update that repeats the server state changes nothing', () => {
    assert.deepEqual(changesOf(profile('ignisign'), pulled(ignisignContext()), { title: 'Employment contract', documentIds: ['65f1c2a9e4b0a1b2c3d4e600'] }), []);
  });

  it('Ignisign: a statement the file gives without _id is the stored one at the same place when otherwise equal (the server gave it its _id); a changed, moved or extra one is a change', () => {
    const statement = { appId: 'appId_sandbox', appEnv: 'DEVELOPMENT', signatureRequestId: '65f1c2a9e4b0a1b2c3d4e5f6', target: 'SIGNATURE_REQUEST', labelMd: 'I agree' };
    const other = { ...statement, labelMd: 'I have read the annex' };
    const state = ignisignContext((c) => (c.statements = [{ _id: '65f1c2a9e4b0a1b2c3d4e7a1', ...statement }, { _id: '65f1c2a9e4b0a1b2c3d4e7a2', ...other }]));
    for (const p of [profile('ignisign'), profile('ignisign-v4')]) {
      // As the file was written before it was sent: no ids.
      assert.deepEqual(changesOf(p, pulled(state), { statements: [statement, other] }), [], p.id);
      // With the ids copied from the server: the same.
      assert.deepEqual(changesOf(p, pulled(state), { statements: state.statements }), [], p.id);
      // A changed label, the two swapped, or a third one: the list is sent whole and differs.
      for (const statements of [[{ ...statement, labelMd: 'I accept' }, other], [other, statement], [statement, other, { ...statement, labelMd: 'More' }]]) {
        const changes = changesOf(p, pulled(state), { statements });
        assert.deepEqual(changes.map((c) => [c.path, c.op]), [['/statements', 'replace']], `${p.id}: ${JSON.stringify(statements)}`);
      }
      // An _id the file gives is its own: another id is a change.
      assert.equal(changesOf(p, pulled(state), { statements: [{ _id: '65f1c2a9e4b0a1b2c3d4e7ff', ...statement }, other] }).length, 1, p.id);
      // An id the file gives one statement is never lent to another equal one (no id twice).
      const twins = ignisignContext((c) => (c.statements = [{ _id: '65f1c2a9e4b0a1b2c3d4e7a1', ...statement }, { _id: '65f1c2a9e4b0a1b2c3d4e7a2', ...statement }]));
      const lent = changesOf(p, pulled(twins), { statements: [statement, { _id: '65f1c2a9e4b0a1b2c3d4e7a1', ...statement }] });
      assert.deepEqual(lent.map((c) => c.path), ['/statements'], p.id);
      assert.deepEqual((lent[0].after as { _id?: string }[]).map((s) => s._id), [undefined, '65f1c2a9e4b0a1b2c3d4e7a1'], p.id);
    }
  });

  it('Zigned: { remove: true } clears success_callback_url and lookup_key (metadata), theme disconnect clears the theme', () => {
    const state = agreement((a) => (a.theme = 'clx0f3k2p00t0abcd1234efgh'));
    const changes = changesOf(profile('zigned'), pulled(state), { lookup_key: { remove: true }, success_callback_url: { remove: true }, theme: { disconnect: true } });
    assert.deepEqual(changes, [
      { path: '/theme', op: 'remove', before: 'clx0f3k2p00t0abcd1234efgh' },
      { path: '/metadata/lookup_key', op: 'remove', before: 'order-1' },
      { path: '/metadata/success_callback_url', op: 'remove', before: 'https://example.com/done' },
    ]);
  });

  it('Zigned: fields land where the agreement reports them; issuer merges; expires_at keeps its UTC day; omitted fields keep their value', () => {
    const changes = changesOf(profile('zigned'), pulled(agreement()), {
      issuer: { name: 'Acme' },
      send_emails: false,
      automatic_reminders: 'intense',
      signing_order: true,
      lookup_key: 'order-2',
      theme: { id: 'clx0f3k2p00t0abcd1234efgh' },
      expires_at: '2030-06-30T10:00:00Z',
      trust_level: 'AES',
    });
    assert.deepEqual(
      changes.map((c) => [c.path, c.op, c.after]),
      [
        ['/trust_level', 'replace', 'AES'],
        ['/theme', 'add', 'clx0f3k2p00t0abcd1234efgh'],
        ['/issuer/name', 'replace', 'Acme'],
        ['/signing_order/enabled', 'replace', true],
        ['/communication/send_emails', 'replace', false],
        ['/communication/automatic_reminders/enabled', 'replace', true],
        ['/communication/automatic_reminders/intensity', 'add', 'intense'],
        ['/metadata/lookup_key', 'replace', 'order-2'],
        ['/expires_at', 'add', '2030-06-30T23:59:59.999Z'],
      ],
    );
  });

  it('Zigned cancel input: the documented types, or custom with a 10–255 character reason', () => {
    assert.equal(validateCancelInput({ cancellation_type: 'invalid_participant' }), undefined);
    assert.equal(validateCancelInput({ cancellation_type: 'custom', reason: 'ten chars!' }), undefined);
    assert.match(validateCancelInput(undefined)!, /needs an input/);
    assert.match(validateCancelInput({ cancellation_type: 'custom', reason: 'short' })!, /5 characters long: Zigned takes 10 to 255/);
    assert.match(validateCancelInput({ cancellation_type: 'other' })!, /Unknown cancellation_type "other"/);
  });
});

describe('draft: state-aware lint (LintOptions.pulled)', () => {
  const ignisign = (body: Record<string, unknown>, state?: Record<string, unknown>) => lint(json({ $request: { id: '65f1c2a9e4b0a1b2c3d4e5f6' }, ...body }), 'ignisign', state ? { pulled: pulled(state) } : {});
  const zigned = (body: Record<string, unknown>, state?: Record<string, unknown>) => lint(json({ $request: { id: 'clx0f3k2p0000abcd1234efgh' }, ...body }), 'zigned', state ? { pulled: pulled(state) } : {});

  it('without a state: today\'s body-only rules, and no state-aware finding', () => {
    const findings = ignisign({ title: 'T' });
    assert.equal(withRule(findings, 'ignisign/signer-ids-missing').length, 1);
    assert.equal(withRule(findings, 'ignisign/publish-readiness').length, 0);
    assert.equal(withRule(findings, 'ignisign/not-a-draft').length, 0);
  });

  it('Ignisign: signers and documents already on the server count; the body-only guesses step aside', () => {
    assert.deepEqual(ignisign({ title: 'T' }, ignisignContext()), []);
  });

  it('Ignisign: readiness judges the state after the update, with the code and the provenance', () => {
    const finding = single(ignisign({ signerIds: [] }, ignisignContext()), 'ignisign/publish-readiness');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.path, '/signerIds');
    assert.match(finding.message, /After this update the signature request has no signers: publishing would be refused \(CANNOT_PUBLISH_SIGNATURE_REQUEST__NO_SIGNERS\) \(relies on the state pulled at 2026-11-23T11:59:00.000Z from staging\)/);
    const noDocuments = single(ignisign({ title: 'T' }, ignisignContext((c) => ((c.documentIds = []), (c.documents = [])))), 'ignisign/publish-readiness');
    assert.equal(noDocuments.path, '', 'a field the file does not have: at the root');
    const scheduled = ignisign({ diffusionMode: 'SCHEDULED' }, ignisignContext());
    assert.match(single(scheduled, 'ignisign/publish-readiness').message, /DIFFUSION_MODE_IS_SCHEDULED_BUT_DIFFUSION_DATE_IS_MISSING/);
  });

  it('Ignisign: a request no longer a draft is an error at $request.id', () => {
    const finding = single(ignisign({ title: 'T' }, ignisignContext((c) => (c.status = 'IN_PROGRESS'))), 'ignisign/not-a-draft');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.path, '/$request/id');
    assert.match(finding.message, /is IN_PROGRESS: only DRAFT can be updated/);
  });

  it('Ignisign: approvers against the real signers, documents against the real documents', () => {
    const approver = single(ignisign({ signersAsApprover: ['65f1c2a9e4b0a1b2c3d4e603'] }, ignisignContext()), 'ignisign/approver-not-on-request');
    assert.equal(approver.path, '/signersAsApprover/0');
    assert.deepEqual(withRule(ignisign({ signersAsApprover: ['65f1c2a9e4b0a1b2c3d4e601'] }, ignisignContext()), 'ignisign/approver-not-on-request'), [], 'a signer on the server is an approver candidate');
    const document = single(ignisign({ documentIds: ['65f1c2a9e4b0a1b2c3d4e610'] }, ignisignContext()), 'ignisign/document-not-on-request');
    assert.equal(document.path, '/documentIds/0');
    const statement = ignisign({ statements: [{ appId: 'a', appEnv: 'DEVELOPMENT', signatureRequestId: '65f1c2a9e4b0a1b2c3d4e5f6', target: 'DOCUMENT', documentId: '65f1c2a9e4b0a1b2c3d4e699', labelMd: 'x' }] }, ignisignContext());
    assert.equal(single(statement, 'ignisign/document-not-on-request').path, '/statements/0/documentId');
    assert.equal(withRule(statement, 'ignisign/statement-document-not-listed').length, 0);
  });

  it('Zigned: the issuer e-mail is judged against the agreement\'s send_emails, both ways', () => {
    const noEmail = agreement((a) => (a.issuer.email = null));
    assert.equal(single(zigned({ trust_level: 'AES' }, noEmail), 'zigned/issuer-email-needed').path, '');
    assert.deepEqual(withRule(zigned({ trust_level: 'AES' }, agreement((a) => ((a.issuer.email = null), (a.communication.send_emails = false)))), 'zigned/issuer-email-needed'), []);
    assert.deepEqual(withRule(zigned({ send_emails: false }, noEmail), 'zigned/issuer-email-needed'), [], 'the update turns e-mails off');
    // Without a state the body-only rule says nothing about a body that does not set send_emails.
    assert.deepEqual(withRule(zigned({ issuer: { name: 'x' } }), 'zigned/issuer-email-missing'), []);
  });

  it('Zigned: readiness (document, participants) and not-a-draft (pending)', () => {
    const bare = agreement((a) => ((a.participants = []), (a.documents.original_documents.main = null)));
    assert.equal(withRule(zigned({ trust_level: 'AES' }, bare), 'zigned/publish-readiness').length, 2);
    const pending = single(zigned({ trust_level: 'AES' }, agreement((a) => (a.status = 'pending'))), 'zigned/not-a-draft');
    assert.match(pending.message, /is pending: only draft or open can be updated/);
    assert.deepEqual(zigned({ trust_level: 'AES' }, agreement((a) => (a.status = 'open'))), []);
  });

  it('publishGate: readiness findings block as errors even when configured as warnings or off', () => {
    const parsed = parsePayload(json({ title: 'T' }));
    const blocking = publishGate(parsed, profile('ignisign'), pulled(ignisignContext((c) => (c.signerIds = []))), { now: NOW, severities: { 'ignisign/publish-readiness': 'off' } });
    assert.deepEqual(blocking.map((f) => [f.ruleId, f.severity]), [['ignisign/publish-readiness', 'error']]);
    assert.deepEqual(publishGate(parsed, profile('ignisign'), pulled(ignisignContext()), { now: NOW }), []);
  });
});

describe('draft: pull and lifecycle against the sandbox (core)', function () {
  this.timeout(20_000);
  let sandbox: RunningSandbox;
  before(async () => (sandbox = await startSandbox({ port: 0 })));
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  const request = (provider: 'ignisign' | 'zigned', targetId: string): DraftRequest => {
    const p = profile(provider);
    const local = p.send.localSandbox(sandbox.port);
    return { profile: p, environment: local.environment, credentials: local.credentials, targetId, tokens: new TokenCache(), approvedOrigins: new Set(), timeoutMs: 10_000 };
  };

  it('pulls the Ignisign context and the Zigned agreement (data of the envelope)', async () => {
    const ignisign = await pullState(request('ignisign', sandbox.description.ignisign.draftIds[0]));
    assert.equal(ignisign.outcome.request.method, 'GET');
    assert.match(ignisign.outcome.request.url, /\/v3\/signature-requests\/65f1c2a9e4b0a1b2c3d4e5f6\/context$/);
    assert.equal(ignisign.pulled?.state.status, 'DRAFT');
    assert.equal(ignisign.pulled?.environment, 'local-sandbox');
    const zigned = await pullState(request('zigned', sandbox.description.zigned.draftIds[0]));
    assert.equal(zigned.pulled?.state.id, sandbox.description.zigned.draftIds[0]);
    assert.equal((await pullState(request('zigned', 'clx0f3k2p9999abcd1234efgh'))).outcome.status, 404);
  });

  it('a 2xx that is not a state is no usable answer', async () => {
    sandbox.injectFault({ provider: 'zigned', method: 'GET', status: 200, body: { hello: 'world' } });
    const { outcome, pulled: state } = await pullState(request('zigned', sandbox.description.zigned.draftIds[0]));
    assert.equal(state, undefined);
    assert.equal(outcome.ok, false);
    assert.match(outcome.error!.message, /not with an agreement: no usable state/);
  });

  it('runs the lifecycle: Zigned pending then cancel with a documented input; a wrong status or input posts nothing', async () => {
    const target = request('zigned', sandbox.description.zigned.draftIds[0]);
    const p = profile('zigned');
    let { pulled: state } = await pullState(target);
    const pending = await runLifecycle(target, publishAction(p)!, state!);
    assert.equal(pending.status, 200);
    ({ pulled: state } = await pullState(target));
    const cancel = p.draft!.lifecycle.find((a) => a.name === 'cancelled')!;
    sandbox.clearRequests();
    const refused = await runLifecycle(target, cancel, state!, { cancellation_type: 'custom', reason: 'short' });
    assert.equal(refused.error?.kind, 'usage');
    const reopenFromOpen = await runLifecycle(target, p.draft!.lifecycle.find((a) => a.name === 'pending')!, state!);
    assert.match(reopenFromOpen.error!.message, /is pending .*"pending" is accepted only from draft, open/);
    assert.equal(sandbox.requests.length, 0, 'nothing posted');
    const cancelled = await runLifecycle(target, cancel, state!, { cancellation_type: 'invalid_email' });
    assert.equal(cancelled.status, 200, cancelled.exchange?.bodyText);
    assert.equal(JSON.parse(sandbox.requests[0].body).lifecycle_state.input.cancellation_type, 'invalid_email');
  });

  it('publishing goes through the readiness checks on the pulled state: an unready draft posts nothing', async () => {
    const target = request('ignisign', sandbox.description.ignisign.draftIds[1]);
    const { pulled: state } = await pullState(target);
    sandbox.clearRequests();
    const refused = await runLifecycle(target, publishAction(profile('ignisign'))!, state!);
    assert.equal(refused.error?.kind, 'lint');
    assert.match(refused.error!.message, /no signers \(CANNOT_PUBLISH_SIGNATURE_REQUEST__NO_SIGNERS\)\. Nothing was posted/);
    assert.match(refused.request.url, /\/publish$/);
    assert.equal(sandbox.requests.length, 0);
  });

  it('Ignisign publish and close answer as the official SDK types them', async () => {
    const target = request('ignisign', sandbox.description.ignisign.draftIds[0]);
    const p = profile('ignisign');
    const { pulled: state } = await pullState(target);
    const published = await runLifecycle(target, publishAction(p)!, state!);
    assert.deepEqual(published.exchange?.body, { signatureRequestId: target.targetId });
    const { pulled: after } = await pullState(target);
    assert.equal(after?.state.status, 'IN_PROGRESS');
    const closed = await runLifecycle(target, p.draft!.lifecycle.find((a) => a.name === 'close')!, after!);
    assert.deepEqual(closed.exchange?.body, { signatureRequestId: target.targetId });
  });
});
