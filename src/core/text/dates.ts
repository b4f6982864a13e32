/** Dates as the APIs take them: ISO-8601 strings. */

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Instants of the strings read last: the rules of one lint read the same few dates several times,
 * and the next lint (the next keystroke) the same ones again. Small: cleared when full.
 */
const recentlyParsed = new Map<string, number>();
const RECENTLY_PARSED_SIZE = 32;
const MAX_REMEMBERED_LENGTH = 40;

/** The instant an ISO-8601 date-time (or date, as UTC midnight) names; undefined when it is not one. */
export function parseIsoDate(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  let time = recentlyParsed.get(value);
  if (time === undefined) {
    time = ISO_DATE_TIME.test(value) || ISO_DATE.test(value) ? Date.parse(value) : NaN;
    // Only strings a date could be are kept (a long one is none, and would be kept alive).
    if (value.length <= MAX_REMEMBERED_LENGTH) {
      if (recentlyParsed.size >= RECENTLY_PARSED_SIZE) recentlyParsed.clear();
      recentlyParsed.set(value, time);
    }
  }
  // A new Date each time: callers may keep or change theirs.
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
