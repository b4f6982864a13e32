import { entriesOf, isFullyKnownList, isKnownString, isPlainObject, membershipOf } from '../../../lint/rules/values';
import type { Fix, Rule } from '../../../lint/types';

/** The statements items that are objects, with their indices (the schema reports the rest). */
function statementsOf(body: Record<string, unknown>): [number, Record<string, unknown>][] {
  return entriesOf(body.statements).filter((entry): entry is [number, Record<string, unknown>] => isPlainObject(entry[1]));
}

/*
 * The statement rules rest on the v3 page's field descriptions (seed lines 59-91); the official
 * statement class (public-models 010088f) has no validators, and which statement fields the
 * server checks on update is not confirmed: hence warnings.
 */

const DOCUMENT_ID_PLACEHOLDER = '<document id>';

export const statementDocumentIdMissing: Rule = {
  id: 'ignisign/statement-document-id-missing',
  defaultSeverity: 'warning',
  description: 'A statement targets a DOCUMENT but has no documentId.',
  check(ctx) {
    const documentIds = ctx.body.documentIds;
    // With exactly one document in this update, it is the one the statement is about.
    const onlyDocument = Array.isArray(documentIds) && documentIds.length === 1 && typeof documentIds[0] === 'string' ? documentIds[0] : undefined;
    for (const [index, statement] of statementsOf(ctx.body)) {
      if (statement.target !== 'DOCUMENT' || statement.documentId !== undefined) continue;
      // Made when the finding's fixes are read (see Report.fixes), not for every statement.
      const fixes = (): Fix[] => [
        ctx.setValueFix(onlyDocument ? `Add documentId "${onlyDocument}"` : 'Add documentId', ['statements', index, 'documentId'], onlyDocument ?? DOCUMENT_ID_PLACEHOLDER, true, {
          placement: { after: ['target'] },
          placeholder: onlyDocument ? undefined : DOCUMENT_ID_PLACEHOLDER,
        }),
        ctx.setValueFix('Target the whole signature request instead', ['statements', index, 'target'], 'SIGNATURE_REQUEST'),
      ];
      ctx.report({
        path: `/statements/${index}/target`,
        message: `statements[${index}] targets a DOCUMENT but has no documentId: Ignisign describes documentId as the document a DOCUMENT statement is about, so without it the statement names no document (whether the API refuses this is not documented). Add documentId (one of documentIds), or set target to SIGNATURE_REQUEST.`,
        fixes,
      });
    }
  },
};

export const statementDocumentNotListed: Rule = {
  id: 'ignisign/statement-document-not-listed',
  defaultSeverity: 'warning',
  description: "A statement's documentId is not in this update's documentIds.",
  check(ctx) {
    // With a pulled state, ignisign/document-not-on-request checks the request's real documents.
    if (ctx.pulled) return;
    const documentIds = ctx.body.documentIds;
    // Without documentIds in this body, the documents come from an earlier update we cannot see.
    if (!isFullyKnownList(documentIds)) return;
    // A set for many documents: `includes` per statement cost (statements × documents).
    const isListed = membershipOf(documentIds);
    for (const [index, statement] of statementsOf(ctx.body)) {
      const documentId = statement.documentId;
      if (!isKnownString(documentId) || isListed(documentId)) continue;
      ctx.report({
        path: `/statements/${index}/documentId`,
        message: `statements[${index}].documentId "${documentId}" is not in documentIds, which this update sets to the request's documents: the statement would be about a document the request does not have. Use one of documentIds, or add it there.`,
        fixes: () => [ctx.setValueFix(`Add "${documentId}" to documentIds`, ['documentIds', -1], documentId, true)],
      });
    }
  },
};

export const statementRequestIdMismatch: Rule = {
  id: 'ignisign/statement-request-id-mismatch',
  defaultSeverity: 'warning',
  description: "A statement's signatureRequestId differs from the request the update is sent to ($request.id).",
  check(ctx) {
    const requestId = ctx.request.id;
    if (!isKnownString(requestId)) return;
    for (const [index, statement] of statementsOf(ctx.body)) {
      const own = statement.signatureRequestId;
      if (!isKnownString(own) || own === requestId) continue;
      ctx.report({
        path: `/statements/${index}/signatureRequestId`,
        message: `statements[${index}].signatureRequestId "${own}" differs from $request.id "${requestId}", the signature request this update is sent to: Ignisign describes it as the request the statement is associated with, so this is likely a leftover from another draft (whether the API refuses it is not documented). Use "${requestId}".`,
        fixes: () => [ctx.setValueFix(`Replace with "${requestId}"`, ['statements', index, 'signatureRequestId'], requestId, true)],
      });
    }
  },
};
