import type { IncomingHttpHeaders } from 'node:http';
import { mediaTypeOf } from './http';

/**
 * Cross-site requests. The sandbox listens on loopback, but any web page the user visits can
 * still make the browser send it requests: a form POST to /__sandbox/reset or
 * /__sandbox/expire-tokens, or to Zigned's POST /oauth/token, which is legitimately
 * form-encoded and so needs no CORS preflight. Browsers mark such requests (Origin,
 * Sec-Fetch-Site, Sec-Fetch-Mode); the clients the sandbox is for (the extension, the CLI,
 * node-fetch, curl, Node's own fetch) send no Origin and no Sec-Fetch-Site, so refusing what
 * browsers mark costs them nothing.
 */

/** What an HTML form can send without a CORS preflight. */
const FORM_MEDIA_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/** The sandbox's own origins: the loopback names the Host check accepts, on its port. */
function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * A browser sent this: an Origin header, a Sec-Fetch-Site header (browsers send it with every
 * request; Node's fetch does not), or a Sec-Fetch-Mode other than the `cors` Node's fetch sends
 * (navigate for a form or a link, no-cors for an image or a form).
 */
function fromBrowser(headers: IncomingHttpHeaders): boolean {
  const mode = header(headers, 'sec-fetch-mode');
  return header(headers, 'origin') !== undefined || header(headers, 'sec-fetch-site') !== undefined || (mode !== undefined && mode.toLowerCase() !== 'cors');
}

const WHY = 'the sandbox refuses requests from web pages, so that a site you visit cannot reset it, expire its tokens, inject faults or send updates through it. Tools (the extension, the CLI, curl, node-fetch) send no Origin header and are not affected.';

/**
 * Why a request is refused as coming from a web page, or undefined. `control` is true for the
 * /__sandbox/… routes.
 */
export function browserRequestProblem(method: string, headers: IncomingHttpHeaders, port: number, control: boolean): string | undefined {
  const origin = header(headers, 'origin');
  if (origin !== undefined && !ownOrigins(port).includes(origin.toLowerCase())) {
    return `Origin "${origin}" is not the sandbox's own (http://127.0.0.1:${port}): ${WHY}`;
  }
  const site = header(headers, 'sec-fetch-site')?.toLowerCase();
  if (site === 'cross-site' || site === 'same-site') {
    return `Sec-Fetch-Site "${site}": the browser says this request comes from another site; ${WHY}`;
  }
  if (!fromBrowser(headers)) return undefined;
  const mediaType = mediaTypeOf(headers);
  if (mediaType !== undefined && FORM_MEDIA_TYPES.has(mediaType)) {
    return `A ${mediaType} request from a browser (it carries Origin or Sec-Fetch-* headers): ${WHY}`;
  }
  if (control && method !== 'GET' && method !== 'HEAD') {
    return `${method} on a sandbox control from a browser (it carries Origin or Sec-Fetch-* headers): ${WHY}`;
  }
  return undefined;
}
