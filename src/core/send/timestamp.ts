/**
 * ISO 8601 timestamps ("2026-11-23T17:21:28.123Z") for outcomes. Date#toISOString is one of
 * the costlier steps of a loopback send; sends come in bursts within the same second, so the
 * part up to the seconds is remembered and only the milliseconds are written anew.
 */
let secondStart = NaN;
let secondPrefix = '';

export function isoTimestamp(epochMs: number): string {
  const ms = ((epochMs % 1000) + 1000) % 1000;
  const start = epochMs - ms;
  if (start !== secondStart) {
    secondStart = start;
    secondPrefix = new Date(start).toISOString().slice(0, 20);
  }
  return secondPrefix + (ms < 10 ? '00' : ms < 100 ? '0' : '') + ms + 'Z';
}
