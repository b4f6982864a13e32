import { knownDate } from '../../../lint/rules/values';
import type { Rule, RuleContext } from '../../../lint/types';
import { formatUtc } from '../../../text/dates';

/**
 * A date counts only when the body puts it to use: Ignisign's publish checks look at
 * expirationDate when expirationDateIsActivated is true, and at diffusionDate when diffusionMode
 * is SCHEDULED (public-models 010088f, src/_commons/ignisign-errors.public.ts). An unused date is
 * no publish failure, so it is not reported.
 */
const DATE_FIELDS = [
  {
    field: 'diffusionDate',
    inUse: (body: RuleContext['body']) => body.diffusionMode === 'SCHEDULED',
    errorCode: 'CANNOT_PUBLISH_SIGNATURE_REQUEST__DIFFUSION_DATE_IN_THE_PAST',
    meaning: 'the request cannot be sent in the past',
  },
  {
    field: 'expirationDate',
    inUse: (body: RuleContext['body']) => body.expirationDateIsActivated === true,
    errorCode: 'CANNOT_PUBLISH_SIGNATURE_REQUEST__EXPIRATION_DATE_IN_THE_PAST',
    meaning: 'the request would already be expired',
  },
] as const;

/**
 * A warning by default: the past-date codes are publish codes (CANNOT_PUBLISH_…_IN_THE_PAST); the
 * update-time refusals of the error enum (CANNOT_UPDATE_OR_PUBLISH_…) do not include a past date,
 * so the update itself is not refused for it, and a committed payload must not turn CI red on the
 * day its date passes. Publishing is what fails: the publish gate blocks on it (readinessRuleIds).
 */
export const dateInPast: Rule = {
  id: 'ignisign/date-in-past',
  defaultSeverity: 'warning',
  description: 'A diffusionDate (diffusionMode SCHEDULED) or expirationDate (expirationDateIsActivated true) that is already in the past.',
  check(ctx) {
    for (const { field, inUse, errorCode, meaning } of DATE_FIELDS) {
      if (!inUse(ctx.body)) continue;
      const date = knownDate(ctx.body[field]);
      if (!date || date.getTime() >= ctx.now.getTime()) continue;
      ctx.report({
        path: `/${field}`,
        message: `${field} (${formatUtc(date)}) is in the past: ${meaning}, and publishing fails (${errorCode}). Choose a date after ${formatUtc(ctx.now)}.`,
      });
    }
  },
};
