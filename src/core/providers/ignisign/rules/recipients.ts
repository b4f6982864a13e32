import { editsOverlap } from '../../../lint/edits';
import { isKnownString, itemsOf } from '../../../lint/rules/values';
import type { Fix, Rule, RuleContext } from '../../../lint/types';

/** Deliberately loose: one "@", something on each side, a dot in the domain. The API owns the strict check. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** What an Ignisign id can be (letters, digits, "-", "_"): only such a value is offered a move to signerIds. */
const LOOKS_LIKE_ID = /^[A-Za-z0-9_-]+$/;

/**
 * The v3 page calls recipients "the emails of signers that will receive a copy" (seed line 110),
 * but the official DTO (public-models 010088f) checks only that they are strings: whether the
 * server refuses a non-address is not confirmed, hence a warning.
 */
export const recipientNotEmail: Rule = {
  id: 'ignisign/recipient-not-email',
  defaultSeverity: 'warning',
  description: 'A recipients entry is not an e-mail address.',
  check(ctx) {
    // Listed once, not searched per recipient (recipients × signers).
    let signers: ReadonlySet<unknown> | undefined;
    const signerSet = () => (signers ??= new Set(Array.isArray(ctx.body.signerIds) ? ctx.body.signerIds : []));
    const recipients = itemsOf(ctx.body.recipients);
    for (let index = 0; index < recipients.length; index++) {
      const value = recipients[index];
      if (!isKnownString(value)) continue;
      // No "@", no address: known without the pattern (most wrong entries are ids).
      const hasAt = value.includes('@');
      if (hasAt && EMAIL.test(value)) continue;
      const message = hasAt
        ? `"${value}" in recipients is not a valid e-mail address. recipients are the e-mail addresses of the people who receive a copy of the signed documents; expected e.g. jane@example.com.`
        : `"${value}" in recipients looks like an id, not an e-mail address: recipients are the e-mail addresses of the people who receive a copy of the signed documents (signer ids belong in signerIds). Use an e-mail address such as jane@example.com.`;
      // Made when the finding's fixes are read (see Report.fixes), not for every recipient.
      ctx.report({ path: `/recipients/${index}`, message, fixes: LOOKS_LIKE_ID.test(value) ? () => moveToSignerIds(ctx, index, value, signerSet()) : [] });
    }
  },
};

/**
 * Moves a signer id written in recipients to signerIds: appended to the list there, or a new
 * signerIds right after recipients. An id already in signerIds is only removed from recipients.
 */
function moveToSignerIds(ctx: RuleContext, index: number, id: string, signerSet: ReadonlySet<unknown>): Fix[] {
  const signerIds = ctx.body.signerIds;
  if (signerIds !== undefined && !Array.isArray(signerIds)) return [];
  const removal = ctx.remove(['recipients', index]);
  // Preferred: it resolves this finding and, where signerIds is missing or empty, that one too
  // (Fix all takes it rather than a <signer id> placeholder, which would be a new error).
  if (signerSet.has(id)) {
    return [{ title: `Remove "${id}" from recipients (already in signerIds)`, edits: removal, isPreferred: true }];
  }
  // A signerIds holding only placeholders (from a template or the "Add signerIds" fix) is replaced, not appended to.
  const onlyPlaceholders = Array.isArray(signerIds) && signerIds.length > 0 && signerIds.every((item) => typeof item === 'string' && /^<[^<>]*>$/.test(item));
  const addition = Array.isArray(signerIds) && !onlyPlaceholders ? ctx.setValue(['signerIds', -1], id) : ctx.setValue(['signerIds'], [id], { after: ['recipients'] });
  // Both halves or nothing: a fix that only removed the id would lose it. In a broken file (an
  // array left open at the end) the two can touch the same text: an editor refuses such an edit,
  // so no fix is offered then (found by `npm run fuzz`, seed 145519438).
  if (removal.length === 0 || addition.length === 0 || removal.some((r) => addition.some((a) => editsOverlap(r, a)))) return [];
  return [{ title: `Move "${id}" to signerIds`, edits: [...removal, ...addition], isPreferred: true }];
}

