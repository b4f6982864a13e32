import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './lintSupport';

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const commands = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));

/** Width and height from a PNG's IHDR chunk (bytes 16–23), after checking the signature. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = fs.readFileSync(file);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${file} is not a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('the Marketplace package (package.json, .vscodeignore, README)', () => {
  it('ships no source map and no README screenshot, and ships the icon and every walkthrough page (vsce ls)', function () {
    this.timeout(60_000);
    const listed = execFileSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\n').map((line) => line.trim()).filter(Boolean);
    assert.ok(listed.includes('dist/extension.js'), listed.join('\n'));
    assert.deepEqual(listed.filter((file) => file.endsWith('.map')), [], 'no source map');
    assert.deepEqual(listed.filter((file) => /^media\/screenshot-.*\.png$/.test(file)), [], 'no README screenshot');
    const pages = manifest.contributes.walkthroughs.flatMap((w: { steps: WalkthroughStep[] }) => w.steps.map((s) => s.media.markdown));
    for (const required of [manifest.icon, ...pages, 'media/response.js', 'media/response.css']) assert.ok(listed.includes(required), `${required} is not shipped`);
  });

  it('has a 128×128 PNG icon, a homepage, a bugs URL and a Q&A URL', () => {
    assert.deepEqual(pngSize(path.join(REPO_ROOT, manifest.icon)), { width: 128, height: 128 });
    for (const url of [manifest.homepage, manifest.bugs.url, manifest.qna]) assert.match(url, /^https:\/\/github\.com\/esign-drafts\/esign-drafts\b/);
  });

  it('contributes a walkthrough: start the sandbox, New Payload, Send Update, environment and credentials, then lint in CI', () => {
    const [walkthrough] = manifest.contributes.walkthroughs as { steps: WalkthroughStep[] }[];
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['startSandbox', 'newPayload', 'sendUpdate', 'environment', 'lintInCi']);
    for (const step of walkthrough.steps) {
      assert.ok(step.media.markdown && fs.existsSync(path.join(REPO_ROOT, step.media.markdown)), `${step.id}: ${step.media.markdown}`);
      // Every button runs a command we contribute (or a workbench command), every completion event names one.
      for (const [, command] of step.description.matchAll(/\(command:([\w.]+)/g)) assert.ok(commands.has(command) || command.startsWith('workbench.'), `${step.id}: ${command}`);
      for (const event of step.completionEvents ?? []) {
        if (event.startsWith('onCommand:')) assert.ok(commands.has(event.slice('onCommand:'.length)), `${step.id}: ${event}`);
      }
    }
    const byId = Object.fromEntries(walkthrough.steps.map((s) => [s.id, s]));
    assert.match(byId.startSandbox.description, /command:esignDrafts\.startSandbox/);
    assert.match(byId.newPayload.description, /command:esignDrafts\.newPayload/);
    assert.match(byId.sendUpdate.description, /command:esignDrafts\.sendUpdate/);
    assert.match(byId.environment.description, /command:esignDrafts\.setCredentials/);
  });

  it('offers New Payload under File > New File…', () => {
    assert.deepEqual(manifest.contributes.menus['file/newFile'].map((m: { command: string }) => m.command), ['esignDrafts.newPayload']);
  });

  it('links the README\'s images by absolute URL, and lets vsce make its relative links absolute for the Marketplace page', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length > 0);
    for (const image of images) assert.match(image, /^https:\/\/github\.com\/esign-drafts\/esign-drafts\/raw\/main\/media\//);
    assert.doesNotMatch(manifest.scripts.package, /--no-rewrite-relative-links/);
    assert.equal(manifest.repository.url, 'https://github.com/esign-drafts/esign-drafts', 'vsce rewrites relative links against the repository');
  });

  it('npm start\'s playground: the samples with a v4 one that lints clean, no Get Started page or git of VS Code\'s own, the user\'s edits kept', () => {
    const playground = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'esign-drafts-playground-')), 'playground');
    const prepare = () =>
      execFileSync(process.execPath, ['--input-type=module', '-e', `import { preparePlayground } from ${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'scripts', 'playground.mjs')).href)}; console.log(preparePlayground(process.argv[1], process.argv[2]));`, path.join(REPO_ROOT, 'samples'), playground], { encoding: 'utf8' }).trim();
    const first = prepare();
    assert.equal(path.basename(first), 'employment-contract.ignisign-v4.json');
    const settingsFile = path.join(playground, '.vscode', 'settings.json');
    assert.deepEqual(JSON.parse(fs.readFileSync(settingsFile, 'utf8')), { 'workbench.startupEditor': 'none', 'git.openRepositoryInParentFolders': 'never', 'git.enabled': false });
    const lint = JSON.parse(execFileSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'lint', '--format', 'json', first], { encoding: 'utf8' }));
    assert.deepEqual(lint.map((f: { provider: string; diagnostics: unknown[] }) => [f.provider, f.diagnostics.length]), [['ignisign-v4', 0]]);
    // A second `npm start` keeps what the user changed there.
    fs.writeFileSync(first, '{ "title": "mine" }');
    fs.writeFileSync(settingsFile, JSON.stringify({ 'git.enabled': true }));
    prepare();
    assert.equal(fs.readFileSync(first, 'utf8'), '{ "title": "mine" }');
    assert.equal(JSON.parse(fs.readFileSync(settingsFile, 'utf8'))['git.enabled'], true);
    assert.equal(JSON.parse(fs.readFileSync(settingsFile, 'utf8'))['workbench.startupEditor'], 'none');
    fs.rmSync(path.dirname(playground), { recursive: true, force: true });
  });
});
