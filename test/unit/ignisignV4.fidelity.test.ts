import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { publishGate } from '../../src/core/draft/draftCalls';
import { parsePayload } from '../../src/core/payload/parsePayload';
import { ignisignProfile } from '../../src/core/providers/ignisign/profile';
import { ignisignV4Profile } from '../../src/core/providers/ignisignV4/profile';
import { detectDrift } from '../../src/core/send/drift';
import { outcomeForHistory } from '../../src/core/send/history';
import type { SendOutcome } from '../../src/core/send/types';
import type { HttpExchange } from '../../src/core/send/types';
import { SANDBOX_IGNISIGN_API_KEY, SANDBOX_IGNISIGN_CREDENTIALS, SANDBOX_IGNISIGN_IDS } from '../../src/core/send/localSandbox';
import { IGNISIGN_GENERIC_CODES } from '../../src/sandbox/errors';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server';
import { publishProblems, PUBLISH_CODE_PREFIX } from '../../src/core/providers/ignisign/publishChecks';
import { lint, REPO_ROOT } from './lintSupport';

/**
 * Ignisign v4 as the official classes say (public-models fa00391), not as v3 was: the answers in
 * test/fixtures/ignisign-v4-official/ are written from the classes (see its README), so the
 * schema, the summary and the sandbox are each checked against them rather than against each other.
 */

const OFFICIAL = path.join(REPO_ROOT, 'test/fixtures/ignisign-v4-official');
const officialContext = () => JSON.parse(fs.readFileSync(path.join(OFFICIAL, 'signature-request-context.json'), 'utf8')) as Record<string, any>;
const officialPublish = () => JSON.parse(fs.readFileSync(path.join(OFFICIAL, 'publish-response.json'), 'utf8')) as Record<string, any>;

function exchangeOf(body: unknown, status = 200): HttpExchange {
  const bodyText = JSON.stringify(body);
  return { url: 'http://x/v4/signature-requests/x', status, statusText: 'OK', requestHeaders: {}, responseHeaders: {}, body, bodyText, sizeBytes: bodyText.length, timings: { totalMs: 1 } } as unknown as HttpExchange;
}

const [DRAFT, BARE_DRAFT] = SANDBOX_IGNISIGN_IDS.draftIds;
const [IN_PROGRESS] = SANDBOX_IGNISIGN_IDS.nonDraftIds;

