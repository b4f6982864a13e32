// Builds everything with esbuild:
//  - dist/extension.js and dist/cli*.js: the shipped bundles (`vscode` stays external);
//  - out/: a one-to-one transpile of src/, test/ and bench/ for mocha, the integration
//    runner (whose test modules are required inside the extension host) and benchmarks.
// Type checking is `tsc --noEmit`; esbuild only strips types.
import * as esbuild from 'esbuild';
import { precompileValidators } from './precompile-validators.mjs';
import { generateRuleSchemas } from './rule-schemas.mjs';
import { readdirSync, readFileSync, statSync, rmSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const production = process.argv.includes('--production');
const bench = process.argv.includes('--bench');
const watch = process.argv.includes('--watch');
// --cli-package <dir>: only the CLI, minified and without source maps, into <dir>/dist (and the
// snippets its `lsp` completes from into <dir>/snippets): the npm package packages/cli packs.
// dist/ and out/ are left alone.
const cliPackageIndex = process.argv.indexOf('--cli-package');
const cliPackage = cliPackageIndex === -1 ? undefined : process.argv[cliPackageIndex + 1];

function listTs(dir) {
  const abs = join(root, dir);
  let out = [];
  for (const name of readdirSync(abs)) {
    const p = join(abs, name);
    if (statSync(p).isDirectory()) out = out.concat(listTs(relative(root, p)));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/**
 * Our schemas go into the bundles as `JSON.parse('…')` rather than as object literals: V8 reads a
 * JSON string several times faster than it compiles and runs the same data as code, and these
 * ~75 KB are evaluated when the bundle loads (the extension's activation, every CLI start).
 */
const schemaJsonPlugin = {
  name: 'schema-json-parse',
  setup(build) {
    build.onLoad({ filter: /[\\/]schemas[\\/][^\\/]+\.json$/ }, async (args) => {
      const minified = JSON.stringify(JSON.parse(await readFile(args.path, 'utf8')));
      return { contents: `module.exports = JSON.parse(${JSON.stringify(minified)});`, loader: 'js' };
    });
  },
};

const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  // jsonc-parser's UMD build hides its requires from bundlers; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  // ESM builds in the bundle (fdir) call createRequire(import.meta.url):
  // give them the bundle's URL, as Node would (an injected module keeps "use strict" first).
  inject: [join(root, 'scripts/import-meta-url.js')],
  define: { 'import.meta.url': 'importMetaUrl' },
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  plugins: [schemaJsonPlugin],
};

// dist/server.js: the language server the extension starts in a process of its own (linting never
// runs on the extension host's thread).
//
// Third-party libraries the extension needs only some of the time are bundles of their own,
// required when first needed rather than compiled and run at every activation (the extension
// also activates for plain JSON files): node-fetch (with whatwg-url and tr46) by the first
// request, vscode-languageclient (with its protocol) by the first payload document, Ajv's
// schema compiler by the in-process sandbox (linting uses the precompiled validators). Only whole
// libraries are split off, never our own modules, so that no module with state exists twice.
// Keys: the module a `require()` names; the source must require it lazily (inside a function).
const EXTENSION_LIBRARY_CHUNKS = {
  'node-fetch': 'lib-node-fetch',
  'vscode-languageclient/node': 'lib-languageclient',
  ajv: 'lib-ajv',
  'ajv-formats': 'lib-ajv-formats',
};
const LIBRARY_CHUNK_NAMESPACE = 'library-chunk';

/** In dist/extension.js, `require('node-fetch')` becomes `require('./lib-node-fetch.js')`; each chunk re-exports its library. */
const libraryChunksPlugin = {
  name: 'library-chunks',
  setup(build) {
    const names = Object.keys(EXTENSION_LIBRARY_CHUNKS).map((name) => name.replace(/[/\\^$.*+?()[\]{}|-]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => {
      // The chunk's own entry module bundles the library itself.
      if (args.namespace === LIBRARY_CHUNK_NAMESPACE) return undefined;
      return { path: `./${EXTENSION_LIBRARY_CHUNKS[args.path]}.js`, external: true };
    });
    build.onResolve({ filter: /^library-chunk:/ }, (args) => ({ path: args.path.slice('library-chunk:'.length), namespace: LIBRARY_CHUNK_NAMESPACE }));
    build.onLoad({ filter: /.*/, namespace: LIBRARY_CHUNK_NAMESPACE }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, resolveDir: root, loader: 'js' }));
  },
};

// The extension's own code is two bundles: dist/extension.js, the entry VS Code activates for every
// JSON file (it recognises payloads and registers the commands), and dist/extension-services.js,
// everything else, required by the first payload document or command (src/vscode/lazyServices.ts).
// The few modules both hold keep no state (a unit test checks which they are).
const EXTENSION_CHUNKS = { 'src/vscode/services.ts': 'extension-services' };

const extensionBundle = {
  ...shared,
  entryPoints: {
    extension: join(root, 'src/extension.ts'),
    ...Object.fromEntries(Object.entries(EXTENSION_CHUNKS).map(([source, chunk]) => [chunk, join(root, source)])),
    ...Object.fromEntries(Object.entries(EXTENSION_LIBRARY_CHUNKS).map(([library, chunk]) => [chunk, `library-chunk:${library}`])),
  },
  outdir: join(root, 'dist'),
  plugins: [libraryChunksPlugin, ownChunksPlugin('extension-chunks', EXTENSION_CHUNKS), schemaJsonPlugin],
  // What each bundle holds, for the unit tests that check the libraries are in their chunks only and what the entry holds.
  metafile: true,
};
const serverBundle = { ...shared, entryPoints: { server: join(root, 'src/server/main.ts') }, outdir: join(root, 'dist') };

// The CLI is a small dispatcher (dist/cli.js) and one bundle per command, each required only when
// its command runs, so that `lint` never loads the send code, node-fetch or the sandbox. Ajv's
// schema compiler is a bundle of its own too: lint and send use the validators precompiled at
// build time; only the sandbox (its own schemas) compiles. Keys: the module a `require()` names.
const CLI_CHUNKS = {
  'src/cli/lintCommand.ts': 'cli-lint',
  'src/cli/globs.ts': 'cli-glob',
  'src/cli/sendCommand.ts': 'cli-send',
  'src/cli/draftCommand.ts': 'cli-draft',
  'src/cli/sandboxCommand.ts': 'cli-sandbox',
  'src/cli/lspCommand.ts': 'cli-lsp',
  'src/cli/printConfigCommand.ts': 'cli-config',
  'src/core/lint/runtimeCompiler.ts': 'cli-ajv',
};

/**
 * Chunks of our own code, each a bundle of its own required beside the bundle that needs it:
 * `require('./lintCommand')` (etc.) becomes `require('./cli-lint.js')`, external. `chunks` maps a
 * source file (relative to the repository) to its chunk's name. Only a lazy `require()` is
 * redirected; the chunk's own entry point bundles the module.
 */
function ownChunksPlugin(name, chunks) {
  return {
    name,
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        if (args.kind !== 'require-call') return undefined;
        const target = relative(root, join(args.resolveDir, args.path)).split('\\').join('/');
        const chunk = chunks[target.endsWith('.ts') ? target : `${target}.ts`];
        return chunk ? { path: `./${chunk}.js`, external: true } : undefined;
      });
    },
  };
}
const cliChunksPlugin = ownChunksPlugin('cli-chunks', CLI_CHUNKS);

