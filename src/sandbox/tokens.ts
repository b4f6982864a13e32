import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { signHs256, verifyHs256 } from './jwt';

export type TokenCheck = 'valid' | 'invalid' | 'outdated';

/** Seconds each API's tokens live. */
export interface TokenLifetimes {
  ignisign: number;
  zigned: number;
}

interface IssuedToken {
  generation: number;
  expiresAt: number;
}

/**
 * Issues and checks the access tokens of both emulated APIs.
 *
 * Every token is remembered with the "generation" it was issued in; expireTokens() starts a new
 * generation, which outdates every token issued so far without waiting for its `exp`. The signing
 * key is random per process, so tokens never outlive the sandbox that issued them.
 */
export class TokenAuthority {
  private readonly key = randomBytes(32);
  private generation = 0;
  /** Ignisign JWT ids → generation and expiry (ms). */
  private readonly ignisignTokens = new Map<string, IssuedToken>();
  /** Zigned opaque tokens → generation and expiry (ms). */
  private readonly zignedTokens = new Map<string, IssuedToken>();

  constructor(
    private readonly lifetimes: TokenLifetimes,
    private readonly now: () => number = Date.now,
  ) {}

  /** A real HS256 JWT with iat/exp (seconds), appId, appEnv and a jti, as Ignisign's SDK expects to decode. */
  issueIgnisign(appId: string, appEnv: string): string {
    this.forgetOldTokens();
    const jti = randomUUID();
    const iat = Math.floor(this.now() / 1000);
    const lifetime = this.lifetimes.ignisign;
    this.ignisignTokens.set(jti, { generation: this.generation, expiresAt: (iat + lifetime) * 1000 });
    return signHs256({ appId, appEnv, jti, iat, exp: iat + lifetime }, this.key);
  }

  checkIgnisign(token: string): TokenCheck {
    const verified = verifyHs256(token, this.key);
    if (!verified.ok) return 'invalid';
    const { jti, exp } = verified.claims;
    if (typeof jti !== 'string' || typeof exp !== 'number') return 'invalid';
    const entry = this.ignisignTokens.get(jti);
    if (!entry) return 'invalid';
    // exp is checked from the token itself, as Ignisign's SDK does; the entry adds expireTokens().
    if (entry.generation !== this.generation || this.now() / 1000 >= exp) return 'outdated';
    return 'valid';
  }

  /** An opaque bearer token: Zigned does not document its token format, so clients must not parse it. */
  issueZigned(): { accessToken: string; expiresIn: number } {
    this.forgetOldTokens();
    const accessToken = `zsbx_${randomBytes(24).toString('base64url')}`;
    const lifetime = this.lifetimes.zigned;
    this.zignedTokens.set(accessToken, { generation: this.generation, expiresAt: this.now() + lifetime * 1000 });
    return { accessToken, expiresIn: lifetime };
  }

  checkZigned(token: string): TokenCheck {
    const entry = this.zignedTokens.get(token);
    if (!entry) return 'invalid';
    return this.isLive(entry) ? 'valid' : 'outdated';
  }

  /** Outdates every token issued so far; returns how many were still valid. */
  expireAll(): number {
    let live = 0;
    for (const entry of [...this.ignisignTokens.values(), ...this.zignedTokens.values()]) if (this.isLive(entry)) live++;
    this.generation++;
    return live;
  }

  private isLive(entry: IssuedToken): boolean {
    return entry.generation === this.generation && this.now() < entry.expiresAt;
  }

  /**
   * A sandbox left running for days must not grow without bound. Outdated entries can go once
   * the map is large: a forgotten token then reads as invalid rather than outdated, which only
   * matters for tokens no client should still hold.
   */
  private forgetOldTokens(): void {
    if (this.ignisignTokens.size + this.zignedTokens.size < 10_000) return;
    for (const map of [this.ignisignTokens, this.zignedTokens]) {
      for (const [key, entry] of map) if (!this.isLive(entry)) map.delete(key);
    }
  }
}

/** Compares secrets in constant time; digests first, since timingSafeEqual needs equal lengths and must not leak the length. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
