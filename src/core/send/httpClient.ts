import type * as http from 'node:http';
import type { Socket } from 'node:net';
import type { RequestInit, Response } from 'node-fetch';
import { ExchangeAbortSignal } from './exchangeAbortSignal';
import { claimRequest, pooledAgent, proxyHostFor, type ExchangeWatcher, type TimedAgent } from './pooledAgents';
import { ReceivedExchange, redactHeaders } from './receivedExchange';
import { watchDeadline, unwatchDeadline, type HasDeadline } from './deadlines';
import { displayableUrl, SecretMask } from './secretMask';
import { classify } from './sendErrors';
import type { HttpExchange, SendError, Timings } from './types';

// Exactly the names node-fetch requires ("http", not "node:http"): VS Code's extension host
// gives each extension its own copy of these two, and the wrapper must be on node-fetch's.
import httpForFetch = require('http');
import httpsForFetch = require('https');

export { closeIdleConnections } from './pooledAgents';

type Fetch = typeof import('node-fetch').default;
let loadedFetch: Fetch | undefined;

/**
 * node-fetch (with whatwg-url and tr46, about a sixth of the extension bundle) is loaded by the
 * first request, not by activation: the extension requires it from a bundle of its own
 * (dist/lib-node-fetch.js, scripts/build.mjs). Its CommonJS build is the function itself, its
 * bundled ES module build a namespace with `default`.
 */
function nodeFetch(): Fetch {
  if (!loadedFetch) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- required on first use, on purpose
    const module = require('node-fetch') as Fetch & { default?: Fetch };
    loadedFetch = module.default ?? module;
  }
  return loadedFetch;
}

/**
 * One HTTP exchange through node-fetch (Node's http/https, which VS Code patches for the
 * user's proxy settings), with phase timings, a timeout, cancellation, a cap on what is kept
 * in memory, and redirects followed by hand: same-origin only for a request that changes
 * something, so that neither its body nor its credentials ever cross to another host.
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
  /** Header names whose values are secrets, for the redacted copy in the exchange (default: authorization). */
  secretHeaders?: string[];
  /**
   * The body carries credentials (a login): said so when a redirect to another origin is refused
   * (it is refused for every request that is not GET or HEAD), and when an answer is unreadable.
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
  // One deadline for the whole exchange, redirects included.
  const deadline = performance.now() + request.timeoutMs;
  let url = request.url;
  for (let hop = 0; ; hop++) {
    const exchange = await singleExchange(request, url, request.headers, deadline);
    if (!REDIRECTS.has(exchange.status)) return exchange;
    const location = exchange.responseHeaders['location'];
    if (!location) return exchange;
    const next = parseLocation(location, url);
    // No request follows a redirect to another origin. The PUT and a login would carry their body
    // and credentials there; a GET (pull, diff, publish's pull) would take that origin's answer
    // as the state, which publish then acts on, while the output names only the original URL.
    if (next?.origin !== new URL(url).origin) throw new HttpError(refusedRedirect(request, url, exchange, location));
    // Same origin: 307/308 keep the method, body and credentials; other codes are the answer.
    if ((exchange.status !== 307 && exchange.status !== 308) || hop >= MAX_REDIRECTS) return exchange;
    url = next.toString();
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function parseLocation(location: string, base: string): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

/** A redirect to another origin, not followed: where it pointed (credentials in it masked), and that nothing went there. */
function refusedRedirect(request: HttpRequest, url: string, exchange: HttpExchange, location: string): SendError {
  const host = new URL(url).host;
  const target = displayableUrl(location, url, new SecretMask());
  const withheld = request.credentialsInBody
    ? 'the credentials were not sent there'
    : request.body
      ? `the ${request.method} was not re-sent there (neither its body nor the token)`
      : `nothing was requested there, and no answer from there was used`;
  return {
    kind: 'redirect',
    message: `${host} answered ${exchange.status}${exchange.statusText ? ` ${exchange.statusText}` : ''}, a redirect to another origin (${target}): it was not followed, and ${withheld}.`,
    hint: request.credentialsInBody
      ? 'If that address is the real token endpoint, point the environment at it (baseUrl, or Zigned\'s tokenUrl); a new host is approved once before credentials go there.'
      : 'If that address is where the API really is, set the environment\'s baseUrl to it (a new host is approved once before credentials go there) and try again.',
  };
}

