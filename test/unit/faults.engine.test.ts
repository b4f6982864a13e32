/**
 * Fault suite, engine side: every case of FAULT_CASES (test/support/faultPeer.ts) through
 * sendUpdate, against a scripted peer on loopback. Each case checks the outcome's kind and
 * message (what happened, what to try), that nothing is re-sent when it must not be, and that
 * the next send to the healthy sandbox still works. Titles start with the case id.
 */
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ignisignProfile } from '../../src/core/providers/ignisign/profile';
import { zignedProfile } from '../../src/core/providers/zigned/profile';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server';
import { closeIdleConnections, DEFAULT_MAX_BODY_BYTES } from '../../src/core/send/httpClient';
import { sendUpdate, type SendRequest } from '../../src/core/send/sendUpdate';
import { TokenCache } from '../../src/core/send/tokenCache';
import type { SendError, SendOutcome } from '../../src/core/send/types';
import { ECHO_SECRET, FAULT_CASES, FaultPeer, OUTDATED, reply, runNode, tlsFixtures, type PeerHandler } from '../support/faultPeer';

const IGNISIGN_ID = '65f1c2a9e4b0a1b2c3d4e5f6';
const ZIGNED_ID = 'clx0f3k2p0000abcd1234efgh';
const LOGIN = /^\/v3\/auth\/app-api$/;
const OAUTH = /^\/oauth\/token$/;
const DNS_FAIL_ORIGIN = 'https://esign-drafts-fault.invalid';
/** Longer than a test may run (this.timeout): an outcome that arrives is not the timeout's. */
const CUT_TIMEOUT_MS = 120_000;
const IGNISIGN_SECRET = 'sk_fault_secret_value';
const ZIGNED_CLIENT = { clientId: 'fault-client', clientSecret: 'fault-client-secret-value' };

/** A message that says what happened (a sentence) and a hint that says what to try. */
function assertClear(error: SendError | undefined, kind: SendError['kind'], message: RegExp): void {
  assert.ok(error, 'the outcome carries an error');
  assert.equal(error.kind, kind, `${error.kind}: ${error.message}`);
  assert.match(error.message, message);
  assert.match(error.message, /[.)]$/, 'the message is a sentence');
  assert.ok(error.hint && error.hint.length > 10, `a hint says what to try (${error.message})`);
}

async function closedPort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const server = http.createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

