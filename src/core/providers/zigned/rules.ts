import type { Rule } from '../../lint/types';
import { expiresAtInPast, expiresAtTimeIgnored } from './rules/expiresAt';
import { issuerEmailMissing } from './rules/issuer';
import { issuerEmailNeeded, zignedNotADraft, zignedPublishReadiness } from './rules/pulledState';

/** Zigned v3 agreement update rules: API behaviour the schema cannot express. */
export const zignedRules: readonly Rule[] = [
  expiresAtInPast,
  expiresAtTimeIgnored,
  issuerEmailMissing,
  // Only with a pulled state (LintOptions.pulled).
  zignedNotADraft,
  zignedPublishReadiness,
  issuerEmailNeeded,
];
