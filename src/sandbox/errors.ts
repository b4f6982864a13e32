import { randomUUID } from 'node:crypto';
import type { SandboxReply } from './http';

/**
 * Error replies in each API's documented shape. Which family a path belongs to is decided by
 * its prefix alone, so even unknown routes and injected faults answer in the shape the client
 * of that API parses.
 */

export type RouteFamily = 'ignisign' | 'zigned' | 'zigned-oauth';

export function familyOfPath(path: string): RouteFamily | undefined {
  if (path === '/v3' || path.startsWith('/v3/') || path === '/v4' || path.startsWith('/v4/')) return 'ignisign';
  if (path === '/rest/v3' || path.startsWith('/rest/v3/')) return 'zigned';
  if (path === '/oauth' || path.startsWith('/oauth/')) return 'zigned-oauth';
  return undefined;
}

export interface ValidationProblem {
  /** JSON Pointer of the offending value in the request body ("" for the body itself). */
  path: string;
  message: string;
}

/** Ignisign: `{ message, timestamp, status, code, context }` (the error page of the reference, ignisign.io/docs/ignisign-api). */
export function ignisignError(status: number, code: string, message: string, context: Record<string, unknown> = {}, headers?: Record<string, string>): SandboxReply {
  return { status, headers, body: { message, timestamp: new Date().toISOString(), status, code, context } };
}

/**
 * Zigned API: `{ status: "error", error: { code, message, request_id } }` (the 400 answers of docs.zigned.se).
 * `details` is a sandbox addition: the problems one by one, with JSON Pointers.
 */
export function zignedError(status: number, message: string, details?: ValidationProblem[], headers?: Record<string, string>): SandboxReply {
  const error: Record<string, unknown> = { code: status, message, request_id: randomUUID() };
  if (details && details.length > 0) error.details = details;
  return { status, headers, body: { status: 'error', error } };
}

/** Zigned's token endpoint answers as OAuth 2.0 does (RFC 6749 §5.2): `{ error, error_description }`. */
export function oauthError(status: number, error: string, description: string, headers?: Record<string, string>): SandboxReply {
  return { status, headers: { ...headers, Pragma: 'no-cache' }, body: { error, error_description: description } };
}

/**
 * Codes for statuses the sandbox produces generically (faults, unknown routes, 413, 500). Only
 * codes of the official enum (IGNISIGN_ERROR_CODES, `ignisign/ignisign-public-models` at fa00391,
 * public-models `src/_commons/ignisign-errors.public.ts`): the official SDK drops any other. The
 * enum has no route, timeout, rate-limit or gateway code, so the closest general one is used;
 * which code the real server sends for these is not documented.
 */
export const IGNISIGN_GENERIC_CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED_ERROR',
  403: 'INVALID_CONTEXT_RIGHT_NOT_ALLOWED',
  404: 'NOT_YET_IMPLEMENTED',
  408: 'UNKNOWN_ERROR',
  413: 'FILE_TOO_LARGE',
  429: 'UNKNOWN_ERROR',
  500: 'INTERNAL_ERROR',
  502: 'INTERNAL_ERROR',
  503: 'INTERNAL_ERROR',
  504: 'INTERNAL_ERROR',
};

function oauthCodeFor(status: number): string {
  if (status === 401) return 'invalid_client';
  if (status === 429) return 'too_many_requests';
  if (status === 503) return 'temporarily_unavailable';
  if (status >= 500) return 'server_error';
  return 'invalid_request';
}

/** A generic error in the family's shape (unknown routes, oversized bodies, faults without a body). */
export function familyError(family: RouteFamily | undefined, status: number, message: string, headers?: Record<string, string>): SandboxReply {
  switch (family) {
    case 'ignisign':
      return ignisignError(status, IGNISIGN_GENERIC_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST'), message, {}, headers);
    case 'zigned':
      return zignedError(status, message, undefined, headers);
    case 'zigned-oauth':
      return oauthError(status, oauthCodeFor(status), message, headers);
    default:
      // Outside both APIs: a plain shape that still says where the APIs are.
      return {
        status,
        headers,
        body: { status, message, hint: 'This is the E-Sign Drafts local sandbox: Ignisign routes start with /v3, Zigned with /rest/v3 and /oauth/token; GET / describes it.' },
      };
  }
}
