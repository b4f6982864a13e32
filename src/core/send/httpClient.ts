import type * as http from 'node:http';
import type { Socket } from 'node:net';
import fetch, { type Response } from 'node-fetch';
import { ExchangeAbortSignal } from './exchangeAbortSignal';
import { pooledAgent, type ExchangeWatcher, type TimedAgent } from './pooledAgents';
import { ReceivedExchange, redactHeaders } from './receivedExchange';
import { watchDeadline, unwatchDeadline, type HasDeadline } from './deadlines';
import { classify } from './sendErrors';
import type { HttpExchange, SendError, Timings } from './types';

export { closeIdleConnections } from './pooledAgents';

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
  /** Header names whose values are secrets, for the redacted copy in the exchange (default: authorization). */
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
  // One deadline for the whole exchange, redirects included.
  const deadline = performance.now() + request.timeoutMs;
  let url = request.url;
  let headers = request.headers;
  for (let hop = 0; ; hop++) {
    const exchange = await singleExchange(request, url, headers, deadline);
    if ((exchange.status !== 307 && exchange.status !== 308) || hop >= MAX_REDIRECTS) return exchange;
    const location = exchange.responseHeaders['location'];
    if (!location) return exchange;
    // 307/308 keep the method and body. Another origin never gets the credentials.
    const next = new URL(location, url);
    if (next.origin !== new URL(url).origin) {
      if (request.credentialsInBody) return exchange;
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
    }
    url = next.toString();
  }
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
    const fetching = fetch(url, {
      method: request.method,
      headers,
      body: request.body,
      redirect: 'manual',
      agent,
      signal: exchange.abort as any,
      // node-fetch 2 decodes gzip, deflate and br.
      compress: true,
    });
    agent.nextRequestOwner = undefined;
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
    throw new HttpError(
      classify(exchange.cutBeforeResponse ?? error, { url, timeoutMs: request.timeoutMs }, { timedOut: exchange.timedOut, cancelled: request.signal?.aborted === true, answeredStatus: exchange.answeredStatus() }),
    );
  } finally {
    exchange.settle();
    unwatchDeadline(exchange);
    request.signal?.removeEventListener('abort', onCancel);
  }
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
  ) {
    agent.waiting.push(this);
  }

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
    socket.once('lookup', () => (this.timings.dnsMs = this.since()));
    socket.once('connect', () => (this.timings.connectMs = this.since()));
    socket.once('secureConnect', () => (this.timings.tlsMs = this.since()));
    // When the agent did not see the request (VS Code's proxy support), a cut connection is seen
    // from the socket: once it closes, whatever was received drains within moments; a body
    // still open after a grace period was cut short.
    socket.once('close', () => {
      if (this.settled) return;
      const grace = setTimeout(() => {
        if (!this.settled) this.failCut();
      }, CUT_GRACE_MS);
      grace.unref?.();
    });
  }

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

  reusesSocket(): void {
    this.leaveWaiting();
  }

  private leaveWaiting(): void {
    const index = this.agent.waiting.indexOf(this);
    if (index !== -1) this.agent.waiting.splice(index, 1);
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
    if (this.agent.nextRequestOwner === this) this.agent.nextRequestOwner = undefined;
    this.leaveWaiting();
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
