import type { IgnisignWorld } from './ignisignModel';
import { seedIgnisign, seedZigned } from './seed';
import { TokenAuthority, type TokenLifetimes } from './tokens';

/**
 * Zigned documents its tokens as long-lived; its example answer has `expires_in` 10,000,000 s
 * (https://docs.zigned.se, authentication). Ignisign does not document its JWTs' lifetime (the
 * official SDK reads their `exp`): an hour. Expiry is opt-in (tokenLifetimeSeconds, expire-tokens).
 */
export const ZIGNED_TOKEN_LIFETIME_SECONDS = 10_000_000;
export const DEFAULT_TOKEN_LIFETIMES: TokenLifetimes = { ignisign: 3600, zigned: ZIGNED_TOKEN_LIFETIME_SECONDS };
import type { ZignedAgreement } from './zignedModel';

/** Everything one running sandbox holds in memory, for as long as its process lives. */
export class SandboxState {
  ignisign: IgnisignWorld = seedIgnisign();
  zigned: Map<string, ZignedAgreement> = seedZigned();
  readonly tokens: TokenAuthority;

  constructor(
    tokenLifetimes: TokenLifetimes,
    /** The clock, replaceable so that date checks can be tested. */
    readonly now: () => Date = () => new Date(),
  ) {
    this.tokens = new TokenAuthority(tokenLifetimes, () => this.now().getTime());
  }

  /** Back to the seeded data. Issued tokens stay valid: reset is about data, expireTokens about auth. */
  reset(): void {
    this.ignisign = seedIgnisign();
    this.zigned = seedZigned();
  }
}
