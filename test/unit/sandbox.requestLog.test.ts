/**
 * The sandbox's request log (GET /__sandbox/requests, served without authentication): no
 * credential in it, whatever the route or the encoding it came in, and bounded in bytes, keeping
 * only the part of each body it shows. Against the real sandbox over loopback HTTP; the logins
 * also through the built CLI.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { runSandboxCommand } from '../../src/cli/sandboxCommand';
import { MAX_LOG_BYTES, MAX_LOGGED_BODY_CHARS, type LoggedRequest } from '../../src/sandbox/requestLog';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server';
import { runCli } from '../support/runCli';

const IGNISIGN_DRAFT = '65f1c2a9e4b0a1b2c3d4e5f6';
const ZIGNED_DRAFT = 'clx0f3k2p0000abcd1234efgh';

describe('sandbox request log', function () {
  this.timeout(60_000);
  let sandbox: RunningSandbox;
  const origin = () => `http://127.0.0.1:${sandbox.port}`;
  const logged = async (): Promise<LoggedRequest[]> => (await (await fetch(`${origin()}/__sandbox/requests`)).json()) as LoggedRequest[];

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  describe('masks every credential it receives (round three, item 5)', () => {
    /** The forms a secret may take in the log's text: as is, URL- and form-encoded, JSON-escaped. */
    const forms = (secret: string) => [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1)];
    const assertAbsent = (text: string, secrets: string[]) => {
      for (const secret of secrets) for (const form of forms(secret)) assert.ok(!text.includes(form), `${JSON.stringify(form)} is not in the log: ${text}`);
    };

    it('the logins of the built CLI: the v4 and v3 app secret, the Zigned client secret, and the tokens', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-sandbox-log-'));
      try {
        fs.writeFileSync(path.join(dir, 'a.ignisign-v4.json'), JSON.stringify({ $request: { id: IGNISIGN_DRAFT }, title: 'Logged v4' }));
        fs.writeFileSync(path.join(dir, 'a.ignisign.json'), JSON.stringify({ $request: { id: IGNISIGN_DRAFT }, title: 'Logged v3' }));
        fs.writeFileSync(path.join(dir, 'a.zigned.json'), JSON.stringify({ $request: { id: ZIGNED_DRAFT }, trust_level: 'SES' }));
        const env = { ESIGN_DRAFTS_SANDBOX_PORT: String(sandbox.port), ESIGN_DRAFTS_SECRET: sandbox.description.ignisign.secret };
        // v4's built-in sandbox environment uses the API key: this one signs in with the app secret.
        const { appId, appEnv } = sandbox.description.ignisign;
        fs.writeFileSync(path.join(dir, 'v4.config.json'), JSON.stringify({ environments: [{ name: 'sandbox-secret', provider: 'ignisign-v4', baseUrl: origin(), appId, appEnv }] }));
        for (const [file, environment] of [['a.ignisign-v4.json', 'sandbox-secret'], ['a.ignisign.json', 'local-sandbox'], ['a.zigned.json', 'local-sandbox']]) {
          const { code, stderr } = await runCli(['send', file, '--env', environment, '--config', 'v4.config.json'], dir, env);
          assert.equal(code, 0, `${file}: ${stderr}`);
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      const log = await logged();
      assert.deepEqual(
        log.map((r) => `${r.method} ${r.path}`),
        ['POST /v4/auth/app-api', `PUT /v4/signature-requests/${IGNISIGN_DRAFT}`, 'POST /v3/auth/app-api', `PUT /v3/signature-requests/${IGNISIGN_DRAFT}`, 'POST /oauth/token', `PUT /rest/v3/agreements/${ZIGNED_DRAFT}`],
      );
      assert.equal(JSON.parse(log[0].body).secret, '***');
      assert.equal(JSON.parse(log[0].body).appId, sandbox.description.ignisign.appId, 'what is not a credential is shown');
      assert.equal(new URLSearchParams(log[4].body).get('client_secret'), '***');
      assert.equal(new URLSearchParams(log[4].body).get('client_id'), sandbox.description.zigned.clientId);
      assert.equal(log[1].headers.authorization, 'Bearer ***');
      assert.equal(log[1].body, '{"title":"Logged v4"}', 'an update body is logged as sent');
      assertAbsent(JSON.stringify(log), [sandbox.description.ignisign.secret, sandbox.description.zigned.clientSecret]);
      assert.doesNotMatch(JSON.stringify(log), /eyJ[\w-]+\.[\w-]+\./, 'no token');
    });

    it('any route, any encoding: JSON (whatever its Content-Type, nested), form, multipart, query string, Basic and Bearer, credential headers and cookies', async () => {
      const secrets = {
        jsonLogin: 'json-client-secret-1a2b3c',
        form: 'p@ss/wörd+form&=1',
        basic: 'basic-password-4d5e6f',
        query: 'query-token-7g8h9i',
        queryKey: 'query-api-key-0j1k2l',
        textPlain: 'text-plain-password-3m4n',
        multipart: 'multipart-secret-5o6p7q',
        apiKeyHeader: 'header-api-key-8r9s0t',
        cookie: 'cookie-session-1u2v3w',
        bearer: 'bearer-token-not-a-jwt-4x5y',
        nested: 'nested-credential-6z7a8b',
        jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
      };
      const send = (method: string, route: string, init: { headers?: Record<string, string>; body?: string } = {}) => fetch(`${origin()}${route}`, { method, headers: init.headers, body: init.body });
      await send('POST', '/oauth/token', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'someone', client_secret: secrets.jsonLogin }) });
      await send('POST', '/oauth/token', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'someone', client_secret: secrets.form }).toString() });
      await send('POST', '/oauth/token', { headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`someone:${secrets.basic}`).toString('base64')}` }, body: 'grant_type=client_credentials' });
      await send('GET', `/rest/v3/agreements/${ZIGNED_DRAFT}?access_token=${secrets.query}&api_key=${secrets.queryKey}&page=2`);
      await send('PUT', `/v3/signature-requests/${IGNISIGN_DRAFT}`, { headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ title: 'x', password: secrets.textPlain }) });
      const boundary = 'XyZboundary';
      const multipart = [`--${boundary}`, 'Content-Disposition: form-data; name="appId"', '', 'appId_sandbox', `--${boundary}`, 'Content-Disposition: form-data; name="secret"', 'Content-Type: text/plain', '', secrets.multipart, `--${boundary}--`, ''].join('\r\n');
      await send('POST', '/v4/auth/app-api', { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: multipart });
      await send('GET', `/v3/signature-requests/${IGNISIGN_DRAFT}/context`, { headers: { 'x-api-key': secrets.apiKeyHeader, cookie: `session=${secrets.cookie}; theme=dark` } });
      await send('PUT', '/nowhere', {
        headers: { authorization: `Bearer ${secrets.bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ note: `the token was ${secrets.bearer}`, auth: { credentials: { x: secrets.nested } }, seen: secrets.jwt }),
      });

      const log = await logged();
      assert.equal(log.length, 8);
      assertAbsent(JSON.stringify(log), [...Object.values(secrets), Buffer.from(`someone:${secrets.basic}`).toString('base64')]);
      // Masked, not dropped: the rest of each request is still there to check.
      assert.equal(JSON.parse(log[0].body).client_secret, '***');
      assert.equal(JSON.parse(log[0].body).client_id, 'someone');
      assert.equal(new URLSearchParams(log[1].body).get('client_secret'), '***');
      assert.equal(log[2].headers.authorization, 'Basic ***');
      assert.equal(log[3].path, `/rest/v3/agreements/${ZIGNED_DRAFT}?access_token=***&api_key=***&page=2`);
      assert.deepEqual(JSON.parse(log[4].body), { title: 'x', password: '***' });
      assert.match(log[5].body, /name="appId"\r\n\r\nappId_sandbox/);
      assert.equal(log[6].headers['x-api-key'], '***');
      assert.equal(log[6].headers.cookie, '***');
      assert.deepEqual(JSON.parse(log[7].body), { note: 'the token was ***', auth: { credentials: '***' }, seen: '***' });
    });
  });

  it('esign-drafts sandbox prints each request with the same credentials masked in its query', async () => {
    const out: string[] = [];
    const controller = new AbortController();
    let started: (line: string) => void = () => undefined;
    const first = new Promise<string>((resolve) => (started = resolve));
    const running = runSandboxCommand(['--port', '0'], { stdout: (line) => (out.push(line), out.length === 1 && started(line)), stderr: () => undefined }, { signal: controller.signal });
    const description = JSON.parse(await first);
    const token = 'printed-query-token-9c8d7e';
    await (await fetch(`${description.ignisign.baseUrl}/v3/signature-requests/${IGNISIGN_DRAFT}/context?access_token=${token}&secret=${description.ignisign.secret}&view=full`)).arrayBuffer();
    controller.abort();
    assert.equal(await running, 0);
    // The first lines describe the sandbox (its own fake credentials included, on purpose); then the requests.
    const printed = out.filter((line) => / → \d{3} /.test(line)).join('\n');
    assert.match(printed, new RegExp(`GET /v3/signature-requests/${IGNISIGN_DRAFT}/context\\?access_token=\\*\\*\\*&secret=\\*\\*\\*&view=full → 401`));
    assert.ok(!printed.includes(token) && !printed.includes(description.ignisign.secret), printed);
  });

  describe('bounded in bytes, keeping only what it shows (round three, item 7)', () => {
    it(`after many large requests the log holds at most ${MAX_LOG_BYTES} bytes, the newest kept, each body cut at ${MAX_LOGGED_BODY_CHARS} characters`, async () => {
      const body = JSON.stringify({ title: 'y'.repeat(300 * 1024) });
      const count = Math.ceil(MAX_LOG_BYTES / MAX_LOGGED_BODY_CHARS) + 16;
      for (let n = 0; n < count; n++) {
        const answer = await fetch(`${origin()}/v3/signature-requests/${IGNISIGN_DRAFT}?n=${n}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
        await answer.arrayBuffer();
      }
      const log = await logged();
      const bytes = log.reduce((sum, r) => sum + Buffer.byteLength(r.body) + Buffer.byteLength(r.path) + Buffer.byteLength(r.method) + Buffer.byteLength(r.receivedAt) + Object.entries(r.headers).reduce((s, [k, v]) => s + Buffer.byteLength(k) + Buffer.byteLength(v), 0), 0);
      assert.ok(bytes <= MAX_LOG_BYTES, `${bytes} bytes held, at most ${MAX_LOG_BYTES}`);
      assert.ok(log.length < count, `${log.length} of ${count} requests kept`);
      assert.ok(log.length >= Math.floor(MAX_LOG_BYTES / (MAX_LOGGED_BODY_CHARS + 1024)), `as many as fit are kept (${log.length})`);
      assert.equal(log.at(-1)!.path, `/v3/signature-requests/${IGNISIGN_DRAFT}?n=${count - 1}`, 'the newest is kept');
      for (const r of log) assert.match(r.body, new RegExp(`…\\[cut: ${Buffer.byteLength(body)} bytes in all\\]$`));
    });

    it('large bodies leave only the shown part in memory (heap after a full collection)', async () => {
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc') as () => void;
      const requests = 12;
      const body = JSON.stringify({ title: 'z'.repeat(4 * 1024 * 1024) });
      const send = async () => (await fetch(`${origin()}/v3/signature-requests/${IGNISIGN_DRAFT}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body })).arrayBuffer();
      await send();
      sandbox.clearRequests();
      gc();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < requests; i++) await send();
      gc();
      const grown = process.memoryUsage().heapUsed - before;
      assert.equal((await logged()).length, requests);
      // Kept whole, the bodies would be 48 MB; the shown parts are 3 MB.
      assert.ok(grown < 16 * 1024 * 1024, `the heap grew by ${Math.round(grown / 1024 / 1024)} MB for ${requests} bodies of 4 MB`);
    });
  });
});
