import type { IncomingHttpHeaders } from 'node:http';
import { SANDBOX_IGNISIGN_API_KEY, SANDBOX_IGNISIGN_CREDENTIALS, SANDBOX_ZIGNED_CREDENTIALS } from '../core/send/localSandbox';
import { SECRET_MASK, SECRET_PARAMETER, SecretMask } from '../core/send/secretMask';
import type { SandboxRequest } from './http';
import { mediaTypeOf } from './http';

/**
 * Every credential a request brought, masked before the request log keeps it. The log is
 * served without authentication (GET /__sandbox/requests), and a misconfigured client may send
 * real credentials here, on any route and in any encoding. So masking does not depend on the
 * route: credentials are found where they can be (Authorization and credential-like headers,
 * credential-like query parameters, fields of a JSON, form or multipart body, whatever its
 * Content-Type says), masked in place, and then every value found, plus the sandbox's own
 * credentials, any `skv2_` key and any JWT, is masked wherever else it occurs in the path, the
 * headers and the body, as sent, JSON-escaped or URL-encoded (SecretMask).
 */
export interface MaskedRequest {
  path: string;
  headers: Record<string, string>;
  /** The body text, masked, and cut after the characters asked for. */
  body: string;
  /** The body was longer than the characters asked for. */
  cut: boolean;
}

/** Body fields that hold credentials (narrower than query parameters: update fields such as `initialSignatureRequestId` or `extendedAuthSessionEnabled` are data). */
const CREDENTIAL_FIELD = /secret|passw(or)?d|^pwd$|^(access_|refresh_|id_)?token$|api[-_]?key|credential|client_assertion|^authorization$/i;
/** Every key CREDENTIAL_FIELD takes contains one of these. */
const CREDENTIAL_WORD = /secret|passw|pwd|token|api[-_]?key|credential|client_assertion|authorization/i;
/** A JSON Web Token (the sandbox's bearer tokens, and most others): a credential wherever it appears. Starts only at the start of a run, so no text makes it backtrack more than once per run. */
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
/** Header names whose whole value is a credential (Authorization keeps its scheme, see maskAuthorization). */
const SECRET_HEADER = (name: string) => name === 'cookie' || SECRET_PARAMETER.test(name);
const SANDBOX_SECRETS = [SANDBOX_IGNISIGN_CREDENTIALS.secret, SANDBOX_IGNISIGN_API_KEY, SANDBOX_ZIGNED_CREDENTIALS.clientSecret];
/**
 * Values longer than this are masked where they were found but not looked for elsewhere (no
 * credential is this long; a huge "secret" field must not become a huge expression).
 */
const MAX_SEARCHED_SECRET = 1024;
/**
 * Only the kept part of the body is searched for secrets as text, plus this margin, so that a
 * secret crossing the cut is masked whole (its longest form, \uXXXX-escaped, is 6 × its length).
 */
const CUT_MARGIN = 6 * MAX_SEARCHED_SECRET;

export function maskRequest(req: SandboxRequest, bodyNote: string | undefined, maxBodyChars: number): MaskedRequest {
  const found: string[] = [...SANDBOX_SECRETS];
  const headers = maskHeaders(req.headers, found);
  const path = maskQuery(req.rawPath, found);
  const wholeBody = bodyNote ?? maskBody(req, found, maxBodyChars + CUT_MARGIN);
  const mask = new SecretMask(found.filter((secret) => secret.length <= MAX_SEARCHED_SECRET));
  const everywhere = (text: string) => mask.text(text).replace(JWT, SECRET_MASK);
  const body = everywhere(wholeBody.slice(0, maxBodyChars + CUT_MARGIN));
  return {
    path: everywhere(path),
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, everywhere(value)])),
    body: body.slice(0, maxBodyChars),
    cut: body.length > maxBodyChars,
  };
}

/**
 * The path and query as received, credentials masked as maskRequest masks them: for what the
 * sandbox reports of a request outside the log (`esign-drafts sandbox` prints each one).
 */
export function maskedPath(req: Pick<SandboxRequest, 'rawPath' | 'headers'>): string {
  const found: string[] = [...SANDBOX_SECRETS];
  maskHeaders(req.headers, found);
  const path = maskQuery(req.rawPath, found);
  return new SecretMask(found.filter((secret) => secret.length <= MAX_SEARCHED_SECRET)).text(path).replace(JWT, SECRET_MASK);
}

/** Flattens headers to strings; Authorization shows only its scheme ("Bearer ***", so "was it Bearer?" stays checkable). */
function maskHeaders(headers: IncomingHttpHeaders, found: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (name === 'authorization' || name === 'proxy-authorization') out[name] = maskAuthorization(text, found);
    else if (SECRET_HEADER(name)) {
      found.push(text, ...text.split(/[;,]/).map((part) => part.slice(part.indexOf('=') + 1).trim()));
      out[name] = SECRET_MASK;
    } else out[name] = text;
  }
  return out;
}

