/**
 * Bearer tokens in memory only, until they expire (never written anywhere). Keyed by the
 * token endpoint and the credential's identity (appId + appEnv, or client id), never by secret.
 */
export interface CachedToken {
  token: string;
  /** Epoch milliseconds; undefined when the provider did not say. */
  expiresAt?: number;
}

/** Renew a little early so that a token does not expire between check and use. */
const EXPIRY_MARGIN_MS = 30_000;

export class TokenCache {
  private readonly tokens = new Map<string, CachedToken>();

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string): CachedToken | undefined {
    const entry = this.tokens.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt - EXPIRY_MARGIN_MS <= this.now()) {
      this.tokens.delete(key);
      return undefined;
    }
    return entry;
  }

  set(key: string, token: CachedToken): void {
    this.tokens.set(key, token);
  }

  invalidate(key: string): void {
    this.tokens.delete(key);
  }

  clear(): void {
    this.tokens.clear();
  }

  /** Every token held, so that a scan can prove none leaked into logs or views. */
  values(): string[] {
    return [...this.tokens.values()].map((t) => t.token);
  }
}

/** The `exp` claim of a JWT (not verified: we only need to know when to log in again). */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
