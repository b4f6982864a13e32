import { isKnownString } from '../../../lint/rules/values';
import type { Rule } from '../../../lint/types';
import { isIncompleteDateTime, utcDateTimeOf } from '../../../text/iso8601';

/**
 * A date the API takes but whose instant is unclear: `@IsDateString()` (validator.js
 * `isISO8601`, see text/iso8601.ts) accepts a date alone or a date-time without an offset, while
 * the reference pages say "date-time". Which instant the server reads (midnight? in which zone?)
 * is not documented, so a warning, never an error that blocks a send.
 */
export function dateTimeIncompleteRule(id: string): Rule {
  return {
    id,
    defaultSeverity: 'warning',
    description: 'An expirationDate or diffusionDate the API accepts (a date alone, or no UTC offset) but whose instant is not documented.',
    check(ctx) {
      for (const field of ['expirationDate', 'diffusionDate']) {
        const value = ctx.body[field];
        if (!isKnownString(value) || !isIncompleteDateTime(value)) continue;
        const utc = utcDateTimeOf(value);
        const what = /^\d{4}-?\d{2}-?\d{2}$/.test(value) ? 'a date without a time' : 'a date-time without a UTC offset';
        ctx.report({
          path: `/${field}`,
          message: `${field} "${value}" is ${what}: the API accepts it (@IsDateString, ISO-8601), but which instant it stands for is not documented, and the date checks here cannot compare it. Give a full date-time with an offset, e.g. ${utc ?? '2030-01-15T09:00:00Z'}.`,
          fixes: utc ? [ctx.setValueFix(`Normalise to ISO-8601 UTC: ${utc}`, [field], utc, true)] : [],
        });
      }
    },
  };
}

export const dateTimeIncomplete = dateTimeIncompleteRule('ignisign/date-time-incomplete');