function maskAuthorization(value: string, found: string[]): string {
  const trimmed = value.trim();
  const space = trimmed.search(/\s/);
  if (space < 0) {
    found.push(trimmed);
    return SECRET_MASK;
  }
  const scheme = trimmed.slice(0, space);
  const credentials = trimmed.slice(space).trim();
  found.push(credentials);
  if (scheme.toLowerCase() === 'basic') {
    // user:password, base64: the password (and the pair) may show elsewhere decoded.
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    found.push(decoded, decoded.slice(decoded.indexOf(':') + 1));
  }
  return `${scheme} ${SECRET_MASK}`;
}

/** The path with the values of credential-like query parameters masked. */
function maskQuery(rawPath: string, found: string[]): string {
  const at = rawPath.indexOf('?');
  if (at < 0) return rawPath;
  const masked = maskForm(rawPath.slice(at + 1), SECRET_PARAMETER, found);
  return masked === undefined ? rawPath : `${rawPath.slice(0, at + 1)}${masked}`;
}

/**
 * The body with credential fields masked. JSON is parsed whole (a field anywhere may be echoed in
 * the part shown); form and multipart fields are looked for only in the part the log may show
 * (`searchedChars`), so that a body of millions of fields is not taken apart for nothing.
 */
function maskBody(req: SandboxRequest, found: string[], searchedChars: number): string {
  const text = req.body.toString('utf8');
  const mediaType = mediaTypeOf(req.headers);
  const start = /^\s*(.)/.exec(text)?.[1];
  // A body that names no credential field (most update bodies) is not parsed at all; an escape
  // could spell one (\u0073ecret), so a body with escapes is.
  if ((start === '{' || start === '[') && (CREDENTIAL_WORD.test(text) || text.includes('\\u'))) {
    const json = maskJson(text, found);
    if (json !== undefined) return json;
  }
  const shown = text.slice(0, searchedChars);
  if (mediaType === 'multipart/form-data') {
    collectMultipart(shown, found);
    return text;
  }
  // Form fields, whatever the Content-Type says (text/plain is a common mistake).
  return (/^[^\s=&]+=/.test(shown) ? maskForm(shown, CREDENTIAL_FIELD, found) : undefined) ?? text;
}

/** JSON with every value under a credential field replaced; undefined when the text is not JSON. The text as sent when none. */
function maskJson(text: string, found: string[]): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!collectJson(value, found)) return text;
  try {
    return JSON.stringify(value, (key, inner: unknown) => (key !== '' && CREDENTIAL_FIELD.test(key) && isCredentialValue(inner) ? SECRET_MASK : inner));
  } catch {
    // Nested past what stringify can walk: the values found are still masked as text.
    return text;
  }
}

/**
 * Collects every string and number under a credential field (at any depth below it), walking
 * with a stack of objects only, since a body may nest deeply or hold millions of values; whether
 * any credential field was found.
 */
function collectJson(root: unknown, found: string[]): boolean {
  let any = false;
  const stack: { value: object; secret: boolean }[] = [];
  const visit = (value: unknown, secret: boolean) => {
    if (typeof value === 'object' && value !== null) stack.push({ value, secret });
    else if (secret && (typeof value === 'string' || typeof value === 'number')) found.push(String(value));
  };
  visit(root, false);
  while (stack.length > 0) {
    const { value, secret } = stack.pop()!;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) visit(value[i], secret);
      continue;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const credential = secret || (CREDENTIAL_FIELD.test(key) && isCredentialValue(record[key]));
      any ||= credential;
      visit(record[key], credential);
    }
  }
  return any;
}

function isCredentialValue(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || (typeof value === 'object' && value !== null);
}

/** A form (or query string) with the values of matching fields masked; undefined when none matched. */
function maskForm(text: string, field: RegExp, found: string[]): string | undefined {
  const form = new URLSearchParams(text);
  let any = false;
  for (const [name, value] of form) {
    if (!field.test(name)) continue;
    any = true;
    found.push(value);
  }
  if (!any) return undefined;
  for (const name of new Set(form.keys())) if (field.test(name)) form.set(name, SECRET_MASK);
  // URLSearchParams encodes the mask: show it as written.
  return form.toString().replace(/%2A%2A%2A/g, SECRET_MASK);
}

/**
 * The values of multipart fields named like credentials (masked as text afterwards): line by
 * line, each line read once, so that no text makes the search backtrack.
 */
function collectMultipart(text: string, found: string[]): void {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (!/^content-disposition:/i.test(lines[i])) continue;
    const name = /\bname="([^"]{0,256})"/i.exec(lines[i])?.[1];
    while (i < lines.length && lines[i] !== '') i++;
    if (name !== undefined && CREDENTIAL_FIELD.test(name) && i + 1 < lines.length) found.push(lines[i + 1]);
  }
}
