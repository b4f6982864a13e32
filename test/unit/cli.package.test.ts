import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { installPackedCli, packedCli } from '../support/packedCli';
import { REPO_ROOT } from './lintSupport';

/**
 * The npm package, as a user gets it: `npm pack ./packages/cli` (its prepack builds the CLI),
 * the tarball installed into a temporary global prefix, and every command run from there, in a
 * copy of samples/ outside the repository. The install needs no registry: the package has no
 * dependencies (its bundles hold every library).
 */
describe('the npm package (packages/cli): packed, installed into a temporary prefix, run from there', function () {
  this.timeout(180_000);
  let work: string;
  let tarball: string;
  let bin: string;
  let samples: string;
  const esignDrafts = (args: string[], env: Record<string, string> = {}) => {
    const result = spawnSync(bin, args, { cwd: samples, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: work, ...env } });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  before(function () {
    // The global prefix's layout (prefix/bin/<name>) is the POSIX one.
    if (process.platform === 'win32') this.skip();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-drafts-installed-'));
    tarball = packedCli().tarball;
    bin = installPackedCli(work);
    samples = path.join(work, 'samples');
    fs.cpSync(path.join(REPO_ROOT, 'samples'), samples, { recursive: true });
  });
  after(() => work && fs.rmSync(work, { recursive: true, force: true }));

  it('the tarball holds the CLI bundles, its validators, schemas and snippets, and nothing else: no sources, maps, tests or extension', () => {
    const listed = spawnSync('tar', ['tzf', tarball], { encoding: 'utf8' }).stdout.trim().split('\n').sort();
    const unexpected = listed.filter((file) => !/^package\/(package\.json|README\.md|LICENSE|dist\/package\.json|dist\/cli(-[a-z]+)?\.js|dist\/validators\/[\w.-]+\.js|dist\/schemas\/[\w.-]+\.json|snippets\/[\w-]+\.json)$/.test(file));
    assert.deepEqual(unexpected, []);
    for (const needed of ['package/dist/cli.js', 'package/dist/cli-lint.js', 'package/dist/cli-send.js', 'package/dist/cli-draft.js', 'package/dist/cli-sandbox.js', 'package/dist/cli-lsp.js', 'package/dist/cli-config.js', 'package/dist/schemas/ignisign-v4-update-signature-request.schema.json', 'package/snippets/zigned.json']) assert.ok(listed.includes(needed), needed);
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'packages', 'cli', 'package.json'), 'utf8'));
    // No dependencies at all: the bundles require nothing but Node's own modules (checked below by running them).
    assert.equal(manifest.dependencies, undefined);
    assert.equal(manifest.private, undefined);
    // One version: the CLI prints the extension's (package.json at the root), which the package must carry too.
    assert.equal(manifest.version, JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
  });

  it('the README\'s install lines are true: npm run pack:cli writes the tarball it names; npx names this version', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const root = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.equal(root.scripts['pack:cli'], 'npm pack ./packages/cli');
    const name = path.basename(tarball);
    assert.match(readme, new RegExp(`npm run pack:cli +# writes ${name.replace(/\./g, '\\.')}\n`));
    assert.ok(readme.includes(`npm install -g ./${name}`));
    assert.ok(readme.includes(`npx esign-drafts@${root.version} lint`));
  });

  it('esign-drafts --version and lint on the samples', () => {
    const version = esignDrafts(['--version']);
    assert.deepEqual([version.code, version.stdout.trim()], [0, JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version]);
    const lint = esignDrafts(['lint', '--format', 'json']);
    assert.equal(lint.code, 1, lint.stderr);
    assert.deepEqual(
      (JSON.parse(lint.stdout) as { file: string }[]).map((f) => f.file).sort(),
      ['employment-contract.ignisign-v4.json', 'employment-contract.ignisign.json', 'needs-fixing.ignisign.json', 'rental-agreement.zigned.json'],
    );
    assert.equal(esignDrafts(['lint', 'rental-agreement.zigned.json']).code, 0);
  });

  it('sandbox, then send, pull, diff and publish against it', async () => {
    const sandbox: ChildProcess = spawn(bin, ['sandbox', '--port', '0'], { cwd: samples, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        let out = '';
        sandbox.stdout!.on('data', (d) => {
          out += d;
          if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
        });
        sandbox.on('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
      });
      const port = new URL(JSON.parse(firstLine).ignisign.baseUrl).port;
      const env = { ESIGN_DRAFTS_SANDBOX_PORT: port };
      const call = (...args: string[]) => esignDrafts([...args, 'rental-agreement.zigned.json', '--env', 'local-sandbox'], env).code;
      assert.equal(call('diff', '--exit-code'), 1, 'the sample changes the draft');
      assert.equal(call('send'), 0);
      assert.equal(call('pull'), 0);
      assert.equal(call('diff', '--exit-code'), 0, 'sent: nothing left to change');
      assert.equal(call('publish', '--yes'), 0);
    } finally {
      sandbox.kill();
    }
  });

  it('lsp --stdio: diagnostics and the snippets shipped beside it', async () => {
    const child = spawn(bin, ['lsp', '--stdio'], { cwd: samples, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    try {
      const diagnostics = new Promise<unknown[]>((resolve) => connection.onNotification('textDocument/publishDiagnostics', (params: { diagnostics: unknown[] }) => resolve(params.diagnostics)));
      connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
      connection.onRequest('client/registerCapability', () => null);
      connection.listen();
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(samples).href, capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } } } } });
      await connection.sendNotification('initialized', {});
      const file = path.join(samples, 'needs-fixing.ignisign.json');
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: pathToFileURL(file).href, languageId: 'json', version: 1, text: fs.readFileSync(file, 'utf8') } });
      assert.equal((await diagnostics).length, 8);
      const empty = pathToFileURL(path.join(samples, 'new.zigned.json')).href;
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: empty, languageId: 'json', version: 1, text: '' } });
      const completion = await connection.sendRequest<{ items: { label: string }[] } | { label: string }[] | null>('textDocument/completion', { textDocument: { uri: empty }, position: { line: 0, character: 0 } });
      const items = Array.isArray(completion) ? completion : (completion?.items ?? []);
      assert.ok(items.some((item) => /zigned-minimal/.test(JSON.stringify(item))), JSON.stringify(items.map((i) => i.label)));
    } finally {
      connection.dispose();
      child.kill();
    }
  });
});
