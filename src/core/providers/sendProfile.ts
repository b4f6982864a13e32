import type { HttpRequest } from '../send/httpClient';
import type { CachedToken } from '../send/tokenCache';
import type { Credentials, EnvironmentConfig, HttpExchange, ResponseSummary } from '../send/types';

/** What a provider profile tells the send engine: endpoint, auth flow, errors and summary. */
export interface SendProfile {
  readonly defaultBaseUrl: string;
  /** Hosts that receive credentials without asking (https only). */
  readonly officialHosts: readonly string[];
  /** What one stored credential belongs to (Ignisign: an app + env; Zigned: an environment). */
  credentialScope(environment: EnvironmentConfig): string;
  /** Which secrets the auth flow needs. */
  readonly credentialFields: readonly CredentialField[];
  /**
   * How these credentials will be used, for the person entering them (e.g. Ignisign v4: an API key
   * as the bearer, or an app secret with a login), and what the environment lacks for that, if
   * anything. Optional: a provider with one auth flow need not say.
   */
  credentialMode?(credentials: Credentials, environment: EnvironmentConfig): { description: string; problem?: string };
  /** Checks an environment entry; a message saying what is missing, or undefined. */
  validateEnvironment(environment: EnvironmentConfig): string | undefined;
  /** The token endpoint the auth flow posts credentials to. */
  tokenUrl(environment: EnvironmentConfig, baseUrl: string): string;
  /** The PUT URL for a target id. */
  updateUrl(baseUrl: string, targetId: string): string;
  /** Which cached token serves this environment (never includes a secret). */
  tokenCacheKey(environment: EnvironmentConfig, baseUrl: string, credentials: Credentials): string;
  /** Exchanges credentials for a bearer token, or throws an AuthError with a clear message. */
  login(send: (request: Omit<HttpRequest, 'timeoutMs' | 'signal'>) => Promise<HttpExchange>, environment: EnvironmentConfig, baseUrl: string, credentials: Credentials): Promise<CachedToken>;
  /** Whether an error answer means "your token is outdated": renew once and resend. */
  isOutdatedToken(exchange: HttpExchange): boolean;
  /** The provider's reading of an answer, for the response view and the CLI. */
  summarize(exchange: HttpExchange): ResponseSummary;
  /**
   * Credentials an answer hands out (Ignisign's embedded signing tokens in a publish answer):
   * shown in the response view, masked wherever the answer is kept (history). Optional.
   */
  answerSecrets?(body: unknown): string[];
  /** The built-in `local-sandbox` environment on a port, with the sandbox's fake credentials. */
  localSandbox(port: number): { environment: EnvironmentConfig; credentials: Credentials };
}

export interface CredentialField {
  key: keyof Credentials;
  label: string;
  /** CLI environment variable (an environment-name suffix wins, e.g. ESIGN_DRAFTS_SECRET_STAGING). */
  envVar: string;
  /** Placeholder shown when asking for it. */
  placeholder: string;
}

export class AuthError extends Error {
  /** answer: what the token endpoint said, when it said something ("401 invalid_client"). */
  constructor(message: string, readonly hint?: string, readonly answer?: string) {
    super(message);
  }
}

/** "401 INVALID_APP_SECRET": a refused sign-in's status and the code the API gave, if a short one. */
export function answerOf(status: number, code: unknown): string {
  return typeof code === 'string' && /^[\w.-]{1,64}$/.test(code) ? `${status} ${code}` : String(status);
}
