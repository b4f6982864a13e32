/** The send path's shared shapes: environments, outcomes, and what the response view shows. */

export interface EnvironmentConfig {
  name: string;
  provider: string;
  /** Defaults to the provider's official base URL. */
  baseUrl?: string;
  /** Zigned: defaults to /oauth/token on the base URL's origin. */
  tokenUrl?: string;
  /** Ignisign: the application and its environment (an API secret belongs to one app + env). */
  appId?: string;
  appEnv?: string;
  /** Asks for confirmation (naming the environment and the target) before every send. */
  production?: boolean;
  variables?: Record<string, string>;
  /** Per-environment opt-out of TLS certificate verification (e.g. a staging host with a private CA). */
  rejectUnauthorized?: boolean;
  /** Where the entry came from: built in, user settings, workspace settings, or a CLI config file. */
  origin?: 'builtin' | 'user' | 'workspace' | 'config';
}

/** Secrets, as the secret store or environment variables give them; never logged or shown. */
export interface Credentials {
  /** Ignisign app secret. */
  secret?: string;
  /** Zigned OAuth client. */
  clientId?: string;
  clientSecret?: string;
}

export type ErrorKind =
  | 'usage' // bad input from the user: no id, unreadable file, unknown environment
  | 'lint' // lint errors blocked the send
  | 'trust' // refused by the trust rules (host not approved, untrusted workspace)
  | 'credentials' // missing credentials
  | 'auth' // the token endpoint refused or answered nonsense
  | 'network' // connection refused, DNS, reset
  | 'timeout'
  | 'tls'
  | 'redirect' // the answer pointed to another origin: not followed, nothing re-sent there
  | 'cancelled'
  | 'http'; // the API answered with an error status

export interface SendError {
  kind: ErrorKind;
  message: string;
  /** What to try next, for the user. */
  hint?: string;
  /** What the server answered when it did answer (a refused sign-in): status and code, e.g. "401 INVALID_APP_SECRET". */
  answer?: string;
}

export interface Timings {
  /** Milliseconds from the start of the request. Phases that did not happen (reused socket, no TLS) are absent. */
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  firstByteMs?: number;
  downloadMs?: number;
  totalMs: number;
}

export interface HttpExchange {
  method: string;
  url: string;
  /** Request headers with credentials replaced by "***". */
  requestHeaders: Record<string, string>;
  requestBody: string;
  status: number;
  statusText: string;
  /** Lower-case names; repeated headers joined with ", ". Read-only: computed on first read. */
  readonly responseHeaders: Record<string, string>;
  /** The body as text (cut at the configured cap; see truncated). */
  bodyText: string;
  /** Parsed JSON when the body is JSON. Read-only: parsed on first read. */
  readonly body?: unknown;
  /** Why a JSON body was kept as text rather than parsed (nested too deep), when it was. */
  readonly bodyNote?: string;
  sizeBytes: number;
  truncated: boolean;
  timings: Timings;
}

export interface SendOutcome {
  ok: boolean;
  status: number | null;
  durationMs: number;
  request: { method: string; url: string; environment: string; provider: string; targetId: string; body: string };
  exchange?: HttpExchange;
  error?: SendError;
  /** What happened on the way: token renewed, retried after Retry-After… (shown in the view). */
  notes: string[];
  startedAt: string;
}

export interface SummaryField {
  label: string;
  value: string;
}

/** A provider's reading of a response, for the view's summary. */
export interface ResponseSummary {
  title: string;
  fields: SummaryField[];
  /** Fields the response schema did not expect, or expected and missed (API drift). */
  drift: { path: string; message: string }[];
  /** For error statuses: the provider's code explained. */
  explanation?: ErrorExplanation;
  /** 'warning': the answer is fine but what it says needs attention (e.g. not ready to publish); the view shows a warning icon. */
  tone?: 'warning';
}

export interface ErrorExplanation {
  code?: string;
  meaning: string;
  whatToChange: string;
  /** JSON Pointers into the payload file of the fields the error is about (for "jump to field" links). */
  paths: string[];
}
