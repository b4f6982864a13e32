import type { ProviderProfile } from '../providers/types';
import { AuthError } from '../providers/sendProfile';
import { baseUrlOf } from './environments';
import { DEFAULT_MAX_BODY_BYTES, HttpError, httpExchange, type HttpRequest } from './httpClient';
import { ReceivedExchange } from './receivedExchange';
import { SecretMask } from './secretMask';
import { isoTimestamp } from './timestamp';
import { credentialDestinations, decideTrust } from './trust';
import type { TokenCache } from './tokenCache';
import type { Credentials, EnvironmentConfig, HttpExchange, SendError, SendOutcome } from './types';

/**
 * Sends one update: trust check, bearer token (cached, renewed once when the API calls it
 * outdated), the PUT, and one wait-and-retry when the API says "later" (429/503 with
 * Retry-After, which means the update was not applied). Never throws: every failure is an
 * outcome with a message and a hint. Never touches the payload file.
 */
export interface SendRequest {
  profile: ProviderProfile;
  environment: EnvironmentConfig;
  credentials: Credentials;
  targetId: string;
  /** The prepared body (prepareBody): no `$` keys, variables substituted. The PUT's body; ignored when `call` is given. */
  body: string;
  /**
   * Another call to the same API with the same credentials, trust rules, timeout and masking
   * (the draft's GET and lifecycle POSTs); default: the PUT of `body` to the update URL.
   */
  call?: { method: 'GET' | 'POST' | 'PUT'; url: string; body?: string };
  tokens: TokenCache;
  approvedOrigins: ReadonlySet<string>;
  timeoutMs: number;
  signal?: AbortSignal;
  maxBodyBytes?: number;
  /** Progress lines for the output channel; never given a secret. */
  log?: (line: string) => void;
}

/** The longest Retry-After we honour automatically (the rest of the timeout also bounds it). */
const MAX_RETRY_AFTER_MS = 30_000;