/**
 * fdir loads picomatch at start-up with createRequire, outside the bundle, for its own glob()
 * that src/cli/globs.ts never calls (it passes filters): from an npm install that is a second
 * picomatch compiled on every `esign-drafts lint`. Here that require is bundled instead, so it is
 * the copy globs.ts already uses (for its scanner). A unit test checks lint loads nothing outside dist/.
 */
const FDIR_OPTIONAL_PICOMATCH = /__require\.resolve\("picomatch"\);\s*pm = __require\("picomatch"\);/;
const fdirPicomatchPlugin = {
  name: 'fdir-picomatch',
  setup(build) {
    build.onLoad({ filter: /[\\/]fdir[\\/]dist[\\/]index\.mjs$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!FDIR_OPTIONAL_PICOMATCH.test(source)) return { contents: source, loader: 'js', warnings: [{ text: 'fdir no longer loads picomatch as expected: scripts/build.mjs (fdirPicomatchPlugin) needs a look' }] };
      return { contents: source.replace(FDIR_OPTIONAL_PICOMATCH, 'pm = require("picomatch");'), loader: 'js' };
    });
  },
};

/**
 * In the CLI bundles a schema is a file of its own, dist/schemas/<name>.json (copied there
 * minified), required where the source requires it rather than held in the bundle as a string:
 * V8 scans every byte of a bundle when it compiles it, at every CLI start, and `lint` of one file
 * needs one or two of the eight schemas (src/core/lint/bundledSchema.ts parses each on first use).
 */
