import type { ProviderProfile } from './types';
import { ignisignProfile } from './ignisign/profile';
import { ignisignV4Profile } from './ignisignV4/profile';
import { zignedProfile } from './zigned/profile';

/** Every supported API. Adding one means adding its profile here; nothing else names a provider. */
export const PROVIDERS: readonly ProviderProfile[] = [ignisignProfile, ignisignV4Profile, zignedProfile];

/** The payload file names, for messages: "*.ignisign.json, *.ignisign-v4.json or *.zigned.json". */
export function payloadFileNames(): string {
  return orList(PROVIDERS.map((p) => `*${p.fileSuffix}`));
}

/** The provider ids, for messages: '"ignisign", "ignisign-v4" or "zigned"'. */
export function providerIdList(): string {
  return orList(PROVIDERS.map((p) => `"${p.id}"`));
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

export function providerById(id: string): ProviderProfile | undefined {
  return PROVIDERS.find((p) => p.id === id);
}

/** The provider a file name implies by its suffix (`*.ignisign.json`). */
export function providerForFileName(fileName: string): ProviderProfile | undefined {
  const lower = fileName.toLowerCase();
  return PROVIDERS.find((p) => lower.endsWith(p.fileSuffix));
}

/** The provider whose schema a `$schema` value names (by its file name, wherever it is hosted). */
export function providerForSchemaReference(reference: string): ProviderProfile | undefined {
  const clean = reference.split(/[?#]/)[0];
  return PROVIDERS.find((p) => clean === p.schemaFile || clean.endsWith('/' + p.schemaFile) || clean === (p.updateSchema.$id as string | undefined));
}

/**
 * How far into a file its `$schema` is looked for: it sits near the top by convention, and
 * looking further would cost time on large files. Callers holding a large document may pass only
 * this much of its beginning.
 */
export const SCHEMA_REFERENCE_WINDOW = 4096;

/** Reads a top-level `"$schema": "…"` without a full parse (cheap enough for every opened JSON file). */
export function schemaReferenceOf(text: string): string | undefined {
  const match = /"\$schema"\s*:\s*"([^"]*)"/.exec(text.slice(0, SCHEMA_REFERENCE_WINDOW));
  return match?.[1];
}

export interface FileAssociation {
  /** A glob (picomatch / VS Code syntax) matched against the workspace-relative or absolute path. */
  pattern: string;
  provider: string;
}

/**
 * Which provider a file belongs to: its name first, then its `$schema`, then the user's
 * `esignDrafts.files` globs (matched by the caller, which knows how paths are rooted).
 */
export function detectProvider(fileName: string, text: string, matchesAssociation?: (pattern: string) => boolean, associations: readonly FileAssociation[] = []): ProviderProfile | undefined {
  const byName = providerForFileName(fileName);
  if (byName) return byName;
  if (fileName.toLowerCase().endsWith('.json') || fileName.toLowerCase().endsWith('.jsonc')) {
    const reference = schemaReferenceOf(text);
    const bySchema = reference ? providerForSchemaReference(reference) : undefined;
    if (bySchema) return bySchema;
  }
  if (matchesAssociation) {
    for (const association of associations) {
      if (matchesAssociation(association.pattern)) return providerById(association.provider);
    }
  }
  return undefined;
}
