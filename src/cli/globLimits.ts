import { globProblem as matcherProblem } from '../core/glob/globMatcher';
import { UsageError } from './usageError';

/**
 * Bounds on the globs the CLI takes (config "files" and command-line patterns). They were set
 * for picomatch's compile time, which grew much faster than the pattern (a 64 KB pattern of
 * nested braces took 78 s); globs are now matched by automaton (core/glob), which also refuses
 * what it cannot match at a bounded cost (`!(…)`). Real patterns
 * ("payloads/**\/*.{ignisign,zigned}.json") are far inside these.
 */
export const GLOB_LIMITS = { maxLength: 1024, maxBraceDepth: 10, maxBraceGroups: 32 } as const;

/** Throws a usage error naming the pattern (and where it came from: `where`), the limit it broke and what is expected. */
export function checkGlob(pattern: string, where: string): void {
  const problem = globProblem(pattern);
  if (problem) throw new UsageError(`${where} glob ${shown(pattern)} ${problem}. Expected a plain glob such as "payloads/**/*.{ignisign,zigned}.json".`);
}

function globProblem(pattern: string): string | undefined {
  if (pattern.length > GLOB_LIMITS.maxLength) return `is ${pattern.length} characters long; the limit is ${GLOB_LIMITS.maxLength}`;
  let depth = 0;
  let deepest = 0;
  let groups = 0;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') i++;
    else if (char === '{') {
      groups++;
      deepest = Math.max(deepest, ++depth);
    } else if (char === '}' && depth > 0) depth--;
  }
  if (deepest > GLOB_LIMITS.maxBraceDepth) return `nests braces ${deepest} deep; the limit is ${GLOB_LIMITS.maxBraceDepth}`;
  if (groups > GLOB_LIMITS.maxBraceGroups) return `has ${groups} brace groups; the limit is ${GLOB_LIMITS.maxBraceGroups}`;
  return matcherProblem(pattern);
}

/** The pattern quoted, cut to its start when long (the message names it, it need not repeat 64 KB). */
function shown(pattern: string): string {
  return JSON.stringify(pattern.length > 80 ? `${pattern.slice(0, 60)}…` : pattern);
}