describe('Ignisign v4 fidelity: the response schema is built from the official classes', () => {
  it('an official-shaped context (IgnisignSignatureRequest_Context at fa00391) has no API drift', () => {
    assert.deepEqual(detectDrift(ignisignV4Profile.responseSchema, officialContext()), []);
  });

  it('the fixture has every v4-only field the issue names, and none of the v3 ones', () => {
    const context = officialContext();
    for (const field of ['signatureRequestType', 'signerProfilesUsed', 'appEnvSettingVersion', 'closedAt', 'm2mId', 'highLevelProofCleaned', 'originalFilesCleaned']) assert.ok(field in context, field);
    for (const field of ['signerProfileId', 'sealClaims', 'fromUserId', 'certificateDisseminationAgreement']) assert.ok(context.signers.some((s: Record<string, unknown>) => field in s), field);
    assert.ok(context.signers.some((s: Record<string, unknown>) => s.status === 'CORRUPTED'));
    assert.deepEqual(context.documents.map((d: Record<string, unknown>) => d.documentNature).sort(), ['DATA_XML', 'PDF_ENCRYPTED']);
    for (const field of ['dataVisualizationAvailable', 'templateDisplayerId', 'templateDisplayerVersion']) assert.ok(field in context.documents[0], field);
    assert.ok(!('signatureProfileId' in context) && !('signatureProfile' in context));
  });

  it('v3 fields are drift in a v4 context: signatureProfileId, signatureProfile, fullPrivacy, a v4-removed status', () => {
    const drift = detectDrift(ignisignV4Profile.responseSchema, { ...officialContext(), signatureProfileId: 'x', signatureProfile: {}, fullPrivacy: true, status: 'WAITING_DOCUMENTS_GENERATION' });
    assert.deepEqual(drift.map((d) => d.path).sort(), ['/fullPrivacy', '/signatureProfile', '/signatureProfileId', '/status']);
  });

  it('the summary reads v4 fields only: the signature method and the signer profiles used, no "Full privacy"', () => {
    const summary = ignisignV4Profile.send.summarize(exchangeOf(officialContext()));
    assert.deepEqual(summary.drift, []);
    const labels = summary.fields.map((f) => f.label);
    assert.ok(!labels.includes('Full privacy'), labels.join(', '));
    assert.equal(summary.fields.find((f) => f.label === 'Signature method')?.value, 'ADVANCED_SMS');
    assert.equal(summary.fields.find((f) => f.label === 'Signer profiles used')?.value, '1: 67c0d1e2f3a4b5c6d7e8f931 (ADVANCED_SMS, 2 signer(s))');
  });

  it('the v3 context schema takes neither fullPrivacy nor signerGroupsSignatureMethod, and knows AUTOMATE_AVANCED', () => {
    const v3 = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/schema-corpus/ignisign/responses/valid/draft-context-minimal.json'), 'utf8'));
    v3.signatureProfile.signatureMethodRef = 'AUTOMATE_AVANCED';
    const drift = detectDrift(ignisignProfile.responseSchema, { ...v3, fullPrivacy: true, signerGroupsSignatureMethod: [] });
    assert.deepEqual(drift.map((d) => d.path).sort(), ['/fullPrivacy', '/signerGroupsSignatureMethod']);
  });
});

describe('Error hints name routes that exist', () => {
  it('DOCUMENT_NOT_FOUND: documents are created with POST /v{3,4}/applications/:appId/envs/:appEnv/init-documents', () => {
    for (const [profile, version] of [[ignisignProfile, 'v3'], [ignisignV4Profile, 'v4']] as const) {
      const summary = profile.send.summarize(exchangeOf({ message: 'x', timestamp: 't', status: 400, code: 'DOCUMENT_NOT_FOUND', context: {} }, 400));
      assert.match(summary.explanation!.whatToChange, new RegExp(`POST /${version}/applications/:appId/envs/:appEnv/init-documents`));
      assert.doesNotMatch(summary.explanation!.whatToChange, /signature-requests\/:id\/documents/);
    }
  });

  it('NO_DEFAULT_SIGNATURE_METHOD is explained: send defaultSignatureMethod', () => {
    const summary = ignisignV4Profile.send.summarize(exchangeOf({ message: 'x', timestamp: 't', status: 400, code: 'CANNOT_PUBLISH_SIGNATURE_REQUEST__NO_DEFAULT_SIGNATURE_METHOD', context: {} }, 400));
    assert.match(summary.explanation!.whatToChange, /defaultSignatureMethod/);
  });

  it('AUTH_HEADER_NOT_FOUND is explained', () => {
    const summary = ignisignV4Profile.send.summarize(exchangeOf({ message: 'x', timestamp: 't', status: 401, code: 'AUTH_HEADER_NOT_FOUND', context: {} }, 401));
    assert.match(summary.explanation!.meaning, /no Authorization header/);
  });
});

