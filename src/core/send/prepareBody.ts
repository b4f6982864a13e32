import { MAX_NESTING_DEPTH } from '../payload/fileGuard';
import type { DynamicContext } from '../payload/dynamicVariables';
import { substituteVariables } from '../payload/variables';

/**
 * What is sent: the file's JSON minus the top-level `$` metadata keys, with `{{variables}}`
 * substituted in every string. Comments and formatting do not survive (the API gets JSON).
 */
export function prepareBody(value: unknown, variables: Readonly<Record<string, string>>, dynamic?: DynamicContext): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('The payload must be a JSON object with the fields to update.');
  }
  const body = Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith('$')).map(([key, v]) => [key, substitute(v, variables, 1, dynamic)]));
  return JSON.stringify(body);
}

/**
 * Copies a value with variables substituted. Objects are built with `Object.fromEntries`, which
 * defines own properties: a `"__proto__"` key is sent as the key it is in the file (assigning it
 * would set the copy's prototype instead, and the key would silently vanish from the body).
 */
function substitute(value: unknown, variables: Readonly<Record<string, string>>, depth: number, dynamic: DynamicContext | undefined): unknown {
  if (typeof value === 'string') return value.includes('{{') ? substituteVariables(value, variables, dynamic) : value;
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_NESTING_DEPTH) {
    throw new Error(`The payload nests arrays and objects deeper than ${MAX_NESTING_DEPTH} levels; the APIs take flat objects, so it is not sent.`);
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, variables, depth + 1, dynamic));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, variables, depth + 1, dynamic)]));
}

/** `$request` from a parsed payload, with variables substituted in the id. */
export function requestMetadata(value: unknown, variables: Readonly<Record<string, string>> | undefined): { id?: string; environment?: string } {
  const request = (value as { $request?: unknown } | undefined)?.$request;
  if (typeof request !== 'object' || request === null) return {};
  const { id, environment } = request as { id?: unknown; environment?: unknown };
  return {
    id: typeof id === 'string' ? (variables && id.includes('{{') ? substituteVariables(id, variables) : id) : undefined,
    environment: typeof environment === 'string' ? environment : undefined,
  };
}

/**
 * The context dynamic variables are resolved in when a payload is sent: "now" (pinned by
 * ESIGN_DRAFTS_NOW), the sending process's environment, and the `.env` beside the payload, read
 * only if a `{{$dotenv}}` asks for it.
 */
export function sendingContext(now: Date, processEnv: Readonly<Record<string, string | undefined>>, readDotenv: () => Record<string, string>): DynamicContext {
  let dotenv: Record<string, string> | undefined;
  return {
    now,
    processEnv,
    get dotenv() {
      return (dotenv ??= readDotenv());
    },
  };
}
