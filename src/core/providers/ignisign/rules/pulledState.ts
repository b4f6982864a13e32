import { bodyPathFor, notADraftRule, publishReadinessRule } from '../../../lint/rules/draftState';
import { entriesOf, isKnownString, isPlainObject } from '../../../lint/rules/values';
import type { Rule } from '../../../lint/types';
import { idsOf, ignisignDraft } from '../draft';
import { publishProblems, type IgnisignApiVersion } from '../publishChecks';

/**
 * Rules that need the signature request as pulled (LintOptions.pulled). With a state they take
 * over from signer-ids-missing, document-ids-missing, approver-not-signer and
 * statement-document-not-listed, which can only guess what earlier updates set.
 */

export const ignisignNotADraft = notADraftRule('ignisign/not-a-draft', ignisignDraft, 'signature request');

export const ignisignPublishReadiness = publishReadinessRule('ignisign/publish-readiness', ignisignDraft, 'signature request');

/**
 * The publish problems whose enforcement is unconfirmed (publishChecks.ts: NO_TITLE), as a
 * warning: not a readiness rule, so the publish gate does not block on it, and the sandbox does
 * not refuse it either.
 */
export function publishTitleMissingRule(id: string, version: IgnisignApiVersion): Rule {
  return {
    id,
    defaultSeverity: 'warning',
    description: 'After this update the signature request has no title (per the pulled state): the API may refuse to publish it.',
    check(ctx) {
      const pulled = ctx.pulled;
      if (!pulled) return;
      for (const problem of publishProblems(pulled.after, ctx.now, version)) {
        if (problem.blocking) continue;
        ctx.report({
          path: bodyPathFor(ctx, problem.field),
          target: 'key',
          message: `After this update ${problem.message}: Ignisign's error enum has ${problem.code}, but whether publishing is refused for it is unconfirmed (the official examples set a title)${pulled.provenance}. Add a title to be safe.`,
        });
      }
    },
  };
}

export const ignisignPublishTitleMissing = publishTitleMissingRule('ignisign/publish-title-missing', 'v3');

/** Unconfirmed constraint (see approver-not-signer), hence a warning; here the signers are the request's real ones. */
export const approverNotOnRequest: Rule = {
  id: 'ignisign/approver-not-on-request',
  defaultSeverity: 'warning',
  description: "A signersAsApprover entry is not one of the request's signers after the update (per the pulled state).",
  check(ctx) {
    const pulled = ctx.pulled;
    if (!pulled) return;
    const signers = idsOf(pulled.after, 'signerIds');
    const fromBody = Object.prototype.hasOwnProperty.call(ctx.body, 'signersAsApprover');
    for (const [index, id] of entriesOf(pulled.after.signersAsApprover)) {
      if (!isKnownString(id) || signers.includes(id)) continue;
      ctx.report({
        path: fromBody ? `/signersAsApprover/${index}` : '',
        message: `Approver "${id}" is not one of the request's signers after this update (${signers.join(', ') || 'none'})${pulled.provenance}. Whether an approver must also be a signer is not documented, so the API may or may not accept this.`,
      });
    }
  },
};

/** The documents the request has: its documentIds and the context's document objects. */
function requestDocuments(state: Readonly<Record<string, unknown>>): string[] {
  const documents = Array.isArray(state.documents) ? state.documents.map((d) => (isPlainObject(d) ? d._id : undefined)).filter((id): id is string => typeof id === 'string') : [];
  return [...new Set([...idsOf(state, 'documentIds'), ...documents])];
}

export const documentNotOnRequest: Rule = {
  id: 'ignisign/document-not-on-request',
  defaultSeverity: 'warning',
  description: "A documentIds entry or a statement's documentId is not one of the request's documents (per the pulled state).",
  check(ctx) {
    const pulled = ctx.pulled;
    if (!pulled) return;
    // documentIds may only name documents created in this request (DOCUMENT_NOT_FOUND otherwise).
    const own = requestDocuments(pulled.before);
    for (const [index, id] of entriesOf(ctx.body.documentIds)) {
      if (!isKnownString(id) || own.includes(id)) continue;
      ctx.report({
        path: `/documentIds/${index}`,
        message: `Document "${id}" is not one of the signature request's documents (${own.join(', ') || 'none'})${pulled.provenance}: a request lists only documents created for it, so the API would likely refuse it (DOCUMENT_NOT_FOUND).`,
      });
    }
    // A statement is about one of the documents the request has after the update.
    const after = idsOf(pulled.after, 'documentIds');
    for (const [index, statement] of entriesOf(ctx.body.statements)) {
      if (!isPlainObject(statement) || !isKnownString(statement.documentId) || after.includes(statement.documentId)) continue;
      ctx.report({
        path: `/statements/${index}/documentId`,
        message: `statements[${index}].documentId "${statement.documentId}" is not one of the request's documents after this update (${after.join(', ') || 'none'})${pulled.provenance}: the statement would be about a document the request does not have.`,
      });
    }
  },
};
