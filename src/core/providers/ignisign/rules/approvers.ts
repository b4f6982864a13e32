import { isFullyKnownList, isKnownString, itemsOf, membershipOf } from '../../../lint/rules/values';
import type { Rule } from '../../../lint/types';

/**
 * Unconfirmed: the v3 page says only "the ids of signers that will be approvers"; no source says
 * an approver must also be in signerIds. Hence a warning that says so, never an error.
 */
export const approverNotSigner: Rule = approverNotSignerRule('ignisign/approver-not-signer', 'signersAsApprover');

/** The same check for a given approver list: v3 calls it signersAsApprover, v4 signerIdsAsApprover. */
export function approverNotSignerRule(id: string, field: string): Rule {
  return {
    id,
    defaultSeverity: 'warning',
    description: `A ${field} entry is not one of the signerIds (unconfirmed constraint).`,
    check(ctx) {
      // With a pulled state, ignisign/approver-not-on-request checks the request's real signers.
      if (ctx.pulled) return;
      const signerIds = ctx.body.signerIds;
      // Without signerIds in this body, the signers come from an earlier update we cannot see.
      if (!isFullyKnownList(signerIds)) return;
      const approvers = itemsOf(ctx.body[field]);
      if (approvers.length === 0) return;
      // A set for many signers: `includes` per approver cost (approvers × signers), seconds for 10 000 of each.
      const isSigner = membershipOf(signerIds);
      for (let index = 0; index < approvers.length; index++) {
        const id = approvers[index];
        if (!isKnownString(id) || isSigner(id)) continue;
        ctx.report({
          path: `/${field}/${index}`,
          message: `"${id}" is in ${field} but not in signerIds. Ignisign describes ${field} only as "the ids of signers that will be approvers"; whether an approver must also be listed in signerIds is not documented, so the API may or may not accept this. If the approver should be a signer of this request, add it to signerIds.`,
          fixes: () => [
            ctx.setValueFix(`Add "${id}" to signerIds`, ['signerIds', -1], id, true),
            ctx.removeFix(`Remove "${id}" from ${field}`, [field, index]),
          ],
        });
      }
    },
  };
}
