import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server';
import { REPO_ROOT } from './lintSupport';
import { runCli } from '../support/runCli';

const PAYLOADS = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace', 'payloads');

const run = runCli;

describe('esign-drafts send (the built CLI, against the sandbox)', function () {
  this.timeout(30_000);
  let sandbox: RunningSandbox;
  let dir: string;
  let env: Record<string, string>;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    env = { ESIGN_DRAFTS_SANDBOX_PORT: String(sandbox.port) };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-send-'));
    for (const name of ['clean.ignisign.json', 'clean.zigned.json', 'warnings.ignisign.json']) fs.copyFileSync(path.join(PAYLOADS, name), path.join(dir, name));
    for (const name of ['unknown-id.ignisign.json', 'variables.zigned.json']) fs.copyFileSync(path.join(PAYLOADS, 'send', name), path.join(dir, name));
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  it('exit 0 and the documented JSON on success; the file is untouched', async () => {
    const before = fs.readFileSync(path.join(dir, 'clean.ignisign.json'));
    const { code, stdout, stderr } = await run(['send', 'clean.ignisign.json', '--env', 'local-sandbox', '--format', 'json'], dir, env);
    assert.equal(code, 0, stderr);
    const result = JSON.parse(stdout);
    assert.deepEqual(Object.keys(result).sort(), ['body', 'drift', 'durationMs', 'ok', 'request', 'status', 'summary']);
    assert.equal(result.ok, true);
    assert.equal(result.status, 200);
    assert.deepEqual(result.request, { method: 'PUT', url: `http://127.0.0.1:${sandbox.port}/v3/signature-requests/65f1c2a9e4b0a1b2c3d4e5f6` });
    assert.equal(result.body._id, '65f1c2a9e4b0a1b2c3d4e5f6');
    assert.deepEqual(fs.readFileSync(path.join(dir, 'clean.ignisign.json')), before);
  });

  it('text output with the summary for Zigned', async () => {
    const { code, stdout } = await run(['send', 'clean.zigned.json', '--env', 'local-sandbox'], dir, env);
    assert.equal(code, 0);
    assert.match(stdout, /^200 OK in/m);
    assert.match(stdout, /Trust level: AES/);
  });

  it('exit 1 when the API answers an error status, with the error kind', async () => {
    const { code, stdout } = await run(['send', 'unknown-id.ignisign.json', '--env', 'local-sandbox', '--format', 'json'], dir, env);
    assert.equal(code, 1);
    const result = JSON.parse(stdout);
    assert.equal(result.status, 404);
    assert.equal(result.error.kind, 'http');
    assert.equal(result.body.code, 'SIGNATURE_REQUEST_NOT_FOUND');
  });

  it('exit 4 when lint errors block the send, and nothing is sent', async () => {
    const { code, stderr } = await run(['send', 'warnings.ignisign.json', '--env', 'local-sandbox', '--id', '65f1c2a9e4b0a1b2c3d4e5f6'], dir, env);
    assert.equal(code, 4);
    assert.match(stderr, /unknown-property/);
    assert.equal(sandbox.requests.length, 0);
  });

  it('exit 4 for an unresolved variable; variables come from the config file', async () => {
    assert.equal((await run(['send', 'variables.zigned.json', '--env', 'local-sandbox'], dir, env)).code, 4);
    fs.writeFileSync(path.join(dir, 'vars.config.json'), JSON.stringify({ environments: [{ name: 'local-sandbox', provider: 'zigned', variables: { orderKey: 'k-1' } }] }));
    const { code, stderr } = await run(['send', 'variables.zigned.json', '--env', 'local-sandbox', '--config', 'vars.config.json'], dir, env);
    assert.equal(code, 0, stderr);
    assert.equal(JSON.parse(sandbox.requests.find((r) => r.method === 'PUT')!.body).lookup_key, 'k-1');
  });

  it('exit 3 when nobody answers, and for a host the trust rules refuse', async () => {
    const refused = await run(['send', 'clean.zigned.json', '--env', 'local-sandbox', '--format', 'json'], dir, { ESIGN_DRAFTS_SANDBOX_PORT: '1' });
    assert.equal(refused.code, 3);
    assert.equal(JSON.parse(refused.stdout).error.kind, 'network');
    fs.writeFileSync(path.join(dir, 'foreign.config.json'), JSON.stringify({ environments: [{ name: 'foreign', provider: 'zigned', baseUrl: 'https://zigned.example.invalid/rest/v3' }] }));
    const secrets = { ESIGN_DRAFTS_CLIENT_ID: 'id', ESIGN_DRAFTS_CLIENT_SECRET: 'very-secret-value-1234' };
    const untrusted = await run(['send', 'clean.zigned.json', '--env', 'foreign', '--config', 'foreign.config.json', '--format', 'json'], dir, { ...env, ...secrets });
    assert.equal(untrusted.code, 3);
    const result = JSON.parse(untrusted.stdout);
    assert.equal(result.error.kind, 'trust');
    assert.match(result.error.message, /--allow-host zigned\.example\.invalid/);
    assert.ok(!untrusted.stdout.includes('very-secret-value-1234') && !untrusted.stderr.includes('very-secret-value-1234'));
  });

  it('exit 2 for usage errors: unknown environment, missing credentials, unreadable file', async () => {
    const cases: [string[], RegExp][] = [
      [['send', 'clean.zigned.json', '--env', 'nope'], /Unknown environment "nope".*local-sandbox/],
      [['send', 'missing.zigned.json', '--env', 'local-sandbox'], /Cannot read/],
      [['send', 'clean.zigned.json', '--env', 'local-sandbox', '--format', 'xml'], /--format/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await run(args, dir, env);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, message);
    }
    fs.writeFileSync(path.join(dir, 'binary.ignisign.json'), Buffer.from([0x7b, 0x00, 0x01, 0xff, 0x7d]));
    const binary = await run(['send', 'binary.ignisign.json', '--env', 'local-sandbox'], dir, env);
    assert.equal(binary.code, 2);
    assert.match(binary.stderr, /binary|UTF-8/i);
    fs.writeFileSync(path.join(dir, 'staging.config.json'), JSON.stringify({ environments: [{ name: 'staging-eu', provider: 'zigned' }] }));
    const missing = await run(['send', 'clean.zigned.json', '--env', 'staging-eu', '--config', 'staging.config.json'], dir, env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /ESIGN_DRAFTS_CLIENT_ID_STAGING_EU or ESIGN_DRAFTS_CLIENT_ID/);
  });

  it('secrets come from environment variables (the suffixed one wins) and are never printed', async () => {
    fs.writeFileSync(
      path.join(dir, 'sbx.config.json'),
      JSON.stringify({ environments: [{ name: 'sandbox-copy', provider: 'ignisign', baseUrl: `http://127.0.0.1:${sandbox.port}`, appId: sandbox.description.ignisign.appId, appEnv: 'DEVELOPMENT' }] }),
    );
    const secret = sandbox.description.ignisign.secret;
    const { code, stdout, stderr } = await run(['send', 'clean.ignisign.json', '--env', 'sandbox-copy', '--config', 'sbx.config.json'], dir, { ...env, ESIGN_DRAFTS_SECRET: 'wrong-one', ESIGN_DRAFTS_SECRET_SANDBOX_COPY: secret });
    assert.equal(code, 0, stdout + stderr);
    assert.ok(!stdout.includes(secret) && !stderr.includes(secret));
    const wrong = await run(['send', 'clean.ignisign.json', '--env', 'sandbox-copy', '--config', 'sbx.config.json', '--format', 'json'], dir, { ...env, ESIGN_DRAFTS_SECRET: 'wrong-one' });
    assert.equal(wrong.code, 3);
    assert.equal(JSON.parse(wrong.stdout).error.kind, 'auth');
    assert.ok(!wrong.stdout.includes('wrong-one'));
  });

  it('exit 2 for a user name or password in baseUrl or tokenUrl (send, pull, diff, publish, lint --env): nothing is sent, the password is never printed', async () => {
    const password = 'hunter2-in-the-url';
    const origin = `http://127.0.0.1:${sandbox.port}`;
    const { appId, appEnv, secret } = sandbox.description.ignisign;
    const { clientId, clientSecret } = sandbox.description.zigned;
    const configs = {
      'userinfo-base.config.json': { name: 'with-password', provider: 'ignisign', baseUrl: `http://apiuser:${password}@127.0.0.1:${sandbox.port}`, appId, appEnv },
      'userinfo-user.config.json': { name: 'with-password', provider: 'ignisign', baseUrl: `HTTP://${password}@127.0.0.1:${sandbox.port}/`, appId, appEnv },
      'userinfo-token.config.json': { name: 'with-password', provider: 'zigned', baseUrl: `${origin}/rest/v3`, tokenUrl: `http://client:${password}@127.0.0.1:${sandbox.port}/oauth/token` },
    };
    const secrets = { ESIGN_DRAFTS_SECRET: secret, ESIGN_DRAFTS_CLIENT_ID: clientId, ESIGN_DRAFTS_CLIENT_SECRET: clientSecret };
    for (const [name, environment] of Object.entries(configs)) {
      fs.writeFileSync(path.join(dir, name), JSON.stringify({ environments: [environment] }));
      const file = environment.provider === 'zigned' ? 'clean.zigned.json' : 'clean.ignisign.json';
      for (const command of ['send', 'pull', 'diff', 'publish', 'lint']) {
        const args = [command, file, '--env', 'with-password', '--config', name, ...(command === 'lint' ? [] : ['--id', environment.provider === 'zigned' ? 'clx0f3k2p0000abcd1234efgh' : '65f1c2a9e4b0a1b2c3d4e5f6'])];
        for (const format of [[], ['--format', 'json']]) {
          const { code, stdout, stderr } = await run([...args, ...format], dir, { ...env, ...secrets });
          assert.equal(code, 2, `${name}: ${args.join(' ')}: ${stdout}${stderr}`);
          assert.match(stderr, new RegExp(`"(baseUrl|tokenUrl)" holds a user name or password`), args.join(' '));
          assert.ok(!stdout.includes(password) && !stderr.includes(password), `${args.join(' ')} does not print the password`);
        }
      }
    }
    assert.deepEqual(sandbox.requests, [], 'nothing was sent');
    // An @ in the path or the query is no user info.
    fs.writeFileSync(path.join(dir, 'at-in-path.config.json'), JSON.stringify({ environments: [{ name: 'at-path', provider: 'zigned', baseUrl: `${origin}/rest/v3?x=a@b`, tokenUrl: `${origin}/oauth/token#me@here` }] }));
    const atInPath = await run(['pull', 'clean.zigned.json', '--env', 'at-path', '--config', 'at-in-path.config.json'], dir, { ...env, ...secrets });
    assert.doesNotMatch(atInPath.stderr, /user name or password/);
  });

  it('--format json carries the response summary and its drift findings, as the text output shows them (CI can act on them)', async () => {
    const { code, stdout, stderr } = await run(['send', 'clean.zigned.json', '--env', 'local-sandbox', '--format', 'json'], dir, env);
    assert.equal(code, 0, stderr);
    const result = JSON.parse(stdout);
    assert.equal(typeof result.summary.title, 'string');
    assert.ok(result.summary.fields.some((f: { label: string; value: string }) => f.label === 'Trust level' && f.value === 'AES'), JSON.stringify(result.summary));
    assert.deepEqual(result.drift, []);
    // The sandbox answers with a field the documented response does not have: the drift is in the JSON.
    await fetch(`http://127.0.0.1:${sandbox.port}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method: 'PUT', status: 200, times: 2, body: { data: { id: 'clx0f3k2p0000abcd1234efgh', status: 'draft', surprise_field: 1 } } }) });
    const drifted = await run(['send', 'clean.zigned.json', '--env', 'local-sandbox', '--format', 'json'], dir, env);
    const text = await run(['send', 'clean.zigned.json', '--env', 'local-sandbox'], dir, env);
    const driftJson = JSON.parse(drifted.stdout).drift as { path: string; message: string }[];
    assert.ok(driftJson.length > 0, drifted.stdout);
    for (const finding of driftJson) assert.ok(text.stdout.includes(`API drift at ${finding.path}`), `the text shows ${finding.path} too`);
  });

  it('an error status: the JSON summary explains it (the status printed once)', async () => {
    const { code, stdout } = await run(['send', 'unknown-id.ignisign.json', '--env', 'local-sandbox', '--format', 'json'], dir, env);
    assert.equal(code, 1);
    const result = JSON.parse(stdout);
    assert.equal(result.summary.explanation.code, 'SIGNATURE_REQUEST_NOT_FOUND');
    assert.ok(Array.isArray(result.drift));
  });

  it('without --env or "$request.environment": sends to local-sandbox, as the editor does, and says so in one line on stderr', async () => {
    fs.writeFileSync(path.join(dir, 'no-env.zigned.json'), JSON.stringify({ $request: { id: 'clx0f3k2p0000abcd1234efgh' }, trust_level: 'SES' }));
    const { code, stdout, stderr } = await run(['send', 'no-env.zigned.json', '--format', 'json'], dir, env);
    assert.equal(code, 0, stderr);
    assert.equal(JSON.parse(stdout).status, 200, 'stdout stays the JSON result');
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr, new RegExp(`^No --env and no "\\$request\\.environment" in no-env\\.zigned\\.json: using local-sandbox \\(port ${sandbox.port}\\)`));
    assert.doesNotMatch(stderr, /Usage:/);
    assert.ok(sandbox.requests.some((r) => r.method === 'PUT'));
  });
});
