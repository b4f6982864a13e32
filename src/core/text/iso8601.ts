/**
 * What Ignisign's update DTOs accept as a date: both validate `expirationDate` and
 * `diffusionDate` with class-validator's `@IsDateString()` (`ignisign/ignisign-public-models`
 * `src/signatures/signature-requests.public.ts` at 010088f and fa00391), which is validator.js's
 * non-strict `isISO8601`: this is its expression (`validatorjs/validator.js` `src/lib/isISO8601.js`
 * at 08d2996, `iso8601`). It takes a date alone ("2030-01-15") and a date-time without an offset
 * ("2030-01-15T09:00", "2030-01-15 09:00"), which the reference pages' "date-time" does not.
 * The update schemas carry the same string as their `pattern` (a unit test keeps them equal).
 */
export const ISO8601_PATTERN =
  '^([\\+-]?\\d{4}(?!\\d{2}\\b))((-?)((0[1-9]|1[0-2])(\\3([12]\\d|0[1-9]|3[01]))?|W([0-4]\\d|5[0-3])(-?[1-7])?|(00[1-9]|0[1-9]\\d|[12]\\d{2}|3([0-5]\\d|6[1-6])))([T\\s]((([01]\\d|2[0-3])((:?)[0-5]\\d)?|24:?00)([\\.,]\\d+(?!:))?)?(\\17[0-5]\\d([\\.,]\\d+)?)?([zZ]|([\\+-])([01]\\d|2[0-3]):?([0-5]\\d)?)?)?)?$';

const ISO8601 = new RegExp(ISO8601_PATTERN, 'u');

/**
 * The form nearly every date in a payload has, "2031-01-31T17:00:00Z" (a calendar date, a time
 * with ":" separators, seconds and fraction optional, then Z or an offset), checked by a small
 * expression first. Every string it matches, ISO8601_PATTERN matches too (same field ranges, a
 * subset of its alternatives: iso8601.test.ts checks that on generated strings), so it only
 * spares the big expression, whose back-references and look-aheads make V8 compile it twice
 * (interpreted, then native on its second use) at 0.2 ms each: a third of the date rules' time
 * in a one-file `lint`.
 */
const COMMON_DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)$/;

/** A full date-time with an offset (RFC 3339, what the reference pages' "date-time" means). */
const FULL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

export function isIso8601(value: string): boolean {
  return COMMON_DATE_TIME.test(value) || ISO8601.test(value);
}

/** The fast path alone (for the test that keeps it a subset of ISO8601_PATTERN). */
export function isCommonDateTime(value: string): boolean {
  return COMMON_DATE_TIME.test(value);
}

/** Taken by the API (isISO8601) but not a full date-time with an offset: a date alone, no offset, a week or ordinal date. */
export function isIncompleteDateTime(value: string): boolean {
  return isIso8601(value) && !FULL_DATE_TIME.test(value);
}

/**
 * The UTC date-time a user most likely meant, for a quick fix: a date alone as its UTC midnight,
 * a calendar date-time without offset as that wall-clock time in UTC. Undefined for the other
 * ISO-8601 forms (week, ordinal, basic), which no fix guesses.
 */
export function utcDateTimeOf(value: string): string | undefined {
  const text = value.trim().replace(/^(\d{4}-\d{2}-\d{2})[ t](\d)/, '$1T$2');
  let iso: string;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) iso = `${text}T00:00:00Z`;
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) iso = `${text}Z`;
  else return undefined;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().replace('.000Z', 'Z');
}
