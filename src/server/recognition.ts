import { matchesGlob } from '../core/glob/globMatcher';
import { detectProvider } from '../core/providers/registry';
import type { ProviderProfile } from '../core/providers/types';
import type { ProjectConfig } from '../core/config/projectConfig';
import type { ServerSettings } from './settings';

/**
 * Which API a document is a payload for: its name (`*.ignisign.json`), its `$schema`, then the
 * `esignDrafts.files` globs, matched against the path relative to each workspace folder and the
 * absolute path (as the extension does, src/vscode/payloadDetection.ts). The globs are matched
 * by automaton (core/glob): a glob from the settings that backtracked in picomatch's RegExp held
 * the server forever. A glob it refuses (`!(…)`, over 1 024 characters) matches nothing, and
 * `onRefusedGlob` is told why.
 */
export function providerForDocument(
  uri: string,
  text: string,
  settings: ServerSettings,
  workspaceFolders: readonly string[],
  onRefusedGlob: (pattern: string, problem: string) => void = () => undefined,
  project?: ProjectConfig,
): ProviderProfile | undefined {
  const absolute = pathOf(uri);
  const fileName = absolute.split('/').pop() ?? absolute;
  const candidates = [absolute];
  for (const folder of workspaceFolders) {
    const root = pathOf(folder).replace(/\/$/, '');
    if (absolute.startsWith(root + '/')) candidates.push(absolute.slice(root.length + 1));
  }
  const matches = (pattern: string) => candidates.some((candidate) => matchesGlob(pattern, candidate, onRefusedGlob));
  // A name without a JSON extension is still a payload when its language says so (untitled buffers).
  const nameForDetection = /\.jsonc?$/i.test(fileName) ? fileName : `${fileName}.json`;
  // The project config's "files" first (relative to its folder, as the CLI matches them), then the settings'.
  if (project && project.files.length > 0 && absolute.startsWith(project.directory + '/')) {
    const relative = absolute.slice(project.directory.length + 1);
    const byConfig = detectProvider(nameForDetection, text, (pattern) => matchesGlob(pattern, relative, onRefusedGlob), project.files);
    if (byConfig) return byConfig;
  }
  return detectProvider(nameForDetection, text, matches, settings.files);
}

/** The file-system path of a file: URI, or undefined for other schemes (untitled buffers, virtual files). */
export function filePathOf(uri: string): string | undefined {
  return uri.startsWith('file:') ? pathOf(uri) : undefined;
}

/** The decoded path of a URI ("file:///a/b%20c.json" → "/a/b c.json"; "untitled:Untitled-1" → "Untitled-1"). */
function pathOf(uri: string): string {
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}
