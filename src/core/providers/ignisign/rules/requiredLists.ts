import { itemsOf } from '../../../lint/rules/values';
import type { Rule, RuleContext } from '../../../lint/types';

/**
 * signerIds and documentIds are optional on each update (it is a partial update) but must have
 * been given by some update before publishing. Hence a warning, not an error. An empty list is
 * not "nothing sent": arrays replace the stored ones whole (docs/draft-lifecycle.md), so it clears
 * them, whatever an earlier update set.
 */
function requiredListRule(options: { id: string; field: string; placeholder: string; errorCode: string; what: string; nextTo: readonly string[]; movedFrom?: (ctx: RuleContext) => boolean }): Rule {
  const { field, placeholder, errorCode, what, nextTo, movedFrom } = options;
  return {
    id: options.id,
    defaultSeverity: 'warning',
    description: `${field} is missing (publishing fails unless an earlier update set them) or empty (which clears them).`,
    check(ctx) {
      // With a pulled state, ignisign/publish-readiness counts what the server already has.
      if (ctx.pulled) return;
      const value = ctx.body[field];
      const absent = value === undefined;
      if (!absent && !(Array.isArray(value) && value.length === 0)) return;
      const consequence = absent
        ? `${field} is missing: publishing will fail (${errorCode}) unless an earlier update set them.`
        : `${field} is empty: this update clears the ${what} (a list replaces the stored one whole), so publishing will fail (${errorCode}) until an update sets them again.`;
      ctx.report({
        path: absent ? '' : `/${field}`,
        target: 'key',
        message: `${consequence} Add the ids of the ${what}.`,
        // Not preferred when an id can be moved here from another list (that fix resolves both findings).
        fixes: [ctx.setValueFix(`Add ${field}`, [field], [placeholder], !movedFrom?.(ctx), { placement: { after: nextTo }, placeholder })],
      });
    },
  };
}

export const signerIdsMissing = requiredListRule({
  id: 'ignisign/signer-ids-missing',
  field: 'signerIds',
  placeholder: '<signer id>',
  errorCode: 'CANNOT_PUBLISH_SIGNATURE_REQUEST__NO_SIGNERS',
  what: 'signers',
  // Beside the other lists of people and documents (the order of the v3 page).
  nextTo: ['documentIds', 'recipients', 'signersAsApprover'],
  // ignisign/recipient-not-email offers "Move to signerIds" for a recipient that looks like an id.
  movedFrom: (ctx) => itemsOf(ctx.body.recipients).some((r) => typeof r === 'string' && !r.includes('@') && /^[A-Za-z0-9_-]+$/.test(r)),
});

export const documentIdsMissing = requiredListRule({
  id: 'ignisign/document-ids-missing',
  field: 'documentIds',
  placeholder: '<document id>',
  errorCode: 'CANNOT_PUBLISH_SIGNATURE_REQUEST__NO_DOCUMENTS',
  what: 'documents',
  nextTo: ['signerIds', 'description', 'title'],
});
