import type { IgnisignWorld } from './ignisignModel';
import { seedIgnisign, seedZigned } from './seed';
import { TokenAuthority } from './tokens';
import type { ZignedAgreement } from './zignedModel';

/** Everything one running sandbox holds in memory, for as long as its process lives. */
export class SandboxState {
  ignisign: IgnisignWorld = seedIgnisign();
  zigned: Map<string, ZignedAgreement> = seedZigned();
  readonly tokens: TokenAuthority;

  constructor(
    tokenLifetimeSeconds: number,
    /** The clock, replaceable so that date checks can be tested. */
    readonly now: () => Date = () => new Date(),
  ) {
    this.tokens = new TokenAuthority(tokenLifetimeSeconds, () => this.now().getTime());
  }

  /** Back to the seeded data. Issued tokens stay valid: reset is about data, expireTokens about auth. */
  reset(): void {
    this.ignisign = seedIgnisign();
    this.zigned = seedZigned();
  }
}
