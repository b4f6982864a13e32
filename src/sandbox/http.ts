import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** Plain request/reply values, so that route handlers are functions of data and easy to test. */

/** Request bodies above this are refused with 413 (the real APIs take small JSON bodies). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface SandboxRequest {
  method: string;
  /** Decoded path without the query, e.g. "/v3/signature-requests/65f1…". */
  path: string;
  /** Path and query as received, for the request log. */
  rawPath: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface SandboxReply {
  status: number;
  /** Serialised as JSON; undefined sends an empty body (still labelled JSON). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Milliseconds to wait before answering (injected faults only). */
  delayMs?: number;
}

export type BodyRead = { ok: true; body: Buffer } | { ok: false; receivedBytes: number };

/**
 * Reads the whole body, keeping at most `limit` bytes. A larger body is drained rather than cut
 * off, so that the client gets to read the 413 instead of a connection reset mid-upload.
 */
export function readBody(req: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => resolve(received <= limit ? { ok: true, body: Buffer.concat(chunks) } : { ok: false, receivedBytes: received }));
    req.on('error', reject);
    // A client that goes away mid-body ends the request without 'end' (settling twice is a no-op).
    req.on('close', () => {
      if (!req.complete) reject(new Error('The client closed the connection before sending the whole body.'));
    });
  });
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function writeReply(res: ServerResponse, reply: SandboxReply): void {
  const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...reply.headers,
    // Every answer is JSON, errors included, as both real APIs do.
    'Content-Type': JSON_CONTENT_TYPE,
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** The media type of the request without parameters, lower-cased ("application/json"), or undefined. */
export function mediaTypeOf(headers: IncomingHttpHeaders): string | undefined {
  const value = headers['content-type'];
  if (!value) return undefined;
  return value.split(';')[0].trim().toLowerCase() || undefined;
}

/**
 * Only application/json (any parameters): a server's JSON body parser ignores other types, so
 * a client that sends text/plain would see its update silently do nothing on a real API.
 */
export function isJsonMediaType(mediaType: string | undefined): boolean {
  return mediaType === 'application/json';
}

export type JsonBody = { ok: true; value: unknown } | { ok: false; problem: string };

/** Parses a JSON request body, saying precisely what was wrong when it cannot. */
export function parseJsonBody(req: SandboxRequest): JsonBody {
  const mediaType = mediaTypeOf(req.headers);
  if (!isJsonMediaType(mediaType)) {
    return { ok: false, problem: `Content-Type must be application/json, got ${mediaType ? `"${mediaType}"` : 'none'}.` };
  }
  const text = req.body.toString('utf8');
  if (text.trim() === '') return { ok: false, problem: 'The request body is empty; expected a JSON object.' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, problem: `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}.` };
  }
}

export type BearerHeader =
  | { kind: 'token'; token: string }
  | { kind: 'missing' }
  | { kind: 'not-bearer'; scheme: string }
  | { kind: 'empty' };

/** Reads `Authorization: Bearer <token>` (scheme case-insensitive, as RFC 7235 says). */
export function readBearer(headers: IncomingHttpHeaders): BearerHeader {
  const value = headers.authorization;
  if (value === undefined || value.trim() === '') return { kind: 'missing' };
  const match = /^(\S+)(?:\s+(.*))?$/.exec(value.trim());
  const scheme = match?.[1] ?? '';
  if (scheme.toLowerCase() !== 'bearer') return { kind: 'not-bearer', scheme };
  const token = (match?.[2] ?? '').trim();
  return token ? { kind: 'token', token } : { kind: 'empty' };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep copy of JSON data, so that callers never share state objects with replies. */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