describe('Response-only fields: context fields pasted into a body', () => {
  it('v4: signatureRequestType, signerProfilesUsed, closedAt, … are response-only, not "unknown"', () => {
    for (const field of ['signatureRequestType', 'signerProfilesUsed', 'closedAt', 'appEnvSettingVersion', 'm2mId', 'highLevelProofCleaned', 'originalFilesCleaned', 'signerProfiles']) {
      const findings = lint(JSON.stringify({ title: 'T', signerIds: ['s'], documentIds: ['d'], [field]: 1 }), 'ignisign-v4');
      assert.deepEqual(findings.map((f) => [f.ruleId, f.path]), [['response-only-field', `/${field}`]], field);
      assert.match(findings[0].message, /response-only field/);
    }
  });

  it('v4: signatureProfileId and signatureProfile are unknown properties, not "returned by the API"', () => {
    for (const field of ['signatureProfileId', 'signatureProfile']) {
      const findings = lint(JSON.stringify({ title: 'T', signerIds: ['s'], documentIds: ['d'], [field]: 'x' }), 'ignisign-v4');
      assert.deepEqual(findings.map((f) => f.ruleId), ['unknown-property'], field);
      assert.doesNotMatch(findings[0].message, /returned by the API/);
    }
  });

  it('v3: signatureRequestType is response-only', () => {
    const findings = lint(JSON.stringify({ title: 'T', signerIds: ['s'], documentIds: ['d'], signatureRequestType: 'STANDARD' }), 'ignisign');
    assert.deepEqual(findings.map((f) => f.ruleId), ['response-only-field']);
  });
});

describe('Ignisign v4 fidelity: publishing needs defaultSignatureMethod', () => {
  const pulledOf = (state: Record<string, unknown>) => ({ state, environment: 'local-sandbox', pulledAt: '2030-01-01T00:00:00.000Z' });
  const ready = { _id: DRAFT, appId: 'a', appEnv: 'DEVELOPMENT', status: 'DRAFT', title: 'T', signerIds: ['s'], documentIds: ['d'], signers: [], documents: [] };

  it('the v4 readiness (rule, gate) reports NO_DEFAULT_SIGNATURE_METHOD; v3 does not', () => {
    assert.deepEqual(ignisignV4Profile.draft!.readiness(ready, new Date()).map((p) => p.code), ['CANNOT_PUBLISH_SIGNATURE_REQUEST__NO_DEFAULT_SIGNATURE_METHOD']);
    assert.deepEqual(ignisignProfile.draft!.readiness(ready, new Date()), []);
    assert.deepEqual(ignisignV4Profile.draft!.readiness({ ...ready, defaultSignatureMethod: 'SIMPLE_STD' }, new Date()), []);
    const blocking = publishGate(parsePayload(JSON.stringify({ $request: { id: DRAFT }, title: 'T' })), ignisignV4Profile, pulledOf(ready));
    assert.deepEqual(blocking.map((f) => [f.ruleId, f.severity]), [['ignisign-v4/publish-readiness', 'error']]);
    assert.match(blocking[0].message, /NO_DEFAULT_SIGNATURE_METHOD/);
    // Setting it in the file clears it.
    assert.deepEqual(publishGate(parsePayload(JSON.stringify({ $request: { id: DRAFT }, defaultSignatureMethod: 'SIMPLE_STD' })), ignisignV4Profile, pulledOf(ready)), []);
  });

  it('v4 status rules use the v4 enum: close from DRAFT, READY, IN_PROGRESS, PROCESSING, LAUNCHING; v3 keeps its own', () => {
    const close = (profile: typeof ignisignProfile) => profile.draft!.lifecycle.find((a) => a.name === 'close')!.fromStatuses;
    assert.deepEqual([...close(ignisignV4Profile)], ['DRAFT', 'READY', 'IN_PROGRESS', 'PROCESSING', 'LAUNCHING']);
    const v4Statuses = (ignisignV4Profile.responseSchema as any).properties.status.enum as string[];
    for (const status of close(ignisignV4Profile)) assert.ok(v4Statuses.includes(status), status);
    assert.ok(close(ignisignProfile).includes('WAITING_DOCUMENTS_GENERATION'));
  });

  it('the state after a v4 update leaves out the update-only fields the context never shows (no change that never goes away)', () => {
    const after = ignisignV4Profile.draft!.applyUpdate(ready, { fullPrivacy: true, signerProfilesSignatureMethod: [], extendedAuthSessionEnabled: true, title: 'New' });
    assert.deepEqual(after, { ...ready, title: 'New' });
  });

  it('no title is a warning (…/publish-title-missing), not a readiness error: the gate lets it through', () => {
    const untitled = { ...ready, title: undefined, defaultSignatureMethod: 'SIMPLE_STD' };
    const text = JSON.stringify({ $request: { id: DRAFT }, description: 'x' });
    assert.deepEqual(publishGate(parsePayload(text), ignisignV4Profile, pulledOf(untitled)), []);
    const findings = lint(text, 'ignisign-v4', { pulled: pulledOf(untitled) });
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity]), [['ignisign-v4/publish-title-missing', 'warning']]);
    assert.match(findings[0].message, /NO_TITLE.*unconfirmed/);
    assert.deepEqual(lint(text, 'ignisign', { pulled: pulledOf(untitled) }).map((f) => f.ruleId), ['ignisign/publish-title-missing']);
  });

  it('an absent diffusionMode is WHEN_READY (the documented default): no finding, no refusal', () => {
    const noMode = { ...ready, defaultSignatureMethod: 'SIMPLE_STD', diffusionMode: undefined };
    assert.deepEqual(lint(JSON.stringify({ $request: { id: DRAFT }, title: 'T' }), 'ignisign-v4', { pulled: pulledOf(noMode) }), []);
  });
});

