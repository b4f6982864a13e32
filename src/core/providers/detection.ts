import type { ProviderIdentity } from './types';
import { ignisignIdentity } from './ignisign/identity';
import { ignisignV4Identity } from './ignisignV4/identity';
import { zignedIdentity } from './zigned/identity';

/**
 * Which API a file is a payload of, from the providers' identities alone: the editor asks this for
 * every JSON document it opens, and its first answer must not wait for the profiles' schemas, rules
 * and send code (registry.ts). Same providers, same order as registry's PROVIDERS (a unit test
 * checks); adding a provider means adding its identity here and its profile there.
 */
export const PROVIDER_IDENTITIES: readonly ProviderIdentity[] = [ignisignIdentity, ignisignV4Identity, zignedIdentity];

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

/** The provider a file name implies by its suffix (`*.ignisign.json`). */
export function identityForFileName(fileName: string): ProviderIdentity | undefined {
  const lower = fileName.toLowerCase();
  return PROVIDER_IDENTITIES.find((p) => lower.endsWith(p.fileSuffix));
}

/**
 * The provider whose schema a `$schema` value names (by its file name, wherever it is hosted: our
 * schemas' `$id`s end with their file names too).
 */
export function identityForSchemaReference(reference: string): ProviderIdentity | undefined {
  const clean = reference.split(/[?#]/)[0];
  return PROVIDER_IDENTITIES.find((p) => clean === p.schemaFile || clean.endsWith('/' + p.schemaFile));
}

/**
 * Which provider a file belongs to: its name first, then its `$schema`, then the user's
 * `esignDrafts.files` globs (matched by the caller, which knows how paths are rooted; the first
 * glob that matches decides, and names no provider if its id is unknown).
 */
export function detectProviderId(fileName: string, text: string, matchesAssociation?: (pattern: string) => boolean, associations: readonly FileAssociation[] = []): string | undefined {
  const byName = identityForFileName(fileName);
  if (byName) return byName.id;
  if (fileName.toLowerCase().endsWith('.json') || fileName.toLowerCase().endsWith('.jsonc')) {
    const reference = schemaReferenceOf(text);
    const bySchema = reference ? identityForSchemaReference(reference) : undefined;
    if (bySchema) return bySchema.id;
  }
  if (matchesAssociation) {
    for (const association of associations) {
      if (matchesAssociation(association.pattern)) return PROVIDER_IDENTITIES.find((p) => p.id === association.provider)?.id;
    }
  }
  return undefined;
}
