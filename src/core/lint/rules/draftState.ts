import type { DraftProfile } from '../../providers/draftProfile';
import type { Rule, RuleContext } from '../types';

/**
 * Rules that judge the pulled state after the update (LintOptions.pulled), shared by the
 * providers: each gives its own rule id and draft profile. Without a pulled state they say
 * nothing, so lint without a state behaves as before.
 */

/** Where a finding about a top-level field goes: the field when the file has it, else the root. */
export function bodyPathFor(ctx: RuleContext, field: string | undefined): string {
  return field !== undefined && Object.prototype.hasOwnProperty.call(ctx.body, field) ? `/${field}` : '';
}

export function notADraftRule(id: string, draft: DraftProfile, label: string): Rule {
  return {
    id,
    defaultSeverity: 'error',
    description: `The target ${label} is no longer in a status that takes updates (per the pulled state).`,
    check(ctx) {
      const pulled = ctx.pulled;
      if (!pulled || pulled.status === undefined || draft.updatableStatuses.includes(pulled.status)) return;
      ctx.report({
        path: '/$request/id',
        message: `The ${label} is ${pulled.status}: only ${draft.updatableStatuses.join(' or ')} can be updated or published, so the API will refuse this update${pulled.provenance}. Target another ${label}, or pull again if it changed since.`,
      });
    },
  };
}

export function publishReadinessRule(id: string, draft: DraftProfile, label: string): Rule {
  return {
    id,
    defaultSeverity: 'warning',
    description: `After this update the ${label} could not be published yet (per the pulled state).`,
    check(ctx) {
      const pulled = ctx.pulled;
      if (!pulled) return;
      // A target that no longer takes updates is the not-a-draft finding; what publishing it would need is beside the point.
      if (pulled.status !== undefined && !draft.updatableStatuses.includes(pulled.status)) return;
      for (const problem of draft.readiness(pulled.after, ctx.now)) {
        // One finding per fact: a date this body sets that is already past is the date rule's finding (error), not a second one here.
        if (problem.field && problem.code && /_IN_THE_PAST$/.test(problem.code) && Object.prototype.hasOwnProperty.call(ctx.body, problem.field)) continue;
        ctx.report({
          path: bodyPathFor(ctx, problem.field),
          target: 'key',
          message: `After this update ${problem.message}: publishing would be refused${problem.code ? ` (${problem.code})` : ''}${pulled.provenance}.`,
        });
      }
    },
  };
}
