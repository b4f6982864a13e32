/**
 * Where the CLI sends credentials: never over plain http to another machine, approved or not;
 * an approval (--allow-host, ESIGN_DRAFTS_ALLOWED_HOSTS) is for one exact origin, however it is
 * spelled. Through the built `esign-drafts send`, against a real server on this machine's
 * non-loopback address.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { approvedOriginOf, decideTrust } from '../../src/core/send/trust';
import { runNode } from '../support/faultPeer';
import { REPO_ROOT } from './lintSupport';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const PAYLOADS = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace', 'payloads');
const SECRETS = { ESIGN_DRAFTS_SECRET: 'sk_trust_secret_value_9876', ESIGN_DRAFTS_CLIENT_ID: 'trust-client', ESIGN_DRAFTS_CLIENT_SECRET: 'trust-client-secret-value-5432' };
/** A name that never resolves: a send that passes the trust check ends in a network error, one that does not in a trust refusal. */
const UNRESOLVABLE = 'esign-drafts-trust.invalid';

/** This machine's first non-loopback IPv4 address: a real host that is not loopback. */
function externalAddress(): string | undefined {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

describe('trust: esign-drafts send never sends credentials over plain http to another machine', function () {
  this.timeout(30_000);
  let dir: string;
  let server: http.Server;
  let received: { method?: string; url?: string; body: string }[];
  let host: string;

  before(async function () {
    assert.ok(fs.existsSync(CLI), `${CLI} exists (run node scripts/build.mjs)`);
    const address = externalAddress();
    if (!address) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-trust-'));
    for (const name of ['clean.ignisign.json', 'clean.zigned.json']) fs.copyFileSync(path.join(PAYLOADS, name), path.join(dir, name));
    received = [];
    // Listens on every interface, so that it is reached through the non-loopback address; it would accept anything.
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ method: req.method, url: req.url, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"t","token_type":"Bearer","expires_in":3600,"jwtToken":"t"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    host = `${address}:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    if (server) await new Promise((resolve) => server.close(resolve));
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => (received = []));

  async function send(file: string, environment: Record<string, unknown>, args: string[], env: Record<string, string> = {}) {
    fs.writeFileSync(path.join(dir, 'trust.config.json'), JSON.stringify({ environments: [{ name: 'staging', ...environment }] }));
    const result = await runNode([CLI, 'send', file, '--env', 'staging', '--config', 'trust.config.json', '--format', 'json', ...args], { cwd: dir, env: { ...SECRETS, ...env }, limitMs: 20_000 });
    assert.equal(result.timedOut, false, 'the CLI finished on its own');
    for (const secret of Object.values(SECRETS)) assert.ok(!result.stdout.includes(secret) && !result.stderr.includes(secret), 'no secret printed');
    return result;
  }

  const ignisign = () => ({ provider: 'ignisign', baseUrl: `http://${host}`, appId: 'appId_trust', appEnv: 'STAGING' });
  const zigned = () => ({ provider: 'zigned', baseUrl: `http://${host}/rest/v3` });

  it('refuses an approved http:// host with exit 3 (trust), saying to use https, and the server receives nothing', async () => {
    const approvals: [string[], Record<string, string>][] = [
      [['--allow-host', host], {}],
      [['--allow-host', `http://${host}`], {}],
      [[], { ESIGN_DRAFTS_ALLOWED_HOSTS: `other.example, http://${host}` }],
    ];
    for (const [file, environment] of [['clean.ignisign.json', ignisign()], ['clean.zigned.json', zigned()]] as const) {
      for (const [args, env] of approvals) {
        const result = await send(file, environment, args, env);
        assert.equal(result.code, 3, `${file} ${args.join(' ')}: ${result.stdout}${result.stderr}`);
        const json = JSON.parse(result.stdout);
        assert.equal(json.error.kind, 'trust');
        assert.match(json.error.message, new RegExp(`Credentials were not sent: http://${host.replace(/\./g, '\\.')} is not https: credentials never go unencrypted \\(http\\) to a host other than this machine, approved or not\\. Use https://${host.replace(/\./g, '\\.')} instead\\.`));
        assert.match(json.error.message, /Change the environment to an https:\/\/ URL/);
        assert.deepEqual(received, [], 'not one request reached the server');
      }
    }
  });

  it('takes an approval for one exact origin: host case-insensitive, default port normalised, bare host = https on 443', async () => {
    const environment = { provider: 'zigned', baseUrl: `https://${UNRESOLVABLE}/rest/v3` };
    const same = [
      ['--allow-host', UNRESOLVABLE.toUpperCase()],
      ['--allow-host', `${UNRESOLVABLE}:443`],
      ['--allow-host', `https://${UNRESOLVABLE}`],
      ['--allow-host', `HTTPS://${UNRESOLVABLE.toUpperCase()}:443/`],
    ];
    for (const args of same) {
      const result = await send('clean.zigned.json', environment, args);
      assert.equal(JSON.parse(result.stdout).error.kind, 'network', `${args.join(' ')} approves https://${UNRESOLVABLE}: the send got as far as the network`);
      assert.equal(result.code, 3);
    }
    const viaEnv = await send('clean.zigned.json', environment, [], { ESIGN_DRAFTS_ALLOWED_HOSTS: ` ${UNRESOLVABLE.toUpperCase()}:443 ` });
    assert.equal(JSON.parse(viaEnv.stdout).error.kind, 'network');
    for (const args of [[], ['--allow-host', `${UNRESOLVABLE}:8443`], ['--allow-host', `http://${UNRESOLVABLE}`], ['--allow-host', `other.${UNRESOLVABLE}`]]) {
      const result = await send('clean.zigned.json', environment, args);
      assert.equal(JSON.parse(result.stdout).error.kind, 'trust', `${args.join(' ') || 'no approval'} does not approve https://${UNRESOLVABLE}`);
      assert.equal(result.code, 3);
    }
  });

  it('refuses an approval that is not a host or an origin with exit 2, saying what is expected', async () => {
    for (const entry of ['user:pw@staging.example', 'ftp://staging.example', 'https://']) {
      const result = await send('clean.zigned.json', { provider: 'zigned', baseUrl: `https://${UNRESOLVABLE}/rest/v3` }, ['--allow-host', entry]);
      assert.equal(result.code, 2, entry);
      assert.match(result.stderr, /^esign-drafts: --allow-host: .*expected a host \(staging\.example, staging\.example:8443\) or an https origin \(https:\/\/staging\.example\)\.$/m, entry);
    }
  });

  it('approvedOriginOf and decideTrust agree on what an approval means', () => {
    assert.deepEqual(approvedOriginOf('Staging.Example'), { origin: 'https://staging.example' });
    assert.deepEqual(approvedOriginOf('staging.example:443'), { origin: 'https://staging.example' });
    assert.deepEqual(approvedOriginOf('staging.example:8443'), { origin: 'https://staging.example:8443' });
    assert.deepEqual(approvedOriginOf('https://staging.example:443/rest/v3'), { origin: 'https://staging.example' });
    const approved = new Set(['https://staging.example']);
    assert.equal(decideTrust('https://STAGING.example:443/x', [], approved).trusted, true);
    const plain = decideTrust('http://staging.example/x', [], new Set(['http://staging.example', 'https://staging.example']));
    assert.deepEqual([plain.trusted, plain.approvable], [false, false]);
    assert.equal(decideTrust('http://127.0.0.1:3737/x', [], new Set()).trusted, true, 'loopback over http is fine');
    assert.deepEqual(
      [decideTrust('https://other.example/x', [], approved).trusted, decideTrust('https://other.example/x', [], approved).approvable],
      [false, true],
    );
  });
});
