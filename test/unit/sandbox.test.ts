import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { runSandboxCommand } from '../../src/cli/sandboxCommand';
import { validateAgainst } from '../../src/core/lint/schemaValidator';
import { ignisignProfile } from '../../src/core/providers/ignisign/profile';
import { zignedProfile } from '../../src/core/providers/zigned/profile';
import { DEFAULT_SANDBOX_PORT, SANDBOX_IGNISIGN_CREDENTIALS, SANDBOX_ZIGNED_CREDENTIALS } from '../../src/core/send/localSandbox';
import { ZIGNED_THEME_ID } from '../../src/sandbox/seed';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server';

/** The sandbox's clock in these tests: dates before it are "in the past". */
const NOW = new Date('2026-11-23T12:00:00Z');

const IGNISIGN_DRAFT = '65f1c2a9e4b0a1b2c3d4e5f6';
const IGNISIGN_BARE_DRAFT = '65f1c2a9e4b0a1b2c3d4e5f8';
const IGNISIGN_IN_PROGRESS = '65f1c2a9e4b0a1b2c3d4e5f9';
const IGNISIGN_DOCUMENT = '65f1c2a9e4b0a1b2c3d4e600';
const IGNISIGN_SIGNERS = ['65f1c2a9e4b0a1b2c3d4e601', '65f1c2a9e4b0a1b2c3d4e602'];

const ZIGNED_DRAFT = 'clx0f3k2p0000abcd1234efgh';
const ZIGNED_BARE_DRAFT = 'clx0f3k2p0001abcd1234efgh';
const ZIGNED_OPEN = 'clx0f3k2p0002abcd1234efgh';
const ZIGNED_PENDING = 'clx0f3k2p0003abcd1234efgh';
const ZIGNED_FULFILLED = 'clx0f3k2p0004abcd1234efgh';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

interface CallOptions {
  token?: string;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}

let sandbox: RunningSandbox;

function origin(sb: RunningSandbox = sandbox): string {
  return `http://127.0.0.1:${sb.port}`;
}