describe('Ignisign v4 fidelity: the sandbox answers as the classes say', () => {
  let sandbox: RunningSandbox;
  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  async function call(method: string, urlPath: string, body?: unknown, bearer = SANDBOX_IGNISIGN_API_KEY): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { authorization: `Bearer ${bearer}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`http://127.0.0.1:${sandbox.port}${urlPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  }

  it('every seeded v4 context validates against the schema built from the classes, with no v3 field', async () => {
    for (const id of [DRAFT, BARE_DRAFT, IN_PROGRESS]) {
      const { status, body } = await call('GET', `/v4/signature-requests/${id}/context`);
      assert.equal(status, 200);
      assert.deepEqual(detectDrift(ignisignV4Profile.responseSchema, body), [], id);
      assert.ok(!('signatureProfileId' in body) && !('signatureProfile' in body));
      assert.equal(body.signatureRequestType, 'STANDARD');
      for (const signer of body.signers) assert.equal(typeof signer.signerProfileId, 'string');
      // Every key the sandbox writes is one the official fixture (every class field) has too.
      const official = officialContext();
      for (const key of Object.keys(body)) assert.ok(key in official, `${key} is in IgnisignSignatureRequest_Context`);
    }
  });

  it('an update with the update-only fields still answers a context without drift (fullPrivacy is not echoed)', async () => {
    const { status, body } = await call('PUT', `/v4/signature-requests/${DRAFT}`, { fullPrivacy: true, signerProfilesSignatureMethod: [{ signerProfileId: 'p', signatureMethodRef: 'SIMPLE_STD' }], extendedAuthSessionEnabled: true });
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(detectDrift(ignisignV4Profile.responseSchema, body), []);
  });

  it('publish without defaultSignatureMethod: 400 CANNOT_PUBLISH_SIGNATURE_REQUEST__NO_DEFAULT_SIGNATURE_METHOD on v4 only', async () => {
    const signer = '65f1c2a9e4b0a1b2c3d4e601';
    await call('PUT', `/v4/signature-requests/${BARE_DRAFT}`, { title: 'Lease', signerIds: [signer] });
    const refused = await call('POST', `/v4/signature-requests/${BARE_DRAFT}/publish`);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, 'CANNOT_PUBLISH_SIGNATURE_REQUEST__NO_DEFAULT_SIGNATURE_METHOD');
    await call('PUT', `/v4/signature-requests/${BARE_DRAFT}`, { defaultSignatureMethod: 'SIMPLE_STD' });
    assert.equal((await call('POST', `/v4/signature-requests/${BARE_DRAFT}/publish`)).status, 200);
  });

  it('dates: a date alone and a date-time without offset are accepted on /v3 and /v4 (@IsDateString), garbage is not', async () => {
    const jwt = (await call('POST', '/v3/auth/app-api', SANDBOX_IGNISIGN_CREDENTIALS)).body.jwtToken as string;
    for (const [version, bearer] of [['v3', jwt], ['v4', SANDBOX_IGNISIGN_API_KEY]]) {
      const ok = await call('PUT', `/${version}/signature-requests/${DRAFT}`, { expirationDate: '2030-03-02', diffusionDate: '2030-03-01T08:00' }, bearer);
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      const refused = await call('PUT', `/${version}/signature-requests/${DRAFT}`, { expirationDate: 'tomorrow' }, bearer);
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.match(refused.body.context.errors[0].message, /ISO-8601 date-time/);
    }
  });

  it('the v4 publish answer is IgnisignSignatureRequest_Publish_ResponseDTO: signersBySide and signersEmbedded (with a token)', async () => {
    const [jane, , alex] = ['65f1c2a9e4b0a1b2c3d4e601', '65f1c2a9e4b0a1b2c3d4e602', '65f1c2a9e4b0a1b2c3d4e603'];
    await call('PUT', `/v4/signature-requests/${DRAFT}`, { signerIds: [jane, alex] });
    const { status, body } = await call('POST', `/v4/signature-requests/${DRAFT}/publish`);
    assert.equal(status, 200);
    const official = officialPublish();
    assert.deepEqual(Object.keys(body).sort(), Object.keys(official).sort());
    assert.deepEqual(body.signersBySide, [{ signerId: jane, signerExternalId: 'sandbox-signer-jane' }]);
    assert.deepEqual(Object.keys(body.signersEmbedded[0]).sort(), Object.keys(official.signersEmbedded[0]).sort());
    assert.equal(body.signersEmbedded[0].signerId, alex);
    assert.match(body.signersEmbedded[0].token, /^[0-9a-f]{24}$/);
  });
});

