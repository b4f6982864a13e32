import path = require('node:path');
import { PROVIDERS } from '../core/providers/registry';
import type { CliConfig } from './config';

/**
 * The files `esign-drafts lint` checks when given none: every file under the working directory
 * named like a payload (*.ignisign.json, …) or matched by a config "files" glob, as absolute
 * paths, sorted. Inside a git work tree the candidates are the files git lists (tracked, and
 * untracked unless ignored: `git ls-files --cached --others --exclude-standard`), so .gitignore,
 * .git/info/exclude and the global excludes apply exactly as git applies them. Elsewhere the
 * folder is walked, node_modules and dot folders left out.
 */
export function discoverPayloadFiles(cwd: string, config: CliConfig, globs: typeof import('./globs')): string[] {
  const suffixes = PROVIDERS.map((p) => p.fileSuffix);
  const candidates = gitFiles(cwd) ?? walk(cwd, suffixes, config, globs);
  // "files" globs are relative to the config's folder.
  const wanted = (relative: string) => suffixes.some((suffix) => relative.endsWith(suffix)) || config.files.some((f) => globs.globMatches(f.pattern, path.relative(config.directory, path.resolve(cwd, relative)).split(path.sep).join('/')));
  return candidates
    .filter((relative) => !/(^|\/)node_modules\//.test(relative) && wanted(relative))
    .map((relative) => path.resolve(cwd, relative))
    .sort();
}

/** The paths git lists under `cwd` (relative to it, `/`-separated); undefined outside a work tree or without git. */
function gitFiles(cwd: string): string[] | undefined {
  // Required here: loading node:child_process (and net, streams) costs every `lint <file>` start a few ms.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  if (listed.error || listed.status !== 0) return undefined;
  return [...new Set(listed.stdout.split('\0').filter(Boolean))];
}

function walk(cwd: string, suffixes: string[], config: CliConfig, globs: typeof import('./globs')): string[] {
  // The config's globs are relative to its folder; from the working directory they are the same when it holds the config.
  const patterns = [...suffixes.map((suffix) => `**/*${suffix}`), ...(config.directory === cwd ? config.files.map((f) => f.pattern) : [])];
  return [...new Set(globs.globFilesUnder(patterns, cwd).map((file) => path.relative(cwd, file).split(path.sep).join('/')))];
}