async function call(method: string, urlPath: string, options: CallOptions = {}, sb: RunningSandbox = sandbox): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(origin(sb) + urlPath, { method, headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8', `${method} ${urlPath} answers JSON`);
  return { status: response.status, headers: response.headers, text, body: parsed };
}

async function ignisignToken(sb: RunningSandbox = sandbox): Promise<string> {
  const { appId, appEnv, secret } = sb.description.ignisign;
  const answer = await call('POST', '/v3/auth/app-api', { json: { appId, appEnv, secret } }, sb);
  assert.equal(answer.status, 200, answer.text);
  return answer.body.jwtToken;
}

function tokenForm(fields: Record<string, string>): CallOptions {
  return { body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}

async function zignedToken(sb: RunningSandbox = sandbox): Promise<string> {
  const { clientId, clientSecret } = sb.description.zigned;
  const answer = await call('POST', '/oauth/token', tokenForm({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }), sb);
  assert.equal(answer.status, 200, answer.text);
  return answer.body.access_token;
}

const putRequest = async (id: string, json: unknown, token?: string) => call('PUT', `/v3/signature-requests/${id}`, { token: token ?? (await ignisignToken()), json });
const putAgreement = async (id: string, json: unknown, token?: string) => call('PUT', `/rest/v3/agreements/${id}`, { token: token ?? (await zignedToken()), json });
const lifecycle = async (id: string, json: unknown) => call('POST', `/rest/v3/agreements/${id}/lifecycle`, { token: await zignedToken(), json });

function assertIgnisignError(answer: Answer, status: number, code: string): void {
  assert.equal(answer.status, status, answer.text);
  assert.deepEqual(Object.keys(answer.body).sort(), ['code', 'context', 'message', 'status', 'timestamp']);
  assert.equal(answer.body.code, code, answer.text);
  assert.equal(answer.body.status, status);
  assert.ok(!Number.isNaN(Date.parse(answer.body.timestamp)));
  assert.equal(typeof answer.body.message, 'string');
}

function assertZignedError(answer: Answer, status: number, message?: RegExp): void {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.body.status, 'error');
  assert.equal(answer.body.error.code, status);
  assert.match(answer.body.error.request_id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  if (message) assert.match(answer.body.error.message, message);
}

function assertValid(schema: Record<string, unknown>, value: unknown): void {
  const errors = validateAgainst(schema, value);
  assert.deepEqual(
    errors.map((e) => `${e.instancePath} ${e.message}`),
    [],
    'the answer validates against the response schema',
  );
}

function decodeJwtPart(token: string, index: number): any {
  return JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString('utf8'));
}

describe('local sandbox', () => {
  before(async () => {
    sandbox = await startSandbox({ port: 0, now: () => NOW });
  });
  afterEach(() => sandbox.reset());
  after(() => sandbox.close());

  describe('description and defaults', () => {
    it('has the default port 3737 and binds a free port with 0', () => {
      assert.equal(DEFAULT_SANDBOX_PORT, 3737);
      assert.ok(sandbox.port > 0 && sandbox.port !== 0);
    });

    it('describes itself exactly as design.md says, with the seeded ids', async () => {
      const d = sandbox.description;
      assert.deepEqual(Object.keys(d), ['ignisign', 'zigned']);
      assert.deepEqual(Object.keys(d.ignisign), ['baseUrl', 'appId', 'appEnv', 'secret', 'apiKey', 'draftIds', 'nonDraftIds']);
      assert.match(d.ignisign.apiKey, /^skv2_/);
      assert.deepEqual(Object.keys(d.zigned), ['baseUrl', 'clientId', 'clientSecret', 'draftIds', 'nonDraftIds']);
      assert.equal(d.ignisign.baseUrl, `http://127.0.0.1:${sandbox.port}`);
      assert.equal(d.zigned.baseUrl, `http://127.0.0.1:${sandbox.port}/rest/v3`);
      assert.equal(d.ignisign.appId, SANDBOX_IGNISIGN_CREDENTIALS.appId);
      assert.equal(d.ignisign.appEnv, 'DEVELOPMENT');
      assert.match(d.ignisign.secret, /^sk_development_sandbox_/);
      assert.equal(d.zigned.clientId, SANDBOX_ZIGNED_CREDENTIALS.clientId);
      assert.equal(d.ignisign.draftIds[0], IGNISIGN_DRAFT);
      assert.deepEqual(d.ignisign.nonDraftIds, [IGNISIGN_IN_PROGRESS]);
      assert.equal(d.zigned.draftIds[0], ZIGNED_DRAFT);
      assert.deepEqual(d.zigned.nonDraftIds, [ZIGNED_PENDING, ZIGNED_FULFILLED]);
      for (const id of [...d.ignisign.draftIds, ...d.ignisign.nonDraftIds]) assert.match(id, /^[0-9a-f]{24}$/);
      for (const id of [...d.zigned.draftIds, ...d.zigned.nonDraftIds]) assert.equal(zignedProfile.validateTargetId(id), undefined);
      assert.deepEqual((await call('GET', '/')).body, d);
      assert.deepEqual((await call('GET', '/__sandbox/description')).body, d);
    });

    it('refuses a port in use with EADDRINUSE', async () => {
      await assert.rejects(startSandbox({ port: sandbox.port }), (error: NodeJS.ErrnoException) => error.code === 'EADDRINUSE');
    });
  });

  describe('Ignisign authentication', () => {
    it('POST /v3/auth/app-api returns a real HS256 JWT with exp, iat, appId, appEnv and jti', async () => {
      const token = await ignisignToken();
      assert.deepEqual(decodeJwtPart(token, 0), { alg: 'HS256', typ: 'JWT' });
      const claims = decodeJwtPart(token, 1);
      assert.equal(claims.appId, SANDBOX_IGNISIGN_CREDENTIALS.appId);
      assert.equal(claims.appEnv, 'DEVELOPMENT');
      assert.equal(typeof claims.jti, 'string');
      assert.equal(claims.iat, Math.floor(NOW.getTime() / 1000));
      assert.equal(claims.exp - claims.iat, 3600);
    });

    it('refuses a wrong secret, app or environment with 401 AUTHENTICATION_FAILED', async () => {
      const { appId, appEnv, secret } = SANDBOX_IGNISIGN_CREDENTIALS;
      assertIgnisignError(await call('POST', '/v3/auth/app-api', { json: { appId, appEnv, secret: 'sk_development_wrong' } }), 401, 'AUTHENTICATION_FAILED');
      assertIgnisignError(await call('POST', '/v3/auth/app-api', { json: { appId: 'appId_other', appEnv, secret } }), 401, 'AUTHENTICATION_FAILED');
      assertIgnisignError(await call('POST', '/v3/auth/app-api', { json: { appId, appEnv: 'PRODUCTION', secret } }), 401, 'AUTHENTICATION_FAILED');
    });

    it('refuses missing fields or a non-JSON body with 400 API_AUTH_BAD_REQUEST listing them', async () => {
      const missing = await call('POST', '/v3/auth/app-api', { json: { appId: SANDBOX_IGNISIGN_CREDENTIALS.appId } });
      assertIgnisignError(missing, 400, 'API_AUTH_BAD_REQUEST');
      assert.deepEqual(
        missing.body.context.errors.map((e: { path: string }) => e.path),
        ['/appEnv', '/secret'],
      );
      assertIgnisignError(await call('POST', '/v3/auth/app-api', { body: 'appId=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 400, 'API_AUTH_BAD_REQUEST');
    });

    it('answers AUTH_HEADER_NOT_FOUND without an Authorization header, AUTH_HEADER_NOT_BEARER with another scheme', async () => {
      assertIgnisignError(await call('GET', `/v3/signature-requests/${IGNISIGN_DRAFT}/context`), 401, 'AUTH_HEADER_NOT_FOUND');
      const basic = await call('GET', `/v3/signature-requests/${IGNISIGN_DRAFT}/context`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
      assertIgnisignError(basic, 401, 'AUTH_HEADER_NOT_BEARER');
    });

    it('answers INVALID_AUTH_JWT_TOKEN for garbage and for a token with a forged payload', async () => {
      assertIgnisignError(await call('GET', `/v3/signature-requests/${IGNISIGN_DRAFT}/context`, { token: 'not-a-jwt' }), 401, 'INVALID_AUTH_JWT_TOKEN');
      const [header, , signature] = (await ignisignToken()).split('.');
      const forgedClaims = Buffer.from(JSON.stringify({ appId: 'x', appEnv: 'DEVELOPMENT', jti: 'x', iat: 0, exp: 9999999999 })).toString('base64url');
      assertIgnisignError(await call('GET', `/v3/signature-requests/${IGNISIGN_DRAFT}/context`, { token: `${header}.${forgedClaims}.${signature}` }), 401, 'INVALID_AUTH_JWT_TOKEN');
      const noneAlg = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${forgedClaims}.`;
      assertIgnisignError(await call('GET', `/v3/signature-requests/${IGNISIGN_DRAFT}/context`, { token: noneAlg }), 401, 'INVALID_AUTH_JWT_TOKEN');
    });

    it('answers OUTDATED_AUTH_JWT_TOKEN after expireTokens(), and a new login works', async () => {
      const token = await ignisignToken();
      assert.equal((await call('GET', `/v3/signature-requests/${IGNISIGN_DRAFT}/context`, { token })).status, 200);
      sandbox.expireTokens();
      assertIgnisignError(await call('GET', `/v3/signature-requests/${IGNISIGN_DRAFT}/context`, { token }), 401, 'OUTDATED_AUTH_JWT_TOKEN');
      assert.equal((await call('GET', `/v3/signature-requests/${IGNISIGN_DRAFT}/context`, { token: await ignisignToken() })).status, 200);
    });

    it('answers OUTDATED_AUTH_JWT_TOKEN once the JWT exp has passed', async () => {
      const shortLived = await startSandbox({ port: 0, tokenLifetimeSeconds: 0 });
      try {
        const token = await ignisignToken(shortLived);
        assertIgnisignError(await call('GET', `/v3/signature-requests/${IGNISIGN_DRAFT}/context`, { token }, shortLived), 401, 'OUTDATED_AUTH_JWT_TOKEN');
      } finally {
        await shortLived.close();
      }
    });

    it('does not accept a token from another sandbox (each signs with its own key)', async () => {
      const other = await startSandbox({ port: 0 });
      try {
        const foreign = await ignisignToken(other);
        assertIgnisignError(await call('GET', `/v3/signature-requests/${IGNISIGN_DRAFT}/context`, { token: foreign }), 401, 'INVALID_AUTH_JWT_TOKEN');
      } finally {
        await other.close();
      }
    });
  });

  describe('Ignisign PUT /v3/signature-requests/:id', () => {
    it('answers 200 with the context, which validates against the response schema', async () => {
      const answer = await putRequest(IGNISIGN_DRAFT, { title: 'Employment contract', signerIds: IGNISIGN_SIGNERS });
      assert.equal(answer.status, 200, answer.text);
      assertValid(ignisignProfile.responseSchema, answer.body);
      assert.equal(answer.body._id, IGNISIGN_DRAFT);
      assert.equal(answer.body.status, 'DRAFT');
      assert.deepEqual(
        answer.body.signers.map((s: { signerId: string }) => s.signerId),
        IGNISIGN_SIGNERS,
      );
      assert.deepEqual(
        answer.body.documents.map((d: { _id: string }) => d._id),
        [IGNISIGN_DOCUMENT],
      );
      assert.equal(answer.body.documents[0].signatureRequestId, IGNISIGN_DRAFT);
    });

    it('merges partial updates: fields of the first PUT remain after the second', async () => {
      const token = await ignisignToken();
      await putRequest(IGNISIGN_DRAFT, { title: 'First title', language: 'FR', externalId: 'order-1' }, token);
      const second = await putRequest(IGNISIGN_DRAFT, { description: 'Second call', language: 'DE' }, token);
      assert.equal(second.status, 200, second.text);
      assert.equal(second.body.title, 'First title');
      assert.equal(second.body.externalId, 'order-1');
      assert.equal(second.body.description, 'Second call');
      assert.equal(second.body.language, 'DE');
      assert.deepEqual(second.body.documentIds, [IGNISIGN_DOCUMENT], 'seeded documentIds stay');
      const context = await call('GET', `/v3/signature-requests/${IGNISIGN_DRAFT}/context`, { token });
      assert.deepEqual(context.body, second.body);
      assertValid(ignisignProfile.responseSchema, context.body);
    });

    it('gives new statements an _id and keeps the response valid', async () => {
      const statement = { appId: SANDBOX_IGNISIGN_CREDENTIALS.appId, appEnv: 'DEVELOPMENT', signatureRequestId: IGNISIGN_DRAFT, target: 'SIGNATURE_REQUEST', labelMd: 'I agree.' };
      const answer = await putRequest(IGNISIGN_DRAFT, { statements: [statement] });
      assert.equal(answer.status, 200, answer.text);
      assert.match(answer.body.statements[0]._id, /^[0-9a-f]{24}$/);
      assertValid(ignisignProfile.responseSchema, answer.body);
    });

    it('answers 404 SIGNATURE_REQUEST_NOT_FOUND for an unknown id', async () => {
      const answer = await putRequest('65f1c2a9e4b0a1b2c3d4ffff', { title: 'x' });
      assertIgnisignError(answer, 404, 'SIGNATURE_REQUEST_NOT_FOUND');
    });

    it('answers 400 SIGNATURE_REQUEST_BAD_STATUS outside DRAFT, naming the status', async () => {
      const answer = await putRequest(IGNISIGN_IN_PROGRESS, { title: 'x' });
      assertIgnisignError(answer, 400, 'SIGNATURE_REQUEST_BAD_STATUS');
      assert.equal(answer.body.context.status, 'IN_PROGRESS');
      assert.match(answer.body.message, /IN_PROGRESS/);
    });

    it('rejects $request and $schema (file metadata must be stripped) as BODY_VALIDATION_FAILED', async () => {
      const answer = await putRequest(IGNISIGN_DRAFT, { $request: { id: IGNISIGN_DRAFT }, $schema: 'x', title: 'ok' });
      assertIgnisignError(answer, 400, 'BODY_VALIDATION_FAILED');
      assert.deepEqual(
        answer.body.context.errors.map((e: { path: string }) => e.path),
        ['/$request', '/$schema'],
      );
      assert.match(answer.body.context.errors[0].message, /unknown property/);
      // Nothing was applied.
      const context = await call('GET', `/v3/signature-requests/${IGNISIGN_DRAFT}/context`, { token: await ignisignToken() });
      assert.equal(context.body.title, 'Employment contract');
    });

    it('lists each schema problem with a JSON Pointer', async () => {
      const answer = await putRequest(IGNISIGN_DRAFT, { title: 42, language: 'ES', status: 'DRAFT', expirationDate: 'tomorrow', signerIds: ['a', 7], titel: 'typo' });
      assertIgnisignError(answer, 400, 'BODY_VALIDATION_FAILED');
      const errors: { path: string; message: string }[] = answer.body.context.errors;
      const byPath = new Map(errors.map((e) => [e.path, e.message]));
      assert.equal(byPath.get('/title'), 'must be string');
      assert.match(byPath.get('/language') ?? '', /must be one of: "EN", "FR", "DE"/);
      assert.match(byPath.get('/status') ?? '', /unknown property/);
      assert.match(byPath.get('/expirationDate') ?? '', /date-time/);
      assert.equal(byPath.get('/signerIds/1'), 'must be string');
      assert.match(byPath.get('/titel') ?? '', /unknown property/);
    });

    it('answers BODY_VALIDATION_FAILED for invalid JSON, a wrong content type, an empty body or a non-object', async () => {
      const token = await ignisignToken();
      const url = `/v3/signature-requests/${IGNISIGN_DRAFT}`;
      assertIgnisignError(await call('PUT', url, { token, body: '{"title": ', headers: { 'content-type': 'application/json' } }), 400, 'BODY_VALIDATION_FAILED');
      assertIgnisignError(await call('PUT', url, { token, body: '{"title":"x"}', headers: { 'content-type': 'text/plain' } }), 400, 'BODY_VALIDATION_FAILED');
      assertIgnisignError(await call('PUT', url, { token, body: '', headers: { 'content-type': 'application/json' } }), 400, 'BODY_VALIDATION_FAILED');
      assertIgnisignError(await call('PUT', url, { token, json: ['title'] }), 400, 'BODY_VALIDATION_FAILED');
    });

    it('refuses documents of another request and unknown signers, naming the ones it knows', async () => {
      const otherDocument = await putRequest(IGNISIGN_DRAFT, { documentIds: ['65f1c2a9e4b0a1b2c3d4e610'] });
      assertIgnisignError(otherDocument, 400, 'DOCUMENT_NOT_FOUND');
      assert.ok(otherDocument.body.context.availableDocumentIds.includes(IGNISIGN_DOCUMENT));
      const unknownSigner = await putRequest(IGNISIGN_DRAFT, { signerIds: ['65f1c2a9e4b0a1b2c3d4eeee'] });
      assertIgnisignError(unknownSigner, 400, 'SIGNER_NOT_FOUND');
      assert.deepEqual(unknownSigner.body.context.signerIds, ['65f1c2a9e4b0a1b2c3d4eeee']);
    });
  });

  describe('Ignisign publish and close', () => {
    const publish = async (id: string, token: string) => call('POST', `/v3/signature-requests/${id}/publish`, { token });

    it('checks in the documented order, each with its own code, then moves the request to IN_PROGRESS', async () => {
      const token = await ignisignToken();
      const prefix = 'CANNOT_PUBLISH_SIGNATURE_REQUEST__';
      // The seeded draft that is not publish-ready has its document but no signers.
      assertIgnisignError(await publish(IGNISIGN_BARE_DRAFT, token), 400, `${prefix}NO_SIGNERS`);
      await putRequest(IGNISIGN_DRAFT, { documentIds: [] }, token);
      assertIgnisignError(await publish(IGNISIGN_DRAFT, token), 400, `${prefix}NO_DOCUMENTS`);
      await putRequest(IGNISIGN_DRAFT, { documentIds: [IGNISIGN_DOCUMENT], signerIds: [] }, token);
      assertIgnisignError(await publish(IGNISIGN_DRAFT, token), 400, `${prefix}NO_SIGNERS`);
      // A blank title is not refused: the gate does not block on it either (its enforcement is
      // unconfirmed, core publishChecks.ts), so the next check is the expiry's.
      await putRequest(IGNISIGN_DRAFT, { signerIds: [IGNISIGN_SIGNERS[0]], title: ' ', expirationDateIsActivated: true }, token);
      assertIgnisignError(await publish(IGNISIGN_DRAFT, token), 400, `${prefix}EXPIRATION_DATE_IS_ACTIVATED_BUT_EXPIRATION_DATE_IS_MISSING`);
      await putRequest(IGNISIGN_DRAFT, { expirationDate: '2030-01-31T17:00:00Z', diffusionMode: 'SCHEDULED' }, token);
      assertIgnisignError(await publish(IGNISIGN_DRAFT, token), 400, `${prefix}DIFFUSION_MODE_IS_SCHEDULED_BUT_DIFFUSION_DATE_IS_MISSING`);
      await putRequest(IGNISIGN_DRAFT, { diffusionDate: '2030-02-01T09:00:00Z' }, token);
      assertIgnisignError(await publish(IGNISIGN_DRAFT, token), 400, `${prefix}EXPIRATION_DATE_BEFORE_DIFFUSION_DATE`);
      await putRequest(IGNISIGN_DRAFT, { diffusionDate: '2026-01-01T09:00:00Z' }, token);
      assertIgnisignError(await publish(IGNISIGN_DRAFT, token), 400, `${prefix}DIFFUSION_DATE_IN_THE_PAST`);
      await putRequest(IGNISIGN_DRAFT, { diffusionMode: 'WHEN_READY', expirationDate: '2026-11-01T09:00:00Z' }, token);
      assertIgnisignError(await publish(IGNISIGN_DRAFT, token), 400, `${prefix}EXPIRATION_DATE_IN_THE_PAST`);
      await putRequest(IGNISIGN_DRAFT, { title: 'Contract', expirationDate: '2030-01-31T17:00:00Z' }, token);

      const published = await publish(IGNISIGN_DRAFT, token);
      assert.equal(published.status, 200, published.text);
      // The official SDK's publish answer, not the context; a BY_SIDE profile gets no signer tokens.
      assert.deepEqual(published.body, { signatureRequestId: IGNISIGN_DRAFT });
      const context = await call('GET', `/v3/signature-requests/${IGNISIGN_DRAFT}/context`, { token });
      assert.equal(context.body.status, 'IN_PROGRESS');
      assertValid(ignisignProfile.responseSchema, context.body);
      assertIgnisignError(await putRequest(IGNISIGN_DRAFT, { title: 'late' }, token), 400, 'SIGNATURE_REQUEST_BAD_STATUS');
      assertIgnisignError(await publish(IGNISIGN_DRAFT, token), 400, `${prefix}REQUEST_ALREADY_PUBLISHED`);
    });

    it('the first seeded draft publishes as it stands (seeded drafts are publish-ready, docs/sandbox.md)', async () => {
      const published = await publish(IGNISIGN_DRAFT, await ignisignToken());
      assert.equal(published.status, 200, published.text);
      assert.deepEqual(published.body, { signatureRequestId: IGNISIGN_DRAFT });
    });

    it('publishes a SCHEDULED request as READY', async () => {
      const token = await ignisignToken();
      await putRequest(IGNISIGN_DRAFT, { title: 'Later', signerIds: IGNISIGN_SIGNERS, diffusionMode: 'SCHEDULED', diffusionDate: '2030-01-01T09:00:00Z' }, token);
      const published = await publish(IGNISIGN_DRAFT, token);
      assert.equal(published.status, 200, published.text);
      const context = await call('GET', `/v3/signature-requests/${IGNISIGN_DRAFT}/context`, { token });
      assert.equal(context.body.status, 'READY');
    });

    it('closes a request (CANCELLED) once; closing again is SIGNATURE_REQUEST_BAD_STATUS', async () => {
      const token = await ignisignToken();
      const closed = await call('POST', `/v3/signature-requests/${IGNISIGN_IN_PROGRESS}/close`, { token });
      assert.equal(closed.status, 200, closed.text);
      // The official SDK's close answer: { signatureRequestId }.
      assert.deepEqual(closed.body, { signatureRequestId: IGNISIGN_IN_PROGRESS });
      assert.equal((await call('GET', `/v3/signature-requests/${IGNISIGN_IN_PROGRESS}/context`, { token })).body.status, 'CANCELLED');
      assertIgnisignError(await call('POST', `/v3/signature-requests/${IGNISIGN_IN_PROGRESS}/close`, { token }), 400, 'SIGNATURE_REQUEST_BAD_STATUS');
      assertIgnisignError(await call('POST', '/v3/signature-requests/65f1c2a9e4b0a1b2c3d4ffff/publish', { token }), 404, 'SIGNATURE_REQUEST_NOT_FOUND');
    });
  });

  describe('Zigned authentication (POST /oauth/token)', () => {
    it('issues a Bearer token for client credentials in the form body', async () => {
      const { clientId, clientSecret } = SANDBOX_ZIGNED_CREDENTIALS;
      const answer = await call('POST', '/oauth/token', tokenForm({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }));
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.body.token_type, 'Bearer');
      assert.equal(answer.body.expires_in, 10_000_000, 'long-lived, as Zigned documents');
      assert.equal(typeof answer.body.access_token, 'string');
    });

    it('also accepts HTTP Basic client authentication', async () => {
      const { clientId, clientSecret } = SANDBOX_ZIGNED_CREDENTIALS;
      const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
      const answer = await call('POST', '/oauth/token', { body: 'grant_type=client_credentials', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` } });
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.body.token_type, 'Bearer');
    });

    it('answers OAuth errors: invalid_client (401), invalid_request and unsupported_grant_type (400)', async () => {
      const { clientId } = SANDBOX_ZIGNED_CREDENTIALS;
      const wrong = await call('POST', '/oauth/token', tokenForm({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'nope' }));
      assert.equal(wrong.status, 401);
      assert.deepEqual(Object.keys(wrong.body).sort(), ['error', 'error_description']);
      assert.equal(wrong.body.error, 'invalid_client');
      const noGrant = await call('POST', '/oauth/token', tokenForm({ client_id: clientId, client_secret: 'x' }));
      assert.equal(noGrant.status, 400);
      assert.equal(noGrant.body.error, 'invalid_request');
      const password = await call('POST', '/oauth/token', tokenForm({ grant_type: 'password', client_id: clientId, client_secret: 'x' }));
      assert.equal(password.status, 400);
      assert.equal(password.body.error, 'unsupported_grant_type');
      const asJson = await call('POST', '/oauth/token', { json: { grant_type: 'client_credentials', client_id: clientId, client_secret: 'x' } });
      assert.equal(asJson.status, 400);
      assert.equal(asJson.body.error, 'invalid_request');
      assert.match(asJson.body.error_description, /x-www-form-urlencoded/);
    });

    it('answers 401 in the API error shape without, with a bad, or with an expired token', async () => {
      assertZignedError(await call('GET', `/rest/v3/agreements/${ZIGNED_DRAFT}`), 401, /Missing access token/);
      assertZignedError(await call('GET', `/rest/v3/agreements/${ZIGNED_DRAFT}`, { token: 'zsbx_forged' }), 401, /Invalid access token/);
      const token = await zignedToken();
      assert.equal((await call('GET', `/rest/v3/agreements/${ZIGNED_DRAFT}`, { token })).status, 200);
      sandbox.expireTokens();
      const expired = await call('GET', `/rest/v3/agreements/${ZIGNED_DRAFT}`, { token });
      assertZignedError(expired, 401, /expired/);
      assert.match(expired.headers.get('www-authenticate') ?? '', /Bearer .*invalid_token/);
    });
  });

  describe('Zigned PUT /rest/v3/agreements/:id', () => {
    it('answers the v3 envelope, which validates against the response schema', async () => {
      const answer = await putAgreement(ZIGNED_DRAFT, { trust_level: 'AES' });
      assert.equal(answer.status, 200, answer.text);
      assertValid(zignedProfile.responseSchema, answer.body);
      assert.equal(answer.body.version, '1.0');
      assert.equal(answer.body.result_type, 'single');
      assert.equal(answer.body.resource_type, 'agreement');
      assert.equal(answer.body.data.id, ZIGNED_DRAFT);
      assert.equal(answer.body.data.test_mode, true);
      assert.equal(answer.body.data.trust_level, 'AES');
    });

    it('maps every update field onto the response shape', async () => {
      const answer = await putAgreement(ZIGNED_DRAFT, {
        issuer: { name: 'Acme AB', email: 'contracts@acme.example', role: 'signer', locale: 'en-US' },
        send_emails: false,
        signing_order: true,
        theme: { id: ZIGNED_THEME_ID },
        success_callback_url: 'https://acme.example/signed',
        default_locale: 'en-US',
        lookup_key: 'order-1234',
        automatic_reminders: 'intense',
        expires_at: '2030-06-30T08:15:00+02:00',
      });
      assert.equal(answer.status, 200, answer.text);
      assertValid(zignedProfile.responseSchema, answer.body);
      const data = answer.body.data;
      assert.equal(data.issuer.name, 'Acme AB');
      assert.equal(data.issuer.email, 'contracts@acme.example');
      assert.equal(data.issuer.role, 'signer');
      assert.equal(data.issuer.locale, 'en-US');
      assert.equal(data.issuer.signing_room_url, null);
      assert.match(data.issuer.participant_id, /^c[a-z0-9]{24}$/);
      assert.ok(data.participants.includes(data.issuer.participant_id));
      assert.deepEqual(data.signing_order, { enabled: true, grouped: false });
      assert.equal(data.theme, ZIGNED_THEME_ID);
      assert.deepEqual(data.metadata, { lookup_key: 'order-1234', success_callback_url: 'https://acme.example/signed' });
      assert.deepEqual(data.communication, {
        send_emails: false,
        default_locale: 'en-US',
        automatic_reminders: { enabled: true, intensity: 'intense' },
        recipient_messages: null,
      });
      // 08:15 at +02:00 is 06:15 UTC on the 30th: expires at the end of that UTC day.
      assert.equal(data.expires_at, '2030-06-30T23:59:59.999Z');
      assert.ok(Date.parse(data.updated_at) > Date.parse(data.created_at));
    });

    it('merges partial updates; { remove } and { disconnect } clear values', async () => {
      const token = await zignedToken();
      const first = await putAgreement(ZIGNED_DRAFT, { trust_level: 'QES', lookup_key: 'k-1', theme: { id: ZIGNED_THEME_ID }, success_callback_url: 'https://x.example/ok' }, token);
      const second = await putAgreement(ZIGNED_DRAFT, { default_locale: 'en-US', lookup_key: { remove: true }, theme: { disconnect: true } }, token);
      assert.equal(second.status, 200, second.text);
      assert.equal(second.body.data.trust_level, 'QES', 'the first PUT stays');
      assert.equal(second.body.data.metadata.success_callback_url, 'https://x.example/ok');
      assert.equal(second.body.data.communication.default_locale, 'en-US');
      assert.equal(second.body.data.metadata.lookup_key, null);
      assert.equal(second.body.data.theme, null);
      assert.ok(Date.parse(second.body.data.updated_at) > Date.parse(first.body.data.updated_at), 'updated_at is bumped');
      const third = await putAgreement(ZIGNED_DRAFT, { success_callback_url: { remove: true } }, token);
      assert.equal(third.body.data.metadata.success_callback_url, null);
      assertValid(zignedProfile.responseSchema, third.body);
      const fetched = await call('GET', `/rest/v3/agreements/${ZIGNED_DRAFT}`, { token });
      assert.deepEqual(fetched.body, third.body);
    });

    it('every seeded agreement validates against the response schema', async () => {
      const token = await zignedToken();
      for (const id of [...sandbox.description.zigned.draftIds, ...sandbox.description.zigned.nonDraftIds]) {
        const answer = await call('GET', `/rest/v3/agreements/${id}`, { token });
        assert.equal(answer.status, 200, answer.text);
        assertValid(zignedProfile.responseSchema, answer.body);
      }
    });

    it('answers 404 for an unknown agreement', async () => {
      assertZignedError(await putAgreement('clx0f3k2p9999abcd1234efgh', { trust_level: 'AES' }), 404, /not found/);
      assertZignedError(await call('GET', '/rest/v3/agreements/clx0f3k2p9999abcd1234efgh', { token: await zignedToken() }), 404);
    });

    it('answers 400 outside draft/open, and accepts open like a draft', async () => {
      assertZignedError(await putAgreement(ZIGNED_PENDING, { trust_level: 'AES' }), 400, /pending: only agreements in draft or open status can be updated/);
      assertZignedError(await putAgreement(ZIGNED_FULFILLED, { trust_level: 'AES' }), 400, /fulfilled/);
      assert.equal((await putAgreement(ZIGNED_OPEN, { trust_level: 'QES' })).status, 200);
    });

    it('answers 400 with details, $request rejected, and applies nothing', async () => {
      const answer = await putAgreement(ZIGNED_DRAFT, { $request: { id: ZIGNED_DRAFT }, trust_level: 'qes', automatic_reminders: { enabled: true }, status: 'draft' });
      assertZignedError(answer, 400, /Validation failed/);
      const details: { path: string; message: string }[] = answer.body.error.details;
      assert.deepEqual(details.map((d) => d.path).sort(), ['/$request', '/automatic_reminders', '/status', '/trust_level']);
      assert.match(details.find((d) => d.path === '/$request')?.message ?? '', /unknown property/);
      assert.match(answer.body.error.message, /\/\$request/);
      const fetched = await call('GET', `/rest/v3/agreements/${ZIGNED_DRAFT}`, { token: await zignedToken() });
      assert.equal(fetched.body.data.trust_level, 'SES');
    });

    it('takes an expiry already over (no Zigned source says the update is refused); answers 400 for an unknown theme, invalid JSON', async () => {
      const token = await zignedToken();
      assert.equal((await putAgreement(ZIGNED_DRAFT, { expires_at: '2026-11-22' }, token)).status, 200, 'a past day is not refused');
      assert.equal((await putAgreement(ZIGNED_DRAFT, { expires_at: '2026-11-23' }, token)).status, 200, 'today is fine');
      assertZignedError(await putAgreement(ZIGNED_DRAFT, { theme: { id: 'clx0f3k2p0zzzabcd1234efgh' } }, token), 400, /theme/);
      assertZignedError(await call('PUT', `/rest/v3/agreements/${ZIGNED_DRAFT}`, { token, body: '{', headers: { 'content-type': 'application/json' } }), 400, /not valid JSON/);
    });
  });

  describe('Zigned lifecycle', () => {
    it('pending validates the agreement first', async () => {
      const answer = await lifecycle(ZIGNED_BARE_DRAFT, { lifecycle_state: { status: 'pending' } });
      assertZignedError(answer, 400, /cannot be finalised/);
      assert.deepEqual(
        answer.body.error.details.map((d: { path: string }) => d.path),
        ['/documents/original_documents/main', '/participants'],
      );
    });

    it('draft → pending (updates refused) → open (updates accepted) → cancelled (final)', async () => {
      const pending = await lifecycle(ZIGNED_DRAFT, { lifecycle_state: { status: 'pending' } });
      assert.equal(pending.status, 200, pending.text);
      assert.equal(pending.body.data.status, 'pending');
      assertValid(zignedProfile.responseSchema, pending.body);
      assertZignedError(await putAgreement(ZIGNED_DRAFT, { trust_level: 'AES' }), 400, /pending/);
      assertZignedError(await lifecycle(ZIGNED_DRAFT, { lifecycle_state: { status: 'pending' } }), 400);

      const reopened = await lifecycle(ZIGNED_DRAFT, { lifecycle_state: { status: 'open' } });
      assert.equal(reopened.body.data.status, 'open');
      assert.equal((await putAgreement(ZIGNED_DRAFT, { trust_level: 'AES' })).status, 200);

      assertZignedError(await lifecycle(ZIGNED_DRAFT, { lifecycle_state: { status: 'cancelled' } }), 400, /cancellation_type/);
      const cancelled = await lifecycle(ZIGNED_DRAFT, { lifecycle_state: { status: 'cancelled', input: { cancellation_type: 'custom', reason: 'Customer withdrew' } } });
      assert.equal(cancelled.status, 200, cancelled.text);
      assert.equal(cancelled.body.data.status, 'cancelled');
      assert.equal(cancelled.body.data.cancellation_reason, 'Customer withdrew');
      assertValid(zignedProfile.responseSchema, cancelled.body);
      assertZignedError(await putAgreement(ZIGNED_DRAFT, { trust_level: 'AES' }), 400, /cancelled/);
      assertZignedError(await lifecycle(ZIGNED_DRAFT, { lifecycle_state: { status: 'open' } }), 400);
    });

    it('refuses unknown states, reopening a draft, cancelling a fulfilled agreement, unknown ids', async () => {
      assertZignedError(await lifecycle(ZIGNED_DRAFT, { lifecycle_state: { status: 'fulfilled' } }), 400, /must be one of/);
      assertZignedError(await lifecycle(ZIGNED_DRAFT, { status: 'pending' }), 400, /lifecycle_state/);
      assertZignedError(await lifecycle(ZIGNED_DRAFT, { lifecycle_state: { status: 'open' } }), 400, /only a pending agreement/);
      assertZignedError(await lifecycle(ZIGNED_FULFILLED, { lifecycle_state: { status: 'cancelled', input: { cancellation_type: 'invalid_email' } } }), 400, /fulfilled/);
      assertZignedError(await lifecycle('clx0f3k2p9999abcd1234efgh', { lifecycle_state: { status: 'pending' } }), 404);
    });
  });

  describe('Zigned cancel input (docs.zigned.se: a cancellation type, or custom with a 10–255 character reason)', () => {
    const cancel = (input: unknown) => lifecycle(ZIGNED_DRAFT, { lifecycle_state: { status: 'cancelled', ...(input !== undefined ? { input } : {}) } });
    for (const [label, input, pattern] of [
      ['no input', undefined, /cancellation_type/],
      ['an unknown type', { cancellation_type: 'changed_my_mind' }, /Unknown cancellation_type "changed_my_mind"/],
      ['custom without a reason', { cancellation_type: 'custom' }, /needs a "reason"/],
      ['custom with 9 characters', { cancellation_type: 'custom', reason: '123456789' }, /9 characters long: Zigned takes 10 to 255/],
      ['custom with 256 characters', { cancellation_type: 'custom', reason: 'x'.repeat(256) }, /256 characters long/],
      ['a reason with a non-custom type', { cancellation_type: 'invalid_email', reason: 'Wrong address given' }, /only with cancellation_type "custom"/],
    ] as const) {
      it(`refuses ${label} at /lifecycle_state/input, and the agreement stays a draft`, async () => {
        const answer = await cancel(input);
        assertZignedError(answer, 400, pattern);
        assert.equal(answer.body.error.details[0].path, '/lifecycle_state/input');
        assert.equal((await call('GET', `/rest/v3/agreements/${ZIGNED_DRAFT}`, { token: await zignedToken() })).body.data.status, 'draft');
      });
    }
    for (const input of [{ cancellation_type: 'invalid_document' }, { cancellation_type: 'invalid_participant' }, { cancellation_type: 'custom', reason: 'x'.repeat(255) }]) {
      it(`accepts ${JSON.stringify(input).slice(0, 60)}`, async () => {
        const answer = await cancel(input);
        assert.equal(answer.status, 200, answer.text);
        assert.equal(answer.body.data.status, 'cancelled');
      });
    }
    it('open and pending take no input', async () => {
      assertZignedError(await lifecycle(ZIGNED_DRAFT, { lifecycle_state: { status: 'pending', input: { cancellation_type: 'custom' } } }), 400, /takes no input/);
    });
  });

  describe('faults', () => {
    it('injectFault: 429 with Retry-After in the Ignisign shape, for the next matching request only', async () => {
      const token = await ignisignToken();
      sandbox.injectFault({ provider: 'ignisign', method: 'put', pathPattern: '^/v3/signature-requests/', status: 429, retryAfter: '2' });
      assert.equal((await call('GET', `/v3/signature-requests/${IGNISIGN_DRAFT}/context`, { token })).status, 200, 'a GET does not match');
      const limited = await putRequest(IGNISIGN_DRAFT, { title: 'x' }, token);
      assertIgnisignError(limited, 429, 'UNKNOWN_ERROR');
      assert.equal(limited.headers.get('retry-after'), '2');
      assert.equal((await putRequest(IGNISIGN_DRAFT, { title: 'x' }, token)).status, 200, 'times defaults to 1');
    });

    it('POST /__sandbox/faults: 429 with an HTTP-date Retry-After in the Zigned shape, twice', async () => {
      const token = await zignedToken();
      const date = 'Wed, 21 Oct 2026 07:28:00 GMT';
      const added = await call('POST', '/__sandbox/faults', { json: { provider: 'zigned', status: 429, retryAfter: date, times: 2 } });
      assert.equal(added.status, 201, added.text);
      assert.equal((await call('GET', '/__sandbox/faults')).body.length, 1);
      assert.equal((await call('GET', `/v3/signature-requests/${IGNISIGN_DRAFT}/context`, { token: await ignisignToken() })).status, 200, 'Ignisign is not affected');
      for (let i = 0; i < 2; i++) {
        const limited = await putAgreement(ZIGNED_DRAFT, { trust_level: 'AES' }, token);
        assertZignedError(limited, 429);
        assert.equal(limited.headers.get('retry-after'), date);
      }
      assert.equal((await putAgreement(ZIGNED_DRAFT, { trust_level: 'AES' }, token)).status, 200);
    });

    it('answers a fault body as given, and on the token endpoint in the OAuth shape', async () => {
      sandbox.injectFault({ provider: 'zigned', pathPattern: '/oauth/token', status: 503 });
      const tokenFailure = await call('POST', '/oauth/token', tokenForm({ grant_type: 'client_credentials' }));
      assert.equal(tokenFailure.status, 503);
      assert.equal(tokenFailure.body.error, 'temporarily_unavailable');
      sandbox.injectFault({ status: 500, body: { weird: true } });
      const custom = await call('GET', '/v3/signature-requests/x/context');
      assert.equal(custom.status, 500);
      assert.deepEqual(custom.body, { weird: true });
    });

    it('refuses invalid faults, programmatically and over HTTP', async () => {
      assert.throws(() => sandbox.injectFault({ status: 42 }), /status/);
      assert.throws(() => sandbox.injectFault({ status: 500, pathPattern: '(' }), /regular expression/);
      const answer = await call('POST', '/__sandbox/faults', { json: { status: 429, retryAfter: 'soon' } });
      assert.equal(answer.status, 400);
      assert.match(answer.body.message, /retryAfter/);
    });
  });

  describe('HTTP controls', () => {
    it('POST /__sandbox/expire-tokens outdates issued tokens', async () => {
      const token = await ignisignToken();
      const answer = await call('POST', '/__sandbox/expire-tokens');
      assert.equal(answer.status, 200);
      assert.ok(answer.body.expiredTokens >= 1);
      assertIgnisignError(await call('GET', `/v3/signature-requests/${IGNISIGN_DRAFT}/context`, { token }), 401, 'OUTDATED_AUTH_JWT_TOKEN');
    });

    it('POST /__sandbox/reset brings back the seed state', async () => {
      const token = await ignisignToken();
      await putRequest(IGNISIGN_DRAFT, { title: 'changed' }, token);
      assert.equal((await call('POST', '/__sandbox/reset')).status, 200);
      const context = await call('GET', `/v3/signature-requests/${IGNISIGN_DRAFT}/context`, { token });
      assert.equal(context.status, 200, 'tokens survive a reset');
      assert.equal(context.body.title, 'Employment contract');
    });

    it('GET /__sandbox/requests and .requests log what was sent, Authorization and secrets masked', async () => {
      sandbox.clearRequests();
      const token = await ignisignToken();
      await putRequest(IGNISIGN_DRAFT, { title: 'Logged' }, token);
      await zignedToken();
      const logged = (await call('GET', '/__sandbox/requests')).body;
      assert.deepEqual(logged, sandbox.requests);
      assert.deepEqual(
        logged.map((r: { method: string; path: string }) => `${r.method} ${r.path}`),
        ['POST /v3/auth/app-api', `PUT /v3/signature-requests/${IGNISIGN_DRAFT}`, 'POST /oauth/token'],
        'control requests are not logged',
      );
      assert.equal(JSON.parse(logged[0].body).secret, '***');
      assert.equal(logged[1].headers.authorization, 'Bearer ***');
      assert.equal(logged[1].headers['content-type'], 'application/json');
      assert.equal(logged[1].body, '{"title":"Logged"}');
      assert.equal(new URLSearchParams(logged[2].body).get('client_secret'), '***');
      assert.equal(new URLSearchParams(logged[2].body).get('client_id'), SANDBOX_ZIGNED_CREDENTIALS.clientId);
      assert.ok(!JSON.stringify(logged).includes(token), 'the token never appears');
    });
  });

  describe('robustness', () => {
    it('answers unknown routes with 404 in the shape of the API their prefix names', async () => {
      assertIgnisignError(await call('GET', '/v3/nothing-here'), 404, 'NOT_YET_IMPLEMENTED');
      assertIgnisignError(await call('DELETE', `/v3/signature-requests/${IGNISIGN_DRAFT}`), 404, 'NOT_YET_IMPLEMENTED');
      assertZignedError(await call('GET', '/rest/v3/participants'), 404);
      const oauth = await call('GET', '/oauth/token');
      assert.equal(oauth.status, 404);
      assert.equal(typeof oauth.body.error, 'string');
      const elsewhere = await call('GET', '/favicon.ico');
      assert.equal(elsewhere.status, 404);
      assert.match(elsewhere.body.hint, /\/v3/);
    });

    it('refuses bodies over 10 MB with 413 in the API shape', async () => {
      const token = await ignisignToken();
      const huge = JSON.stringify({ title: 'x'.repeat(10 * 1024 * 1024) });
      const answer = await call('PUT', `/v3/signature-requests/${IGNISIGN_DRAFT}`, { token, body: huge, headers: { 'content-type': 'application/json' } });
      assertIgnisignError(answer, 413, 'FILE_TOO_LARGE');
      assert.match(sandbox.requests.at(-1)?.body ?? '', /not kept/);
      assert.equal((await call('GET', `/v3/signature-requests/${IGNISIGN_DRAFT}/context`, { token })).status, 200, 'still serving');
    });

    it('refuses a non-loopback Host header (DNS rebinding)', async () => {
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        // fetch will not let a caller set Host; node:http will.
        const request = http.request(
          { host: '127.0.0.1', port: sandbox.port, path: '/__sandbox/requests', headers: { host: 'attacker.example' } },
          (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        request.on('error', reject);
        request.end();
      });
      assert.equal(answer.status, 403);
    });

    it('survives malformed HTTP and keeps serving', async () => {
      const reply = await new Promise<string>((resolve) => {
        const socket = net.connect(sandbox.port, '127.0.0.1', () => socket.write('THIS IS NOT HTTP\r\n\r\n'));
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', () => resolve(text));
      });
      assert.match(reply, /^HTTP\/1\.1 400/);
      assert.equal((await call('GET', '/')).status, 200);
    });
  });
});

describe('esign-drafts sandbox (runSandboxCommand)', () => {
  function captureIo() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: (line: string) => out.push(line), stderr: (line: string) => err.push(line) } };
  }

  it('rejects a bad --port or an unknown option with a usage message and exit code 2', async () => {
    for (const args of [['--port', 'abc'], ['--port', '70000'], ['--port', '-1'], ['--bogus'], ['extra']]) {
      const { io, err, out } = captureIo();
      assert.equal(await runSandboxCommand(args, io), 2, args.join(' '));
      assert.match(err.join('\n'), /Usage: esign-drafts sandbox \[--port N\]/);
      assert.deepEqual(out, []);
    }
  });

  it('prints the usage for --help and exits 0', async () => {
    const { io, out } = captureIo();
    assert.equal(await runSandboxCommand(['--help'], io), 0);
    assert.match(out.join('\n'), /--port N/);
  });

  it('says which port is in use and suggests --port 0 (exit code 2)', async () => {
    const blocker = await startSandbox({ port: 0 });
    try {
      const { io, err } = captureIo();
      assert.equal(await runSandboxCommand(['--port', String(blocker.port)], io), 2);
      assert.match(err.join('\n'), new RegExp(`port ${blocker.port} .*already in use.*--port 0`));
    } finally {
      await blocker.close();
    }
  });

  it('prints the description as its first line, serves it, logs requests, and stops on abort with 0', async () => {
    const { io, out } = captureIo();
    const controller = new AbortController();
    let firstLine: (line: string) => void = () => undefined;
    const started = new Promise<string>((resolve) => (firstLine = resolve));
    const running = runSandboxCommand(['--port', '0'], { stdout: (line) => (io.stdout(line), out.length === 1 && firstLine(line)), stderr: io.stderr }, { signal: controller.signal });
    const description = JSON.parse(await started);
    assert.deepEqual(Object.keys(description), ['ignisign', 'zigned']);
    const response = await fetch(`${description.ignisign.baseUrl}/v3/auth/app-api`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appId: description.ignisign.appId, appEnv: description.ignisign.appEnv, secret: description.ignisign.secret }),
    });
    assert.equal(response.status, 200);
    controller.abort();
    assert.equal(await running, 0);
    assert.match(out.join('\n'), /listening on http:\/\/127\.0\.0\.1:\d+/);
    assert.match(out.join('\n'), /POST \/v3\/auth\/app-api → 200/);
    assert.equal(out.at(-1), 'Sandbox stopped.');
  });

  it('stops cleanly on SIGINT in a real process', async function () {
    this.timeout(20000);
    const modulePath = path.join(__dirname, '../../src/cli/sandboxCommand.js');
    const script = `require(${JSON.stringify(modulePath)}).runSandboxCommand(['--port', '0'], { stdout: (l) => console.log(l), stderr: (l) => console.error(l) }).then((code) => { process.exitCode = code; });`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = createInterface({ input: child.stdout });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const output: string[] = [];
    const description = await new Promise<any>((resolve, reject) => {
      lines.on('line', (line) => {
        output.push(line);
        if (output.length === 1) resolve(JSON.parse(line));
      });
      child.on('exit', () => reject(new Error(`exited early: ${output.join('\n')}`)));
    });
    const answer = await fetch(`${description.zigned.baseUrl}/agreements/${ZIGNED_DRAFT}`);
    assert.equal(answer.status, 401);
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    assert.ok(output.includes('Sandbox stopped.'), output.join('\n'));
  });
});
