import type { RouteFamily } from './errors';
import { familyError } from './errors';
import type { SandboxReply } from './http';
import { isPlainObject } from './http';

/** A canned answer for the next `times` matching requests: 429s, 5xx, odd bodies. */
export interface SandboxFault {
  /** Only requests to this API (by path prefix: /v3 → ignisign; /rest/v3 and /oauth → zigned). */
  provider?: 'ignisign' | 'zigned';
  /** Only this HTTP method (case-insensitive). */
  method?: string;
  /** Only paths (without the query) in which this regular expression (JavaScript syntax) finds a match. */
  pathPattern?: string;
  /** HTTP status to answer, 200–599. */
  status: number;
  /** Value of the Retry-After header: seconds ("2") or an HTTP date. */
  retryAfter?: string;
  /** JSON body to answer; by default an error in the API's own shape. */
  body?: unknown;
  /** How many matching requests get this answer (default 1). */
  times?: number;
  /** Wait this long before answering (a slow or stalled server; cancellation and timeout tests). */
  delayMs?: number;
}

export interface PendingFault extends SandboxFault {
  id: number;
  /** Matching requests still to be answered with this fault. */
  remaining: number;
}

export class FaultError extends Error {}

/** Checks a fault given over HTTP or by a test, with a message that says what is wrong. */
export function parseFault(input: unknown): SandboxFault {
  if (!isPlainObject(input)) throw new FaultError('A fault is a JSON object such as { "status": 429, "retryAfter": "2" }.');
  const known = new Set(['provider', 'method', 'pathPattern', 'status', 'retryAfter', 'body', 'times', 'delayMs']);
  const unknown = Object.keys(input).filter((key) => !known.has(key));
  if (unknown.length > 0) throw new FaultError(`Unknown fault field(s): ${unknown.join(', ')}. Known: ${[...known].join(', ')}.`);
  const { provider, method, pathPattern, status, retryAfter, body, times, delayMs } = input;
  if (delayMs !== undefined && (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0 || delayMs > 600_000)) {
    throw new FaultError('fault.delayMs must be a number of milliseconds from 0 to 600000.');
  }
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
    throw new FaultError('fault.status must be an integer HTTP status from 200 to 599.');
  }
  if (provider !== undefined && provider !== 'ignisign' && provider !== 'zigned') throw new FaultError('fault.provider must be "ignisign" or "zigned".');
  if (method !== undefined && (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method))) throw new FaultError('fault.method must be an HTTP method such as "PUT".');
  if (pathPattern !== undefined) {
    if (typeof pathPattern !== 'string') throw new FaultError('fault.pathPattern must be a string (a regular expression).');
    try {
      new RegExp(pathPattern);
    } catch (error) {
      throw new FaultError(`fault.pathPattern is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (retryAfter !== undefined && (typeof retryAfter !== 'string' || !isRetryAfter(retryAfter))) {
    throw new FaultError('fault.retryAfter must be a string: delay seconds ("2") or an HTTP date ("Wed, 21 Oct 2026 07:28:00 GMT").');
  }
  if (times !== undefined && (typeof times !== 'number' || !Number.isInteger(times) || times < 1)) throw new FaultError('fault.times must be a positive integer.');
  return {
    status,
    ...(provider !== undefined && { provider }),
    ...(method !== undefined && { method: method.toUpperCase() }),
    ...(pathPattern !== undefined && { pathPattern }),
    ...(retryAfter !== undefined && { retryAfter }),
    ...(body !== undefined && { body }),
    times: times ?? 1,
    ...(delayMs !== undefined && { delayMs: delayMs as number }),
  };
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date. */
function isRetryAfter(value: string): boolean {
  return /^\d+$/.test(value) || (/GMT$/.test(value) && !Number.isNaN(Date.parse(value)));
}

function providerOf(family: RouteFamily | undefined): SandboxFault['provider'] {
  if (family === 'ignisign') return 'ignisign';
  if (family === 'zigned' || family === 'zigned-oauth') return 'zigned';
  return undefined;
}

export class FaultQueue {
  private pending: PendingFault[] = [];
  private nextId = 1;

  add(input: unknown): PendingFault {
    const fault = parseFault(input);
    const pending: PendingFault = { id: this.nextId++, ...fault, remaining: fault.times ?? 1 };
    this.pending.push(pending);
    return { ...pending };
  }

  /** The reply of the oldest fault matching this request, consuming one of its `times`. */
  take(family: RouteFamily | undefined, method: string, path: string): SandboxReply | undefined {
    const provider = providerOf(family);
    const fault = this.pending.find(
      (f) =>
        (f.provider === undefined || f.provider === provider) &&
        (f.method === undefined || f.method === method.toUpperCase()) &&
        (f.pathPattern === undefined || new RegExp(f.pathPattern).test(path)),
    );
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) this.pending = this.pending.filter((f) => f !== fault);
    const headers = fault.retryAfter !== undefined ? { 'Retry-After': fault.retryAfter } : undefined;
    const delay = fault.delayMs !== undefined ? { delayMs: fault.delayMs } : {};
    if (fault.body !== undefined) return { status: fault.status, body: fault.body, headers, ...delay };
    if (fault.status < 400) return { status: fault.status, body: {}, headers, ...delay };
    const message = fault.status === 429 ? 'Too many requests (sandbox fault).' : `Sandbox fault: status ${fault.status} injected for this request.`;
    return { ...familyError(family, fault.status, message, headers), ...delay };
  }

  list(): PendingFault[] {
    return this.pending.map((f) => ({ ...f }));
  }

  clear(): void {
    this.pending = [];
  }
}
