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
  /**
   * The body carries credentials (a login): a redirect to another origin is not followed (the
   * 3xx comes back as the answer), so that the secret is never re-posted to another host.
   */
  credentialsInBody?: boolean;
}

export class HttpError extends Error {
  constructor(readonly detail: SendError) {
    super(detail.message);
  }
}

const MAX_REDIRECTS = 5;
/** After its socket closed, how long a body may still take to drain before it counts as cut. */
const CUT_GRACE_MS = 500;
export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;

export async function httpExchange(request: HttpRequest): Promise<HttpExchange> {
  let url = request.url;
  let headers = request.headers;
  for (let hop = 0; ; hop++) {
    const exchange = await singleExchange(request, url, headers);
    const location = exchange.responseHeaders['location'];
    if ((exchange.status !== 307 && exchange.status !== 308) || !location || hop >= MAX_REDIRECTS) return exchange;
    // 307/308 keep the method and body. Another origin never gets the credentials.
    const next = new URL(location, url);
    if (next.origin !== new URL(url).origin) {
      if (request.credentialsInBody) return exchange;
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
    }
    url = next.toString();
  }
}

function redact(headers: Record<string, string>, secretHeaders: string[] = ['authorization']): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    const secret = secretHeaders.some((header) => header.toLowerCase() === name.toLowerCase());
    copy[name] = secret ? (/^bearer /i.test(value) ? 'Bearer ***' : '***') : value;
  }
  return copy;
}

/** One request and its answer; `url` and `headers` are the current hop's (redirects). */
async function singleExchange(request: HttpRequest, url: string, headers: Record<string, string>): Promise<HttpExchange> {
  const start = performance.now();
  const timings: Partial<Timings> = {};
  const since = () => Math.round((performance.now() - start) * 10) / 10;
  // Connections are kept alive per origin (as a browser or REST client would): a re-send pays
  // no new handshake. A new connection reports its DNS/connect/TLS phases; a reused one has none.
  const agent = pooledAgent(url, request.rejectUnauthorized !== false);
  const waiting = (socket: Socket) => {
    socket.once('lookup', () => (timings.dnsMs = since()));
    socket.once('connect', () => (timings.connectMs = since()));
    socket.once('secureConnect', () => (timings.tlsMs = since()));
    // In VS Code's extension host the proxy support hands our agent's sockets to requests
    // without our addRequest (below), so a cut connection is also seen from the socket: once
    // it closes, whatever was received drains within moments; a body still open after a grace
    // period was cut short.
    socket.once('close', () => {
      if (settled) return;
      const grace = setTimeout(() => {
        if (!settled) failCut();
      }, CUT_GRACE_MS);
      grace.unref?.();
    });
  };
  agent.waiting.push(waiting);

  // Timeout, the user's Cancel and a connection seen cut before any answer all end the
  // exchange through this signal; node-fetch then aborts the request and frees the socket.
  const abort = new ExchangeAbortSignal();
  let timedOut = false;
  let cutBeforeResponse: Error | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, request.timeoutMs);
  const onCancel = () => abort.abort();
  request.signal?.addEventListener('abort', onCancel);
  if (request.signal?.aborted) abort.abort();

  // node-fetch 2 does not notice a connection that closes mid-body when the body has a
  // Content-Length (the raw response's abort is not forwarded through its pipes): the read would
  // hang until the timeout and be reported as one. Watch the raw response and fail the read.
  let response: Response | undefined;
  let settled = false;
  const failCut = () => {
    const cut = Object.assign(new Error('the connection closed before the answer was complete'), { code: 'ECONNRESET' });
    const body = response?.body as unknown as { destroyed?: boolean; destroy(error: Error): void } | undefined;
    if (!body) {
      cutBeforeResponse = cut;
      abort.abort();
    } else if (!body.destroyed) body.destroy(cut);
  };
  agent.onNextRequest = (req) =>
    req.once('response', (res: http.IncomingMessage) =>
      res.once('close', () => {
        // Complete, or this exchange already ended (timeout, cancel): nothing to report.
        if (res.complete || settled) return;
        failCut();
      }),
    );

  try {
    // node-fetch calls http.request synchronously: the request it creates is the one watched.
    const fetching = fetch(url, {
      method: request.method,
      headers,
      body: request.body,
      redirect: 'manual',
      agent,
      signal: abort as any,
      // node-fetch 2 decodes gzip, deflate and br.
      compress: true,
    });
    agent.onNextRequest = undefined;
    response = await fetching;
    timings.firstByteMs = since();
    const { text, size, truncated } = await readCapped(response, request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    const totalMs = since();
    timings.downloadMs = Math.round((totalMs - (timings.firstByteMs ?? totalMs)) * 10) / 10;
    const responseHeaders = flattenHeaders(response.headers.raw());
    return new ReceivedExchange(
      request.method,
      url,
      redact(headers, request.secretHeaders),
      request.body ?? '',
      response.status,
      response.statusText,
      responseHeaders,
      text,
      size,
      truncated,
      { ...timings, totalMs },
    );
  } catch (error) {
    throw new HttpError(classify(cutBeforeResponse ?? error, { ...request, url }, { timedOut, cancelled: request.signal?.aborted === true, answeredStatus: response?.status }));
  } finally {
    settled = true;
    agent.onNextRequest = undefined;
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onCancel);
    const index = agent.waiting.indexOf(waiting);
    if (index !== -1) agent.waiting.splice(index, 1);
  }
}