describe('fault suite: the send engine (sendUpdate) against a scripted peer', function () {
  this.timeout(20_000);
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  let sandbox: RunningSandbox;
  let peer: FaultPeer;
  let tokens: TokenCache;

  before(async () => {
    process.on('unhandledRejection', onRejection);
    sandbox = await startSandbox({ port: 0 });
    peer = await FaultPeer.start();
  });
  after(async () => {
    process.off('unhandledRejection', onRejection);
    await peer.close();
    await sandbox.close();
    closeIdleConnections();
  });
  beforeEach(() => {
    peer.reset();
    sandbox.reset();
    tokens = new TokenCache();
  });
  afterEach(async () => {
    // Give a stray rejection a chance to surface before judging.
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(rejections, [], 'no unhandled promise rejection');
  });

  function ignisign(overrides: Partial<SendRequest> = {}, baseUrl = peer.ignisignBaseUrl): SendRequest {
    return {
      profile: ignisignProfile,
      environment: { name: 'fault-peer', provider: 'ignisign', baseUrl, appId: 'appId_fault', appEnv: 'DEVELOPMENT' },
      credentials: { secret: IGNISIGN_SECRET },
      targetId: IGNISIGN_ID,
      body: JSON.stringify({ title: 'Fault suite' }),
      tokens,
      approvedOrigins: new Set(),
      timeoutMs: 5000,
      ...overrides,
    };
  }

  function zigned(overrides: Partial<SendRequest> = {}, baseUrl = peer.zignedBaseUrl): SendRequest {
    return {
      ...ignisign(),
      profile: zignedProfile,
      environment: { name: 'fault-peer', provider: 'zigned', baseUrl },
      credentials: { ...ZIGNED_CLIENT },
      targetId: ZIGNED_ID,
      body: JSON.stringify({ trust_level: 'AES' }),
      ...overrides,
    };
  }

  /** The next send, to the healthy sandbox, with the same token cache, works. */
  async function expectHealthyNext(): Promise<void> {
    for (const profile of [ignisignProfile, zignedProfile]) {
      const { environment, credentials } = profile.send.localSandbox(sandbox.port);
      const targetId = profile === ignisignProfile ? IGNISIGN_ID : ZIGNED_ID;
      const body = profile === ignisignProfile ? JSON.stringify({ title: 'After a fault' }) : JSON.stringify({ trust_level: 'AES' });
      const outcome = await sendUpdate({ profile, environment, credentials, targetId, body, tokens, approvedOrigins: new Set(), timeoutMs: 5000 });
      assert.equal(outcome.status, 200, `the next send to the healthy sandbox works (${profile.id}): ${JSON.stringify(outcome.error)}`);
    }
  }

  function explanation(outcome: SendOutcome) {
    assert.ok(outcome.exchange, 'the API answered');
    const summary = outcome.request.provider === 'zigned' ? zignedProfile.send.summarize(outcome.exchange) : ignisignProfile.send.summarize(outcome.exchange);
    assert.ok(summary.explanation, 'an error status is explained');
    return summary.explanation;
  }

  it('FAULT_CASES lists every case once, and each has a test here', function () {
    const ids = FAULT_CASES.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
    const titles: string[] = [];
    const walk = (suite: Mocha.Suite): void => {
      titles.push(...suite.tests.map((t) => t.title));
      suite.suites.forEach(walk);
    };
    walk(this.test!.parent!);
    for (const id of ids) assert.ok(titles.some((t) => t.startsWith(`${id} `)), `a test title starts with ${id}`);
  });

  it('F01 connection refused: network error naming the host, with a hint', async () => {
    const port = await closedPort();
    const outcome = await sendUpdate(ignisign({}, `http://127.0.0.1:${port}`));
    assert.equal(outcome.status, null);
    assertClear(outcome.error, 'network', new RegExp(`Connection refused by 127\\.0\\.0\\.1:${port}`));
    await expectHealthyNext();
  });

  it('F02 host name does not resolve: network error (ENOTFOUND) once the approved origin passes the trust check', async () => {
    const outcome = await sendUpdate(zigned({ approvedOrigins: new Set([DNS_FAIL_ORIGIN]) }, `${DNS_FAIL_ORIGIN}/rest/v3`));
    assertClear(outcome.error, 'network', /esign-drafts-fault\.invalid could not be resolved \((ENOTFOUND|EAI_AGAIN)\)/);
    await expectHealthyNext();
  });

  it('F03 no response headers within the timeout: timeout error, and the PUT is never re-sent', async () => {
    peer.on('PUT', /./, reply.stall());
    const outcome = await sendUpdate(ignisign({ timeoutMs: 600 }));
    assertClear(outcome.error, 'timeout', /No answer from 127\.0\.0\.1:\d+ within \d+ ms/);
    assert.match(outcome.error!.hint!, /may still have been applied/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(peer.count('PUT'), 1, 'never re-sent after a timeout');
    await expectHealthyNext();
  });

  it('F04 body stalls halfway: timeout error that says the body stopped', async () => {
    peer.on('PUT', /./, reply.stallBody(JSON.stringify({ _id: IGNISIGN_ID, title: 'x'.repeat(4000) })));
    const outcome = await sendUpdate(ignisign({ timeoutMs: 600 }));
    assertClear(outcome.error, 'timeout', /answered 200, but the body stopped arriving/);
    assert.equal(peer.count('PUT'), 1);
    await expectHealthyNext();
  });

  it('F05 connection reset mid-body: network error at once (Content-Length, chunked, deflate before any byte; new or kept-alive connection), not a timeout', async () => {
    const body = JSON.stringify({ _id: IGNISIGN_ID, title: 'x'.repeat(8000) });
    for (const framing of ['content-length', 'chunked', 'deflate-headers-only'] as const) {
      // On a new connection, and on one kept alive from a previous send (no new socket to watch).
      for (const connection of ['new', 'kept-alive'] as const) {
        peer.reset();
        if (connection === 'kept-alive') {
          peer.once('PUT', /./, reply.json(200, { _id: IGNISIGN_ID, status: 'DRAFT' }));
          assert.equal((await sendUpdate(ignisign({ timeoutMs: 8000 }))).status, 200);
        }
        peer.on('PUT', /./, reply.resetMidBody(body, framing));
        // A timeout far beyond the test's own: a cut noticed only at the timeout fails the test.
        const outcome = await sendUpdate(ignisign({ timeoutMs: CUT_TIMEOUT_MS }));
        assertClear(outcome.error, 'network', /was reset before the answer was complete/);
        assert.match(outcome.error!.message, /it had begun answering 200/, `${framing}, ${connection} connection`);
        assert.equal(peer.count('PUT'), connection === 'kept-alive' ? 2 : 1);
      }
    }
    await expectHealthyNext();
  });

  it('F06 500 with an HTML body: http error, the HTML kept as text, explained for both providers', async () => {
    const html = '<!DOCTYPE html><html><body><h1>500 Internal Server Error</h1></body></html>';
    peer.on('PUT', /./, reply.text(500, 'text/html; charset=utf-8', html));
    for (const request of [ignisign(), zigned()]) {
      const outcome = await sendUpdate(request);
      assert.equal(outcome.status, 500);
      assert.equal(outcome.error?.kind, 'http');
      assert.match(outcome.error!.message, /The API answered 500 Internal Server Error\./);
      assert.equal(outcome.exchange!.body, undefined);
      assert.equal(outcome.exchange!.bodyText, html);
      assert.match(explanation(outcome).whatToChange, /Try again later/);
    }
    assert.match(explanation(await sendUpdate(ignisign())).meaning, /internal error \(500\)/);
    await expectHealthyNext();
  });

  for (const [id, status, text, meaning] of [
    ['F07', 502, 'Bad Gateway', /gateway/i],
    ['F08', 503, 'Service Unavailable', /unavailable/i],
    ['F09', 504, 'Gateway Timeout', /gateway/i],
  ] as const) {
    it(`${id} ${status} ${text}: http error, explained, not retried`, async () => {
      peer.on('PUT', /./, reply.json(status, { statusCode: status, message: text }));
      const outcome = await sendUpdate(ignisign());
      assert.equal(outcome.status, status);
      assert.equal(outcome.error?.kind, 'http');
      assert.match(outcome.error!.message, new RegExp(`answered ${status} ${text}`));
      assert.match(explanation(outcome).meaning, meaning);
      assert.match(explanation(outcome).whatToChange, /later|Wait/);
      assert.equal(peer.count('PUT'), 1, 'not retried');
      const z = await sendUpdate(zigned());
      assert.equal(z.status, status);
      assert.match(explanation(z).whatToChange, /Try again later/);
      await expectHealthyNext();
    });
  }

  it('F10 429 with Retry-After in seconds: waits, re-sends once, succeeds, and says so', async () => {
    peer.once('PUT', /./, reply.json(429, { message: 'Too many requests' }, { 'retry-after': '1' }));
    const started = Date.now();
    const outcome = await sendUpdate(ignisign({ timeoutMs: 6000 }));
    assert.equal(outcome.status, 200, JSON.stringify(outcome.error));
    assert.ok(Date.now() - started >= 950, 'it waited');
    assert.equal(peer.count('PUT'), 2);
    assert.match(outcome.notes.join(' '), /Retry-After: waited 1 s and sent again \(once/);
    await expectHealthyNext();
  });

  it('F11 429 with Retry-After as an HTTP date: waits until then, re-sends once', async () => {
    const date = new Date(Date.now() + 2000).toUTCString();
    peer.once('PUT', /./, reply.json(429, { message: 'Too many requests' }, { 'retry-after': date }));
    const outcome = await sendUpdate(zigned({ timeoutMs: 7000 }));
    assert.equal(outcome.status, 200, JSON.stringify(outcome.error));
    assert.equal(peer.count('PUT'), 2);
    assert.match(outcome.notes.join(' '), /waited \d s and sent again/);
    await expectHealthyNext();
  });

  it('F12 429 without Retry-After: not retried, explained', async () => {
    peer.on('PUT', /./, reply.json(429, { message: 'Too many requests' }));
    const outcome = await sendUpdate(ignisign());
    assert.equal(outcome.status, 429);
    assert.equal(outcome.error?.kind, 'http');
    assert.equal(peer.count('PUT'), 1);
    assert.match(explanation(outcome).whatToChange, /^Wait and send again/);
    await expectHealthyNext();
  });

  it('F13 429 whose Retry-After exceeds the time left: not retried, a note says why', async () => {
    peer.on('PUT', /./, reply.json(429, { message: 'Too many requests' }, { 'retry-after': '3' }));
    const outcome = await sendUpdate(ignisign({ timeoutMs: 2500 }));
    assert.equal(outcome.status, 429);
    assert.equal(peer.count('PUT'), 1);
    assert.match(outcome.notes.join(' '), /asked to wait 3 s, longer than the time left: not retried/);
    assert.match(explanation(outcome).whatToChange, /Wait 3 s/);
    const dated = new Date(Date.now() + 60_000).toUTCString();
    peer.reset();
    peer.on('PUT', /./, reply.json(429, {}, { 'retry-after': dated }));
    const z = await sendUpdate(zigned({ timeoutMs: 2500 }));
    assert.equal(peer.count('PUT'), 1);
    assert.match(explanation(z).whatToChange, new RegExp(`Wait until ${dated}`));
    await expectHealthyNext();
  });

  it('F14 429 again after the retry: retried once only', async () => {
    peer.on('PUT', /./, reply.json(429, { message: 'Too many requests' }, { 'retry-after': '1' }));
    const outcome = await sendUpdate(zigned({ timeoutMs: 6000 }));
    assert.equal(outcome.status, 429);
    assert.equal(outcome.error?.kind, 'http');
    assert.equal(peer.count('PUT'), 2, 'one retry, no more');
    await expectHealthyNext();
  });

  it('F15 body labelled JSON that is not JSON: kept as text, not parsed, no crash', async () => {
    peer.on('PUT', /./, reply.text(200, 'application/json', '{"_id": "65f1c2a9e4b0a1b2c3d4e5f6", not json'));
    const outcome = await sendUpdate(ignisign());
    assert.equal(outcome.ok, true);
    assert.equal(outcome.exchange!.body, undefined);
    assert.match(outcome.exchange!.bodyText, /not json$/);
    assert.equal(ignisignProfile.send.summarize(outcome.exchange!).title, 'Updated (no JSON body)');
    await expectHealthyNext();
  });

  const decoded = { _id: IGNISIGN_ID, status: 'DRAFT', title: 'compressed ✓' };
  for (const [id, encodings] of [
    ['F16', ['gzip']],
    ['F17', ['deflate', 'deflate-raw']],
    ['F18', ['br']],
  ] as const) {
    it(`${id} ${encodings[0]}-encoded body: decoded and parsed`, async () => {
      for (const encoding of encodings) {
        peer.reset();
        peer.on('PUT', /./, reply.encoded(encoding, decoded));
        const outcome = await sendUpdate(ignisign());
        assert.equal(outcome.status, 200, JSON.stringify(outcome.error));
        assert.equal(outcome.exchange!.responseHeaders['content-encoding'], encoding === 'deflate-raw' ? 'deflate' : encoding);
        assert.deepEqual(outcome.exchange!.body, decoded, `${encoding} decoded`);
      }
      await expectHealthyNext();
    });
  }

  it('F19 chunked body: reassembled and parsed', async () => {
    peer.on('PUT', /./, reply.chunked(['{"_id":"65f1c2a9e4b0a1b2', 'c3d4e5f6","status":"DR', 'AFT","title":"in ', 'chunks"}']));
    const outcome = await sendUpdate(ignisign());
    assert.equal(outcome.exchange!.responseHeaders['transfer-encoding'], 'chunked');
    assert.deepEqual(outcome.exchange!.body, { _id: IGNISIGN_ID, status: 'DRAFT', title: 'in chunks' });
    await expectHealthyNext();
  });

  it('F20 30 MB body: read to the end, only the cap kept, flagged truncated, a note says it was cut', async () => {
    const total = 30 * 1024 * 1024;
    peer.on('PUT', /./, reply.large(total));
    const outcome = await sendUpdate(ignisign({ timeoutMs: 15_000 }));
    assert.equal(outcome.status, 200, JSON.stringify(outcome.error));
    const exchange = outcome.exchange!;
    assert.equal(exchange.sizeBytes, total);
    assert.equal(exchange.truncated, true);
    assert.ok(exchange.bodyText.length <= DEFAULT_MAX_BODY_BYTES, `kept ${exchange.bodyText.length} chars, cap ${DEFAULT_MAX_BODY_BYTES}`);
    assert.equal(exchange.body, undefined, 'a cut body is not parsed');
    assert.match(outcome.notes.join(' '), /body was 30 MB: only the first 20 MB were kept/);
    // A smaller cap is honoured the same way.
    const capped = await sendUpdate(ignisign({ maxBodyBytes: 1024 * 1024 }));
    assert.equal(capped.exchange!.bodyText.length, 1024 * 1024);
    assert.equal(capped.exchange!.sizeBytes, total);
    await expectHealthyNext();
  });

  it('F35 answer nested 5000 levels deep: ok, kept as text with a note, the outcome serializes', async () => {
    peer.on('PUT', /./, reply.nested(5000));
    const outcome = await sendUpdate(ignisign());
    assert.equal(outcome.ok, true, JSON.stringify(outcome.error));
    assert.equal(outcome.exchange!.body, undefined, 'not parsed');
    assert.equal(outcome.exchange!.bodyText.length, 10_000);
    assert.match(outcome.exchange!.bodyNote ?? '', /more than 100 levels deep/);
    const stored = JSON.parse(JSON.stringify(outcome));
    assert.equal(stored.exchange.bodyText.length, 10_000, 'what history stores');
    assert.equal(ignisignProfile.send.summarize(outcome.exchange!).title, 'Updated (no JSON body)');
    await expectHealthyNext();
  });

  it('F21 307 redirect to another host: not followed for the PUT nor a login, kind redirect naming where it pointed', async () => {
    const other = await FaultPeer.start({ host: 'localhost' });
    try {
      // The Location carries credentials of its own: they are masked in the message.
      peer.on('PUT', /./, reply.redirect(307, `http://user:hunter2pass@localhost:${other.port}/v3/signature-requests/${IGNISIGN_ID}?access_token=tok_in_location&page=2`));
      const outcome = await sendUpdate(ignisign());
      assert.equal(outcome.status, null);
      assert.equal(outcome.exchange, undefined, 'no answer is passed off as the outcome');
      assertClear(outcome.error, 'redirect', /answered 307 Temporary Redirect, a redirect to another origin \(http:\/\/\*\*\*@localhost:\d+\/v3\/signature-requests\/65f1c2a9e4b0a1b2c3d4e5f6\?access_token=\*\*\*&page=2\): it was not followed, and the PUT was not re-sent there \(neither its body nor the token\)\./);
      assert.doesNotMatch(outcome.error!.message, /hunter2pass|tok_in_location/);
      assert.match(String(peer.requests.find((r) => r.method === 'PUT')?.headers.authorization), /^Bearer /, 'the API itself got the token');
      assert.equal(peer.count('PUT'), 1);
      assert.equal(other.requests.length, 0, 'nothing reached the other host');
      for (const status of [301, 302, 303, 308] as const) {
        peer.reset();
        peer.on('PUT', /./, reply.redirect(status, `${other.origin}/elsewhere`));
        assertClear((await sendUpdate(zigned())).error, 'redirect', new RegExp(`answered ${status} .*a redirect to another origin \\(http://localhost:\\d+/elsewhere\\)`));
      }
      assert.equal(other.requests.length, 0);

      // The logins carry their secret in the body: a redirect elsewhere is not followed either.
      peer.reset();
      tokens.clear();
      peer.on('POST', LOGIN, reply.redirect(307, `${other.origin}/v3/auth/app-api`));
      peer.on('POST', OAUTH, reply.redirect(308, `${other.origin}/oauth/token`));
      const login = await sendUpdate(ignisign());
      assertClear(login.error, 'redirect', /answered 307 Temporary Redirect, a redirect to another origin \(http:\/\/localhost:\d+\/v3\/auth\/app-api\): it was not followed, and the credentials were not sent there/);
      const oauth = await sendUpdate(zigned());
      assertClear(oauth.error, 'redirect', /answered 308 Permanent Redirect, .*\/oauth\/token\): it was not followed, and the credentials were not sent there/);
      assert.equal(other.requests.length, 0, 'no secret reached the other host');
      assert.equal(peer.count('PUT'), 0);
    } finally {
      await other.close();
    }
    await expectHealthyNext();
  });

  it('F21 also: a same-origin 307 is still followed with the token, and the outcome shows the answer', async () => {
    peer.on('PUT', /\/v3\/signature-requests\//, reply.redirect(307, `${peer.origin}/v3/moved/${IGNISIGN_ID}`));
    peer.on('PUT', /\/v3\/moved\//, reply.json(200, { _id: IGNISIGN_ID, status: 'DRAFT' }));
    const outcome = await sendUpdate(ignisign());
    assert.equal(outcome.status, 200, JSON.stringify(outcome.error));
    assert.equal(peer.count('PUT'), 2);
    assert.match(String(peer.requests[peer.requests.length - 1].headers.authorization), /^Bearer /, 'the same origin keeps the token');
    assert.equal(peer.requests[peer.requests.length - 1].body, JSON.stringify({ title: 'Fault suite' }), '307 keeps the body');
  });

  it('F32 login error echoes the secret: auth error with the secret masked, for both flows', async () => {
    peer.on('POST', LOGIN, ECHO_SECRET.ignisign);
    peer.on('POST', OAUTH, ECHO_SECRET.zigned);
    const lines: string[] = [];
    const ig = await sendUpdate(ignisign({ log: (line) => lines.push(line) }));
    assertClear(ig.error, 'auth', /Ignisign refused the API secret for app appId_fault \(DEVELOPMENT\) — AUTHENTICATION_FAILED: Invalid secret "\*\*\*" for this application\./);
    const zi = await sendUpdate(zigned({ log: (line) => lines.push(line) }));
    // The client id is a credential too; the form-encoded echo of the whole body is masked as well.
    assertClear(zi.error, 'auth', /Zigned refused the client credentials — invalid_client: client \*\*\* with secret \*\*\* is unknown \(posted: grant_type=client_credentials&client_id=\*\*\*&client_secret=\*\*\*\)\./);
    const everything = JSON.stringify([ig, zi, lines]);
    for (const secret of [IGNISIGN_SECRET, ZIGNED_CLIENT.clientId, ZIGNED_CLIENT.clientSecret]) assert.ok(!everything.includes(secret), `${secret} appears nowhere`);
    assert.equal(peer.count('PUT'), 0);
    await expectHealthyNext();
  });

  it('F33 answer reflects the Authorization header: the token masked in the body text, parsed body, headers and log', async () => {
    for (const [status, request] of [[200, ignisign], [400, zigned]] as const) {
      peer.reset();
      tokens.clear();
      peer.on('PUT', /./, reply.reflectAuthorization(status));
      const lines: string[] = [];
      const outcome = await sendUpdate(request({ log: (line) => lines.push(line) }));
      assert.equal(outcome.status, status);
      const token = String(peer.requests.find((r) => r.method === 'PUT')!.headers.authorization).replace(/^Bearer /, '');
      assert.ok(token.length > 20, 'a token was sent');
      const exchange = outcome.exchange!;
      assert.match(exchange.bodyText, /"authorization":"Bearer \*\*\*"/);
      assert.deepEqual((exchange.body as any).echo, { authorization: 'Bearer ***' });
      assert.equal((exchange.body as any).message, 'you sent Bearer ***');
      assert.equal(exchange.responseHeaders['x-echo-authorization'], 'Bearer ***');
      const everything = JSON.stringify([outcome, lines, exchange.body, exchange.responseHeaders]);
      assert.ok(!everything.includes(token), 'the token appears nowhere in the outcome, its JSON (history) or the log');
    }
    // A token from an earlier send (the cache) is masked the same way.
    peer.reset();
    assert.equal((await sendUpdate(ignisign())).status, 200);
    peer.on('PUT', /./, reply.reflectAuthorization());
    const cached = await sendUpdate(ignisign());
    assert.equal(peer.count('POST', LOGIN), 1, 'the second send used the cached token');
    assert.equal(cached.exchange!.responseHeaders['x-echo-authorization'], 'Bearer ***');
    await expectHealthyNext();
  });

  it('F34 response headers over the limit after the PUT: says the PUT was sent and may have been applied', async () => {
    peer.on('PUT', /./, reply.headerOverflow());
    const outcome = await sendUpdate(ignisign({ timeoutMs: CUT_TIMEOUT_MS }));
    assertClear(outcome.error, 'network', /^The PUT request was sent and 127\.0\.0\.1:\d+ answered, but with response headers larger than the 16 KB this client reads \(HPE_HEADER_OVERFLOW\), so the answer could not be read: the update may already have been applied\.$/);
    assert.match(outcome.error!.hint!, /Check the current state of the target before sending again/);
    assert.equal(peer.count('PUT'), 1, 'not re-sent');
    // The same at the login: no token, so no PUT.
    peer.reset();
    tokens.clear();
    peer.on('POST', OAUTH, reply.headerOverflow());
    const login = await sendUpdate(zigned({ timeoutMs: CUT_TIMEOUT_MS }));
    assertClear(login.error, 'network', /The login request was sent and .*HPE_HEADER_OVERFLOW.*: no token came back, so the update was not sent\./);
    assert.equal(peer.count('PUT'), 0);
    await expectHealthyNext();
  });

  it('F05 also when the request never reaches our agent (as under VS Code\'s proxy support): the cut is seen from the request', async () => {
    // What the proxy support does for most hosts: the request goes out through another agent.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const httpModule = require('http') as { request: (...args: unknown[]) => http.ClientRequest };
    const original = httpModule.request;
    httpModule.request = function (this: unknown, options: unknown, ...rest: unknown[]) {
      return original.call(this, { ...(options as object), agent: undefined }, ...rest);
    };
    try {
      for (const framing of ['content-length', 'deflate-headers-only'] as const) {
        peer.reset();
        peer.on('PUT', /./, reply.resetMidBody(JSON.stringify({ _id: IGNISIGN_ID, title: 'x'.repeat(8000) }), framing));
        const outcome = await sendUpdate(ignisign({ timeoutMs: CUT_TIMEOUT_MS }));
        assertClear(outcome.error, 'network', /was reset before the answer was complete/);
      }
    } finally {
      httpModule.request = original;
    }
    await expectHealthyNext();
  });

  it('concurrent sends to one origin: a connection opened for the second, then closed, does not cut the first', async () => {
    assert.equal((await sendUpdate(ignisign())).status, 200, 'a kept-alive connection for the first send to reuse');
    const slowly = (ms: number, handler: PeerHandler): PeerHandler => (req, res, p) => p.later(ms, () => handler(req, res, p));
    peer.once('PUT', /./, slowly(1300, reply.json(200, { _id: IGNISIGN_ID, status: 'DRAFT', title: 'first' })));
    peer.once('PUT', /./, reply.json(200, { _id: IGNISIGN_ID, status: 'DRAFT', title: 'second' }, { connection: 'close' }));
    const first = sendUpdate(ignisign({ timeoutMs: 8000 }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await sendUpdate(ignisign({ timeoutMs: 8000 }));
    assert.equal(second.status, 200, JSON.stringify(second.error));
    assert.ok(second.exchange!.timings.connectMs !== undefined, 'the new connection\'s phases are the second send\'s');
    const firstOutcome = await first;
    assert.equal(firstOutcome.status, 200, `the first send is not cut by the second's closed connection: ${JSON.stringify(firstOutcome.error)}`);
    assert.equal(firstOutcome.exchange!.timings.connectMs, undefined, 'the first send reused a connection');
  });

  it('redirect hops share the send\'s timeout: two slow hops that each fit in it, together do not', async () => {
    const slowly = (handler: PeerHandler): PeerHandler => (req, res, p) => p.later(700, () => handler(req, res, p));
    peer.on('PUT', /\/v3\/signature-requests\//, slowly(reply.redirect(307, `${peer.origin}/v3/moved/${IGNISIGN_ID}`)));
    peer.on('PUT', /\/v3\/moved\//, slowly(reply.json(200, { _id: IGNISIGN_ID, status: 'DRAFT' })));
    const outcome = await sendUpdate(ignisign({ timeoutMs: 1200 }));
    assertClear(outcome.error, 'timeout', /No answer from .* within 1\.2 s/);
    await expectHealthyNext();
  });

  describe('TLS', () => {
    // Fails (does not skip) when openssl is missing.
    const tls = tlsFixtures();

    /**
     * sendUpdate in a child process that trusts the test CA the way a user trusts a private CA
     * (NODE_EXTRA_CA_CERTS, read at start-up), so that expiry and host name are the only faults.
     */
    async function sendTrustingTestCa(provider: 'ignisign' | 'zigned', baseUrl: string): Promise<SendOutcome> {
      const out = path.join(__dirname, '../../src');
      const script = `
        process.on('unhandledRejection', (r) => { process.stderr.write('UNHANDLED REJECTION ' + String(r)); process.exitCode = 90; });
        const { sendUpdate } = require(${JSON.stringify(path.join(out, 'core/send/sendUpdate.js'))});
        const { TokenCache } = require(${JSON.stringify(path.join(out, 'core/send/tokenCache.js'))});
        const { closeIdleConnections } = require(${JSON.stringify(path.join(out, 'core/send/httpClient.js'))});
        const profile = require(${JSON.stringify(path.join(out, `core/providers/${provider}/profile.js`))}).${provider}Profile;
        const request = JSON.parse(process.env.FAULT_REQUEST);
        sendUpdate({ ...request, profile, tokens: new TokenCache(), approvedOrigins: new Set() })
          .then((outcome) => process.stdout.write(JSON.stringify(outcome)))
          .finally(closeIdleConnections);`;
      const base = provider === 'ignisign' ? ignisign({}, baseUrl) : zigned({}, baseUrl);
      const request = { environment: base.environment, credentials: base.credentials, targetId: base.targetId, body: base.body, timeoutMs: 5000 };
      const result = await runNode(['-e', script], { cwd: os.tmpdir(), env: { NODE_EXTRA_CA_CERTS: tls.certs.caFile, FAULT_REQUEST: JSON.stringify(request) }, limitMs: 15_000 });
      assert.equal(result.timedOut, false, 'the child finished');
      assert.equal(result.code, 0, result.stderr);
      return JSON.parse(result.stdout) as SendOutcome;
    }

    it('F22 TLS certificate expired: tls error saying it has expired', async () => {
      const expired = await tls.tlsPeer(tls.certs.expired);
      for (const provider of ['ignisign', 'zigned'] as const) {
        const outcome = await sendTrustingTestCa(provider, provider === 'ignisign' ? expired.ignisignBaseUrl : expired.zignedBaseUrl);
        assertClear(outcome.error, 'tls', /certificate of 127\.0\.0\.1:\d+ was refused: its certificate has expired \(CERT_HAS_EXPIRED\)/);
      }
      // In this process the CA is not trusted either; expiry is still what is reported.
      const here = await sendUpdate(ignisign({}, expired.ignisignBaseUrl));
      assertClear(here.error, 'tls', /has expired/);
      assert.equal(expired.requests.length, 0, 'no request got through');
      await expectHealthyNext();
    });

    it('F23 TLS certificate self-signed: tls error saying it is self-signed', async () => {
      const self = await tls.tlsPeer(tls.certs.selfSigned);
      const outcome = await sendUpdate(ignisign({}, self.ignisignBaseUrl));
      assertClear(outcome.error, 'tls', /its certificate is self-signed .*\(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
      assert.match(outcome.error!.hint!, /rejectUnauthorized/);
      const z = await sendUpdate(zigned({}, self.zignedBaseUrl));
      assertClear(z.error, 'tls', /self-signed/);
      assert.equal(self.requests.length, 0);
      await expectHealthyNext();
    });

    it('F24 TLS certificate for another host: tls error saying the name does not match', async () => {
      const wrong = await tls.tlsPeer(tls.certs.wrongHost);
      const outcome = await sendTrustingTestCa('ignisign', wrong.ignisignBaseUrl);
      assertClear(outcome.error, 'tls', /its certificate is for another host name, not 127\.0\.0\.1 \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
      assert.equal(wrong.requests.length, 0);
      await expectHealthyNext();
    });

    it('F25 TLS opt-out per environment: rejectUnauthorized false lets the self-signed peer through', async () => {
      const self = await tls.tlsPeer(tls.certs.selfSigned);
      const request = ignisign({}, self.ignisignBaseUrl);
      const outcome = await sendUpdate({ ...request, environment: { ...request.environment, rejectUnauthorized: false } });
      assert.equal(outcome.status, 200, JSON.stringify(outcome.error));
      assert.match(outcome.exchange!.url, /^https:/);
      // The opt-out is per environment: the same host without it is still refused.
      assert.equal((await sendUpdate(ignisign({}, self.ignisignBaseUrl))).error?.kind, 'tls');
      await expectHealthyNext();
    });
  });

  it('F26 wrong secret (sandbox): auth error for both flows, nothing sent to the API', async () => {
    const ig = ignisignProfile.send.localSandbox(sandbox.port);
    const outcome = await sendUpdate(ignisign({ environment: ig.environment, credentials: { secret: 'sk_development_wrong' } }));
    assertClear(outcome.error, 'auth', /Ignisign refused the API secret for app appId_sandbox \(DEVELOPMENT\) — AUTHENTICATION_FAILED/);
    const zg = zignedProfile.send.localSandbox(sandbox.port);
    const z = await sendUpdate(zigned({ environment: zg.environment, credentials: { ...zg.credentials, clientSecret: 'wrong-client-secret' } }));
    assertClear(z.error, 'auth', /Zigned refused the client credentials — invalid_client/);
    assert.equal(sandbox.requests.filter((r) => r.method === 'PUT').length, 0);
    assert.ok(!JSON.stringify([outcome, z]).includes('sk_development_wrong') && !JSON.stringify([outcome, z]).includes('wrong-client-secret'), 'the secret is not echoed');
    await expectHealthyNext();
  });

  it('F27 token endpoint 5xx: auth error saying the login failed, no PUT', async () => {
    peer.on('POST', LOGIN, reply.json(503, { statusCode: 503, message: 'maintenance' }));
    peer.on('POST', OAUTH, reply.text(500, 'text/html', '<html>oops</html>'));
    const outcome = await sendUpdate(ignisign());
    assertClear(outcome.error, 'auth', /Ignisign's login failed with 503 Service Unavailable — maintenance: no token, so the update was not sent/);
    assert.match(outcome.error!.hint!, /Try again later/);
    const z = await sendUpdate(zigned());
    assertClear(z.error, 'auth', /Zigned's token endpoint failed with 500 Internal Server Error/);
    assert.equal(peer.count('PUT'), 0);
    await expectHealthyNext();
  });

  it('F28 token answer without a token: auth error naming the missing field, no PUT', async () => {
    peer.on('POST', LOGIN, reply.json(200, { token: 'not-the-field' }));
    peer.on('POST', OAUTH, reply.json(200, { token_type: 'Bearer', expires_in: 3600 }));
    assertClear((await sendUpdate(ignisign())).error, 'auth', /login answered 200 without a "jwtToken"\./);
    assertClear((await sendUpdate(zigned())).error, 'auth', /token endpoint answered 200 without an "access_token"\./);
    assert.equal(peer.count('PUT'), 0);
    await expectHealthyNext();
  });

  it('F29 token answer not JSON: auth error saying the body is not JSON, no PUT', async () => {
    peer.on('POST', LOGIN, reply.text(200, 'text/html', '<html>login page</html>'));
    peer.on('POST', OAUTH, reply.text(200, 'application/json', '{"access_token": '));
    assertClear((await sendUpdate(ignisign())).error, 'auth', /without a "jwtToken" \(the body is not JSON: text\/html\)/);
    assertClear((await sendUpdate(zigned())).error, 'auth', /without an "access_token" \(the body is not JSON: application\/json\)/);
    assert.equal(peer.count('PUT'), 0);
    await expectHealthyNext();
  });

  it('F30 token outdated once: renewed once and sent again, for both flows', async () => {
    for (const [request, outdated, login] of [
      [ignisign(), OUTDATED.ignisign, LOGIN],
      [zigned(), OUTDATED.zigned, OAUTH],
    ] as const) {
      peer.reset();
      peer.once('PUT', /./, outdated);
      const outcome = await sendUpdate(request);
      assert.equal(outcome.status, 200, JSON.stringify(outcome.error));
      assert.match(outcome.notes.join(' '), /outdated: renewed it and sent again \(once\)/);
      assert.equal(peer.count('POST', login), 2);
      assert.equal(peer.count('PUT'), 2);
    }
    await expectHealthyNext();
  });

  it('F31 token refused again after renewal: stops after one renewal with an auth error (no loop)', async () => {
    for (const [request, outdated, login, name] of [
      [ignisign(), OUTDATED.ignisign, LOGIN, 'Ignisign'],
      [zigned(), OUTDATED.zigned, OAUTH, 'Zigned'],
    ] as const) {
      peer.reset();
      peer.on('PUT', /./, outdated);
      const outcome = await sendUpdate(request);
      assertClear(outcome.error, 'auth', new RegExp(`${name} v3 refused the renewed token as well \\(401 Unauthorized\\): stopped after one renewal`));
      assert.equal(outcome.status, 401, 'the answer is kept for the view');
      assert.equal(peer.count('POST', login), 2, 'one login, one renewal');
      assert.equal(peer.count('PUT'), 2, 'two PUTs, no loop');
      assert.equal(tokens.values().length, 0, 'the refused token is not kept');
    }
    await expectHealthyNext();
  });
});
