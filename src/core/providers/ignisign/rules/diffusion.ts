import type { Rule } from '../../../lint/types';
import { tomorrowMorningUtc } from '../../../text/dates';

export const scheduledWithoutDiffusionDate: Rule = {
  id: 'ignisign/scheduled-without-diffusion-date',
  defaultSeverity: 'warning',
  description: 'diffusionMode is SCHEDULED but no diffusionDate says when to send the request.',
  check(ctx) {
    if (ctx.body.diffusionMode !== 'SCHEDULED' || ctx.body.diffusionDate !== undefined) return;
    // A warning: an earlier update may have set the date (partial updates).
    ctx.report({
      path: '/diffusionMode',
      message:
        'diffusionMode is SCHEDULED but diffusionDate is missing: unless an earlier update set it, Ignisign may refuse this update itself (CANNOT_UPDATE_OR_PUBLISH_SIGNATURE_REQUEST__DIFFUSION_MODE_SCHEDULED_BUT_NO_DATE_PROVIDED), and publishing fails (CANNOT_PUBLISH_SIGNATURE_REQUEST__DIFFUSION_MODE_IS_SCHEDULED_BUT_DIFFUSION_DATE_IS_MISSING). Add diffusionDate, the moment the request is sent to the signers.',
      fixes: [ctx.setValueFix('Add diffusionDate (tomorrow 09:00 UTC)', ['diffusionDate'], tomorrowMorningUtc(ctx.now), true, { placement: { after: ['diffusionMode'] } })],
    });
  },
};

export const diffusionDateIgnored: Rule = {
  id: 'ignisign/diffusion-date-ignored',
  defaultSeverity: 'warning',
  description: 'diffusionDate is set while diffusionMode is WHEN_READY, which ignores it.',
  check(ctx) {
    if (ctx.body.diffusionMode !== 'WHEN_READY' || ctx.body.diffusionDate === undefined) return;
    ctx.report({
      path: '/diffusionDate',
      target: 'key',
      message:
        'diffusionDate is ignored: diffusionMode is WHEN_READY, so the request is sent to the signers as soon as it is ready. Remove diffusionDate, or set diffusionMode to SCHEDULED to send it at that date.',
      fixes: [
        ctx.removeFix('Remove diffusionDate', ['diffusionDate']),
        ctx.setValueFix('Set diffusionMode to SCHEDULED', ['diffusionMode'], 'SCHEDULED'),
      ],
    });
  },
};
