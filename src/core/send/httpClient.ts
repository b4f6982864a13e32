import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import fetch, { type Response } from 'node-fetch';
import type { HttpExchange, SendError, Timings } from './types';

/**
 * One HTTP exchange through node-fetch (Node's http/https, which VS Code patches for the
 * user's proxy settings), with phase timings, a timeout, cancellation, a cap on what is kept
 * in memory, and redirects followed by hand so that credentials never cross to another host.
 */
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Cancels the request (the user pressed Cancel). */
  signal?: AbortSignal;
  rejectUnauthorized?: boolean;
  /** Bytes of body kept in memory; the rest is read and dropped (default 20 MB). */
  maxBodyBytes?: number;
  /** Header names whose values are secrets, for the redacted copy in the exchange. */
  secretHeaders?: string[];
}

export class HttpError extends Error {
  constructor(readonly detail: SendError) {
    super(detail.message);
  }
}

const MAX_REDIRECTS = 5;
export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;

export async function httpExchange(request: HttpRequest): Promise<HttpExchange> {
  let url = request.url;
  let headers = { ...request.headers };
  for (let hop = 0; ; hop++) {
    const exchange = await singleExchange({ ...request, url, headers });
    const location = exchange.responseHeaders['location'];
    if (![307, 308].includes(exchange.status) || !location || hop >= MAX_REDIRECTS) return exchange;
    // 307/308 keep the method and body. Another origin never gets the credentials.
    const next = new URL(location, url);
    if (next.origin !== new URL(url).origin) {
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
    }
    url = next.toString();
  }
}

function redact(headers: Record<string, string>, secretHeaders: string[] = ['authorization']): Record<string, string> {
  const secret = new Set(secretHeaders.map((h) => h.toLowerCase()));
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, secret.has(name.toLowerCase()) ? (/^bearer /i.test(value) ? 'Bearer ***' : '***') : value]),
  );
}

async function singleExchange(request: HttpRequest): Promise<HttpExchange> {
  const start = performance.now();
  const timings: Partial<Timings> = {};
  const since = () => Math.round((performance.now() - start) * 10) / 10;
  const isHttps = request.url.startsWith('https:');
  // A fresh connection per send, so that every phase is measured; the Agent hook sees the socket.
  const agentOptions = { keepAlive: false, rejectUnauthorized: request.rejectUnauthorized !== false };
  const onSocket = (socket: Socket) => {
    socket.once('lookup', () => (timings.dnsMs = since()));
    socket.once('connect', () => (timings.connectMs = since()));
    socket.once('secureConnect', () => (timings.tlsMs = since()));
  };
  const agent = isHttps ? new TimedHttpsAgent(agentOptions, onSocket) : new TimedHttpAgent(agentOptions, onSocket);

  const timeout = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    timeout.abort();
  }, request.timeoutMs);
  const onCancel = () => timeout.abort();
  request.signal?.addEventListener('abort', onCancel);
  if (request.signal?.aborted) timeout.abort();

  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      agent,
      signal: timeout.signal as any,
      compress: true,
    });
    timings.firstByteMs = since();
    const { text, size, truncated } = await readCapped(response, request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    const totalMs = since();
    timings.downloadMs = Math.round((totalMs - (timings.firstByteMs ?? totalMs)) * 10) / 10;
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => (responseHeaders[name] = value));
    return {
      method: request.method,
      url: request.url,
      requestHeaders: redact(request.headers, request.secretHeaders),
      requestBody: request.body ?? '',
      status: response.status,
      statusText: response.statusText,
      responseHeaders,
      bodyText: text,
      body: parseJsonBody(text, responseHeaders['content-type'], truncated),
      sizeBytes: size,
      truncated,
      timings: { ...timings, totalMs },
    };
  } catch (error) {
    throw new HttpError(classify(error, request, { timedOut, cancelled: request.signal?.aborted === true }));
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onCancel);
    agent.destroy();
  }
}

async function readCapped(response: Response, cap: number): Promise<{ text: string; size: number; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (kept < cap) {
      const part = kept + chunk.length > cap ? chunk.subarray(0, cap - kept) : chunk;
      chunks.push(part);
      kept += part.length;
    }
  }
  return { text: Buffer.concat(chunks).toString('utf8'), size, truncated: size > kept };
}

function parseJsonBody(text: string, contentType: string | undefined, truncated: boolean): unknown {
  if (truncated || !text.trim()) return undefined;
  const looksJson = /json/i.test(contentType ?? '') || /^\s*[[{]/.test(text);
  if (!looksJson) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_NOT_YET_VALID',
  'EPROTO',
]);

function classify(error: unknown, request: HttpRequest, state: { timedOut: boolean; cancelled: boolean }): SendError {
  const host = safeHost(request.url);
  if (state.cancelled) return { kind: 'cancelled', message: 'The request was cancelled before an answer arrived.', hint: 'Nothing was changed on this side; the server may or may not have applied the update — check before re-sending.' };
  if (state.timedOut) {
    return {
      kind: 'timeout',
      message: `No answer from ${host} within ${Math.round(request.timeoutMs / 1000)} s.`,
      hint: 'The update may still have been applied: check the request before re-sending. Raise esignDrafts.timeout for slow networks.',
    };
  }
  const code = (error as { code?: string })?.code ?? ((error as { errno?: string })?.errno as string | undefined);
  const message = error instanceof Error ? error.message : String(error);
  if (code && TLS_CODES.has(code)) {
    return {
      kind: 'tls',
      message: `The TLS certificate of ${host} was refused (${code}).`,
      hint: 'Check the base URL. For a host with a private CA, set "rejectUnauthorized": false on that environment only.',
    };
  }
  if (code === 'ECONNREFUSED') return { kind: 'network', message: `Connection refused by ${host}.`, hint: 'Is the server running? For the local sandbox, run "E-Sign Drafts: Start Local Sandbox" or `esign-drafts sandbox`.' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { kind: 'network', message: `The host name ${host} could not be resolved (${code}).`, hint: 'Check the base URL and your network or proxy settings.' };
  if (code === 'ECONNRESET' || code === 'EPIPE') return { kind: 'network', message: `The connection to ${host} was reset before the answer was complete.`, hint: 'Try again; if it persists, check proxies or firewalls between you and the API.' };
  return { kind: 'network', message: `The request to ${host} failed: ${message}`, hint: 'Check the base URL and your network or proxy settings.' };
}

export function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

class TimedHttpAgent extends http.Agent {
  constructor(options: http.AgentOptions, private readonly onSocket: (socket: Socket) => void) {
    super(options);
  }
  override createConnection(options: any, callback?: any): any {
    const socket = (http.Agent.prototype as any).createConnection.call(this, options, callback);
    this.onSocket(socket);
    return socket;
  }
}

class TimedHttpsAgent extends https.Agent {
  constructor(options: https.AgentOptions, private readonly onSocket: (socket: Socket) => void) {
    super(options);
  }
  override createConnection(options: any, callback?: any): any {
    const socket = (https.Agent.prototype as any).createConnection.call(this, options, callback);
    this.onSocket(socket);
    return socket;
  }
}
