import { knownDate } from '../../../lint/rules/values';
import type { Rule } from '../../../lint/types';
import { formatUtc } from '../../../text/dates';

const DATE_FIELDS = [
  { field: 'diffusionDate', errorCode: 'CANNOT_PUBLISH_SIGNATURE_REQUEST__DIFFUSION_DATE_IN_THE_PAST', meaning: 'the request cannot be sent in the past' },
  { field: 'expirationDate', errorCode: 'CANNOT_PUBLISH_SIGNATURE_REQUEST__EXPIRATION_DATE_IN_THE_PAST', meaning: 'the request would already be expired' },
] as const;

export const dateInPast: Rule = {
  id: 'ignisign/date-in-past',
  defaultSeverity: 'error',
  description: 'diffusionDate or expirationDate is already in the past.',
  check(ctx) {
    for (const { field, errorCode, meaning } of DATE_FIELDS) {
      const date = knownDate(ctx.body[field]);
      if (!date || date.getTime() >= ctx.now.getTime()) continue;
      ctx.report({
        path: `/${field}`,
        message: `${field} (${formatUtc(date)}) is in the past: ${meaning}, and publishing fails (${errorCode}). Choose a date after ${formatUtc(ctx.now)}.`,
      });
    }
  },
};
