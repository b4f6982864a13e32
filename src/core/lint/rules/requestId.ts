import { findVariables, hasVariables, substituteVariables } from '../../payload/variables';
import type { ProviderProfile } from '../../providers/types';
import type { Report } from '../types';

export const REQUEST_ID_FORMAT_RULE = 'request-id-format';

/**
 * Checks `$request.id` against the provider's id format while the file is edited, rather than
 * only when Send refuses it. The shape of `$request` (an object, a string id, known keys) is the
 * schema's to report. An id made of `{{variables}}` is checked once the environment resolves
 * them; without it (or with an undefined variable, reported elsewhere), it is not checked.
 */
export function requestIdReport(profile: ProviderProfile, request: unknown, variables: Readonly<Record<string, string>> | undefined): Report | undefined {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return undefined;
  const written = (request as Record<string, unknown>).id;
  // An empty id is the schema's (minLength); a placeholder is unfilled-placeholder's.
  if (typeof written !== 'string' || written === '' || /^<[^<>]*>$/.test(written)) return undefined;
  let id = written;
  let resolvedNote = '';
  if (hasVariables(written)) {
    if (!variables || findVariables(written).some((use) => !Object.prototype.hasOwnProperty.call(variables, use.name))) return undefined;
    id = substituteVariables(written, variables);
    resolvedNote = ` ("${written}" in the chosen environment)`;
  }
  const format = profile.targetIdFormat;
  const refused = profile.validateTargetId(id);
  if (refused) {
    return {
      path: '/$request/id',
      message: `$request.id${resolvedNote}: ${refused} Send refuses such an id.`,
    };
  }
  if (format.pattern.test(id)) return undefined;
  return {
    path: '/$request/id',
    message: `$request.id "${id}"${resolvedNote} does not look like a ${profile.targetIdLabel}: ${profile.displayName} ids are ${format.description}, e.g. ${format.example}. ${
      format.documented ? '' : 'That format is what the API returns, not a documented rule, so the id may still be right: check it against the API or the dashboard.'
    }`.trim(),
    severity: format.documented ? undefined : 'warning',
  };
}
