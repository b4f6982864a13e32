import { entriesOf, isKnownString } from '../../../lint/rules/values';
import type { Rule } from '../../../lint/types';

/** Deliberately loose: one "@", something on each side, a dot in the domain. The API owns the strict check. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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
    for (const [index, value] of entriesOf(ctx.body.recipients)) {
      if (!isKnownString(value) || EMAIL.test(value)) continue;
      const message = value.includes('@')
        ? `"${value}" in recipients is not a valid e-mail address. recipients are the e-mail addresses of the people who receive a copy of the signed documents; expected e.g. jane@example.com.`
        : `"${value}" in recipients looks like an id, not an e-mail address: recipients are the e-mail addresses of the people who receive a copy of the signed documents (signer ids belong in signerIds). Use an e-mail address such as jane@example.com.`;
      ctx.report({ path: `/recipients/${index}`, message });
    }
  },
};
