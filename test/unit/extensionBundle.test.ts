/**
 * The shipped extension bundle (dist/extension.js) as built by scripts/build.mjs: node-fetch,
 * vscode-languageclient and Ajv's compiler live in library chunks of their own (dist/lib-*.js),
 * which loading the extension does not require; they are required when a request is sent, the
 * language server is started or the sandbox compiles its schemas (the integration suite covers
 * these in the real host).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './lintSupport';

const DIST = path.join(REPO_ROOT, 'dist');

/**
 * Runs `script` in a plain Node process where `require('vscode')` is a stub that answers
 * anything, and returns the dist/ files it loaded.
 */
function distFilesLoadedBy(script: string): { loaded: string[]; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-extension-bundle-'));
  try {
    const report = path.join(dir, 'loaded.json');
    const probe = path.join(dir, 'probe.js');
    fs.writeFileSync(
      probe,
      `const Module = require('module');
const stub = new Proxy(function () {}, { get: (_t, key) => (key === Symbol.toPrimitive ? () => '' : stub), apply: () => stub, construct: () => stub });
const load = Module._load;
Module._load = function (request) { return request === 'vscode' ? stub : load.apply(this, arguments); };
process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(Object.keys(require.cache))));
${script}
`,
    );
    const run = spawnSync(process.execPath, [probe], { encoding: 'utf8', cwd: REPO_ROOT });
    const output = `${run.stdout}${run.stderr}`;
    assert.equal(run.status, 0, output);
    const loaded = (JSON.parse(fs.readFileSync(report, 'utf8')) as string[]).filter((file) => file.startsWith(DIST + path.sep)).map((file) => path.relative(REPO_ROOT, file).split(path.sep).join('/'));
    return { loaded: loaded.sort(), output };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the extension bundle (dist/extension.js)', function () {
  this.timeout(30_000);

  it('loads without its library chunks: node-fetch and vscode-languageclient wait until needed', () => {
    const { loaded } = distFilesLoadedBy(`const extension = require(${JSON.stringify(path.join(DIST, 'extension.js'))}); if (typeof extension.activate !== 'function') throw new Error('no activate');`);
    assert.deepEqual(loaded, ['dist/extension.js']);
  });

  it('each library chunk loads on its own and exports its library', () => {
    const { loaded, output } = distFilesLoadedBy(`
const fetchModule = require(${JSON.stringify(path.join(DIST, 'lib-node-fetch.js'))});
console.log('fetch:' + typeof (fetchModule.default ?? fetchModule));
const client = require(${JSON.stringify(path.join(DIST, 'lib-languageclient.js'))});
console.log('client:' + typeof client.LanguageClient + ',' + client.TransportKind.ipc);
const Ajv = require(${JSON.stringify(path.join(DIST, 'lib-ajv.js'))}).default;
const addFormats = require(${JSON.stringify(path.join(DIST, 'lib-ajv-formats.js'))}).default;
const ajv = new Ajv();
addFormats(ajv);
console.log('ajv:' + ajv.validate({ type: 'string', format: 'email' }, 'a@example.com') + ',' + ajv.validate({ type: 'string', format: 'email' }, 'nope'));
`);
    assert.deepEqual(loaded, ['dist/lib-ajv-formats.js', 'dist/lib-ajv.js', 'dist/lib-languageclient.js', 'dist/lib-node-fetch.js']);
    assert.match(output, /fetch:function/);
    assert.match(output, /client:function,1/);
    assert.match(output, /ajv:true,false/);
  });

  it('holds each library in its chunk only (esbuild metafile)', () => {
    const meta = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'out', 'extension-bundles.meta.json'), 'utf8'));
    const libraries = (bundle: string) => new Set(Object.keys(meta.outputs[bundle].inputs).map((p) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(p.split(path.sep).join('/'))?.[1]).filter(Boolean));
    for (const bundle of ['dist/extension.js', 'dist/extension-services.js']) {
      const held = libraries(bundle);
      for (const library of ['node-fetch', 'whatwg-url', 'tr46', 'vscode-languageclient', 'vscode-jsonrpc', 'vscode-languageserver-protocol', 'vscode-languageserver-types', 'minimatch', 'semver']) {
        assert.ok(!held.has(library), `${bundle} holds ${library}`);
      }
    }
    assert.ok(libraries('dist/lib-node-fetch.js').has('node-fetch'));
    assert.ok(libraries('dist/lib-node-fetch.js').has('tr46'));
    assert.ok(libraries('dist/lib-languageclient.js').has('vscode-languageclient'));
    assert.ok(libraries('dist/lib-languageclient.js').has('vscode-jsonrpc'));
    // Ajv's compiler is in its chunk; the precompiled validators' small runtime helpers stay in the extension.
    assert.ok(libraries('dist/lib-ajv.js').has('ajv'));
    assert.ok(![...Object.keys(meta.outputs['dist/extension-services.js'].inputs)].some((p) => /ajv\/dist\/(core|ajv|compile\/index)\.js$/.test(p.split(path.sep).join('/'))), 'no Ajv compiler in dist/extension-services.js');
  });

  it('activation loads only the entry: it holds what recognises payloads and registers the commands, none of it with state the services could hold a second copy of', () => {
    const meta = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'out', 'extension-bundles.meta.json'), 'utf8'));
    const inputs = (bundle: string) => Object.keys(meta.outputs[bundle].inputs).map((p) => p.split(path.sep).join('/')).filter((p) => !p.startsWith('scripts/'));
    // Each of these keeps no state at module level (constants and functions only), except the
    // entry-only modules: the switcher and the lazy services exist once, in the entry, and the
    // services get them passed in (src/vscode/services.ts, EntryParts).
    const stateless = [
      // The glob automaton (esignDrafts.files); its only module-level value is a cache of compiled
      // globs, which a second copy would only duplicate.
      'src/core/glob/globMatcher.ts',
      'src/core/glob/parseGlob.ts',
      'src/core/providers/detection.ts',
      'src/core/providers/ignisign/identity.ts',
      'src/core/providers/ignisignV4/identity.ts',
      'src/core/providers/zigned/identity.ts',
      'src/core/providers/ignisign/rules/archived.ts',
      'src/vscode/configuration.ts',
      'src/vscode/contributionIds.ts',
      'src/vscode/payloadDetection.ts',
    ];
    const entryOnly = ['src/extension.ts', 'src/vscode/firstPayloadDocument.ts', 'src/vscode/lazyServices.ts', 'src/vscode/lintTask.ts', 'src/vscode/payloadLanguage.ts'];
    assert.deepEqual(inputs('dist/extension.js').sort(), [...stateless, ...entryOnly].sort());
    const services = new Set(inputs('dist/extension-services.js'));
    for (const module of entryOnly) assert.ok(!services.has(module), `dist/extension-services.js holds a second ${module}`);
  });
});