const CLI_SCHEMA_DIR = 'schemas';
const cliSchemaFilesPlugin = {
  name: 'cli-schema-files',
  setup(build) {
    build.onResolve({ filter: /[\\/]schemas[\\/][^\\/]+\.json$/ }, (args) => {
      const file = join(args.resolveDir, args.path);
      // Only our own schemas/ (flat); any other JSON file is bundled as usual.
      if (dirname(file) !== join(root, 'schemas')) return undefined;
      return { path: `./${CLI_SCHEMA_DIR}/${basename(file)}`, external: true };
    });
  },
};

/** Writes every schema, minified, into <distDir>/schemas/ for the CLI bundles (see cliSchemaFilesPlugin). */
function copyCliSchemas(distDir) {
  const dir = join(distDir, CLI_SCHEMA_DIR);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(join(root, 'schemas')).filter((f) => f.endsWith('.json'))) {
    writeFileSync(join(dir, file), JSON.stringify(JSON.parse(readFileSync(join(root, 'schemas', file), 'utf8'))));
  }
}

const cliBundles = {
  ...shared,
  entryPoints: { cli: join(root, 'src/cli/main.ts'), ...Object.fromEntries(Object.entries(CLI_CHUNKS).map(([source, chunk]) => [chunk, join(root, source)])) },
  outdir: join(root, 'dist'),
  plugins: [cliChunksPlugin, fdirPicomatchPlugin, cliSchemaFilesPlugin],
  // The proxy agents log through `debug` (DEBUG=*), proxy URLs with their passwords included:
  // in the CLI that logger is a no-op. Negotiate (Kerberos) proxy authentication is not offered.
  alias: { debug: join(root, 'scripts/no-debug.js') },
  external: [...shared.external, 'kerberos'],
  // What each bundle holds, for the unit test that checks `lint` pulls in no send/sandbox code.
  metafile: true,
};

/**
 * The build-time validators (scripts/precompile-validators.mjs), one file per schema, each with
 * the few Ajv runtime pieces it requires (ajv/dist/runtime/*, ajv-formats' formats): beside the
 * bundles in dist/validators/, and in out/ where the transpiled schemaValidator.js looks for them.
 * schemaValidator.ts requires one only when its schema is first validated.
 */
function validatorBundles(files, outdir, minify) {
  return { entryPoints: files, outdir, bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify, logLevel: 'warning' };
}

const transpile = {
  entryPoints: [...listTs('src'), ...listTs('test'), ...(safeList('bench'))],
  outdir: join(root, 'out'),
  outbase: root,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
  loader: { '.json': 'copy' },
};

/**
 * The CLI as the npm package ships it: self-contained bundles (every library inside; nothing is
 * required from node_modules at runtime, so the package has no dependencies) and the files they
 * read beside them: the build-time validators, the one-line package.json Node reads for "type",
 * and the snippets (`esign-drafts lsp`).
 */
