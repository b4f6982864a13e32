import { isPlainObject } from '../../../lint/rules/values';
import type { Rule } from '../../../lint/types';

const EMAIL_PLACEHOLDER = '<issuer e-mail>';

/**
 * Zigned e-mails the issuer when e-mail communication is on (seed lines 31-33, 170). send_emails
 * defaulting to true is a creation default only: a PUT that leaves it out is not known to reset
 * it, so this fires only when the body itself turns e-mails on.
 */
export const issuerEmailMissing: Rule = {
  id: 'zigned/issuer-email-missing',
  defaultSeverity: 'warning',
  description: 'An issuer without an email in a body that sets send_emails to true.',
  check(ctx) {
    // With a pulled state, zigned/issuer-email-needed judges the agreement itself.
    if (ctx.pulled) return;
    const issuer = ctx.body.issuer;
    if (!isPlainObject(issuer)) return;
    const email = issuer.email;
    // A non-string email is the schema's finding; here only a missing or blank one counts.
    const missing = email === undefined || email === null || (typeof email === 'string' && email.trim() === '');
    if (!missing || ctx.body.send_emails !== true) return;
    ctx.report({
      path: '/issuer',
      target: 'key',
      message:
        'issuer has no email while this update sets send_emails to true: Zigned uses the issuer\'s email for communication when e-mails are on, so it will likely need an address (unless the agreement already has one from earlier). Add issuer.email, or set send_emails to false and handle the communication yourself.',
      fixes: [
        ctx.setValueFix('Add issuer.email', ['issuer', 'email'], EMAIL_PLACEHOLDER, true, { placement: { after: ['name'] }, placeholder: EMAIL_PLACEHOLDER }),
        ctx.setValueFix('Set send_emails to false', ['send_emails'], false),
      ],
    });
  },
};