describe('Embedded signing tokens: shown in the answer, masked in history', () => {
  it('the v4 publish answer\'s signersEmbedded[].token is an answer secret; history keeps it as ***', () => {
    const answer = officialPublish();
    const token = answer.signersEmbedded[0].token as string;
    assert.deepEqual(ignisignV4Profile.send.answerSecrets!(answer), [token]);
    assert.deepEqual(ignisignProfile.send.answerSecrets!({ signatureRequestId: 'x', signers: [{ signerId: 's', signerExternalId: 'e', token: 'v3-token-123' }] }), ['v3-token-123']);
    const exchange = exchangeOf(answer);
    const outcome = { ok: true, status: 200, durationMs: 1, request: { method: 'POST', url: 'u', environment: 'e', provider: 'ignisign-v4', targetId: 't', body: '' }, exchange, notes: [], startedAt: 'now' } as unknown as SendOutcome;
    const kept = outcomeForHistory(outcome, ignisignV4Profile.send.answerSecrets!(answer));
    assert.ok(!JSON.stringify(kept).includes(token), 'the token is not kept');
    assert.equal((kept.exchange!.body as any).signersEmbedded[0].token, '***');
    assert.equal((kept.exchange!.body as any).signersBySide[0].signerId, answer.signersBySide[0].signerId, 'the rest is kept');
    assert.equal((outcome.exchange!.body as any).signersEmbedded[0].token, token, 'the answer itself (the response view) is untouched');
  });
});

