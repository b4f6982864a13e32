import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server';
import { startCountingProxy, startTlsFront, type CountingProxy } from '../support/countingProxy';
import { makeTestCertificates } from '../support/faultPeer';
import { REPO_ROOT } from './lintSupport';
import { runCli as run } from '../support/runCli';

const PAYLOADS = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace', 'payloads');

describe('esign-drafts --dotenv (the built CLI, against the sandbox)', function () {
  this.timeout(30_000);
  let sandbox: RunningSandbox;
  let dir: string;
  let env: Record<string, string>;
  let secret: string;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    env = { ESIGN_DRAFTS_SANDBOX_PORT: String(sandbox.port) };
    secret = sandbox.description.ignisign.secret;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-envfile-'));
    fs.copyFileSync(path.join(PAYLOADS, 'clean.ignisign.json'), path.join(dir, 'clean.ignisign.json'));
    fs.writeFileSync(
      path.join(dir, 'esign-drafts.config.json'),
      JSON.stringify({ environments: [{ name: 'sandbox-copy', provider: 'ignisign', baseUrl: `http://127.0.0.1:${sandbox.port}`, appId: sandbox.description.ignisign.appId, appEnv: 'DEVELOPMENT' }] }),
    );
  });
  after(async () => {
    await sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => sandbox.reset());

  const send = (envFile: string, extraEnv: Record<string, string> = {}, command = 'send') => run([command, 'clean.ignisign.json', '--env', 'sandbox-copy', '--dotenv', envFile, '--format', 'json'], dir, { ...env, ...extraEnv });

  it('send, pull and diff take their secrets from the file (comments, export, quotes); the secret is never printed', async () => {
    fs.writeFileSync(path.join(dir, 'ci.env'), `# CI secrets\n\nexport ESIGN_DRAFTS_SECRET_SANDBOX_COPY="${secret}"\nOTHER='a value' # note\n`);
    for (const command of ['send', 'pull', 'diff']) {
      const { code, stdout, stderr } = await send('ci.env', {}, command);
      assert.equal(code, 0, `${command}: ${stdout}${stderr}`);
      assert.ok(!stdout.includes(secret) && !stderr.includes(secret), command);
    }
    assert.ok(sandbox.requests.some((r) => r.method === 'PUT'), 'the send reached the sandbox');
  });

  it('publish takes --dotenv too (its lint and readiness gates run with the file\'s secret)', async () => {
    fs.writeFileSync(path.join(dir, 'ci.env'), `ESIGN_DRAFTS_SECRET=${secret}\n`);
    const { code, stdout, stderr } = await run(['publish', 'clean.ignisign.json', '--env', 'sandbox-copy', '--dotenv', 'ci.env', '--format', 'json'], dir, env);
    assert.notEqual(code, 2, stdout + stderr);
    assert.notEqual(code, 3, stdout + stderr);
    assert.ok(sandbox.requests.some((r) => r.method === 'GET'), 'publish pulled with the file\'s secret');
    assert.ok(!stdout.includes(secret) && !stderr.includes(secret));
  });

  it('a variable of the real environment wins over the file', async () => {
    fs.writeFileSync(path.join(dir, 'wrong.env'), 'ESIGN_DRAFTS_SECRET=wrong-secret-from-file\n');
    const realWins = await send('wrong.env', { ESIGN_DRAFTS_SECRET: secret });
    assert.equal(realWins.code, 0, realWins.stdout + realWins.stderr);
    fs.writeFileSync(path.join(dir, 'right.env'), `ESIGN_DRAFTS_SECRET=${secret}\n`);
    const realStillWins = await send('right.env', { ESIGN_DRAFTS_SECRET: 'wrong-secret-from-the-shell' });
    assert.equal(realStillWins.code, 3, realStillWins.stdout + realStillWins.stderr);
    assert.equal(JSON.parse(realStillWins.stdout).error.kind, 'auth');
  });

  it('a secret from the file is masked when a server echoes it', async () => {
    const echoed = 'file-secret-0123456789abcdef';
    const echo = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 'INVALID_SECRET', message: `secret ${echoed} is not valid` }));
      });
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    try {
      const port = (echo.address() as AddressInfo).port;
      fs.writeFileSync(path.join(dir, 'echo.config.json'), JSON.stringify({ environments: [{ name: 'echo', provider: 'ignisign', baseUrl: `http://127.0.0.1:${port}`, appId: 'app', appEnv: 'DEVELOPMENT' }] }));
      fs.writeFileSync(path.join(dir, 'echo.env'), `ESIGN_DRAFTS_SECRET="${echoed}"\n`);
      for (const format of ['json', 'text']) {
        const { code, stdout, stderr } = await run(['send', 'clean.ignisign.json', '--env', 'echo', '--config', 'echo.config.json', '--dotenv', 'echo.env', '--format', format], dir, env);
        assert.equal(code, 3, stdout + stderr);
        assert.ok(!stdout.includes(echoed) && !stderr.includes(echoed), `${format}: ${stdout}${stderr}`);
        assert.match(stdout + stderr, /secret \*\*\* is not valid/, format);
      }
    } finally {
      echo.close();
    }
  });

  it('exit 2 at once for an env file that is missing, a FIFO, a link to /dev/zero or a directory, for every command that takes it', async () => {
    spawnSync('mkfifo', [path.join(dir, 'pipe.env')]);
    assert.ok(fs.statSync(path.join(dir, 'pipe.env')).isFIFO(), 'mkfifo made a FIFO');
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.env'));
    fs.mkdirSync(path.join(dir, 'folder.env'));
    const cases: [string, RegExp][] = [
      ['missing.env', /Cannot read --dotenv missing\.env: no such file/],
      ['pipe.env', /--dotenv pipe\.env is a FIFO \(named pipe\), not a regular file/],
      ['zero.env', /--dotenv zero\.env is a character device \(it links to \/dev\/zero\), not a regular file/],
      ['folder.env', /--dotenv folder\.env is a directory/],
    ];
    for (const command of ['send', 'pull', 'diff', 'publish', 'lint']) {
      for (const [file, message] of cases) {
        const args = command === 'lint' ? ['lint', 'clean.ignisign.json', '--dotenv', file] : [command, 'clean.ignisign.json', '--env', 'sandbox-copy', '--dotenv', file];
        const { code, stderr } = await run(args, dir, env);
        assert.equal(code, 2, `${command} ${file}: ${stderr}`);
        assert.match(stderr, message, `${command} ${file}`);
      }
    }
    assert.equal(sandbox.requests.length, 0);
  });

  it('exit 2 for a malformed line, said with its line number and without quoting the line', async () => {
    const cases: [string, RegExp][] = [
      [`# comment\nESIGN_DRAFTS_SECRET=${secret}\nsk-live-oops-pasted-alone\n`, /line 3: a name without "=value"/],
      [`A=1\n\n=sk-live-oops-no-name\n`, /line 3: the name is not a valid variable name/],
      [`A=1\nB="sk-live-never-closed\nC=3\n`, /line 2: the value's opening " quote is never closed/],
      [`A=1\n2BAD=sk-live-digit-first\n`, /line 2: the name is not a valid variable name/],
    ];
    for (const [text, message] of cases) {
      fs.writeFileSync(path.join(dir, 'bad.env'), text);
      for (const args of [['send', 'clean.ignisign.json', '--env', 'sandbox-copy'], ['lint', 'clean.ignisign.json']]) {
        const { code, stdout, stderr } = await run([...args, '--dotenv', 'bad.env'], dir, env);
        assert.equal(code, 2, `${args[0]}: ${stdout}${stderr}`);
        assert.match(stderr, message);
        assert.match(stderr, /--dotenv bad\.env, line \d+/);
        assert.ok(!stderr.includes('sk-live') && !stdout.includes('sk-live'), stderr);
      }
    }
    assert.equal(sandbox.requests.length, 0);
  });

  it('a quoted value may span lines, and double quotes expand \\n (a PEM in a variable)', async () => {
    fs.writeFileSync(path.join(dir, 'multi.env'), `KEY="-----BEGIN-----\nline\n-----END-----"\nESCAPED="a\\nb"\nESIGN_DRAFTS_SECRET=${secret}\n`);
    const { code, stdout, stderr } = await send('multi.env');
    assert.equal(code, 0, stdout + stderr);
  });

  it('--env-file (which Node reads itself, even after the script) is answered with --dotenv, exit 2', async () => {
    fs.writeFileSync(path.join(dir, 'ci.env'), `ESIGN_DRAFTS_SECRET=${secret}\n`);
    for (const args of [['send', 'clean.ignisign.json', '--env', 'sandbox-copy', '--env-file', 'ci.env'], ['lint', 'clean.ignisign.json', '--env-file=ci.env']]) {
      const { code, stderr } = await run(args, dir, env);
      assert.equal(code, 2, stderr);
      assert.match(stderr, /use --dotenv <path> for a dotenv file .*Node reads --env-file itself/);
    }
    assert.equal(sandbox.requests.length, 0);
  });

  it('lint accepts --dotenv', async () => {
    fs.writeFileSync(path.join(dir, 'ci.env'), 'ESIGN_DRAFTS_NOTHING=1\n');
    const { code, stdout, stderr } = await run(['lint', 'clean.ignisign.json', '--dotenv', 'ci.env'], dir, env);
    assert.equal(code, 0, stdout + stderr);
  });
});

