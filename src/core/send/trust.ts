import type { EnvironmentConfig } from './types';

/**
 * Where credentials may go: the provider's official host, loopback, or an origin the user has
 * explicitly approved. A cloned repository's settings must not be able to send a user's
 * secret to its own server.
 */
export interface TrustDecision {
  trusted: boolean;
  /** Why, for messages: "official host", "loopback", "approved by you". */
  reason: string;
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * Official-host and loopback decisions depend on the URL alone and every send makes them again
 * for the same few URLs: remembered per list of official hosts (a profile's constant).
 */
const inherentTrust = new WeakMap<readonly string[], Map<string, TrustDecision>>();
const MAX_REMEMBERED_URLS = 64;

export function decideTrust(url: string, officialHosts: readonly string[], approvedOrigins: ReadonlySet<string>): TrustDecision {
  let remembered = inherentTrust.get(officialHosts);
  const known = remembered?.get(url);
  if (known) return known;
  const decision = decideTrustOnce(url, officialHosts, approvedOrigins);
  if (decision.trusted && decision.reason !== APPROVED) {
    if (!remembered) inherentTrust.set(officialHosts, (remembered = new Map()));
    if (remembered.size >= MAX_REMEMBERED_URLS) remembered.clear();
    remembered.set(url, decision);
  }
  return decision;
}

const APPROVED = 'approved by you';

function decideTrustOnce(url: string, officialHosts: readonly string[], approvedOrigins: ReadonlySet<string>): TrustDecision {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { trusted: false, reason: `"${url}" is not a valid URL` };
  }
  if (parsed.protocol === 'https:' && officialHosts.includes(parsed.hostname.toLowerCase())) return { trusted: true, reason: 'official host' };
  if (isLoopbackHost(parsed.hostname)) return { trusted: true, reason: 'loopback' };
  if (approvedOrigins.has(parsed.origin)) return { trusted: true, reason: APPROVED };
  return { trusted: false, reason: `${parsed.origin} is neither the provider's official host nor loopback, and has not been approved` };
}

/** Every URL an environment sends credentials to (the API and, for OAuth, the token endpoint). */
export function credentialDestinations(environment: EnvironmentConfig, baseUrl: string, tokenUrl: string | undefined): string[] {
  void environment;
  return tokenUrl && originOf(tokenUrl) !== originOf(baseUrl) ? [baseUrl, tokenUrl] : [baseUrl];
}
