import type { Rule } from '../../lint/types';
import { expiresAtInPast, expiresAtTimeIgnored } from './rules/expiresAt';
import { issuerEmailMissing } from './rules/issuer';

/** Zigned v3 agreement update rules: API behaviour the schema cannot express. */
export const zignedRules: readonly Rule[] = [expiresAtInPast, expiresAtTimeIgnored, issuerEmailMissing];
