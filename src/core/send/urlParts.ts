/**
 * The parts of a URL that the send path asks for on every send (trust, connection pooling),
 * parsed once per URL: a session sends to the same few URLs again and again, and parsing costs
 * microseconds each time. Undefined for a string that is not a URL.
 */
export interface UrlParts {
  readonly origin: string;
  readonly protocol: string;
  readonly hostname: string;
  /** Host name and port when not the default ("staging.example:8443"). */
  readonly host: string;
}

const parsed = new Map<string, UrlParts | undefined>();
const MAX_REMEMBERED_URLS = 64;

export function urlParts(url: string): UrlParts | undefined {
  if (parsed.has(url)) return parsed.get(url);
  let parts: UrlParts | undefined;
  try {
    const { origin, protocol, hostname, host } = new URL(url);
    parts = Object.freeze({ origin, protocol, hostname, host });
  } catch {
    parts = undefined;
  }
  if (parsed.size >= MAX_REMEMBERED_URLS) parsed.clear();
  parsed.set(url, parts);
  return parts;
}