async function buildCliPackage(target) {
  const dir = join(process.cwd(), target);
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  rmSync(join(dir, 'snippets'), { recursive: true, force: true });
  await Promise.all([
    esbuild.build({ ...cliBundles, outdir: join(dir, 'dist'), minify: true, sourcemap: false, metafile: false }),
    esbuild.build(validatorBundles(validators, join(dir, 'dist', 'validators'), true)),
  ]);
  writeFileSync(join(dir, 'dist', 'package.json'), '{ "type": "commonjs" }\n');
  copyCliSchemas(join(dir, 'dist'));
  cpSync(join(root, 'snippets'), join(dir, 'snippets'), { recursive: true });
  cpSync(join(root, 'LICENSE'), join(dir, 'LICENSE'));
}

function safeList(dir) {
  try { return listTs(dir); } catch { return []; }
}

// Rule ids into the settings and config schemas first: the config schema is precompiled next.
await generateRuleSchemas(root);
const validators = precompileValidators(root);
if (cliPackage) {
  await buildCliPackage(cliPackage);
  process.exit(0);
}
rmSync(join(root, 'out'), { recursive: true, force: true });
rmSync(join(root, 'dist', 'validators'), { recursive: true, force: true });
// Left by builds before the CLI's own code cache was removed (Node's compile cache replaces it).
rmSync(join(root, 'dist', 'code-cache-keys.json'), { force: true });
// Transpiled modules keep their relative imports of JSON (schemas, snippets, package.json),
// so out/ gets the same data files beside it.
mkdirSync(join(root, 'out'), { recursive: true });
for (const data of ['schemas', 'snippets']) cpSync(join(root, data), join(root, 'out', data), { recursive: true });
cpSync(join(root, 'package.json'), join(root, 'out', 'package.json'));
// The response view's icon font (git-ignored copy; the VSIX ships media/**).
mkdirSync(join(root, 'media', 'codicons'), { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) cpSync(join(root, 'node_modules/@vscode/codicons/dist', file), join(root, 'media', 'codicons', file));
await Promise.all([
  esbuild.build(validatorBundles(validators, join(root, 'dist', 'validators'), production)),
  esbuild.build(validatorBundles(validators, join(root, 'out', 'src', 'core', 'lint', 'validators'), false)),
]);
copyCliSchemas(join(root, 'dist'));
if (watch) {
  const contexts = await Promise.all([extensionBundle, serverBundle, cliBundles, transpile].map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('esbuild: watching');
} else {
  const [extension, , cli] = await Promise.all([esbuild.build(extensionBundle), esbuild.build(serverBundle), esbuild.build(cliBundles), esbuild.build(transpile)]);
  writeFileSync(join(root, 'out', 'cli-bundles.meta.json'), JSON.stringify(cli.metafile));
  // Node reads the nearest package.json of every entry point it starts (for its "type"): this
  // one-line manifest spares each CLI start parsing the extension's 35 KB one.
  writeFileSync(join(root, 'dist', 'package.json'), '{ "type": "commonjs" }\n');
  writeFileSync(join(root, 'out', 'extension-bundles.meta.json'), JSON.stringify(extension.metafile));
  if (bench) {
    // `npm run bench` measures the code as shipped: the in-process benchmarks are bundled and
    // minified like dist/ (over their transpiled copies).
    await esbuild.build({
      ...shared,
      entryPoints: ['lint.bench', 'send.bench', 'sandboxProcess', 'jsonLanguageServiceProcess'].map((name) => join(root, 'bench', `${name}.ts`)),
      outdir: join(root, 'out', 'bench'),
      external: [],
      loader: { '.json': 'json' },
      sourcemap: false,
    });
    // The bundled benchmarks look for the validators beside themselves, as dist/ does.
    await esbuild.build(validatorBundles(validators, join(root, 'out', 'bench', 'validators'), true));
  }
}
