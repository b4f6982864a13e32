/**
 * Web pages must not drive the local sandbox: a form POST from any site the user visits reached
 * /__sandbox/reset, /__sandbox/expire-tokens and Zigned's form-encoded POST /oauth/token. Through
 * the built `esign-drafts sandbox --port 0` in its own process, with the headers browsers send;
 * the same requests without them (node-fetch, curl) keep working.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './lintSupport';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const IGNISIGN_DRAFT = '65f1c2a9e4b0a1b2c3d4e5f6';
const EVIL = 'https://evil.example';
/** What a browser adds to a form a page at evil.example submits to the sandbox. */
const CROSS_SITE_FORM = { origin: EVIL, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document', 'content-type': 'application/x-www-form-urlencoded' };

interface Answer {
  status: number;
  body: any;
}

/** A raw request (node:http adds no Origin or Sec-Fetch-* header of its own, unlike Node's fetch). */
function request(port: number, method: string, urlPath: string, headers: Record<string, string> = {}, body = ''): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => {
        assert.equal(res.headers['content-type'], 'application/json; charset=utf-8', `${method} ${urlPath} answers JSON`);
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const WHY = /the sandbox refuses requests from web pages, so that a site you visit cannot reset it, expire its tokens, inject faults or send updates through it\. Tools \(the extension, the CLI, curl, node-fetch\) send no Origin header and are not affected\./;

describe('sandbox: requests from web pages are refused (esign-drafts sandbox, a real process)', function () {
  this.timeout(20_000);
  let child: ChildProcess;
  let port: number;
  let description: any;

  before(async () => {
    child = spawn(process.execPath, [CLI, 'sandbox', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = createInterface({ input: child.stdout! });
    description = await new Promise((resolve, reject) => {
      lines.once('line', (line) => resolve(JSON.parse(line)));
      child.once('exit', (code) => reject(new Error(`the sandbox exited (${code})`)));
    });
    port = Number(new URL(description.ignisign.baseUrl).port);
  });
  after(() => {
    child.kill('SIGINT');
  });

  async function ignisignToken(): Promise<string> {
    const { appId, appEnv, secret } = description.ignisign;
    const answer = await request(port, 'POST', '/v3/auth/app-api', { 'content-type': 'application/json' }, JSON.stringify({ appId, appEnv, secret }));
    assert.equal(answer.status, 200);
    return answer.body.jwtToken;
  }

  async function title(token: string): Promise<unknown> {
    const context = await request(port, 'GET', `/v3/signature-requests/${IGNISIGN_DRAFT}/context`, { authorization: `Bearer ${token}` });
    assert.equal(context.status, 200, JSON.stringify(context.body));
    return context.body.title;
  }

  it('refuses a cross-site form POST to the controls (reset, expire tokens, faults) with 403 and changes nothing', async () => {
    const token = await ignisignToken();
    const put = await request(port, 'PUT', `/v3/signature-requests/${IGNISIGN_DRAFT}`, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, '{"title":"Kept"}');
    assert.equal(put.status, 200);
    for (const control of ['/__sandbox/reset', '/__sandbox/expire-tokens', '/__sandbox/faults', '/__sandbox/requests']) {
      for (const method of control === '/__sandbox/requests' ? ['DELETE'] : ['POST']) {
        const answer = await request(port, method, control, CROSS_SITE_FORM, 'status=500');
        assert.equal(answer.status, 403, `${method} ${control}`);
        assert.equal(answer.body.status, 403);
        assert.match(answer.body.message, new RegExp(`^Origin "https://evil\\.example" is not the sandbox's own \\(http://127\\.0\\.0\\.1:${port}\\): `));
        assert.match(answer.body.message, WHY);
      }
    }
    // A JSON POST from a page (fetch with no-cors cannot set JSON; this one says where it comes from) is refused too.
    const json = await request(port, 'POST', '/__sandbox/faults', { origin: EVIL, 'content-type': 'application/json' }, '{"status":500}');
    assert.equal(json.status, 403);
    // Nothing happened: the update is still there, the token still valid, no fault pending.
    assert.equal(await title(token), 'Kept');
    assert.deepEqual((await request(port, 'GET', '/__sandbox/faults')).body, []);
  });

  it('refuses a control POST from a browser even without Origin (Sec-Fetch-* headers of a navigation)', async () => {
    const answer = await request(port, 'POST', '/__sandbox/reset', { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'navigate' });
    assert.equal(answer.status, 403);
    assert.match(answer.body.message, /^POST on a sandbox control from a browser/);
    const link = await request(port, 'POST', '/__sandbox/expire-tokens', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' });
    assert.equal(link.status, 403);
    assert.match(link.body.message, /^Sec-Fetch-Site "cross-site": the browser says this request comes from another site;/);
  });

  it('refuses a form-encoded POST /oauth/token from a browser in the OAuth error shape, even from its own origin', async () => {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: description.zigned.clientId, client_secret: description.zigned.clientSecret }).toString();
    for (const headers of [CROSS_SITE_FORM, { ...CROSS_SITE_FORM, origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' }, { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-mode': 'navigate' }]) {
      const answer = await request(port, 'POST', '/oauth/token', headers, form);
      assert.equal(answer.status, 403, JSON.stringify(headers));
      assert.equal(answer.body.error, 'invalid_request');
      assert.match(answer.body.error_description, WHY);
      assert.equal(answer.body.access_token, undefined);
    }
  });

  it('refuses an API request carrying another Origin in the provider shape, and does not log it', async () => {
    await request(port, 'DELETE', '/__sandbox/requests');
    const ignisign = await request(port, 'POST', '/v3/auth/app-api', { origin: EVIL, 'content-type': 'application/json' }, JSON.stringify(description.ignisign));
    assert.equal(ignisign.status, 403);
    assert.equal(ignisign.body.code, 'INVALID_CONTEXT_RIGHT_NOT_ALLOWED');
    assert.match(ignisign.body.message, WHY);
    const zigned = await request(port, 'GET', `/rest/v3/agreements/x`, { origin: 'null' });
    assert.equal(zigned.status, 403);
    assert.equal(zigned.body.status, 'error');
    assert.match(zigned.body.error.message, /^Origin "null" is not the sandbox's own/);
    assert.deepEqual((await request(port, 'GET', '/__sandbox/requests')).body, [], 'refused requests are not logged');
  });

  it('serves tools as before: no Origin (node-fetch, curl), Node fetch (Sec-Fetch-Mode: cors), and its own origin', async () => {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: description.zigned.clientId, client_secret: description.zigned.clientSecret }).toString();
    assert.equal((await request(port, 'POST', '/oauth/token', { 'content-type': 'application/x-www-form-urlencoded' }, form)).status, 200);
    assert.equal((await request(port, 'POST', '/oauth/token', { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-mode': 'cors' }, form)).status, 200);
    const viaFetch = await fetch(`http://127.0.0.1:${port}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    assert.equal(viaFetch.status, 200, 'Node fetch adds Sec-Fetch-Mode: cors and is still a tool');
    assert.equal((await request(port, 'POST', '/__sandbox/reset')).status, 200);
    assert.equal((await request(port, 'GET', '/__sandbox/description', { origin: `http://localhost:${port}` })).status, 200);
    // Typing the address in a browser (a navigation, not from another site) still shows the description.
    assert.equal((await request(port, 'GET', '/', { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate' })).status, 200);
  });
});
