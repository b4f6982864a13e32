import { urlParts } from './urlParts';

/**
 * Where credentials may go: the provider's official host, loopback, or an origin the user has
 * explicitly approved. A cloned repository's settings must not be able to send a user's
 * secret to its own server. Credentials never go over plain http to another machine, approved
 * or not: anyone on the path would read them.
 */
export interface TrustDecision {
  trusted: boolean;
  /** Why, for messages: "official host", "loopback", "approved by you", or why not. */
  reason: string;
  /** When not trusted: whether approving the origin would make it trusted (false for plain http). */
  approvable?: boolean;
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function decideTrust(url: string, officialHosts: readonly string[], approvedOrigins: ReadonlySet<string>): TrustDecision {
  const parsed = urlParts(url);
  if (!parsed) return { trusted: false, approvable: false, reason: `"${url}" is not a valid URL` };
  if (parsed.protocol === 'https:' && officialHosts.includes(parsed.hostname.toLowerCase())) return { trusted: true, reason: 'official host' };
  if (isLoopbackHost(parsed.hostname)) return { trusted: true, reason: 'loopback' };
  if (parsed.protocol !== 'https:') {
    return {
      trusted: false,
      approvable: false,
      reason: `${parsed.origin} is not https: credentials never go unencrypted (${parsed.protocol.slice(0, -1)}) to a host other than this machine, approved or not. Use https://${parsed.host} instead`,
    };
  }
  if (approvedOrigins.has(parsed.origin)) return { trusted: true, reason: 'approved by you' };
  return { trusted: false, approvable: true, reason: `${parsed.origin} is neither the provider's official host nor loopback, and has not been approved` };
}

/**
 * The origin an approval stands for (`--allow-host`, ESIGN_DRAFTS_ALLOWED_HOSTS, the extension's
 * stored approvals). An approval is for one exact origin: the host is case-insensitive and a
 * default port is the same as none. A bare host (`staging.example`, `staging.example:8443`)
 * means https on that port (443 when none), since credentials never go over plain http to
 * another machine anyway. A URL (`https://staging.example:443/`) stands for its origin; a path
 * in it is ignored.
 */
export function approvedOriginOf(entry: string): { origin: string } | { problem: string } {
  const text = entry.trim();
  const expected = 'expected a host (staging.example, staging.example:8443) or an https origin (https://staging.example)';
  if (!text) return { problem: `an empty approval: ${expected}` };
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `https://${text}`);
  } catch {
    return { problem: `"${text}" is not a host or an origin: ${expected}` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: `"${text}" is not an http(s) origin: ${expected}` };
  if (url.username || url.password) return { problem: `"${text}" holds a user name or password: ${expected}` };
  if (!url.hostname) return { problem: `"${text}" names no host: ${expected}` };
  return { origin: url.origin };
}

/** Where one send's credentials go: the API, and the token endpoint when it is another URL. */
export function credentialDestinations(baseUrl: string, tokenUrl: string): string[] {
  return tokenUrl === baseUrl ? [baseUrl] : [baseUrl, tokenUrl];
}