/**
 * An answer as received. Its JSON is parsed when first read (the summary, the view, the CLI's
 * output), not while receiving: like any HTTP client, the send itself only needs the text.
 * `body` is a getter on the prototype, so a spread copy (`{ ...exchange }`) has no `body`: set
 * it explicitly there. JSON.stringify (history) includes it through toJSON.
 */
class ReceivedExchange implements HttpExchange {
  #parsed: { value: unknown } | undefined;
  constructor(
    readonly method: string,
    readonly url: string,
    readonly requestHeaders: Record<string, string>,
    readonly requestBody: string,
    readonly status: number,
    readonly statusText: string,
    readonly responseHeaders: Record<string, string>,
    readonly bodyText: string,
    readonly sizeBytes: number,
    readonly truncated: boolean,
    readonly timings: Timings,
  ) {}

  get body(): unknown {
    this.#parsed ??= { value: parseJsonBody(this.bodyText, this.responseHeaders['content-type'], this.truncated) };
    return this.#parsed.value;
  }

  toJSON(): HttpExchange {
    return { ...this, body: this.body };
  }
}

/**
 * node-fetch 2 takes any AbortSignal implementation (it checks the constructor's name, so that
 * polyfills work). Node's own EventTarget-based AbortSignal costs about 15 µs a request in
 * listener bookkeeping, a tenth of a loopback send's own cost, so each exchange uses this
 * minimal one instead. node-fetch adds one listener and removes it when the request ends.
 */
class ExchangeAbortSignal {
  aborted = false;
  private listeners: (() => void)[] = [];
  addEventListener(_type: 'abort', listener: () => void): void {
    this.listeners.push(listener);
  }
  removeEventListener(_type: 'abort', listener: () => void): void {
    const index = this.listeners.indexOf(listener);
    if (index !== -1) this.listeners.splice(index, 1);
  }
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    for (const listener of this.listeners.splice(0)) listener();
  }
}
// The bundle is minified: keep the name node-fetch looks for.
Object.defineProperty(ExchangeAbortSignal, 'name', { value: 'AbortSignal' });

/**
 * The answer's headers as one value per lower-case name (repeated headers joined with ", ", as
 * Headers.get does). Read from raw(): node-fetch 2's Headers.forEach re-sorts every header
 * for each one it visits, which alone cost a tenth of a loopback send.
 */
function flattenHeaders(raw: Record<string, string[]>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name in raw) flat[name.toLowerCase()] = raw[name].join(', ');
  return flat;
}

