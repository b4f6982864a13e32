import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runSandboxCommand } from '../../src/cli/sandboxCommand';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server';
import { runCli } from '../support/runCli';
import { REPO_ROOT } from './lintSupport';

const SAMPLES = path.join(REPO_ROOT, 'samples');

/** The samples a new user opens first: clean, and (v4) sent and published against the bundled sandbox by the built CLI. */
describe('the samples against the local sandbox (the built CLI)', function () {
  this.timeout(30_000);
  let sandbox: RunningSandbox;
  let dir: string;
  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-samples-'));
  });
  after(() => {
    sandbox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('samples/employment-contract.ignisign-v4.json exists, lints clean, is sent (200) and then published (200) on the seeded draft', async () => {
    const sample = path.join(SAMPLES, 'employment-contract.ignisign-v4.json');
    assert.ok(fs.existsSync(sample), 'a v4 sample beside the v3 one');
    fs.copyFileSync(sample, path.join(dir, 'employment-contract.ignisign-v4.json'));
    const env = { ESIGN_DRAFTS_SANDBOX_PORT: String(sandbox.port) };
    const lint = await runCli(['lint', 'employment-contract.ignisign-v4.json', '--format', 'json'], dir, env);
    assert.equal(lint.code, 0, lint.stdout);
    assert.deepEqual(JSON.parse(lint.stdout)[0].diagnostics, []);
    const sent = await runCli(['send', 'employment-contract.ignisign-v4.json', '--format', 'json'], dir, env);
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);
    assert.equal(JSON.parse(sent.stdout).request.method, 'PUT');
    assert.match(JSON.parse(sent.stdout).request.url, /\/v4\/signature-requests\/65f1c2a9e4b0a1b2c3d4e5f6$/);
    const published = await runCli(['publish', 'employment-contract.ignisign-v4.json', '--format', 'json'], dir, env);
    assert.equal(published.code, 0, published.stdout + published.stderr);
    assert.match(JSON.parse(published.stdout).request.url, /\/v4\/signature-requests\/65f1c2a9e4b0a1b2c3d4e5f6\/publish$/);
  });

  it('the sandbox banner and `sandbox --help` name Ignisign v4, its API key and its routes', async () => {
    const help = await runCli(['sandbox', '--help'], dir);
    assert.match(help.stdout, /Ignisign v4, Ignisign v3 and Zigned v3/);
    const controller = new AbortController();
    const out: string[] = [];
    const listening = new Promise<void>((resolve) => {
      void runSandboxCommand(['--port', '0'], { stdout: (line) => (out.push(line), /Press Ctrl\+C/.test(line) && resolve()), stderr: () => undefined }, { signal: controller.signal });
    });
    await listening;
    controller.abort();
    const banner = out.slice(1).join('\n');
    assert.match(banner, /Ignisign v4 .*PUT \/v4\/signature-requests\/:id; the API key skv2_/);
    assert.match(banner, /\(Ignisign v4 and v3\)/);
  });
});
