import { entriesOf, isFullyKnownList, isKnownString } from '../../../lint/rules/values';
import type { Rule } from '../../../lint/types';

export const approverNotSigner: Rule = {
  id: 'ignisign/approver-not-signer',
  defaultSeverity: 'error',
  description: 'A signersAsApprover entry is not one of the signerIds.',
  check(ctx) {
    const signerIds = ctx.body.signerIds;
    // Without signerIds in this body, the signers come from an earlier update we cannot see.
    if (!isFullyKnownList(signerIds)) return;
    for (const [index, id] of entriesOf(ctx.body.signersAsApprover)) {
      if (!isKnownString(id) || signerIds.includes(id)) continue;
      ctx.report({
        path: `/signersAsApprover/${index}`,
        message: `"${id}" is in signersAsApprover but not in signerIds: an approver is one of the request's signers who approves instead of signing, so the API cannot use an id that is not a signer of this request. Add it to signerIds, or remove it here.`,
        fixes: [
          { title: `Add "${id}" to signerIds`, edits: ctx.setValue(['signerIds', -1], id), isPreferred: true },
          { title: `Remove "${id}" from signersAsApprover`, edits: ctx.remove(['signersAsApprover', index]) },
        ],
      });
    }
  },
};
