import { globMatcher } from '../core/glob/globMatcher';

/**
 * Whether an esign-drafts.config.json "files" glob matches any of these paths (dot files
 * included). Matched by automaton (core/glob): picomatch's RegExp could backtrack without end.
 * The glob was checked when the config was read (checkGlob), so it compiles.
 */
export function globMatches(pattern: string, ...paths: string[]): boolean {
  const matcher = globMatcher(pattern, { dot: true });
  return paths.some((candidate) => matcher.matches(candidate));
}