/** One request and its answer; `url` and `headers` are the current hop's (redirects). */
async function singleExchange(request: HttpRequest, url: string, headers: Record<string, string>, deadline: number): Promise<HttpExchange> {
  const agent = pooledAgent(url, request.rejectUnauthorized !== false);
  const exchange = new InFlightExchange(agent, deadline);
  const onCancel = () => exchange.abort.abort();
  try {
    watchDeadline(exchange);
    request.signal?.addEventListener('abort', onCancel);
    if (request.signal?.aborted) exchange.abort.abort();
    // node-fetch calls http.request synchronously: the next request the agent sees is this one.
    agent.nextRequestOwner = exchange;
    const { fetching, clientRequest } = fetchCapturingRequest(url, {
      method: request.method,
      headers,
      body: request.body,
      redirect: 'manual',
      agent,
      signal: exchange.abort as any,
      // node-fetch 2 decodes gzip, deflate and br.
      compress: true,
    });
    // The agent clears nextRequestOwner when it sees the request at once; otherwise it will see
    // it later (VS Code's proxy support), or never, and is told whose it is.
    const seenByAgent = agent.nextRequestOwner === undefined;
    agent.nextRequestOwner = undefined;
    if (clientRequest) {
      if (!seenByAgent) claimRequest(clientRequest, exchange);
      exchange.watchRequest(clientRequest);
    }
    const response = (exchange.response = await fetching);
    exchange.timings.firstByteMs = exchange.since();
    const { text, size, truncated } = await readCapped(response, request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    const timings = exchange.finishTimings();
    return new ReceivedExchange(
      request.method,
      url,
      redactHeaders(headers, request.secretHeaders),
      request.body ?? '',
      response.status,
      response.statusText,
      response.headers.raw(),
      text,
      size,
      truncated,
      timings,
    );
  } catch (error) {
    const detail = classify(exchange.cutBeforeResponse ?? error, { method: request.method, url, timeoutMs: request.timeoutMs, credentialsInBody: request.credentialsInBody }, { timedOut: exchange.timedOut, cancelled: request.signal?.aborted === true, answeredStatus: exchange.answeredStatus() });
    throw new HttpError(throughProxy(detail, url));
  } finally {
    exchange.settle();
    unwatchDeadline(exchange);
    request.signal?.removeEventListener('abort', onCancel);
  }
}

/** A failure on a proxied connection says so: "connection refused by <target>" may be the proxy's refusal. */
function throughProxy(detail: SendError, url: string): SendError {
  const proxy = proxyHostFor(url);
  if (!proxy || detail.kind === 'cancelled') return detail;
  return { ...detail, message: `${detail.message} (The request went through the proxy ${proxy}, from HTTPS_PROXY/HTTP_PROXY; NO_PROXY lists the hosts that go direct.)` };
}

/**
 * node-fetch's request, learnt from `request` of the very http/https objects node-fetch requires,
 * which it calls synchronously within fetch(). In VS Code's extension host these are the
 * extension's own copies, patched for the proxy settings, and the request may reach our agent
 * late or not at all (the proxy support uses its own agents for most hosts): holding the request
 * itself is what lets every exchange watch its raw response.
 *
 * The wrapper is put in place once (and again if something replaced it) rather than per send: it
 * only passes calls through, and takes the request while a send is in fetch().
 */
function fetchCapturingRequest(url: string, init: RequestInit): { fetching: Promise<Response>; clientRequest?: http.ClientRequest } {
  ensureRequestCapture(httpForFetch as unknown as RequestModule);
  ensureRequestCapture(httpsForFetch as unknown as RequestModule);
  capturing = true;
  captured = undefined;
  try {
    const fetching = nodeFetch()(url, init);
    return { fetching, clientRequest: captured };
  } finally {
    capturing = false;
    captured = undefined;
  }
}

type RequestFunction = (this: unknown, ...args: unknown[]) => http.ClientRequest;
type RequestModule = { request: RequestFunction; [CAPTURE]?: RequestFunction };
const CAPTURE = Symbol('esignDrafts.requestCapture');
let capturing = false;
let captured: http.ClientRequest | undefined;

function ensureRequestCapture(module: RequestModule): void {
  if (module[CAPTURE] !== undefined && module[CAPTURE] === module.request) return;
  const original = module.request;
  const wrapper: RequestFunction = function (this: unknown) {
    // eslint-disable-next-line prefer-rest-params -- passes the call through exactly as made
    const created = original.apply(this, arguments as unknown as unknown[]);
    if (capturing && captured === undefined) captured = created;
    return created;
  };
  module[CAPTURE] = wrapper;
  module.request = wrapper;
}

/**
 * The state of one exchange while it runs: its phase timings, the signal that ends it, and the
 * watch for a connection that closes before the answer is complete.
 *
 * node-fetch 2 does not notice a connection that closes mid-body when the body has a
 * Content-Length (the raw response's abort is not forwarded through its pipes): the read would
 * hang until the timeout and be reported as one. The raw response is watched, and the socket too.
 */
class InFlightExchange implements ExchangeWatcher, HasDeadline {
  private readonly start = performance.now();
  readonly timings: Partial<Timings> = {};
  readonly abort = new ExchangeAbortSignal();
  timedOut = false;
  cutBeforeResponse: Error | undefined;
  response: Response | undefined;
  private rawStatus: number | undefined;
  private settled = false;

  constructor(
    private readonly agent: TimedAgent,
    readonly deadline: number,
  ) {}

  onDeadline(): void {
    this.timedOut = true;
    this.abort.abort();
  }

  /** Milliseconds since the start, to a tenth. */
  since(): number {
    return Math.round((performance.now() - this.start) * 10) / 10;
  }

  /** A new connection reports its DNS/connect/TLS phases; a reused one has none. */
  watchSocket(socket: Socket): void {
    const onLookup = () => (this.timings.dnsMs = this.since());
    const onConnect = () => (this.timings.connectMs = this.since());
    const onSecureConnect = () => (this.timings.tlsMs = this.since());
    socket.once('lookup', onLookup);
    socket.once('connect', onConnect);
    socket.once('secureConnect', onSecureConnect);
    // A fallback for when the request itself could not be held (see fetchCapturingRequest): once
    // the connection closes, whatever was received drains within moments; a body still open
    // after a grace period was cut short.
    const onClose = () => {
      if (this.settled) return;
      const grace = setTimeout(() => {
        if (!this.settled) this.failCut();
      }, CUT_GRACE_MS);
      grace.unref?.();
    };
    socket.once('close', onClose);
    // The connection outlives this exchange (kept alive): let go of it when the exchange ends.
    this.releaseSocket = () => {
      socket.off('lookup', onLookup);
      socket.off('connect', onConnect);
      socket.off('secureConnect', onSecureConnect);
      socket.off('close', onClose);
    };
  }

  private releaseSocket: (() => void) | undefined;

  /**
   * The raw response is watched from its arrival, before node-fetch hands over its own (which
   * for a deflate body waits for the first chunk): one that closes before it is complete was cut.
   */
  watchRequest(request: http.ClientRequest): void {
    request.once('response', (res: http.IncomingMessage) => {
      this.rawStatus = res.statusCode;
      res.once('close', () => {
        // Complete, or this exchange already ended (timeout, cancel): nothing to report.
        if (!res.complete && !this.settled) this.failCut();
      });
    });
  }

  /** The status the server began to answer with, if it began. */
  answeredStatus(): number | undefined {
    return this.response?.status ?? this.rawStatus;
  }

  failCut(): void {
    const cut = Object.assign(new Error('the connection closed before the answer was complete'), { code: 'ECONNRESET' });
    const body = this.response?.body as unknown as { destroyed?: boolean; destroy(error: Error): void } | undefined;
    if (!body) {
      this.cutBeforeResponse = cut;
      this.abort.abort();
    } else if (!body.destroyed) body.destroy(cut);
  }

  finishTimings(): Timings {
    const totalMs = this.since();
    this.timings.downloadMs = Math.round((totalMs - (this.timings.firstByteMs ?? totalMs)) * 10) / 10;
    this.timings.totalMs = totalMs;
    return this.timings as Timings;
  }

  settle(): void {
    this.settled = true;
    this.releaseSocket?.();
    if (this.agent.nextRequestOwner === this) this.agent.nextRequestOwner = undefined;
  }
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
