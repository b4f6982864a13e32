import { knownDate } from '../../../lint/rules/values';
import type { Rule } from '../../../lint/types';
import { endOfUtcDay, isDateOnly, utcDay } from '../../../text/dates';

/**
 * Zigned keeps only the UTC day of expires_at: the agreement expires at 23:59:59.999 UTC that
 * day, whatever time was sent.
 */

/** A UTC time part that already says "that day" unambiguously: midnight or the end of the day. */
const DAY_BOUNDARY_TIME = /T(00:00(:00(\.0+)?)?|23:59:59(\.9+)?)(Z|[+-]00:?00)$/i;
/** The offset a date-time was written with, e.g. "+02:00" (undefined for Z or no time). */
const OFFSET = /([+-]\d{2}:?\d{2})$/;

export const expiresAtInPast: Rule = {
  id: 'zigned/expires-at-in-past',
  defaultSeverity: 'error',
  description: 'expires_at names a UTC day that is already over.',
  check(ctx) {
    const date = knownDate(ctx.body.expires_at);
    if (!date) return;
    const expiry = endOfUtcDay(date);
    if (expiry.getTime() >= ctx.now.getTime()) return;
    ctx.report({
      path: '/expires_at',
      message: `expires_at is in the past: Zigned expires the agreement at the end of its UTC day, ${utcDay(date)} 23:59:59.999 UTC, which is already over. Choose a day from ${utcDay(ctx.now)} on.`,
    });
  },
};

export const expiresAtTimeIgnored: Rule = {
  id: 'zigned/expires-at-time-ignored',
  defaultSeverity: 'info',
  description: 'expires_at has a time of day, which Zigned ignores (it expires at 23:59:59.999 UTC that day).',
  check(ctx) {
    const value = ctx.body.expires_at;
    const date = knownDate(value);
    if (!date || typeof value !== 'string' || isDateOnly(value) || DAY_BOUNDARY_TIME.test(value)) return;
    const day = utcDay(date);
    const writtenDay = value.slice(0, 10);
    const offset = OFFSET.exec(value)?.[1];
    // An offset can move the instant to another UTC day than the one written: say so.
    const shifted = writtenDay !== day ? ` The ${offset ?? 'time zone'} offset puts ${value} on ${day} in UTC, not on ${writtenDay} as written.` : '';
    const fixes = [{ title: `Set expires_at to ${day}T23:59:59.999Z (when it really expires)`, edits: ctx.setValue(['expires_at'], `${day}T23:59:59.999Z`), isPreferred: true }];
    if (shifted) {
      fixes.push({ title: `Set expires_at to ${writtenDay}T23:59:59.999Z (the day as written)`, edits: ctx.setValue(['expires_at'], `${writtenDay}T23:59:59.999Z`), isPreferred: false });
    }
    ctx.report({
      path: '/expires_at',
      message: `The time part of expires_at is ignored: Zigned expires the agreement at 23:59:59.999 UTC on ${day}.${shifted} Write ${day}T23:59:59.999Z to say what happens.`,
      fixes,
    });
  },
};