export async function sendUpdate(request: SendRequest): Promise<SendOutcome> {
  const started = Date.now();
  const { profile, environment } = request;
  const baseUrl = baseUrlOf(profile, environment);
  const method = request.call?.method ?? 'PUT';
  const url = request.call?.url ?? profile.send.updateUrl(baseUrl, request.targetId);
  const requestBody = request.call ? request.call.body : request.body;
  const notes: string[] = [];
  // Every secret of this send, tokens added as they are used: what the server says back is
  // masked once, here, so that the CLI, the view, history, the log and the clipboard all get
  // the masked text.
  const mask = new SecretMask(Object.values(request.credentials));
  // Lines are built only when someone reads them.
  const log = request.log ? (line: () => string) => request.log!(mask.text(line())) : () => undefined;
  const outcome = (partial: { exchange?: HttpExchange; error?: SendError }): SendOutcome => {
    const exchange = partial.exchange && maskedExchange(partial.exchange, mask);
    const error = partial.error ?? (exchange && (exchange.status < 200 || exchange.status >= 300) ? { kind: 'http', message: `The API answered ${exchange.status} ${exchange.statusText}.` } : undefined);
    return {
      ok: exchange !== undefined && exchange.status >= 200 && exchange.status < 300,
      status: exchange?.status ?? null,
      durationMs: Date.now() - started,
      request: { method, url, environment: environment.name, provider: profile.id, targetId: request.targetId, body: requestBody ?? '' },
      exchange,
      error: error && { ...error, message: mask.text(error.message), ...(error.hint !== undefined ? { hint: mask.text(error.hint) } : {}) },
      notes: notes.map((note) => mask.text(note)),
      startedAt: isoTimestamp(started),
    };
  };

  const idProblem = profile.validateTargetId(request.targetId);
  if (idProblem) return outcome({ error: { kind: 'usage', message: idProblem, hint: `Set "$request": { "id": "…" } in the file to the ${profile.targetIdLabel}.` } });
  const environmentProblem = profile.send.validateEnvironment(environment);
  if (environmentProblem) return outcome({ error: { kind: 'usage', message: environmentProblem, hint: 'Fix the entry in esignDrafts.environments (or esign-drafts.config.json).' } });

  const tokenUrl = profile.send.tokenUrl(environment, baseUrl);
  for (const destination of credentialDestinations(baseUrl, tokenUrl)) {
    const trust = decideTrust(destination, profile.send.officialHosts, request.approvedOrigins);
    if (!trust.trusted) {
      const hint = trust.approvable
        ? `Approve ${new URL(destination).origin} once if you trust it (the extension asks; the CLI takes --allow-host ${new URL(destination).host}).`
        : 'Change the environment to an https:// URL (only this machine is reached over plain http).';
      return outcome({ error: { kind: 'trust', message: `Credentials were not sent: ${trust.reason}.`, hint } });
    }
  }

  const deadline = started + request.timeoutMs;
  const remaining = () => Math.max(1, deadline - Date.now());
  const exchange = (r: Omit<HttpRequest, 'timeoutMs' | 'signal'>) =>
    httpExchange({
      method: r.method,
      url: r.url,
      headers: r.headers,
      body: r.body,
      secretHeaders: r.secretHeaders,
      credentialsInBody: r.credentialsInBody,
      timeoutMs: remaining(),
      signal: request.signal,
      rejectUnauthorized: environment.rejectUnauthorized,
      maxBodyBytes: request.maxBodyBytes,
    });

  const cacheKey = profile.send.tokenCacheKey(environment, baseUrl, request.credentials);
  const obtainToken = async (): Promise<string> => {
    log(() => `Requesting a token from ${new URL(tokenUrl).origin}…`);
    const token = await profile.send.login(exchange, environment, baseUrl, request.credentials);
    request.tokens.set(cacheKey, token);
    mask.add(token.token);
    return token.token;
  };
  // The cached token when there is one (most sends), else a login.
  const tokenNow = () => {
    const cached = request.tokens.get(cacheKey)?.token;
    mask.add(cached);
    return cached ?? obtainToken();
  };
  const put = async (token: string) => {
    log(() => `${method} ${url}`);
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (requestBody !== undefined) headers['content-type'] = 'application/json';
    return exchange({ method, url, headers, body: requestBody });
  };

  try {
    let answer = await put(await tokenNow());
    if (profile.send.isOutdatedToken(answer)) {
      notes.push('The token was outdated: renewed it and sent again (once).');
      log(() => 'Token outdated: renewing once.');
      request.tokens.invalidate(cacheKey);
      answer = await put(await tokenNow());
      if (profile.send.isOutdatedToken(answer)) {
        // Renew once only: a token refused right after the login is not a stale cache entry.
        request.tokens.invalidate(cacheKey);
        log(() => 'The renewed token was refused too: stopping.');
        return outcome({
          exchange: answer,
          error: {
            kind: 'auth',
            message: `${profile.displayName} refused the renewed token as well (${answer.status} ${answer.statusText}): stopped after one renewal.`,
            hint: 'Check that the credentials belong to this environment and that this machine\'s clock is right, then send again.',
          },
        });
      }
    }
    const waitMs = retryAfterMs(answer);
    if (waitMs !== undefined) {
      if (waitMs <= MAX_RETRY_AFTER_MS && Date.now() + waitMs < deadline - 1000) {
        notes.push(`The API answered ${answer.status} with Retry-After: waited ${Math.round(waitMs / 1000)} s and sent again (once; the first request was not applied).`);
        log(() => `${answer.status}: retrying once after ${waitMs} ms.`);
        await sleep(waitMs, request.signal);
        answer = await put(await tokenNow());
      } else {
        notes.push(`The API asked to wait ${Math.round(waitMs / 1000)} s, longer than the time left: not retried.`);
      }
    }
    if (answer.truncated) {
      const kept = request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      notes.push(`The answer's body was ${megabytes(answer.sizeBytes)}: only the first ${megabytes(kept)} were kept, so the body shown is cut.`);
    }
    log(() => `${answer.status} ${answer.statusText} in ${answer.timings.totalMs} ms`);
    return outcome({ exchange: answer });
  } catch (error) {
    if (error instanceof HttpError) return outcome({ error: error.detail });
    if (error instanceof AuthError) return outcome({ error: { kind: 'auth', message: error.message, hint: error.hint, ...(error.answer ? { answer: error.answer } : {}) } });
    if ((error as Error)?.name === 'AbortError' || request.signal?.aborted) return outcome({ error: { kind: 'cancelled', message: 'The send was cancelled.' } });
    return outcome({ error: { kind: 'network', message: `Unexpected failure: ${error instanceof Error ? error.message : String(error)}` } });
  }
}

/** Retry-After on 429/503, in seconds or as an HTTP date; undefined when there is nothing to wait for. */
export function retryAfterMs(exchange: HttpExchange, now = Date.now()): number | undefined {
  if (exchange.status !== 429 && exchange.status !== 503) return undefined;
  const header = exchange.responseHeaders['retry-after'];
  if (!header) return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Math.round(Number(header) * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The answer as the user sees it: every secret the server wrote back masked. */
function maskedExchange(exchange: HttpExchange, mask: SecretMask): HttpExchange {
  if (exchange instanceof ReceivedExchange) return exchange.masked(mask);
  const raw = Object.fromEntries(Object.entries(exchange.responseHeaders).map(([name, value]) => [name, [value]]));
  return new ReceivedExchange(exchange.method, exchange.url, exchange.requestHeaders, exchange.requestBody, exchange.status, exchange.statusText, raw, exchange.bodyText, exchange.sizeBytes, exchange.truncated, exchange.timings).masked(mask);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      const error = new Error('aborted');
      error.name = 'AbortError';
      reject(error);
    }, { once: true });
  });
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB` : `${bytes} bytes`;
}
