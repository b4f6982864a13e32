import { pinnedNow } from '../core/payload/dynamicVariables';
import { UsageError } from './usageError';

/** "Now" for dates and `{{$datetime}}`: --now, else ESIGN_DRAFTS_NOW, else the clock (a usage error when either is not an ISO date). */
export function nowOf(option: string | undefined, env: NodeJS.ProcessEnv): Date {
  try {
    return pinnedNow(option, '--now') ?? pinnedNow(env.ESIGN_DRAFTS_NOW) ?? new Date();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
