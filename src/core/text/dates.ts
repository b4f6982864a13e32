/** Dates as the APIs take them: ISO-8601 strings. */

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The instant an ISO-8601 date-time (or date, as UTC midnight) names; undefined when it is not one. */
export function parseIsoDate(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !(ISO_DATE_TIME.test(value) || ISO_DATE.test(value))) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/** True for a bare date ("2030-01-15"), which has no time part at all. */
export function isDateOnly(value: string): boolean {
  return ISO_DATE.test(value);
}

/** Compact UTC rendering for messages: 2030-01-15 09:00 UTC. */
export function formatUtc(date: Date): string {
  return date.toISOString().replace('T', ' ').replace(/:\d{2}\.\d{3}Z$/, ' UTC');
}

/** The UTC calendar day of an instant: 2030-01-15. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** 09:00 UTC, `days` days after `now`'s UTC day: a sensible default for a date a user must still choose. */
export function morningUtcInDays(now: Date, days: number): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, 9, 0, 0));
  return d.toISOString().replace('.000Z', 'Z');
}

/** Tomorrow at 09:00 UTC. */
export function tomorrowMorningUtc(now: Date): string {
  return morningUtcInDays(now, 1);
}

/** The last millisecond (23:59:59.999 UTC) of the UTC day an instant falls on. */
export function endOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) + DAY_MS - 1);
}
