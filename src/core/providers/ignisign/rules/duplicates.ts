import { hasRepeats, itemsOf } from '../../../lint/rules/values';
import type { Rule } from '../../../lint/types';

export const duplicateId: Rule = duplicateIdRule('ignisign/duplicate-id', 'signersAsApprover');

/** The same check with the approver list's name of an API version (v4: signerIdsAsApprover). */
export function duplicateIdRule(id: string, approverField: string): Rule {
  // The id lists of the update; e-mail addresses compare case-insensitively, ids exactly.
  const LISTS: readonly { field: string; caseInsensitive: boolean }[] = [
    { field: 'documentIds', caseInsensitive: false },
    { field: 'signerIds', caseInsensitive: false },
    { field: approverField, caseInsensitive: false },
    { field: 'recipients', caseInsensitive: true },
  ];
  return {
    id,
    defaultSeverity: 'warning',
    description: `The same entry appears twice in documentIds, signerIds, ${approverField} or recipients.`,
    check(ctx) {
      for (const { field, caseInsensitive } of LISTS) {
        const list = itemsOf(ctx.body[field]);
        if (list.length < 2) continue;
        // Entries all distinct (the usual case) is known at once (from a set for a long list),
        // without the map of first places below.
        const keys = caseInsensitive ? list.map((value) => (typeof value === 'string' ? value.toLowerCase() : value)) : list;
        if (!hasRepeats(keys)) continue;
        const firstIndex = new Map<string, number>();
        for (let index = 0; index < list.length; index++) {
          const value = list[index];
          if (typeof value !== 'string') continue;
          const key = keys[index] as string;
          const first = firstIndex.get(key);
          if (first === undefined) {
            firstIndex.set(key, index);
            continue;
          }
          ctx.report({
            path: `/${field}/${index}`,
            message: `"${value}" appears more than once in ${field} (first at ${field}[${first}]${caseInsensitive ? ', ignoring case' : ''}): each entry should be listed once; a repeat adds nothing and the API may reject it. Remove the repeated entry.`,
            fixes: () => [ctx.removeFix(`Remove the repeated "${value}"`, [field, index], true)],
          });
        }
      }
    },
  };
}
