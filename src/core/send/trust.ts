import { urlParts } from './urlParts';

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

export function decideTrust(url: string, officialHosts: readonly string[], approvedOrigins: ReadonlySet<string>): TrustDecision {
  const parsed = urlParts(url);
  if (!parsed) return { trusted: false, reason: `"${url}" is not a valid URL` };
  if (parsed.protocol === 'https:' && officialHosts.includes(parsed.hostname.toLowerCase())) return { trusted: true, reason: 'official host' };
  if (isLoopbackHost(parsed.hostname)) return { trusted: true, reason: 'loopback' };
  if (approvedOrigins.has(parsed.origin)) return { trusted: true, reason: 'approved by you' };
  return { trusted: false, reason: `${parsed.origin} is neither the provider's official host nor loopback, and has not been approved` };
}

/** Where one send's credentials go: the API, and the token endpoint when it is another URL. */
export function credentialDestinations(baseUrl: string, tokenUrl: string): string[] {
  return tokenUrl === baseUrl ? [baseUrl] : [baseUrl, tokenUrl];
}
