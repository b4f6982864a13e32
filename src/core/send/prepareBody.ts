import { substituteVariables } from '../payload/variables';

/**
 * What is sent: the file's JSON minus the top-level `$` metadata keys, with `{{variables}}`
 * substituted in every string. Comments and formatting do not survive (the API gets JSON).
 */
export function prepareBody(value: unknown, variables: Readonly<Record<string, string>>): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('The payload must be a JSON object with the fields to update.');
  }
  const body: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (!key.startsWith('$')) body[key] = substitute(v, variables);
  return JSON.stringify(body);
}

function substitute(value: unknown, variables: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string') return value.includes('{{') ? substituteVariables(value, variables) : value;
  if (Array.isArray(value)) return value.map((v) => substitute(v, variables));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substitute(v, variables);
    return out;
  }
  return value;
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