describe('esign-drafts and HTTPS_PROXY / NO_PROXY (the built CLI, a counting proxy on loopback)', function () {
  this.timeout(60_000);
  let sandbox: RunningSandbox;
  let proxy: CountingProxy;
  let front: { port: number; close(): Promise<void> };
  let dir: string;
  let certsDir: string;
  let env: Record<string, string>;
  let target: string;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    proxy = await startCountingProxy();
    const certs = makeTestCertificates(os.tmpdir());
    certsDir = certs.dir;
    // https on loopback in front of the sandbox, reached as esign-sandbox.test: a name that resolves nowhere.
    front = await startTlsFront(sandbox.port, certs.selfSigned);
    target = `esign-sandbox.test:${front.port}`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-proxy-'));
    fs.copyFileSync(path.join(PAYLOADS, 'clean.ignisign.json'), path.join(dir, 'clean.ignisign.json'));
    fs.writeFileSync(
      path.join(dir, 'esign-drafts.config.json'),
      JSON.stringify({ environments: [{ name: 'remote', provider: 'ignisign', baseUrl: `https://${target}`, appId: sandbox.description.ignisign.appId, appEnv: 'DEVELOPMENT', rejectUnauthorized: false }] }),
    );
    env = { ESIGN_DRAFTS_SANDBOX_PORT: String(sandbox.port), ESIGN_DRAFTS_SECRET: sandbox.description.ignisign.secret, ESIGN_DRAFTS_ALLOWED_HOSTS: target };
  });
  after(async () => {
    await Promise.all([sandbox.close(), proxy.close(), front.close()]);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(certsDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    sandbox.reset();
    proxy.tunnels.length = 0;
    proxy.forwarded.length = 0;
    proxy.authorizations.length = 0;
  });

  const sendRemote = (extraEnv: Record<string, string>, extraArgs: string[] = []) => run(['send', 'clean.ignisign.json', '--env', 'remote', '--format', 'json', '--timeout', '10', ...extraArgs], dir, { ...env, ...extraEnv });

  it('send goes through HTTPS_PROXY with a CONNECT tunnel to the target origin (the name is never resolved by the CLI)', async () => {
    const { code, stdout, stderr } = await sendRemote({ HTTPS_PROXY: proxy.url });
    assert.equal(code, 0, stdout + stderr);
    assert.ok(proxy.tunnels.length >= 1, 'the proxy carried the connection');
    assert.ok(proxy.tunnels.every((t) => t === target), proxy.tunnels.join(', '));
    assert.equal(JSON.parse(stdout).request.url, `https://${target}/v3/signature-requests/65f1c2a9e4b0a1b2c3d4e5f6`);
    assert.ok(sandbox.requests.some((r) => r.method === 'PUT'));
  });

  it('lower-case https_proxy, a proxy without a scheme, and a proxy (with the host approval and the secret) named in the --dotenv file work alike', async () => {
    for (const extra of [{ https_proxy: proxy.url }, { HTTPS_PROXY: proxy.url.replace('http://', '') }] as Record<string, string>[]) {
      proxy.tunnels.length = 0;
      const { code, stdout, stderr } = await sendRemote(extra);
      assert.equal(code, 0, stdout + stderr);
      assert.ok(proxy.tunnels.length >= 1, JSON.stringify(extra));
    }
    proxy.tunnels.length = 0;
    // The proxy, the approval of the host and the secret, all from the file.
    fs.writeFileSync(path.join(dir, 'proxy.env'), `HTTPS_PROXY=${proxy.url}\nESIGN_DRAFTS_ALLOWED_HOSTS=${target}\nESIGN_DRAFTS_SECRET=${env.ESIGN_DRAFTS_SECRET}\n`);
    const fromFile = await run(['send', 'clean.ignisign.json', '--env', 'remote', '--format', 'json', '--timeout', '10', '--dotenv', 'proxy.env'], dir, { ESIGN_DRAFTS_SANDBOX_PORT: env.ESIGN_DRAFTS_SANDBOX_PORT });
    assert.equal(fromFile.code, 0, fromFile.stdout + fromFile.stderr);
    assert.ok(proxy.tunnels.length >= 1);
  });

  it('a proxy with a user and password gets Basic credentials; the password is never printed', async () => {
    const [host] = proxy.url.replace('http://', '').split(':');
    const proxyUrl = `http://ci-user:proxy-pass-9876@${host}:${new URL(proxy.url).port}`;
    const { code, stdout, stderr } = await sendRemote({ HTTPS_PROXY: proxyUrl }, ['--format', 'text']);
    assert.equal(code, 0, stdout + stderr);
    assert.ok(proxy.authorizations.length >= 1);
    assert.ok(proxy.authorizations.every((a) => a === `Basic ${Buffer.from('ci-user:proxy-pass-9876').toString('base64')}`), proxy.authorizations.join(', '));
    assert.ok(!(stdout + stderr).includes('proxy-pass-9876'));
  });

  it('a proxy that does not answer: exit 3 (network), the message names the proxy (never its password)', async () => {
    const { code, stdout } = await sendRemote({ HTTPS_PROXY: 'http://ci-user:proxy-pass-9876@127.0.0.1:9' });
    assert.equal(code, 3, stdout);
    const error = JSON.parse(stdout).error;
    assert.equal(error.kind, 'network');
    assert.match(error.message, /through the proxy 127\.0\.0\.1:9, from HTTPS_PROXY/);
    assert.ok(!stdout.includes('proxy-pass-9876'));
  });

  it('a proxy variable that is not an http(s) URL: exit 2 before any request, the value never printed', async () => {
    for (const command of ['send', 'pull', 'diff', 'publish']) {
      const { code, stdout, stderr } = await run([command, 'clean.ignisign.json', '--env', 'remote'], dir, { ...env, HTTPS_PROXY: 'socks5://ci-user:proxy-pass-9876@127.0.0.1:1080' });
      assert.equal(code, 2, `${command}: ${stdout}${stderr}`);
      assert.match(stderr, /HTTPS_PROXY names a socks5 proxy/);
      assert.ok(!(stdout + stderr).includes('proxy-pass-9876'));
    }
    assert.equal(sandbox.requests.length, 0);
  });

  it('pull, diff and publish go through the proxy too', async () => {
    for (const command of ['pull', 'diff', 'publish']) {
      proxy.tunnels.length = 0;
      const { code, stdout, stderr } = await run([command, 'clean.ignisign.json', '--env', 'remote', '--format', 'json', '--timeout', '10'], dir, { ...env, HTTPS_PROXY: proxy.url });
      assert.ok(code !== 2 && code !== 3, `${command}: ${code} ${stdout}${stderr}`);
      assert.ok(proxy.tunnels.length >= 1, command);
    }
  });

  it('NO_PROXY sends direct: a name, a suffix, * (then the .test name does not resolve: exit 3, nothing through the proxy); a port that differs does not', async () => {
    for (const noProxy of ['esign-sandbox.test', '.test', '*.test', 'example.com, test', '*', `esign-sandbox.test:${front.port}`]) {
      proxy.tunnels.length = 0;
      const { code, stdout } = await sendRemote({ HTTPS_PROXY: proxy.url, NO_PROXY: noProxy });
      assert.equal(code, 3, noProxy);
      assert.equal(JSON.parse(stdout).error.kind, 'network', noProxy);
      assert.equal(proxy.tunnels.length, 0, noProxy);
    }
    for (const noProxy of ['esign-sandbox.test:1', 'sandbox.test', 'other.test']) {
      proxy.tunnels.length = 0;
      const { code, stdout, stderr } = await sendRemote({ HTTPS_PROXY: proxy.url, no_proxy: noProxy });
      assert.equal(code, 0, `${noProxy}: ${stdout}${stderr}`);
      assert.ok(proxy.tunnels.length >= 1, noProxy);
    }
  });

  it('loopback always goes direct: the local sandbox with HTTPS_PROXY and HTTP_PROXY set', async () => {
    const { code, stdout, stderr } = await run(['send', 'clean.ignisign.json', '--env', 'local-sandbox', '--format', 'json'], dir, { ...env, HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, ALL_PROXY: proxy.url });
    assert.equal(code, 0, stdout + stderr);
    assert.equal(proxy.tunnels.length + proxy.forwarded.length, 0);
  });

  it('TLS is still the target\'s: through the tunnel, a certificate the environment does not waive is refused (exit 3, tls)', async () => {
    fs.writeFileSync(
      path.join(dir, 'strict.config.json'),
      JSON.stringify({ environments: [{ name: 'strict', provider: 'ignisign', baseUrl: `https://${target}`, appId: sandbox.description.ignisign.appId, appEnv: 'DEVELOPMENT' }] }),
    );
    const { code, stdout } = await run(['send', 'clean.ignisign.json', '--env', 'strict', '--config', 'strict.config.json', '--format', 'json', '--timeout', '10'], dir, { ...env, HTTPS_PROXY: proxy.url });
    assert.equal(code, 3, stdout);
    assert.equal(JSON.parse(stdout).error.kind, 'tls');
    assert.ok(proxy.tunnels.length >= 1);
    assert.equal(sandbox.requests.length, 0);
  });

  it('the trust rules stay: a proxy does not make an unapproved target approved', async () => {
    const { code, stdout } = await run(['send', 'clean.ignisign.json', '--env', 'remote', '--format', 'json'], dir, { ...env, ESIGN_DRAFTS_ALLOWED_HOSTS: '', HTTPS_PROXY: proxy.url });
    assert.equal(code, 3);
    assert.equal(JSON.parse(stdout).error.kind, 'trust');
    assert.equal(proxy.tunnels.length, 0);
  });
});
