import { strict as assert } from 'node:assert';
import { ignisignProfile } from '../../src/core/providers/ignisign/profile';
import { ignisignV4Profile } from '../../src/core/providers/ignisignV4/profile';
import { sendUpdate, type SendRequest } from '../../src/core/send/sendUpdate';
import { TokenCache } from '../../src/core/send/tokenCache';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server';

const DRAFT = '65f1c2a9e4b0a1b2c3d4e5f6';
const SIGNERS = ['65f1c2a9e4b0a1b2c3d4e601', '65f1c2a9e4b0a1b2c3d4e602'];

describe('Ignisign v4: both auth modes against the sandbox, through the send engine', () => {
  let sandbox: RunningSandbox;
  let tokens: TokenCache;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.close());
  beforeEach(() => {
    sandbox.reset();
    tokens = new TokenCache();
  });

  /** The built-in local-sandbox environment uses the API key; `appSecret` swaps in the app secret. */
  function v4(overrides: Partial<SendRequest> & { appSecret?: boolean } = {}): SendRequest {
    const { environment, credentials } = ignisignV4Profile.send.localSandbox(sandbox.port);
    const { appSecret, ...rest } = overrides;
    return {
      profile: ignisignV4Profile,
      environment,
      credentials: appSecret ? { secret: sandbox.description.ignisign.secret } : credentials,
      targetId: DRAFT,
      body: JSON.stringify({ title: 'v4 from the unit tests', signerIds: SIGNERS, signerIdsAsApprover: [SIGNERS[1]], defaultSignatureMethod: 'ADVANCED_STD', language: 'JA' }),
      tokens,
      approvedOrigins: new Set(),
      timeoutMs: 5000,
      ...rest,
    };
  }

  const bodyOf = (outcome: Awaited<ReturnType<typeof sendUpdate>>) => outcome.exchange!.body as Record<string, any>;

  it('the sandbox describes its skv2_ API key, and the built-in v4 environment uses it', () => {
    assert.match(sandbox.description.ignisign.apiKey, /^skv2_/);
    assert.deepEqual(ignisignV4Profile.send.localSandbox(sandbox.port).credentials, { secret: sandbox.description.ignisign.apiKey });
  });

  it('API key: no login, the key is the bearer, PUT /v4/…, no drift, the key never shows', async () => {
    const outcome = await sendUpdate(v4());
    assert.equal(outcome.status, 200, JSON.stringify(outcome.error));
    assert.equal(outcome.request.url, `http://127.0.0.1:${sandbox.port}/v4/signature-requests/${DRAFT}`);
    assert.deepEqual(sandbox.requests.map((r) => `${r.method} ${r.path}`), [`PUT /v4/signature-requests/${DRAFT}`]);
    assert.equal(outcome.exchange!.requestHeaders.authorization, 'Bearer ***');
    const summary = ignisignV4Profile.send.summarize(outcome.exchange!);
    assert.deepEqual(summary.drift, [], 'the v4 context matches the v4 response schema');
    assert.equal(summary.fields.find((f) => f.label === 'Signature method')?.value, 'ADVANCED_STD');
    assert.deepEqual(bodyOf(outcome).signerIdsAsApprover, [SIGNERS[1]]);
    assert.ok(!JSON.stringify(outcome).includes(sandbox.description.ignisign.apiKey), 'the API key is masked everywhere');
  });

  it('app secret: login at /v4/auth/app-api, then the JWT; cached, renewed once when outdated', async () => {
    const first = await sendUpdate(v4({ appSecret: true }));
    assert.equal(first.status, 200, JSON.stringify(first.error));
    assert.deepEqual(sandbox.requests.map((r) => `${r.method} ${r.path}`), ['POST /v4/auth/app-api', `PUT /v4/signature-requests/${DRAFT}`]);
    assert.ok(!JSON.stringify(first).includes(sandbox.description.ignisign.secret), 'the app secret is masked everywhere');
    await sendUpdate(v4({ appSecret: true }));
    assert.equal(sandbox.requests.filter((r) => r.path === '/v4/auth/app-api').length, 1, 'the token is reused');
    sandbox.expireTokens();
    sandbox.clearRequests();
    const renewed = await sendUpdate(v4({ appSecret: true }));
    assert.equal(renewed.status, 200);
    assert.deepEqual(sandbox.requests.map((r) => r.method), ['PUT', 'POST', 'PUT']);
  });

  it('an API key and an app secret of the same environment do not share a cached token', async () => {
    await sendUpdate(v4({ appSecret: true }));
    await sendUpdate(v4());
    assert.equal(tokens.values().length, 2);
    assert.equal(sandbox.requests.filter((r) => r.path === '/v4/auth/app-api').length, 1);
  });

  it('an app secret without appId/appEnv stops before any request, saying what is needed', async () => {
    const { environment } = ignisignV4Profile.send.localSandbox(sandbox.port);
    const outcome = await sendUpdate(v4({ appSecret: true, environment: { ...environment, appId: undefined, appEnv: undefined } }));
    assert.equal(outcome.ok, false);
    assert.equal(outcome.error?.kind, 'auth');
    assert.match(outcome.error!.message, /not an skv2_… API key.*needs "appId" and "appEnv"/);
    assert.equal(sandbox.requests.length, 0);
  });

  it('an unknown API key is refused with API_KEY_NOT_FOUND, explained', async () => {
    const outcome = await sendUpdate(v4({ credentials: { secret: 'skv2_not_the_sandbox_key_0000' } }));
    assert.equal(outcome.status, 401);
    const summary = ignisignV4Profile.send.summarize(outcome.exchange!);
    assert.equal(summary.explanation?.code, 'API_KEY_NOT_FOUND');
    assert.match(summary.explanation!.whatToChange, /skv2_/);
  });

  it('v4 validation: a v3 body is refused on /v4 with BODY_VALIDATION_FAILED, the v4 one on /v3 too', async () => {
    const v3Body = await sendUpdate(v4({ body: JSON.stringify({ signersAsApprover: [SIGNERS[0]] }) }));
    assert.equal(v3Body.status, 400);
    assert.equal(bodyOf(v3Body).code, 'BODY_VALIDATION_FAILED');
    assert.match(ignisignV4Profile.send.summarize(v3Body.exchange!).explanation!.whatToChange, /Convert to Ignisign v4/);
    const { environment, credentials } = ignisignProfile.send.localSandbox(sandbox.port);
    const onV3 = await sendUpdate({ ...v4(), profile: ignisignProfile, environment, credentials, body: JSON.stringify({ defaultSignatureMethod: 'SIMPLE_STD' }) });
    assert.equal(onV3.status, 400);
    assert.equal(bodyOf(onV3).code, 'BODY_VALIDATION_FAILED');
  });

  it('an API key is no bearer on /v3, which knows only its JWTs', async () => {
    const { environment } = ignisignProfile.send.localSandbox(sandbox.port);
    const outcome = await sendUpdate({ ...v4(), profile: ignisignProfile, environment, tokens, body: '{}' });
    // The v3 profile logs in with whatever secret it has: the sandbox refuses a key as an app secret.
    assert.equal(outcome.ok, false);
    assert.equal(outcome.error?.kind, 'auth');
  });

  it('one draft, two versions: an approver set through /v4 reads as signersAsApprover through /v3', async () => {
    // A language v3 knows: a v4-only one (JA) would rightly show as drift in the v3 view.
    await sendUpdate(v4({ body: JSON.stringify({ signerIds: SIGNERS, signerIdsAsApprover: [SIGNERS[1]], language: 'FR', individualizeRequests: true }) }));
    const { environment, credentials } = ignisignProfile.send.localSandbox(sandbox.port);
    const outcome = await sendUpdate({ ...v4(), profile: ignisignProfile, environment, credentials, body: JSON.stringify({ title: 'back on v3' }) });
    assert.equal(outcome.status, 200);
    assert.deepEqual(bodyOf(outcome).signersAsApprover, [SIGNERS[1]]);
    assert.equal(bodyOf(outcome).signerIdsAsApprover, undefined);
    assert.deepEqual(ignisignProfile.send.summarize(outcome.exchange!).drift, [], 'the v3 context stays v3-shaped');
  });

  it('statements: v3 ones (with target) read without target on /v4, v4 ones get a target on /v3', async () => {
    const { environment, credentials } = ignisignProfile.send.localSandbox(sandbox.port);
    const statement = { appId: 'appId_sandbox', appEnv: 'DEVELOPMENT', signatureRequestId: DRAFT, labelMd: 'I accept.' };
    const v3 = await sendUpdate({ ...v4(), profile: ignisignProfile, environment, credentials, body: JSON.stringify({ statements: [{ ...statement, target: 'SIGNATURE_REQUEST' }] }) });
    assert.equal(v3.status, 200, JSON.stringify(v3.exchange?.body));
    const read = await sendUpdate(v4({ body: JSON.stringify({ title: 'read' }) }));
    assert.equal(bodyOf(read).statements[0].target, undefined);
    assert.deepEqual(ignisignV4Profile.send.summarize(read.exchange!).drift, []);
    await sendUpdate(v4({ body: JSON.stringify({ statements: [statement] }) }));
    const back = await sendUpdate({ ...v4(), profile: ignisignProfile, environment, credentials, body: JSON.stringify({ title: 'v3 again' }) });
    assert.equal(bodyOf(back).statements[0].target, 'SIGNATURE_REQUEST');
  });
});
