/**
 * Fault suite, CLI side: the cases of FAULT_CASES (test/support/faultPeer.ts) through the built
 * `node dist/cli.js send … --format json`. Each case checks the exit code (0 2xx, 1 error status,
 * 3 no usable answer), the JSON's error kind and message, that the payload file is byte-identical
 * afterwards, that nothing escaped as an unhandled rejection, and that the next send to the
 * healthy sandbox exits 0. Titles start with the case id.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server';
import { DEFAULT_MAX_BODY_BYTES } from '../../src/core/send/httpClient';
import { ECHO_SECRET, FAULT_CASES, FaultPeer, OUTDATED, reply, runNode, tlsFixtures } from '../support/faultPeer';
import { REPO_ROOT } from './lintSupport';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const PAYLOADS = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace', 'payloads');
const IGNISIGN_FILE = 'clean.ignisign.json';
const ZIGNED_FILE = 'clean.zigned.json';
const LOGIN = /^\/v3\/auth\/app-api$/;
const OAUTH = /^\/oauth\/token$/;
const SECRETS = { ESIGN_DRAFTS_SECRET: 'sk_fault_secret_value', ESIGN_DRAFTS_CLIENT_ID: 'fault-client', ESIGN_DRAFTS_CLIENT_SECRET: 'fault-client-secret-value' };

interface CliResult {
  code: number | null;
  json: any;
  stdout: string;
  stderr: string;
}

describe('fault suite: the built CLI (esign-drafts send --format json) against a scripted peer', function () {
  this.timeout(30_000);
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  let sandbox: RunningSandbox;
  let peer: FaultPeer;
  let dir: string;

  before(async () => {
    process.on('unhandledRejection', onRejection);
    assert.ok(fs.existsSync(CLI), `${CLI} exists (run node scripts/build.mjs)`);
    sandbox = await startSandbox({ port: 0 });
    peer = await FaultPeer.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-faults-cli-'));
    for (const name of [IGNISIGN_FILE, ZIGNED_FILE]) fs.copyFileSync(path.join(PAYLOADS, name), path.join(dir, name));
  });
  after(async () => {
    process.off('unhandledRejection', onRejection);
    await peer.close();
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    peer.reset();
    sandbox.reset();
  });
  afterEach(async () => {
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(rejections, [], 'no unhandled promise rejection');
  });

  const ignisignEnv = (baseUrl: string, extra: Record<string, unknown> = {}) => ({ name: 'peer', provider: 'ignisign', baseUrl, appId: 'appId_fault', appEnv: 'DEVELOPMENT', ...extra });
  const zignedEnv = (baseUrl: string, extra: Record<string, unknown> = {}) => ({ name: 'peer', provider: 'zigned', baseUrl, ...extra });

  /** One `send --format json` run with a config holding `environment`; checks what every case must hold. */
  async function send(file: string, environment: { name: string }, extraArgs: string[] = [], extraEnv: Record<string, string> = {}): Promise<CliResult> {
    fs.writeFileSync(path.join(dir, 'fault.config.json'), JSON.stringify({ environments: [environment] }));
    const before = fs.readFileSync(path.join(dir, file));
    const result = await runNode([CLI, 'send', file, '--env', environment.name, '--config', 'fault.config.json', '--format', 'json', ...extraArgs], {
      cwd: dir,
      env: { ...SECRETS, ESIGN_DRAFTS_SANDBOX_PORT: String(sandbox.port), ...extraEnv },
      limitMs: 20_000,
    });
    assert.equal(result.timedOut, false, 'the CLI finished on its own');
    assert.deepEqual(fs.readFileSync(path.join(dir, file)), before, `${file} is byte-identical afterwards`);
    assert.doesNotMatch(result.stderr, /unhandled|uncaught|at .*\.js:\d+/i, 'nothing escaped');
    let json: any;
    try {
      json = JSON.parse(result.stdout);
    } catch {
      assert.fail(`stdout is one JSON object (exit ${result.code}): ${result.stdout.slice(0, 500)} ${result.stderr}`);
    }
    for (const secret of Object.values(SECRETS)) assert.ok(!result.stdout.includes(secret) && !result.stderr.includes(secret), 'no secret printed');
    return { ...result, json };
  }

  /** The same run with the default text output: exit code and what was printed (no secret, as for send()). */
  async function sendText(file: string, environment: { name: string }): Promise<{ code: number | null; stdout: string; stderr: string }> {
    fs.writeFileSync(path.join(dir, 'fault.config.json'), JSON.stringify({ environments: [environment] }));
    const result = await runNode([CLI, 'send', file, '--env', environment.name, '--config', 'fault.config.json'], { cwd: dir, env: { ...SECRETS, ESIGN_DRAFTS_SANDBOX_PORT: String(sandbox.port) }, limitMs: 20_000 });
    assert.equal(result.timedOut, false, 'the CLI finished on its own');
    for (const secret of Object.values(SECRETS)) assert.ok(!result.stdout.includes(secret) && !result.stderr.includes(secret), 'no secret printed');
    return result;
  }

  /** Exit code, kind and a message that says what happened and what to try. */
  function assertFailure(result: CliResult, code: number, kind: string, message: RegExp): void {
    assert.equal(result.code, code, `exit ${result.code}: ${result.stdout.slice(0, 800)}`);
    assert.equal(result.json.ok, false);
    assert.equal(result.json.error?.kind, kind, JSON.stringify(result.json.error));
    assert.match(result.json.error.message, message);
    assert.match(result.json.error.message, /\.\s.{10,}/, `the message goes on to say what to try: ${result.json.error.message}`);
  }

  /** The next send, to the healthy sandbox, exits 0. */
  async function expectHealthyNext(file: string): Promise<void> {
    const result = await runNode([CLI, 'send', file, '--env', 'local-sandbox', '--format', 'json'], { cwd: dir, env: { ESIGN_DRAFTS_SANDBOX_PORT: String(sandbox.port) }, limitMs: 20_000 });
    assert.equal(result.code, 0, `the next send to the healthy sandbox works: ${result.stdout} ${result.stderr}`);
  }

  it('every FAULT_CASES id has a CLI test here', function () {
    const titles: string[] = [];
    const walk = (suite: Mocha.Suite): void => {
      titles.push(...suite.tests.map((t) => t.title));
      suite.suites.forEach(walk);
    };
    walk(this.test!.parent!);
    for (const { id } of FAULT_CASES) assert.ok(titles.some((t) => t.startsWith(`${id} `)), `a CLI test title starts with ${id}`);
  });

  it('F01 connection refused: exit 3, kind network', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = http.createServer().listen(0, '127.0.0.1', () => {
        const free = (server.address() as AddressInfo).port;
        server.close(() => resolve(free));
      });
    });
    assertFailure(await send(IGNISIGN_FILE, ignisignEnv(`http://127.0.0.1:${port}`)), 3, 'network', /Connection refused by 127\.0\.0\.1:\d+\. Is the server running\?/);
    await expectHealthyNext(IGNISIGN_FILE);
  });

  it('F02 host name does not resolve: exit 3, kind network, with --allow-host so that the trust check passes', async () => {
    const result = await send(ZIGNED_FILE, zignedEnv('https://esign-drafts-fault.invalid/rest/v3'), ['--allow-host', 'esign-drafts-fault.invalid']);
    assertFailure(result, 3, 'network', /esign-drafts-fault\.invalid could not be resolved \((ENOTFOUND|EAI_AGAIN)\)/);
    await expectHealthyNext(ZIGNED_FILE);
  });

  it('F03 no response headers within the timeout: exit 3, kind timeout, the PUT sent once', async () => {
    peer.on('PUT', /./, reply.stall());
    const result = await send(IGNISIGN_FILE, ignisignEnv(peer.ignisignBaseUrl), ['--timeout', '0.6']);
    assertFailure(result, 3, 'timeout', /No answer from 127\.0\.0\.1:\d+ within \d+ ms\. The update may still have been applied/);
    assert.equal(peer.count('PUT'), 1, 'never re-sent after a timeout');
    await expectHealthyNext(IGNISIGN_FILE);
  });

  it('F04 body stalls halfway: exit 3, kind timeout, says the body stopped', async () => {
    peer.on('PUT', /./, reply.stallBody(JSON.stringify({ data: { id: 'x', note: 'y'.repeat(4000) } })));
    const result = await send(ZIGNED_FILE, zignedEnv(peer.zignedBaseUrl), ['--timeout', '0.6']);
    assertFailure(result, 3, 'timeout', /answered 200, but the body stopped arriving/);
    assert.equal(peer.count('PUT'), 1);
    await expectHealthyNext(ZIGNED_FILE);
  });

  it('F05 connection reset mid-body: exit 3, kind network, at once rather than at the timeout', async () => {
    peer.on('PUT', /./, reply.resetMidBody(JSON.stringify({ _id: 'x', title: 'z'.repeat(8000) }), 'content-length'));
    // A --timeout beyond the run's own limit: a cut noticed only at the timeout would fail the run, not pass as 'network'.
    const result = await send(IGNISIGN_FILE, ignisignEnv(peer.ignisignBaseUrl), ['--timeout', '120']);
    assertFailure(result, 3, 'network', /was reset before the answer was complete/);
    await expectHealthyNext(IGNISIGN_FILE);
  });

  it('F06 500 with an HTML body: exit 1, kind http, the explanation says what to try, the HTML is the body', async () => {
    const html = '<html><body><h1>Internal Server Error</h1></body></html>';
    peer.on('PUT', /./, reply.text(500, 'text/html', html));
    const result = await send(IGNISIGN_FILE, ignisignEnv(peer.ignisignBaseUrl));
    assertFailure(result, 1, 'http', /The API answered 500 Internal Server Error\. Ignisign had an internal error \(500\)\. What to change: Try again later/);
    assert.equal(result.json.status, 500);
    assert.equal(result.json.body, html);
    await expectHealthyNext(IGNISIGN_FILE);
  });

  for (const [id, status, text] of [
    ['F07', 502, 'Bad Gateway'],
    ['F08', 503, 'Service Unavailable'],
    ['F09', 504, 'Gateway Timeout'],
  ] as const) {
    it(`${id} ${status} ${text}: exit 1, kind http, not retried`, async () => {
      peer.on('PUT', /./, reply.json(status, { version: 'v3', result_type: 'error', error: { code: status, message: text } }));
      const result = await send(ZIGNED_FILE, zignedEnv(peer.zignedBaseUrl));
      assertFailure(result, 1, 'http', new RegExp(`answered ${status} ${text}.*What to change: Try again later`));
      assert.equal(peer.count('PUT'), 1);
      await expectHealthyNext(ZIGNED_FILE);
    });
  }

  it('F10 429 with Retry-After in seconds: exit 0 after one wait and one re-send, noted', async () => {
    peer.once('PUT', /./, reply.json(429, {}, { 'retry-after': '1' }));
    const result = await send(IGNISIGN_FILE, ignisignEnv(peer.ignisignBaseUrl), ['--timeout', '6']);
    assert.equal(result.code, 0, result.stdout);
    assert.equal(peer.count('PUT'), 2);
    assert.match(result.json.notes.join(' '), /waited 1 s and sent again/);
    await expectHealthyNext(IGNISIGN_FILE);
  });

  it('F11 429 with Retry-After as an HTTP date: exit 0 after one wait and one re-send', async () => {
    peer.once('PUT', /./, reply.json(429, {}, { 'retry-after': new Date(Date.now() + 2000).toUTCString() }));
    const result = await send(ZIGNED_FILE, zignedEnv(peer.zignedBaseUrl), ['--timeout', '7']);
    assert.equal(result.code, 0, result.stdout);
    assert.equal(peer.count('PUT'), 2);
    await expectHealthyNext(ZIGNED_FILE);
  });

  it('F12 429 without Retry-After: exit 1, not retried', async () => {
    peer.on('PUT', /./, reply.json(429, { message: 'Too many requests' }));
    const result = await send(IGNISIGN_FILE, ignisignEnv(peer.ignisignBaseUrl));
    assertFailure(result, 1, 'http', /answered 429 Too Many Requests\. Too many requests\. What to change: Wait and send again/);
    assert.equal(peer.count('PUT'), 1);
    await expectHealthyNext(IGNISIGN_FILE);
  });

  it('F13 429 whose Retry-After exceeds the time left: exit 1, not retried, noted', async () => {
    peer.on('PUT', /./, reply.json(429, {}, { 'retry-after': '3' }));
    const result = await send(IGNISIGN_FILE, ignisignEnv(peer.ignisignBaseUrl), ['--timeout', '2.5']);
    assertFailure(result, 1, 'http', /Wait 3 s and send again/);
    assert.equal(peer.count('PUT'), 1);
    assert.match(result.json.notes.join(' '), /longer than the time left: not retried/);
    await expectHealthyNext(IGNISIGN_FILE);
  });

  it('F14 429 again after the retry: exit 1 after exactly two PUTs', async () => {
    peer.on('PUT', /./, reply.json(429, {}, { 'retry-after': '1' }));
    const result = await send(ZIGNED_FILE, zignedEnv(peer.zignedBaseUrl), ['--timeout', '6']);
    assertFailure(result, 1, 'http', /answered 429/);
    assert.equal(peer.count('PUT'), 2);
    await expectHealthyNext(ZIGNED_FILE);
  });

  it('F15 body labelled JSON that is not JSON: exit 0, the body printed as text', async () => {
    peer.on('PUT', /./, reply.text(200, 'application/json', '{"_id": not json'));
    const result = await send(IGNISIGN_FILE, ignisignEnv(peer.ignisignBaseUrl));
    assert.equal(result.code, 0, result.stdout);
    assert.equal(result.json.body, '{"_id": not json');
    await expectHealthyNext(IGNISIGN_FILE);
  });

  const decoded = { _id: '65f1c2a9e4b0a1b2c3d4e5f6', status: 'DRAFT', title: 'compressed ✓' };
  for (const [id, encoding] of [
    ['F16', 'gzip'],
    ['F17', 'deflate'],
    ['F18', 'br'],
  ] as const) {
    it(`${id} ${encoding}-encoded body: exit 0, decoded`, async () => {
      peer.on('PUT', /./, reply.encoded(encoding, decoded));
      const result = await send(IGNISIGN_FILE, ignisignEnv(peer.ignisignBaseUrl));
      assert.equal(result.code, 0, result.stdout);
      assert.deepEqual(result.json.body, decoded);
      await expectHealthyNext(IGNISIGN_FILE);
    });
  }

  it('F19 chunked body: exit 0, reassembled', async () => {
    peer.on('PUT', /./, reply.chunked(['{"version":"v3","data":', '{"id":"clx0f3k2p0000abcd1234efgh",', '"status":"draft"}}']));
    const result = await send(ZIGNED_FILE, zignedEnv(peer.zignedBaseUrl));
    assert.equal(result.code, 0, result.stdout);
    assert.equal(result.json.body.data.status, 'draft');
    await expectHealthyNext(ZIGNED_FILE);
  });

  it('F20 30 MB body: exit 0, "truncated": true and a note; only the cap is printed', async () => {
    peer.on('PUT', /./, reply.large(30 * 1024 * 1024));
    const result = await send(IGNISIGN_FILE, ignisignEnv(peer.ignisignBaseUrl), ['--timeout', '20']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.json.truncated, true);
    assert.match(result.json.notes.join(' '), /body was 30 MB: only the first 20 MB were kept, so the body shown is cut/);
    assert.equal(typeof result.json.body, 'string');
    assert.ok(result.json.body.length <= DEFAULT_MAX_BODY_BYTES, `printed ${result.json.body.length} chars`);
    await expectHealthyNext(IGNISIGN_FILE);
  });

  it('F35 answer nested 5000 levels deep: exit 0, valid JSON, the body as text and a note (text output too)', async () => {
    peer.on('PUT', /./, reply.nested(5000));
    const result = await send(IGNISIGN_FILE, ignisignEnv(peer.ignisignBaseUrl));
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.json.ok, true);
    assert.equal(result.json.status, 200);
    assert.equal(result.json.body, '['.repeat(5000) + ']'.repeat(5000));
    assert.match(result.json.notes.join(' '), /nests more than 100 levels deep: it is kept as text, not parsed/);
    fs.writeFileSync(path.join(dir, 'fault.config.json'), JSON.stringify({ environments: [ignisignEnv(peer.ignisignBaseUrl)] }));
    const text = await runNode([CLI, 'send', IGNISIGN_FILE, '--env', 'peer', '--config', 'fault.config.json'], { cwd: dir, env: { ...SECRETS }, limitMs: 20_000 });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Note: The answer's JSON nests more than 100 levels deep/);
    assert.doesNotMatch(text.stderr, /Maximum call stack/);
    await expectHealthyNext(IGNISIGN_FILE);
  });

  it('F21 307 redirect to another host: not followed (exit 3, kind redirect) for the PUT and a login; nothing reaches the other host', async () => {
    const other = await FaultPeer.start({ host: 'localhost' });
    try {
      peer.on('PUT', /./, reply.redirect(307, `${other.origin}/rest/v3/agreements/clx0f3k2p0000abcd1234efgh?token=in-the-location`));
      const result = await send(ZIGNED_FILE, zignedEnv(peer.zignedBaseUrl));
      assertFailure(result, 3, 'redirect', /answered 307 Temporary Redirect, a redirect to another origin \(http:\/\/localhost:\d+\/rest\/v3\/agreements\/clx0f3k2p0000abcd1234efgh\?token=\*\*\*\): it was not followed, and the PUT was not re-sent there/);
      assert.equal(result.json.status, null);
      assert.equal(other.requests.length, 0, 'nothing reached the other host');
      assert.match(String(peer.requests.find((r) => r.method === 'PUT')?.headers.authorization), /^Bearer /);

      const text = await sendText(ZIGNED_FILE, zignedEnv(peer.zignedBaseUrl));
      assert.equal(text.code, 3);
      assert.match(text.stdout, /Failed \(redirect\): .*a redirect to another origin/);

      peer.reset();
      other.reset();
      peer.on('POST', OAUTH, reply.redirect(307, `${other.origin}/oauth/token`));
      const login = await send(ZIGNED_FILE, zignedEnv(peer.zignedBaseUrl));
      assertFailure(login, 3, 'redirect', /a redirect to another origin \(http:\/\/localhost:\d+\/oauth\/token\): it was not followed, and the credentials were not sent there/);
      assert.equal(other.requests.length, 0, 'the secret did not reach the other host');
    } finally {
      await other.close();
    }
    await expectHealthyNext(ZIGNED_FILE);
  });

  describe('TLS', () => {
    // Fails (does not skip) when openssl is missing.
    const tls = tlsFixtures();

    it('F22 TLS certificate expired: exit 3, kind tls, "has expired" (CA trusted with NODE_EXTRA_CA_CERTS)', async () => {
      const expired = await tls.tlsPeer(tls.certs.expired);
      const result = await send(IGNISIGN_FILE, ignisignEnv(expired.ignisignBaseUrl), [], { NODE_EXTRA_CA_CERTS: tls.certs.caFile });
      assertFailure(result, 3, 'tls', /its certificate has expired \(CERT_HAS_EXPIRED\)/);
      await expectHealthyNext(IGNISIGN_FILE);
    });

    it('F23 TLS certificate self-signed: exit 3, kind tls, "self-signed"', async () => {
      const self = await tls.tlsPeer(tls.certs.selfSigned);
      const result = await send(ZIGNED_FILE, zignedEnv(self.zignedBaseUrl));
      assertFailure(result, 3, 'tls', /its certificate is self-signed .*rejectUnauthorized/);
      await expectHealthyNext(ZIGNED_FILE);
    });

    it('F24 TLS certificate for another host: exit 3, kind tls, "for another host name"', async () => {
      const wrong = await tls.tlsPeer(tls.certs.wrongHost);
      const result = await send(IGNISIGN_FILE, ignisignEnv(wrong.ignisignBaseUrl), [], { NODE_EXTRA_CA_CERTS: tls.certs.caFile });
      assertFailure(result, 3, 'tls', /its certificate is for another host name, not 127\.0\.0\.1 \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
      await expectHealthyNext(IGNISIGN_FILE);
    });

    it('F25 TLS opt-out per environment: "rejectUnauthorized": false in the config lets the self-signed peer through (exit 0)', async () => {
      const self = await tls.tlsPeer(tls.certs.selfSigned);
      const result = await send(IGNISIGN_FILE, ignisignEnv(self.ignisignBaseUrl, { rejectUnauthorized: false }));
      assert.equal(result.code, 0, result.stdout);
      assert.match(result.json.request.url, /^https:\/\/127\.0\.0\.1:/);
      await expectHealthyNext(IGNISIGN_FILE);
    });
  });

  it('F26 wrong secret (sandbox): exit 3, kind auth, for both flows', async () => {
    const ig = sandbox.description.ignisign;
    const wrongIgnisign = await send(IGNISIGN_FILE, { name: 'sandbox-copy', provider: 'ignisign', baseUrl: ig.baseUrl, appId: ig.appId, appEnv: ig.appEnv } as any, [], { ESIGN_DRAFTS_SECRET: 'sk_development_wrong' });
    assertFailure(wrongIgnisign, 3, 'auth', /Ignisign refused the API secret for app appId_sandbox \(DEVELOPMENT\)/);
    const wrongZigned = await send(ZIGNED_FILE, { name: 'sandbox-copy', provider: 'zigned', baseUrl: sandbox.description.zigned.baseUrl } as any, [], { ESIGN_DRAFTS_CLIENT_SECRET: 'wrong-client-secret' });
    assertFailure(wrongZigned, 3, 'auth', /Zigned refused the client credentials — invalid_client/);
    assert.equal(sandbox.requests.filter((r) => r.method === 'PUT').length, 0);
    await expectHealthyNext(IGNISIGN_FILE);
  });

  it('F27 token endpoint 5xx: exit 3, kind auth, no PUT', async () => {
    peer.on('POST', LOGIN, reply.json(502, { message: 'bad gateway' }));
    assertFailure(await send(IGNISIGN_FILE, ignisignEnv(peer.ignisignBaseUrl)), 3, 'auth', /login failed with 502 Bad Gateway — bad gateway: no token, so the update was not sent\. Try again later/);
    peer.on('POST', OAUTH, reply.text(503, 'text/html', '<html>down</html>'));
    assertFailure(await send(ZIGNED_FILE, zignedEnv(peer.zignedBaseUrl)), 3, 'auth', /token endpoint failed with 503 Service Unavailable/);
    assert.equal(peer.count('PUT'), 0);
    await expectHealthyNext(ZIGNED_FILE);
  });

  it('F28 token answer without a token: exit 3, kind auth, no PUT', async () => {
    peer.on('POST', LOGIN, reply.json(200, {}));
    assertFailure(await send(IGNISIGN_FILE, ignisignEnv(peer.ignisignBaseUrl)), 3, 'auth', /answered 200 without a "jwtToken"/);
    peer.on('POST', OAUTH, reply.json(200, { token_type: 'Bearer' }));
    assertFailure(await send(ZIGNED_FILE, zignedEnv(peer.zignedBaseUrl)), 3, 'auth', /answered 200 without an "access_token"/);
    assert.equal(peer.count('PUT'), 0);
    await expectHealthyNext(IGNISIGN_FILE);
  });

  it('F29 token answer not JSON: exit 3, kind auth, no PUT', async () => {
    peer.on('POST', LOGIN, reply.text(200, 'text/html', '<html>sign in</html>'));
    assertFailure(await send(IGNISIGN_FILE, ignisignEnv(peer.ignisignBaseUrl)), 3, 'auth', /without a "jwtToken" \(the body is not JSON: text\/html\)/);
    peer.on('POST', OAUTH, reply.text(200, 'text/plain', 'access_token=abc'));
    assertFailure(await send(ZIGNED_FILE, zignedEnv(peer.zignedBaseUrl)), 3, 'auth', /without an "access_token" \(the body is not JSON: text\/plain\)/);
    assert.equal(peer.count('PUT'), 0);
    await expectHealthyNext(ZIGNED_FILE);
  });

  it('F30 token outdated once: exit 0 after one renewal, noted', async () => {
    peer.once('PUT', /./, OUTDATED.ignisign);
    const result = await send(IGNISIGN_FILE, ignisignEnv(peer.ignisignBaseUrl));
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.json.notes.join(' '), /renewed it and sent again \(once\)/);
    assert.equal(peer.count('POST', LOGIN), 2);
    await expectHealthyNext(IGNISIGN_FILE);
  });

  it('F31 token refused again after renewal: exit 3, kind auth, exactly two logins and two PUTs', async () => {
    peer.on('PUT', /./, OUTDATED.zigned);
    const result = await send(ZIGNED_FILE, zignedEnv(peer.zignedBaseUrl));
    assertFailure(result, 3, 'auth', /Zigned v3 refused the renewed token as well \(401 Unauthorized\): stopped after one renewal\. Check that the credentials/);
    assert.equal(result.json.status, 401);
    assert.equal(peer.count('POST', OAUTH), 2);
    assert.equal(peer.count('PUT'), 2);
    await expectHealthyNext(ZIGNED_FILE);
  });

  it('F32 login error echoes the secret: exit 3, kind auth, the secret masked in text and JSON output', async () => {
    peer.on('POST', LOGIN, ECHO_SECRET.ignisign);
    peer.on('POST', OAUTH, ECHO_SECRET.zigned);
    // send() fails the test if a secret appears in stdout or stderr.
    assertFailure(await send(IGNISIGN_FILE, ignisignEnv(peer.ignisignBaseUrl)), 3, 'auth', /AUTHENTICATION_FAILED: Invalid secret "\*\*\*" for this application\./);
    assertFailure(await send(ZIGNED_FILE, zignedEnv(peer.zignedBaseUrl)), 3, 'auth', /invalid_client: client \*\*\* with secret \*\*\* is unknown/);
    const text = await sendText(ZIGNED_FILE, zignedEnv(peer.zignedBaseUrl));
    assert.equal(text.code, 3);
    assert.match(text.stdout, /Failed \(auth\): Zigned refused the client credentials — invalid_client: client \*\*\* with secret \*\*\*/);
    assert.equal(peer.count('PUT'), 0);
    await expectHealthyNext(IGNISIGN_FILE);
  });

  it('F33 answer reflects the Authorization header: the token masked in the JSON and text output (exit per status)', async () => {
    peer.on('PUT', /./, reply.reflectAuthorization(200));
    const result = await send(IGNISIGN_FILE, ignisignEnv(peer.ignisignBaseUrl));
    assert.equal(result.code, 0, result.stdout);
    const token = String(peer.requests.find((r) => r.method === 'PUT')!.headers.authorization).replace(/^Bearer /, '');
    assert.ok(token.length > 20, 'a token was sent');
    assert.deepEqual(result.json.body.echo, { authorization: 'Bearer ***' });
    assert.ok(!result.stdout.includes(token) && !result.stderr.includes(token), 'the token is not printed');

    peer.reset();
    peer.on('PUT', /./, reply.reflectAuthorization(400));
    const text = await sendText(ZIGNED_FILE, zignedEnv(peer.zignedBaseUrl));
    assert.equal(text.code, 1, text.stdout);
    const zignedToken = String(peer.requests.find((r) => r.method === 'PUT')!.headers.authorization).replace(/^Bearer /, '');
    assert.match(text.stdout, /"authorization": "Bearer \*\*\*"/);
    assert.ok(!text.stdout.includes(zignedToken) && !text.stderr.includes(zignedToken), 'the token is not printed');
    await expectHealthyNext(IGNISIGN_FILE);
  });

  it('F34 response headers over the limit after the PUT: exit 3, says the PUT was sent and the update may already be applied', async () => {
    peer.on('PUT', /./, reply.headerOverflow());
    const result = await send(IGNISIGN_FILE, ignisignEnv(peer.ignisignBaseUrl), ['--timeout', '120']);
    assertFailure(result, 3, 'network', /The PUT request was sent and 127\.0\.0\.1:\d+ answered, but with response headers larger than the 16 KB this client reads \(HPE_HEADER_OVERFLOW\).*the update may already have been applied\. Check the current state of the target before sending again/);
    assert.equal(peer.count('PUT'), 1);
    await expectHealthyNext(IGNISIGN_FILE);
  });
});
