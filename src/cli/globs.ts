import path = require('node:path');
import { fdir } from 'fdir';
import picomatch from 'picomatch';
import { globMatcher, type GlobMatcher } from '../core/glob/globMatcher';

/**
 * The glob machinery lint needs only for glob patterns and config "files" globs: fdir (the
 * directory walk) and picomatch's scanner, about 30 KB. In dist/ it is a bundle of its own
 * (dist/cli-glob.js, scripts/build.mjs), required on first need, so that
 * `esign-drafts lint file.json` without such globs does not compile it.
 */
export { globMatches } from './globMatches';

/** Whether a command-line pattern is a glob rather than a name (picomatch's scanner, as tinyglobby asked it). */
export function isDynamicPattern(pattern: string): boolean {
  const scan = picomatch.scan(pattern);
  return scan.isGlob || scan.negated;
}

/** The characters that make a path segment a glob rather than a name. */
const GLOB_SEGMENT = /[*?[\]{}()!+@\\]/;

/**
 * The files a command-line glob names, as absolute paths: dot files only where the glob names
 * their dot, node_modules never, symbolic links followed (as tinyglobby did, with fdir).
 *
 * The walk starts at the glob's leading directories that are plain names, and is matched with
 * the automaton of core/glob (no backtracking: tinyglobby's picomatch RegExp ran without end on
 * the glob of issue 18, `**\/` then `*a` 18 times then `*c.json`); a directory is entered only
 * when some path below it may still match.
 */
export function globFiles(pattern: string, cwd: string): string[] {
  const glob = trimmed(pattern);
  const absolute = path.posix.isAbsolute(glob);
  const segments = glob.split('/');
  let plain = 0;
  while (plain < segments.length - 1 && !GLOB_SEGMENT.test(segments[plain])) plain++;
  const root = path.resolve(cwd, segments.slice(0, plain).join('/') || (absolute ? '/' : '.'));
  // What the glob is matched against: the path as written from cwd, or the absolute path.
  return walk(root, [globMatcher(glob, { dot: false })], (file) => (absolute ? file : relativeTo(cwd, file)));
}

/**
 * The files under `cwd` that any of these relative globs names, found in one walk (lint without
 * file arguments outside git looks for three payload suffixes and the config's globs: one walk
 * each read every folder three or four times). Same rules as globFiles.
 */
export function globFilesUnder(patterns: readonly string[], cwd: string): string[] {
  return walk(path.resolve(cwd), patterns.map((pattern) => globMatcher(trimmed(pattern), { dot: false })), (file) => relativeTo(cwd, file));
}

/** A glob without a leading "./" or a trailing "/". */
function trimmed(pattern: string): string {
  return pattern.replace(/^(\.\/)+/, '').replace(/(?<=.)\/+$/, '');
}

function relativeTo(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}

/**
 * The files below `root` that some matcher takes, each matched as `candidate` writes its path:
 * node_modules never entered, nor a folder below which no matcher may match; links followed.
 */
function walk(root: string, matchers: readonly GlobMatcher[], candidate: (file: string) => string): string[] {
  return new fdir({
    filters: [(file, isDirectory) => !isDirectory && matchers.some((matcher) => matcher.matches(candidate(file)))],
    exclude: (name, directory) => name === 'node_modules' || !matchers.some((matcher) => matcher.mayMatchBelow(candidate(directory.replace(/\/$/, '')))),
    pathSeparator: '/',
    includeBasePath: true,
    resolvePaths: true,
    resolveSymlinks: true,
    excludeSymlinks: false,
    suppressErrors: true,
    maxDepth: Infinity,
  })
    .crawl(root)
    .sync() as string[];
}
