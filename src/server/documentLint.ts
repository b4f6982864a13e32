import { fileProblemResult, lintParsed, type LintResult } from '../core/lint/engine';
import type { PulledState } from '../core/draft/types';
import type { SeveritySetting } from '../core/lint/types';
import { inspectPayloadText } from '../core/payload/fileGuard';
import { parsePayload } from '../core/payload/parsePayload';
import type { ProviderProfile } from '../core/providers/types';

/** The environment a payload names in `$request.environment`, read from the parsed value. */
export function requestedEnvironment(value: unknown): string | undefined {
  return requestFields(value).environment;
}

/** `$request.id` and `$request.environment` of a parsed payload, when they are strings. */
export function requestFields(value: unknown): { id?: string; environment?: string } {
  const request = (value as { $request?: unknown } | undefined)?.$request;
  if (typeof request !== 'object' || request === null) return {};
  const { id, environment } = request as { id?: unknown; environment?: unknown };
  return { id: typeof id === 'string' ? id : undefined, environment: typeof environment === 'string' ? environment : undefined };
}

/**
 * Lints a document's text exactly as `esign-drafts lint` lints a file: a binary, non-UTF-8 or
 * huge text gets one `file` finding and is never parsed; anything else goes through the engine.
 * @param severitiesFor the severities, given the parsed value (its `$lint`); undefined for a file that is not parsed.
 * @param variablesFor the variables to check `{{name}}` against, given the parsed value (undefined: not checked).
 * @param pulled the target's state as pulled, when the client knows one: the rules judge the state after the update.
 */
export async function lintDocumentText(
  text: string,
  provider: ProviderProfile,
  severitiesFor: (value: unknown) => Readonly<Record<string, SeveritySetting>>,
  variablesFor: (value: unknown) => Promise<Readonly<Record<string, string>> | undefined>,
  pulled?: PulledState,
  environments?: readonly string[],
): Promise<LintResult> {
  const guard = inspectPayloadText(text);
  if (!guard.ok) return fileProblemResult(text, guard.message, severitiesFor(undefined));
  const parsed = parsePayload(text);
  // An environment no one defines has no variables to check against: the unknown-environment finding says so instead.
  const pinned = requestedEnvironment(parsed.value);
  const unknown = environments !== undefined && pinned !== undefined && !environments.includes(pinned);
  const variables = unknown ? undefined : await variablesFor(parsed.value);
  // The severities depend on the file's own "$lint" (core/config/effectiveConfig.ts).
  return lintParsed(parsed, provider, { severities: severitiesFor(parsed.value), variables, pulled, environments });
}
