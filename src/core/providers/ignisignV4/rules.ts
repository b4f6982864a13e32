import type { Rule } from '../../lint/types';
import { approverNotSignerRule } from '../ignisign/rules/approvers';
import { dateInPast } from '../ignisign/rules/datesInPast';
import { dateTimeIncomplete } from '../ignisign/rules/dateTimeIncomplete';
import { diffusionDateIgnored, scheduledWithoutDiffusionDate } from '../ignisign/rules/diffusion';
import { duplicateIdRule } from '../ignisign/rules/duplicates';
import { expirationBeforeDiffusion, expirationDateMissing } from '../ignisign/rules/expiration';
import { recipientNotEmail } from '../ignisign/rules/recipients';
import { documentIdsMissing, signerIdsMissing } from '../ignisign/rules/requiredLists';
import { statementDocumentNotListed, statementRequestIdMismatch } from '../ignisign/rules/statements';
import { documentNotOnRequest, publishTitleMissingRule } from '../ignisign/rules/pulledState';
import { ignisignV4Draft } from '../ignisign/draft';
import { notADraftRule, publishReadinessRule } from '../../lint/rules/draftState';

/** The v3 rule under its v4 id (its page is docs/rules/ignisign-v4/…). */
function asV4(rule: Rule): Rule {
  return { ...rule, id: rule.id.replace(/^ignisign\//, 'ignisign-v4/') };
}

/**
 * Ignisign v4 update rules: v3's, on v4's names. The approver list is `signerIdsAsApprover`
 * (public-models a891766); v3's statement-target rule has no v4 counterpart, v4 statements having
 * no `target` (6368c21). The publish checks are v4's own (publishChecks.ts, the error enum at
 * fa00391): NO_DEFAULT_SIGNATURE_METHOD added, NO_SIGNATURE_PROFILE gone.
 */
export const ignisignV4Rules: readonly Rule[] = [
  asV4(signerIdsMissing),
  asV4(documentIdsMissing),
  asV4(scheduledWithoutDiffusionDate),
  asV4(diffusionDateIgnored),
  asV4(expirationDateMissing),
  asV4(expirationBeforeDiffusion),
  asV4(dateInPast),
  asV4(dateTimeIncomplete),
  approverNotSignerRule('ignisign-v4/approver-not-signer', 'signerIdsAsApprover'),
  asV4(recipientNotEmail),
  duplicateIdRule('ignisign-v4/duplicate-id', 'signerIdsAsApprover'),
  asV4(statementDocumentNotListed),
  asV4(statementRequestIdMismatch),
  // Only with a pulled state (LintOptions.pulled): the v3 rules on the v4 paths.
  notADraftRule('ignisign-v4/not-a-draft', ignisignV4Draft, 'signature request'),
  publishReadinessRule('ignisign-v4/publish-readiness', ignisignV4Draft, 'signature request'),
  publishTitleMissingRule('ignisign-v4/publish-title-missing', 'v4'),
  asV4(documentNotOnRequest),
];
