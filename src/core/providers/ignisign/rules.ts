import type { Rule } from '../../lint/types';
import { approverNotSigner } from './rules/approvers';
import { v3Archived } from './rules/archived';
import { dateInPast } from './rules/datesInPast';
import { dateTimeIncomplete } from './rules/dateTimeIncomplete';
import { diffusionDateIgnored, scheduledWithoutDiffusionDate } from './rules/diffusion';
import { duplicateId } from './rules/duplicates';
import { expirationBeforeDiffusion, expirationDateMissing } from './rules/expiration';
import { recipientNotEmail } from './rules/recipients';
import { documentIdsMissing, signerIdsMissing } from './rules/requiredLists';
import { approverNotOnRequest, documentNotOnRequest, ignisignNotADraft, ignisignPublishReadiness, ignisignPublishTitleMissing } from './rules/pulledState';
import { statementDocumentIdMissing, statementDocumentNotListed, statementRequestIdMismatch } from './rules/statements';

/** Ignisign v3 update rules: what the API would refuse at update or publish time, caught while editing. */
export const ignisignRules: readonly Rule[] = [
  signerIdsMissing,
  documentIdsMissing,
  scheduledWithoutDiffusionDate,
  diffusionDateIgnored,
  expirationDateMissing,
  expirationBeforeDiffusion,
  dateInPast,
  dateTimeIncomplete,
  approverNotSigner,
  recipientNotEmail,
  duplicateId,
  statementDocumentIdMissing,
  statementDocumentNotListed,
  statementRequestIdMismatch,
  v3Archived,
  // Only with a pulled state (LintOptions.pulled).
  ignisignNotADraft,
  ignisignPublishReadiness,
  ignisignPublishTitleMissing,
  approverNotOnRequest,
  documentNotOnRequest,
];
