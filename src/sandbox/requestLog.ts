import type { SandboxRequest } from './http';
import { maskRequest } from './logMasking';

/** One request as the sandbox received it, with credentials masked. */
export interface LoggedRequest {
  method: string;
  /** Path and query as received, credential-like query parameters masked. */
  path: string;
  /** Lower-cased header names; Authorization shows only its scheme ("Bearer ***"), other credential headers "***". */
  headers: Record<string, string>;
  /** The body as text (UTF-8), every credential masked as "***"; cut after MAX_LOGGED_BODY_CHARS. */
  body: string;
  /** ISO-8601 time of arrival. */
  receivedAt: string;
}

const MAX_ENTRIES = 1000;
export const MAX_LOGGED_BODY_CHARS = 256 * 1024;
/**
 * What the whole log may hold, in bytes of its text (UTF-8, which is never less than what V8
 * stores for the same text). 64 bodies at the cut, whatever their size as sent: 1 000 cut bodies
 * would be 256 M characters.
 */
export const MAX_LOG_BYTES = 16 * 1024 * 1024;

interface Entry {
  request: LoggedRequest;
  bytes: number;
}

/**
 * Keeps the last requests so tests can assert what a client sent: at most MAX_ENTRIES, and at
 * most MAX_LOG_BYTES of text, the oldest dropped first.
 */
export class RequestLog {
  private entries: Entry[] = [];
  private bytes = 0;

  add(req: SandboxRequest, bodyNote?: string): void {
    const masked = maskRequest(req, bodyNote, MAX_LOGGED_BODY_CHARS);
    const request: LoggedRequest = {
      method: req.method,
      path: masked.path,
      headers: masked.headers,
      // Only what is shown is kept, as a string of its own: a slice of the whole body would keep the
      // whole body alive (V8 shares the parent string), which is what the log kept before.
      body: masked.cut ? ownCopy(`${masked.body}…[cut: ${req.body.length} bytes in all]`) : ownCopy(masked.body),
      receivedAt: new Date().toISOString(),
    };
    const bytes = sizeOf(request);
    this.entries.push({ request, bytes });
    this.bytes += bytes;
    let drop = 0;
    while (this.entries.length - drop > MAX_ENTRIES || (this.bytes > MAX_LOG_BYTES && this.entries.length - drop > 1)) this.bytes -= this.entries[drop++].bytes;
    if (drop > 0) this.entries.splice(0, drop);
  }

  list(): LoggedRequest[] {
    return this.entries.map(({ request }) => ({ ...request, headers: { ...request.headers } }));
  }

  /** Bytes of text the log holds (what MAX_LOG_BYTES bounds). */
  get retainedBytes(): number {
    return this.bytes;
  }

  clear(): void {
    this.entries = [];
    this.bytes = 0;
  }
}

/** The text's size in UTF-8 bytes, every field counted. */
function sizeOf(request: LoggedRequest): number {
  let bytes = Buffer.byteLength(request.method) + Buffer.byteLength(request.path) + Buffer.byteLength(request.body) + Buffer.byteLength(request.receivedAt);
  for (const [name, value] of Object.entries(request.headers)) bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
  return bytes;
}

/** A copy that shares no storage with the string it came from (Buffer round trip: always a new flat string). */
function ownCopy(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
