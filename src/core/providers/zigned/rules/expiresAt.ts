import { knownDate } from '../../../lint/rules/values';
import type { Rule } from '../../../lint/types';
import { isDateOnly, utcDay } from '../../../text/dates';

/**
 * Zigned documents that the time part of expires_at is ignored: "the agreement will expire at
 * 23:59:59.999 UTC on the given date" (docs.zigned.se, the expiration-dates concept page). Its examples
 * are UTC date-times only, so when an offset puts the instant on another UTC day than the date
 * written, which of the two days counts is unconfirmed: both are kept as candidates.
 */

/** A UTC time part that already says "that day" unambiguously: midnight or the end of the day. */
const DAY_BOUNDARY_TIME = /T(00:00(:00(\.0+)?)?|23:59:59(\.9+)?)(Z|[+-]00:?00)$/i;
/** The offset a date-time was written with, e.g. "+02:00" (undefined for Z or no time). */
const OFFSET = /([+-]\d{2}:?\d{2})$/;

/** The days expires_at may name: one, or two (as written, and in UTC) when an offset moves the day. */
function candidateDays(value: string, date: Date): { written: string; utc: string; ambiguous: boolean } {
  const written = value.slice(0, 10);
  const utc = utcDay(date);
  return { written, utc, ambiguous: !isDateOnly(value) && written !== utc };
}

/** The last millisecond (23:59:59.999 UTC) of a YYYY-MM-DD day. */
function endOfDay(day: string): number {
  return Date.parse(`${day}T23:59:59.999Z`);
}

export const expiresAtInPast: Rule = {
  id: 'zigned/expires-at-in-past',
  // No Zigned source says a past day is refused (on update or on finalising): a warning at most.
  defaultSeverity: 'warning',
  description: 'expires_at names a day that is already over (every reading of it, when an offset makes the day unclear).',
  check(ctx) {
    const value = ctx.body.expires_at;
    const date = knownDate(value);
    if (!date || typeof value !== 'string') return;
    const { written, utc, ambiguous } = candidateDays(value, date);
    // Reported only when every possible day is over: a finding must not rest on a guessed reading.
    const latest = [written, utc].sort().at(-1) as string;
    if (endOfDay(latest) >= ctx.now.getTime()) return;
    const day = ambiguous ? `${written} as written and ${utc} in UTC (which of the two Zigned uses is unconfirmed) are both over` : `${utc} 23:59:59.999 UTC is already over`;
    ctx.report({
      path: '/expires_at',
      message: `expires_at is in the past: Zigned expires the agreement at 23:59:59.999 UTC on the given date, and ${day}. Choose a day from ${utcDay(ctx.now)} on.`,
    });
  },
};

export const expiresAtTimeIgnored: Rule = {
  id: 'zigned/expires-at-time-ignored',
  defaultSeverity: 'info',
  description: 'expires_at has a time of day, which Zigned ignores (it expires at 23:59:59.999 UTC on the given date).',
  check(ctx) {
    const value = ctx.body.expires_at;
    const date = knownDate(value);
    if (!date || typeof value !== 'string' || isDateOnly(value) || DAY_BOUNDARY_TIME.test(value)) return;
    const { written, utc, ambiguous } = candidateDays(value, date);
    if (!ambiguous) {
      ctx.report({
        path: '/expires_at',
        message: `The time part of expires_at is ignored: Zigned expires the agreement at 23:59:59.999 UTC on ${utc}. Write ${utc}T23:59:59.999Z to say what happens.`,
        fixes: [ctx.setValueFix(`Set expires_at to ${utc}T23:59:59.999Z (when it expires)`, ['expires_at'], `${utc}T23:59:59.999Z`, true)],
      });
      return;
    }
    const offset = OFFSET.exec(value)?.[1] ?? 'time zone';
    // Neither fix is preferred: which day Zigned takes is not known, so the user has to choose.
    ctx.report({
      path: '/expires_at',
      message: `The time part of expires_at is ignored: Zigned expires the agreement at 23:59:59.999 UTC on the given date. With the ${offset} offset, ${value} is ${written} as written but ${utc} in UTC, and which of the two days Zigned uses is unconfirmed (its docs show only UTC date-times). Write the day you mean in UTC, e.g. ${written}T23:59:59.999Z.`,
      fixes: [
        ctx.setValueFix(`Set expires_at to ${written}T23:59:59.999Z (the day as written)`, ['expires_at'], `${written}T23:59:59.999Z`, false),
        ctx.setValueFix(`Set expires_at to ${utc}T23:59:59.999Z (the day in UTC)`, ['expires_at'], `${utc}T23:59:59.999Z`, false),
      ],
    });
  },
};
