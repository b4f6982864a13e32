import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './lintSupport';

/**
 * The product cites only what its users can read: a documentation URL, a file of this repository,
 * or a file of a public repository at a commit. Never the project's private notes (`seeds/`,
 * `api-facts.md`, `design.md`, `shared/`), and never a repository file that does not exist.
 */

/** This repository's top-level folders: a path starting with one is a reference to a file here. */
const LOCAL_ROOTS = ['src', 'docs', 'schemas', 'test', 'samples', 'snippets', 'scripts', 'bench', 'media', 'syntaxes'];

/** Another repository named on the line: its `src/…` paths are that repository's, not ours. */
const OTHER_REPOSITORY = /`[\w.-]+\/[\w.-]+`|public-models|ignisign-node|ignisign-examples|ignisign\/ignisign|validator\.js|validatorjs|zigned-client|\bclass-validator\b/;

const PRIVATE_NOTES = [/\bseeds\//, /api-facts/, /\bdesign\.md\b/, /\.\.\/shared\//, /\bshared\/[\w-]+\.md\b/];

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  const full = path.join(REPO_ROOT, dir);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => keep(f) && fs.statSync(path.join(REPO_ROOT, f)).isFile());
}

/** What users read: the docs, the README, the schemas' texts, and the sources' comments. */
function citingFiles(): string[] {
  return [
    'README.md',
    ...filesUnder('docs', (f) => f.endsWith('.md')),
    ...filesUnder('schemas', (f) => f.endsWith('.json')),
    ...filesUnder('src', (f) => f.endsWith('.ts') && !f.includes(`${path.sep}generated${path.sep}`)),
  ];
}

/** Repository paths a line names: `src/a/b.ts`, docs/x.md, … (not in a URL, not templated). */
function localPathsOf(line: string): string[] {
  const out: string[] = [];
  const pattern = new RegExp(`(?<![\\w./:-])((?:${LOCAL_ROOTS.join('|')})/[\\w./-]*[\\w-])`, 'g');
  for (const match of line.matchAll(pattern)) {
    const candidate = match[1];
    // A glob, a template, a placeholder or a folder pattern is not one file.
    if (/[*${}<>]/.test(candidate)) continue;
    out.push(candidate);
  }
  return out;
}

/** Relative Markdown links of a docs page: [text](../rules/x.md#anchor) → the file it points at. */
function markdownLinksOf(file: string, line: string): string[] {
  const out: string[] = [];
  for (const match of line.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = match[1].split('#')[0];
    if (!target || /^[a-z]+:/i.test(target)) continue;
    out.push(path.normalize(path.join(path.dirname(file), target)));
  }
  return out;
}

/** The problems of a file's text (`file` is its place in the repository, for relative links). */
function problemsOf(file: string, text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')): string[] {
  const problems: string[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const where = `${file}:${index + 1}`;
    for (const note of PRIVATE_NOTES) if (note.test(line)) problems.push(`${where} cites a file users do not have (${note.source}): ${line.trim().slice(0, 160)}`);
    const otherRepository = OTHER_REPOSITORY.test(line);
    for (const local of localPathsOf(line)) {
      if (otherRepository && local.startsWith('src/') && !fs.existsSync(path.join(REPO_ROOT, local))) continue;
      if (!fs.existsSync(path.join(REPO_ROOT, local))) problems.push(`${where} names ${local}, which is not in the repository`);
    }
    if (file.endsWith('.md')) {
      for (const target of markdownLinksOf(file, line)) if (!fs.existsSync(path.join(REPO_ROOT, target))) problems.push(`${where} links ${target}, which is not in the repository`);
    }
  });
  return problems;
}

describe('citations: only public sources and files of this repository', () => {
  it('docs, README, schemas and source comments name no private note and no missing file', () => {
    const files = citingFiles();
    assert.ok(files.length > 100, `${files.length} files checked`);
    const problems = files.flatMap((file) => problemsOf(file));
    assert.deepEqual(problems, []);
  });

  it('the check itself catches a seed, api-facts.md, design.md and a missing repository file', () => {
    const text = ['`seeds/x.txt` line 3', 'see api-facts.md', 'design.md says', 'see `src/core/nothing-here.ts`', '[gone](rules/gone.md)', 'fine: `src/core/lint/engine.ts`, [ok](rules/README.md), https://example.com/src/x.ts'].join('\n');
    const problems = problemsOf('docs/probe.md', text);
    assert.equal(problems.length, 5, problems.join('\n'));
  });
});