/** Reads the body, keeping at most `cap` bytes in memory; the rest is counted and dropped. */
function readCapped(response: Response, cap: number): Promise<{ text: string; size: number; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let size = 0;
    const body = response.body as NodeJS.ReadableStream;
    // Stream events rather than async iteration: this runs for every send and is measurably cheaper.
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (kept < cap) {
        const part = kept + chunk.length > cap ? chunk.subarray(0, cap - kept) : chunk;
        chunks.push(part);
        kept += part.length;
      }
    });
    body.once('error', reject);
    body.once('end', () => resolve({ text: (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8'), size, truncated: size > kept }));
  });
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

const PRIVATE_CA_HINT = 'If you trust this host and it uses a private CA, make this machine trust that CA (for the CLI: NODE_EXTRA_CA_CERTS), or set "rejectUnauthorized": false on that environment only.';
const UNTRUSTED_ISSUER = { problem: 'its certificate was issued by an authority this machine does not trust', hint: PRIVATE_CA_HINT };

/** TLS failures by code: what is wrong with the certificate, and what to try. */
const TLS_PROBLEMS: Record<string, { problem: string; hint: string }> = {
  CERT_HAS_EXPIRED: { problem: 'its certificate has expired', hint: 'The server must renew its certificate. Check the base URL, and that this machine\'s clock is right.' },
  CERT_NOT_YET_VALID: { problem: 'its certificate is not valid yet', hint: 'Check that this machine\'s clock is right, and the base URL.' },
  DEPTH_ZERO_SELF_SIGNED_CERT: { problem: 'its certificate is self-signed (issued by no authority this machine trusts)', hint: PRIVATE_CA_HINT },
  SELF_SIGNED_CERT_IN_CHAIN: { problem: 'its certificate chain ends in a self-signed authority this machine does not trust', hint: PRIVATE_CA_HINT },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: UNTRUSTED_ISSUER,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: UNTRUSTED_ISSUER,
  UNABLE_TO_GET_ISSUER_CERT: UNTRUSTED_ISSUER,
  CERT_UNTRUSTED: UNTRUSTED_ISSUER,
  CERT_REVOKED: { problem: 'its certificate has been revoked', hint: 'Do not send to this host; check the base URL.' },
  ERR_TLS_CERT_ALTNAME_INVALID: { problem: 'its certificate is for another host name', hint: 'Check the host name in the base URL: the certificate names other hosts (a proxy or a misconfigured server may be in the way).' },
  EPROTO: { problem: 'the TLS handshake failed', hint: 'Check the base URL: does the server really speak https on that port?' },
};

/** "800 ms", "1 s", "2.5 s". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`;
}

function classify(error: unknown, request: HttpRequest, state: { timedOut: boolean; cancelled: boolean; answeredStatus?: number }): SendError {
  const host = safeHost(request.url);
  if (state.cancelled) return { kind: 'cancelled', message: 'The request was cancelled before an answer arrived.', hint: 'Nothing was changed on this side; the server may or may not have applied the update — check before re-sending.' };
  if (state.timedOut) {
    return {
      kind: 'timeout',
      message:
        state.answeredStatus === undefined
          ? `No answer from ${host} within ${formatDuration(request.timeoutMs)}.`
          : `${host} answered ${state.answeredStatus}, but the body stopped arriving: it was not complete within ${formatDuration(request.timeoutMs)}.`,
      hint: 'The update may still have been applied: check the request before re-sending. Raise esignDrafts.timeout (CLI: --timeout) for slow networks.',
    };
  }
  const code = (error as { code?: string })?.code ?? ((error as { errno?: string })?.errno as string | undefined);
  const message = error instanceof Error ? error.message : String(error);
  const tls = code ? TLS_PROBLEMS[code] : undefined;
  if (tls) {
    const detail = code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? `, not ${new URL(request.url).hostname}` : '';
    return { kind: 'tls', message: `The TLS certificate of ${host} was refused: ${tls.problem}${detail} (${code}).`, hint: tls.hint };
  }
  if (code === 'ECONNREFUSED') return { kind: 'network', message: `Connection refused by ${host}.`, hint: 'Is the server running? For the local sandbox, run "E-Sign Drafts: Start Local Sandbox" or `esign-drafts sandbox`.' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { kind: 'network', message: `The host name ${host} could not be resolved (${code}).`, hint: 'Check the base URL and your network or proxy settings.' };
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return {
      kind: 'network',
      message: `The connection to ${host} was reset before the answer was complete${state.answeredStatus !== undefined ? ` (it had begun answering ${state.answeredStatus})` : ''}.`,
      hint: 'The update may or may not have been applied: check before re-sending. If it persists, check proxies or firewalls between you and the API.',
    };
  }
  return { kind: 'network', message: `The request to ${host} failed: ${message}`, hint: 'Check the base URL and your network or proxy settings.' };
}

export function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Keep-alive agents per origin and TLS setting. A new socket is handed to the oldest send still
 * waiting for its connection phases (sends to one origin are sequential in practice).
 */
type TimedAgent = (http.Agent | https.Agent) & { waiting: ((socket: Socket) => void)[]; onNextRequest?: (req: http.ClientRequest) => void };
const agents = new Map<string, TimedAgent>();

function pooledAgent(url: string, rejectUnauthorized: boolean): TimedAgent {
  const { origin, protocol } = new URL(url);
  const key = `${origin}|${rejectUnauthorized}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { keepAlive: true, maxSockets: 8, keepAliveMsecs: 1000, rejectUnauthorized };
    agent = (protocol === 'https:' ? new TimedHttpsAgent(options) : new TimedHttpAgent(options)) as TimedAgent;
    agents.set(key, agent);
  }
  return agent;
}

/** Closes idle kept-alive connections (extension deactivation, end of a CLI run, tests). */
export function closeIdleConnections(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

/**
 * An agent that tells the send which socket and which request are its own: new sockets go to
 * the oldest send waiting for its connection phases; `onNextRequest` sees the next request.
 */
function timedAgent<T extends new (...args: any[]) => http.Agent>(Base: T) {
  return class extends Base {
    readonly waiting: ((socket: Socket) => void)[] = [];
    onNextRequest?: (req: http.ClientRequest) => void;
    addRequest(req: http.ClientRequest, options: unknown): void {
      const hook = this.onNextRequest;
      this.onNextRequest = undefined;
      hook?.(req);
      (Base.prototype as any).addRequest.call(this, req, options);
    }
    override createConnection(options: any, callback?: any): any {
      const socket = (Base.prototype as any).createConnection.call(this, options, callback);
      this.waiting.shift()?.(socket);
      return socket;
    }
  };
}

const TimedHttpAgent = timedAgent(http.Agent);
const TimedHttpsAgent = timedAgent(https.Agent);
