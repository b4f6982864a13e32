import { knownDate } from '../../../lint/rules/values';
import type { Rule } from '../../../lint/types';
import { formatUtc, morningUtcInDays } from '../../../text/dates';

/** How far ahead the quick fix puts a missing expiration date: a common default validity. */
const DEFAULT_VALIDITY_DAYS = 30;

export const expirationDateMissing: Rule = {
  id: 'ignisign/expiration-date-missing',
  defaultSeverity: 'warning',
  description: 'expirationDateIsActivated is true but no expirationDate is given.',
  check(ctx) {
    if (ctx.body.expirationDateIsActivated !== true || ctx.body.expirationDate !== undefined) return;
    // A warning: an earlier update may have set the date (partial updates).
    ctx.report({
      path: '/expirationDateIsActivated',
      message:
        'expirationDateIsActivated is true but expirationDate is missing: unless an earlier update set it, Ignisign may refuse this update itself (CANNOT_UPDATE_OR_PUBLISH_SIGNATURE_REQUEST__EXPIRATION_DATE_IS_ACTIVATED_BUT_NOT_PROVIDED), and publishing fails (CANNOT_PUBLISH_SIGNATURE_REQUEST__EXPIRATION_DATE_IS_ACTIVATED_BUT_EXPIRATION_DATE_IS_MISSING). Add expirationDate, or set expirationDateIsActivated to false.',
      fixes: [
        ctx.setValueFix(`Add expirationDate (in ${DEFAULT_VALIDITY_DAYS} days, 09:00 UTC)`, ['expirationDate'], morningUtcInDays(ctx.now, DEFAULT_VALIDITY_DAYS), true, {
          placement: { after: ['expirationDateIsActivated'] },
        }),
      ],
    });
  },
};

export const expirationBeforeDiffusion: Rule = {
  id: 'ignisign/expiration-before-diffusion',
  defaultSeverity: 'error',
  description: 'expirationDate is not after diffusionDate, with the expiry on and the diffusion SCHEDULED.',
  check(ctx) {
    // Both dates count only when used: the expiry when activated, the diffusion date when SCHEDULED.
    if (ctx.body.expirationDateIsActivated !== true || ctx.body.diffusionMode !== 'SCHEDULED') return;
    const expiration = knownDate(ctx.body.expirationDate);
    const diffusion = knownDate(ctx.body.diffusionDate);
    if (!expiration || !diffusion || expiration.getTime() > diffusion.getTime()) return;
    const relation = expiration.getTime() === diffusion.getTime() ? 'the same moment as' : 'before';
    ctx.report({
      path: '/expirationDate',
      message: `expirationDate (${formatUtc(expiration)}) is ${relation} diffusionDate (${formatUtc(diffusion)}): the request would expire before it is sent, and publishing fails (CANNOT_PUBLISH_SIGNATURE_REQUEST__EXPIRATION_DATE_BEFORE_DIFFUSION_DATE). Set expirationDate later than diffusionDate.`,
    });
  },
};
