import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxRequest } from './http';
import { isPlainObject, mediaTypeOf } from './http';

/** One request as the sandbox received it, with credentials masked. */
export interface LoggedRequest {
  method: string;
  /** Path and query as received. */
  path: string;
  /** Lower-cased header names; Authorization shows only its scheme ("Bearer ***"). */
  headers: Record<string, string>;
  /** The body as text (UTF-8); login secrets masked as "***"; cut after MAX_LOGGED_BODY_CHARS. */
  body: string;
  /** ISO-8601 time of arrival. */
  receivedAt: string;
}

const MAX_ENTRIES = 1000;
const MAX_LOGGED_BODY_CHARS = 256 * 1024;
const MASK = '***';

/** Keeps the last MAX_ENTRIES requests so tests can assert what a client sent. */
export class RequestLog {
  private entries: LoggedRequest[] = [];

  add(req: SandboxRequest, bodyNote?: string): void {
    this.entries.push({
      method: req.method,
      path: req.rawPath,
      headers: redactHeaders(req.headers),
      body: bodyNote ?? logBody(req),
      receivedAt: new Date().toISOString(),
    });
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  list(): LoggedRequest[] {
    return this.entries.map((entry) => ({ ...entry, headers: { ...entry.headers } }));
  }

  clear(): void {
    this.entries = [];
  }
}

/** Flattens headers to strings and masks credentials, keeping the scheme so "was it Bearer?" stays checkable. */
export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    out[name] = name === 'authorization' || name === 'proxy-authorization' ? maskCredentials(text) : text;
  }
  return out;
}

function maskCredentials(value: string): string {
  const scheme = /^\s*(\S+)\s+\S/.exec(value)?.[1];
  return scheme ? `${scheme} ${MASK}` : MASK;
}

/**
 * The body text, with the two login secrets masked: the sandbox's own credentials are fake, but
 * a misconfigured client may send real ones here, and the log is served over HTTP.
 */
function logBody(req: SandboxRequest): string {
  let text = req.body.toString('utf8');
  if (req.path === '/v3/auth/app-api') text = maskJsonSecret(text);
  else if (req.path === '/oauth/token' && mediaTypeOf(req.headers) === 'application/x-www-form-urlencoded') text = maskFormSecret(text);
  return text.length > MAX_LOGGED_BODY_CHARS ? `${text.slice(0, MAX_LOGGED_BODY_CHARS)}…[cut: ${req.body.length} bytes in all]` : text;
}

function maskJsonSecret(text: string): string {
  try {
    const value: unknown = JSON.parse(text);
    if (isPlainObject(value) && 'secret' in value) return JSON.stringify({ ...value, secret: MASK });
  } catch {
    // Not JSON: nothing recognisable to mask; the route answers 400 anyway.
  }
  return text;
}

function maskFormSecret(text: string): string {
  const form = new URLSearchParams(text);
  if (!form.has('client_secret')) return text;
  form.set('client_secret', MASK);
  return form.toString();
}
