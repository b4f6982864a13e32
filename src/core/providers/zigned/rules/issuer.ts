import { isPlainObject } from '../../../lint/rules/values';
import type { Rule } from '../../../lint/types';

export const issuerEmailMissing: Rule = {
  id: 'zigned/issuer-email-missing',
  defaultSeverity: 'warning',
  description: 'An issuer without an email while send_emails is on (the default).',
  check(ctx) {
    const issuer = ctx.body.issuer;
    if (!isPlainObject(issuer)) return;
    const email = issuer.email;
    // A non-string email is the schema's finding; here only a missing or blank one counts.
    const missing = email === undefined || email === null || (typeof email === 'string' && email.trim() === '');
    if (!missing) return;
    // send_emails defaults to true: only an explicit false turns the e-mails off.
    if (ctx.body.send_emails === false) return;
    const sendEmails = ctx.body.send_emails === true ? 'send_emails is true' : 'send_emails is not set (it defaults to true)';
    ctx.report({
      path: '/issuer',
      target: 'key',
      message: `issuer has no email while ${sendEmails}: Zigned e-mails the issuer about the agreement, so it needs an address. Add issuer.email, or set send_emails to false and handle the communication yourself.`,
      fixes: [
        { title: 'Add issuer.email', edits: ctx.setValue(['issuer', 'email'], '<issuer e-mail>'), isPreferred: true },
        { title: 'Set send_emails to false', edits: ctx.setValue(['send_emails'], false) },
      ],
    });
  },
};
