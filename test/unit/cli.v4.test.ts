import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server';
import { REPO_ROOT } from './lintSupport';
import { CLI, runCli } from '../support/runCli';

const PAYLOADS = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace', 'payloads');

const run = runCli;

describe('esign-drafts lint and send for Ignisign v4 files (the built CLI, against the sandbox)', function () {
  this.timeout(30_000);
  let sandbox: RunningSandbox;
  let dir: string;
  let env: Record<string, string>;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    env = { ESIGN_DRAFTS_SANDBOX_PORT: String(sandbox.port) };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-v4-'));
    fs.copyFileSync(path.join(PAYLOADS, 'clean.ignisign-v4.json'), path.join(dir, 'clean.ignisign-v4.json'));
    const baseUrl = `http://127.0.0.1:${sandbox.port}`;
    fs.writeFileSync(
      path.join(dir, 'esign-drafts.config.json'),
      JSON.stringify({
        environments: [
          { name: 'with-key', provider: 'ignisign-v4', baseUrl },
          { name: 'with-secret', provider: 'ignisign-v4', baseUrl, appId: sandbox.description.ignisign.appId, appEnv: 'DEVELOPMENT' },
        ],
      }),
    );
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  it('lint: a clean v4 file exits 0 with no problems', async () => {
    const { code, stdout } = await run(['lint', 'clean.ignisign-v4.json'], dir);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /1 file checked, no problems/);
  });

  it('send to the built-in local-sandbox: PUT /v4/… with the sandbox API key, no login', async () => {
    const { code, stdout, stderr } = await run(['send', 'clean.ignisign-v4.json', '--env', 'local-sandbox', '--format', 'json'], dir, env);
    assert.equal(code, 0, stderr);
    const result = JSON.parse(stdout);
    assert.deepEqual(result.request, { method: 'PUT', url: `http://127.0.0.1:${sandbox.port}/v4/signature-requests/65f1c2a9e4b0a1b2c3d4e5f6` });
    assert.equal(result.body.defaultSignatureMethod, 'SIMPLE_STD');
    assert.deepEqual(sandbox.requests.map((r) => r.method), ['PUT']);
  });

  it('ESIGN_DRAFTS_SECRET with an skv2_ key: the key is the bearer, no appId needed, never printed', async () => {
    const key = sandbox.description.ignisign.apiKey;
    const { code, stdout, stderr } = await run(['send', 'clean.ignisign-v4.json', '--env', 'with-key'], dir, { ...env, ESIGN_DRAFTS_SECRET: key });
    assert.equal(code, 0, stdout + stderr);
    assert.deepEqual(sandbox.requests.map((r) => `${r.method} ${r.path}`), ['PUT /v4/signature-requests/65f1c2a9e4b0a1b2c3d4e5f6']);
    assert.ok(!stdout.includes(key) && !stderr.includes(key));
  });

  it('ESIGN_DRAFTS_SECRET_<ENV> with an app secret: login at /v4/auth/app-api (the suffixed variable wins)', async () => {
    const secret = sandbox.description.ignisign.secret;
    const { code, stdout, stderr } = await run(['send', 'clean.ignisign-v4.json', '--env', 'with-secret', '--format', 'json'], dir, { ...env, ESIGN_DRAFTS_SECRET: 'skv2_wrong', ESIGN_DRAFTS_SECRET_WITH_SECRET: secret });
    assert.equal(code, 0, stdout + stderr);
    assert.deepEqual(sandbox.requests.map((r) => `${r.method} ${r.path}`), ['POST /v4/auth/app-api', 'PUT /v4/signature-requests/65f1c2a9e4b0a1b2c3d4e5f6']);
    assert.ok(!stdout.includes(secret) && !stderr.includes(secret));
  });

  it('an app secret for an environment without appId/appEnv: exit 2, saying what is needed, nothing sent', async () => {
    const { code, stderr } = await run(['send', 'clean.ignisign-v4.json', '--env', 'with-key'], dir, { ...env, ESIGN_DRAFTS_SECRET: 'sk_development_not_a_key' });
    assert.equal(code, 2);
    assert.match(stderr, /not an skv2_… API key.*appId.*appEnv/);
    assert.ok(!stderr.includes('sk_development_not_a_key'));
    assert.equal(sandbox.requests.length, 0);
  });

  it('an unknown API key: exit 1 with the API\'s 401 API_KEY_NOT_FOUND', async () => {
    const { code, stdout } = await run(['send', 'clean.ignisign-v4.json', '--env', 'with-key', '--format', 'json'], dir, { ...env, ESIGN_DRAFTS_SECRET: 'skv2_unknown_key_000000' });
    assert.equal(code, 1, stdout);
    const result = JSON.parse(stdout);
    assert.equal(result.status, 401);
    assert.equal(result.body.code, 'API_KEY_NOT_FOUND');
    assert.ok(!stdout.includes('skv2_unknown_key_000000'));
  });

  it('the sandbox command describes the API key on its first line', async () => {
    const child = spawn(process.execPath, [CLI, 'sandbox', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const end = out.indexOf('\n');
          if (end >= 0) resolve(out.slice(0, end));
        });
        child.on('error', reject);
      });
      assert.match(JSON.parse(line).ignisign.apiKey, /^skv2_/);
    } finally {
      child.kill();
    }
  });
});
