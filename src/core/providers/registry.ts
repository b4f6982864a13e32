import type { ProviderProfile } from './types';
import { ignisignProfile } from './ignisign/profile';
import { ignisignV4Profile } from './ignisignV4/profile';
import { zignedProfile } from './zigned/profile';
import { detectProviderId, type FileAssociation } from './detection';

export type { FileAssociation } from './detection';

/**
 * Every supported API. Adding one means adding its profile here and its identity (file suffix,
 * schema file) to detection.ts, in the same order; nothing else names a provider.
 */
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

/**
 * Which provider a file belongs to: its name first, then its `$schema`, then the user's
 * `esignDrafts.files` globs (matched by the caller, which knows how paths are rooted).
 */
export function detectProvider(fileName: string, text: string, matchesAssociation?: (pattern: string) => boolean, associations: readonly FileAssociation[] = []): ProviderProfile | undefined {
  const id = detectProviderId(fileName, text, matchesAssociation, associations);
  return id === undefined ? undefined : providerById(id);
}
