import { validateAgainst } from '../lint/schemaValidator';

/**
 * API drift: what a response holds that its schema did not expect (new fields, new enum
 * values, changed types) or lacks that it promised. Shown in the response view, never fatal.
 */
export function detectDrift(responseSchema: Record<string, unknown>, body: unknown): { path: string; message: string }[] {
  if (body === undefined) return [];
  const seen = new Set<string>();
  const out: { path: string; message: string }[] = [];
  for (const error of validateAgainst(responseSchema, body)) {
    const params = error.params as Record<string, any>;
    let path = error.instancePath || '/';
    let message: string;
    switch (error.keyword) {
      case 'additionalProperties':
        path = `${error.instancePath}/${params.additionalProperty}`;
        message = 'a field the documented response does not have';
        break;
      case 'required':
        path = `${error.instancePath}/${params.missingProperty}`;
        message = 'a documented field that is missing';
        break;
      case 'enum':
        message = `the value ${JSON.stringify(error.data)} is not among the documented ones (${(params.allowedValues ?? []).join(', ')})`;
        break;
      case 'type':
        message = `documented as ${params.type}, got ${error.data === null ? 'null' : Array.isArray(error.data) ? 'array' : typeof error.data}`;
        break;
      case 'oneOf':
      case 'anyOf':
        continue; // their branches' errors say it better
      default:
        message = `does not match the documented response (${error.message ?? error.keyword})`;
    }
    const key = `${path}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
    if (out.length >= 50) break;
  }
  return out;
}
