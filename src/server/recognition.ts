import { GlobError, globMatcher } from '../core/glob/globMatcher';
import { detectProvider } from '../core/providers/registry';
import type { ProviderProfile } from '../core/providers/types';
import type { ServerSettings } from './settings';

/**
 * Which API a document is a payload for: its name (`*.ignisign.json`), its `$schema`, then the
 * `esignDrafts.files` globs, matched against the path relative to each workspace folder and the
 * absolute path (as the extension does, src/vscode/payloadDetection.ts). The globs are matched
 * by automaton (core/glob): a glob from the settings that backtracked in picomatch's RegExp held
 * the server forever. A glob it refuses (`!(…)`, over 1 024 characters) matches nothing, and
 * `onRefusedGlob` is told why.
 */
export function providerForDocument(uri: string, text: string, settings: ServerSettings, workspaceFolders: readonly string[], onRefusedGlob: (pattern: string, problem: string) => void = () => undefined): ProviderProfile | undefined {
  const absolute = pathOf(uri);
  const fileName = absolute.split('/').pop() ?? absolute;
  const candidates = [absolute];
  for (const folder of workspaceFolders) {
    const root = pathOf(folder).replace(/\/$/, '');
    if (absolute.startsWith(root + '/')) candidates.push(absolute.slice(root.length + 1));
  }
  const matches = (pattern: string) => {
    try {
      const matcher = globMatcher(pattern, { dot: true });
      return candidates.some((candidate) => matcher.matches(candidate));
    } catch (error) {
      if (!(error instanceof GlobError)) throw error;
      onRefusedGlob(pattern, error.message);
      return false;
    }
  };
  // A name without a JSON extension is still a payload when its language says so (untitled buffers).
  const nameForDetection = /\.jsonc?$/i.test(fileName) ? fileName : `${fileName}.json`;
  return detectProvider(nameForDetection, text, matches, settings.files);
}

/** The decoded path of a URI ("file:///a/b%20c.json" → "/a/b c.json"; "untitled:Untitled-1" → "Untitled-1"). */
function pathOf(uri: string): string {
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}
