import picomatch from 'picomatch';

/** Compiled once per pattern: `lint` asks every file about every "files" glob of the config. */
const matchers = new Map<string, (path: string) => boolean>();

/** Whether an esign-drafts.config.json "files" glob matches any of these paths (dot files included). */
export function globMatches(pattern: string, ...paths: string[]): boolean {
  let matcher = matchers.get(pattern);
  if (!matcher) matchers.set(pattern, (matcher = picomatch(pattern, { dot: true })));
  return paths.some((candidate) => matcher(candidate));
}
