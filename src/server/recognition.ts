import picomatch from 'picomatch';
import { detectProvider } from '../core/providers/registry';
import type { ProviderProfile } from '../core/providers/types';
import type { ProjectConfig } from '../core/config/projectConfig';
import type { ServerSettings } from './settings';

/**
 * Which API a document is a payload for: its name (`*.ignisign.json`), its `$schema`, then the
 * `esignDrafts.files` globs, matched against the path relative to each workspace folder and the
 * absolute path (as VS Code's own glob matching does for the extension).
 */
export function providerForDocument(uri: string, text: string, settings: ServerSettings, workspaceFolders: readonly string[], project?: ProjectConfig): ProviderProfile | undefined {
  const absolute = pathOf(uri);
  const fileName = absolute.split('/').pop() ?? absolute;
  const candidates = [absolute];
  for (const folder of workspaceFolders) {
    const root = pathOf(folder).replace(/\/$/, '');
    if (absolute.startsWith(root + '/')) candidates.push(absolute.slice(root.length + 1));
  }
  const matches = (pattern: string) => {
    const matcher = matcherFor(pattern);
    return candidates.some((candidate) => matcher(candidate));
  };
  // A name without a JSON extension is still a payload when its language says so (untitled buffers).
  const nameForDetection = /\.jsonc?$/i.test(fileName) ? fileName : `${fileName}.json`;
  // The project config's "files" first (relative to its folder, as the CLI matches them), then the settings'.
  if (project && project.files.length > 0 && absolute.startsWith(project.directory + '/')) {
    const relative = absolute.slice(project.directory.length + 1);
    const byConfig = detectProvider(nameForDetection, text, (pattern) => matcherFor(pattern)(relative), project.files);
    if (byConfig) return byConfig;
  }
  return detectProvider(nameForDetection, text, matches, settings.files);
}

/** The file-system path of a file: URI, or undefined for other schemes (untitled buffers, virtual files). */
export function filePathOf(uri: string): string | undefined {
  return uri.startsWith('file:') ? pathOf(uri) : undefined;
}

/** Whether a glob matches a path (relative to a config's folder): the same compiled matchers as "files". */
export function globMatchesPath(pattern: string, relativePath: string): boolean {
  return matcherFor(pattern)(relativePath);
}

/** Compiled once per glob: every lint of every open document asks about every `esignDrafts.files` glob. */
const matchers = new Map<string, (path: string) => boolean>();

function matcherFor(pattern: string): (path: string) => boolean {
  let matcher = matchers.get(pattern);
  if (!matcher) matchers.set(pattern, (matcher = picomatch(pattern, { dot: true })));
  return matcher;
}

/** The decoded path of a URI ("file:///a/b%20c.json" → "/a/b c.json"; "untitled:Untitled-1" → "Untitled-1"). */
function pathOf(uri: string): string {
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}
