import { bodyPathFor, notADraftRule, publishReadinessRule } from '../../../lint/rules/draftState';
import { isPlainObject } from '../../../lint/rules/values';
import type { Rule } from '../../../lint/types';
import { zignedDraft } from '../draft';

/** Rules that need the agreement as pulled (LintOptions.pulled). */

export const zignedNotADraft = notADraftRule('zigned/not-a-draft', zignedDraft, 'agreement');

export const zignedPublishReadiness = publishReadinessRule('zigned/publish-readiness', zignedDraft, 'agreement');

/**
 * The state-aware issuer-email-missing: it reads send_emails and the issuer's e-mail from the
 * agreement after the update, so a body that sets neither is judged too (and the creation
 * default of send_emails is never assumed: the agreement says what it is).
 */
export const issuerEmailNeeded: Rule = {
  id: 'zigned/issuer-email-needed',
  defaultSeverity: 'warning',
  description: "The agreement would e-mail (send_emails true) but its issuer has no e-mail (per the pulled state).",
  check(ctx) {
    const pulled = ctx.pulled;
    if (!pulled) return;
    const communication = pulled.after.communication;
    const issuer = pulled.after.issuer;
    if (!isPlainObject(communication) || communication.send_emails !== true) return;
    const email = isPlainObject(issuer) ? issuer.email : undefined;
    if (typeof email === 'string' && email.trim() !== '') return;
    ctx.report({
      path: bodyPathFor(ctx, isPlainObject(ctx.body.issuer) ? 'issuer' : Object.prototype.hasOwnProperty.call(ctx.body, 'send_emails') ? 'send_emails' : undefined),
      target: 'key',
      message: `After this update the agreement sends e-mails (send_emails is true) but its issuer has no e-mail${pulled.provenance}: Zigned uses the issuer's e-mail when e-mails are on, so finalising (pending) will likely need one. Add issuer.email, or set send_emails to false.`,
    });
  },
};
