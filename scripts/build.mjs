// Builds everything with esbuild:
//  - dist/extension.js and dist/cli.js: the shipped bundles (`vscode` stays external);
//  - out/: a one-to-one transpile of src/, test/ and bench/ for mocha, the integration
//    runner (whose test modules are required inside the extension host) and benchmarks.
// Type checking is `tsc --noEmit`; esbuild only strips types.
import * as esbuild from 'esbuild';
import { precompileValidators } from './precompile-validators.mjs';
import { readdirSync, statSync, rmSync, cpSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const production = process.argv.includes('--production');
const bench = process.argv.includes('--bench');
const watch = process.argv.includes('--watch');

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

const bundles = {
  entryPoints: { extension: join(root, 'src/extension.ts'), cli: join(root, 'src/cli/main.ts') },
  bundle: true,
  outdir: join(root, 'dist'),
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  // jsonc-parser's UMD build hides its requires from bundlers; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  // ESM builds in the bundle (fdir, under tinyglobby) call createRequire(import.meta.url):
  // give them the bundle's URL, as Node would (an injected module keeps "use strict" first).
  inject: [join(root, 'scripts/import-meta-url.js')],
  define: { 'import.meta.url': 'importMetaUrl' },
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

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

function safeList(dir) {
  try { return listTs(dir); } catch { return []; }
}

const validators = precompileValidators(root);
rmSync(join(root, 'out'), { recursive: true, force: true });
// Transpiled modules keep their relative imports of JSON (schemas, snippets, package.json),
// so out/ gets the same data files beside it.
mkdirSync(join(root, 'out'), { recursive: true });
for (const data of ['schemas', 'snippets']) cpSync(join(root, data), join(root, 'out', data), { recursive: true });
cpSync(join(root, 'package.json'), join(root, 'out', 'package.json'));
mkdirSync(join(root, 'out', 'src', 'core', 'lint', 'generated'), { recursive: true });
cpSync(validators, join(root, 'out', 'src', 'core', 'lint', 'generated', 'validators.js'));
// The response view's icon font (git-ignored copy; the VSIX ships media/**).
mkdirSync(join(root, 'media', 'codicons'), { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) cpSync(join(root, 'node_modules/@vscode/codicons/dist', file), join(root, 'media', 'codicons', file));
if (watch) {
  const a = await esbuild.context(bundles);
  const b = await esbuild.context(transpile);
  await Promise.all([a.watch(), b.watch()]);
  console.log('esbuild: watching');
} else {
  await Promise.all([esbuild.build(bundles), esbuild.build(transpile)]);
  if (bench) {
    // `npm run bench` measures the code as shipped: the in-process benchmarks are bundled and
    // minified like dist/ (over their transpiled copies).
    await esbuild.build({
      ...bundles,
      entryPoints: ['lint.bench', 'send.bench', 'sandboxProcess'].map((name) => join(root, 'bench', `${name}.ts`)),
      outdir: join(root, 'out', 'bench'),
      external: [],
      loader: { '.json': 'json' },
      sourcemap: false,
    });
  }
}
