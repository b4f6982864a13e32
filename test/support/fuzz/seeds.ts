/** The fuzzer's starting points: real payloads from the repository, each tagged with its provider. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expandSnippetDefaults, parseSnippetFile } from '../../../src/core/snippets';

export type FuzzProvider = 'ignisign' | 'zigned';

export interface Seed {
  /** Where it came from, for failure messages ("snippet ignisign-full", "samples/x.json"). */
  name: string;
  provider: FuzzProvider;
  text: string;
}

const PROVIDERS: readonly FuzzProvider[] = ['ignisign', 'zigned'];

/** Snippet templates expanded with their defaults, the schema corpus, and samples/*.json. */
export function loadSeeds(repoRoot: string): Seed[] {
  const seeds: Seed[] = [];
  for (const provider of PROVIDERS) {
    const file = path.join(repoRoot, 'snippets', `${provider}.json`);
    for (const snippet of parseSnippetFile(JSON.parse(fs.readFileSync(file, 'utf8')))) {
      const body = expandSnippetDefaults(snippet.body);
      // Property snippets are fragments inserted into a body: give them one.
      const text = body.trimStart().startsWith('{') ? body : `{\n${body}\n}`;
      seeds.push({ name: `snippet ${snippet.prefix}`, provider, text });
    }
    const corpus = path.join(repoRoot, 'test', 'fixtures', 'schema-corpus', provider);
    for (const file of listJson(corpus)) {
      if (file.endsWith('.expect.json')) continue;
      seeds.push({ name: path.relative(repoRoot, file).split(path.sep).join('/'), provider, text: fs.readFileSync(file, 'utf8') });
    }
  }
  const samples = path.join(repoRoot, 'samples');
  for (const name of fs.readdirSync(samples).sort()) {
    const provider = PROVIDERS.find((p) => name.endsWith(`.${p}.json`));
    if (provider) seeds.push({ name: `samples/${name}`, provider, text: fs.readFileSync(path.join(samples, name), 'utf8') });
  }
  return seeds;
}

function listJson(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (fs.statSync(full).isDirectory()) out.push(...listJson(full));
    else if (name.endsWith('.json')) out.push(full);
  }
  return out;
}