describe('The sandbox speaks only the official error codes and credential forms', () => {
  const enumCodes = new Set(fs.readFileSync(path.join(OFFICIAL, 'error-codes.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')));

  it('every Ignisign code the sandbox can send is in IGNISIGN_ERROR_CODES (public-models fa00391)', () => {
    const codes = new Set<string>(Object.values(IGNISIGN_GENERIC_CODES));
    const sandboxDir = path.join(REPO_ROOT, 'src/sandbox');
    for (const file of fs.readdirSync(sandboxDir).filter((f) => f.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(sandboxDir, file), 'utf8');
      for (const m of text.matchAll(/ignisignError\(\s*\d+,\s*'([A-Z_]+)'/g)) codes.add(m[1]);
      for (const m of text.matchAll(/code: '([A-Z_]+)'/g)) codes.add(m[1]);
    }
    codes.add(`${PUBLISH_CODE_PREFIX}REQUEST_ALREADY_PUBLISHED`);
    const states = [{}, { expirationDateIsActivated: true, diffusionMode: 'SCHEDULED' }, { expirationDateIsActivated: true, diffusionMode: 'SCHEDULED', expirationDate: '2001-01-01T00:00:00Z', diffusionDate: '2002-01-01T00:00:00Z' }];
    for (const state of states) for (const version of ['v3', 'v4'] as const) for (const p of publishProblems(state, new Date(), version)) codes.add(p.code);
    assert.ok(codes.size > 20, `${codes.size} codes found`);
    const unknown = [...codes].filter((code) => !enumCodes.has(code));
    assert.deepEqual(unknown, [], 'codes outside the enum (the official SDK drops them)');
    for (const gone of ['ROUTE_NOT_FOUND', 'FORBIDDEN', 'REQUEST_TIMEOUT', 'PAYLOAD_TOO_LARGE', 'TOO_MANY_REQUESTS', 'BAD_GATEWAY', 'SERVICE_UNAVAILABLE', 'GATEWAY_TIMEOUT']) assert.ok(!codes.has(gone), gone);
  });

  it('v4 publish codes: NO_DEFAULT_SIGNATURE_METHOD only in v4, and no NO_SIGNATURE_PROFILE anywhere', () => {
    const v4 = publishProblems({}, new Date(), 'v4').map((p) => p.code);
    const v3 = publishProblems({}, new Date(), 'v3').map((p) => p.code);
    assert.ok(v4.includes(`${PUBLISH_CODE_PREFIX}NO_DEFAULT_SIGNATURE_METHOD`) && !v3.includes(`${PUBLISH_CODE_PREFIX}NO_DEFAULT_SIGNATURE_METHOD`));
    assert.ok(!enumCodes.has(`${PUBLISH_CODE_PREFIX}NO_SIGNATURE_PROFILE`), 'v4 dropped it');
    assert.ok(![...v3, ...v4].some((code) => code.endsWith('NO_SIGNATURE_PROFILE')));
  });

  it('the sandbox v4 API key has the official form skv2_<appEnv>_<appId suffix>_<secret> (ignisign-node exportAppIdAndEnv)', () => {
    const [prefix, appEnv, appIdSuffix, secret, ...rest] = SANDBOX_IGNISIGN_API_KEY.split('_');
    assert.deepEqual(rest, []);
    assert.equal(prefix, 'skv2');
    assert.equal(appEnv.toUpperCase(), SANDBOX_IGNISIGN_CREDENTIALS.appEnv);
    assert.equal(`appId_${appIdSuffix}`, SANDBOX_IGNISIGN_CREDENTIALS.appId);
    assert.ok(secret.length >= 16);
  });

  describe('against a running sandbox', () => {
    let sandbox: RunningSandbox;
    before(async () => {
      sandbox = await startSandbox({ port: 0 });
    });
    after(() => sandbox.close());

    it('a missing Authorization header is AUTH_HEADER_NOT_FOUND on /v3 and /v4', async () => {
      for (const version of ['v3', 'v4']) {
        const response = await fetch(`http://127.0.0.1:${sandbox.port}/${version}/signature-requests/${DRAFT}/context`);
        assert.equal(response.status, 401);
        assert.equal(((await response.json()) as { code: string }).code, 'AUTH_HEADER_NOT_FOUND');
      }
    });

    it('Zigned tokens are long-lived by default (expires_in 10,000,000, as documented)', async () => {
      const { clientId, clientSecret } = sandbox.description.zigned;
      const response = await fetch(`http://127.0.0.1:${sandbox.port}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString() });
      assert.equal(((await response.json()) as { expires_in: number }).expires_in, 10_000_000);
    });
  });
});
