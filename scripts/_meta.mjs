import * as esbuild from 'esbuild';
import { join } from 'node:path';
const root = '/work/main';
const r = await esbuild.build({ bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['vscode'], mainFields: ['module','main'], inject: [join(root,'scripts/import-meta-url.js')], define: {'import.meta.url':'importMetaUrl'}, minify: true, entryPoints: [join(root, process.argv[2])], write: false, metafile: true, outdir: '/tmp/metaout' });
const out = Object.values(r.metafile.outputs)[0];
const byPkg = {};
for (const [f, v] of Object.entries(out.inputs)) { const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f); const k = m ? m[1] : f.replace(/^src\//,'').split('/').slice(0,3).join('/'); byPkg[k] = (byPkg[k]||0) + v.bytesInOutput; }
console.log(Object.entries(byPkg).sort((a,b)=>b[1]-a[1]).slice(0,30).map(([k,v])=>`${(v/1024).toFixed(0).padStart(6)} KB ${k}`).join('\n'));
