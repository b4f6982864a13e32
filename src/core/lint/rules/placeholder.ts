import type { ParsedPayload } from '../../payload/parsePayload';
import { walkTree } from '../../payload/walkTree';

export const UNFILLED_PLACEHOLDER_RULE = 'unfilled-placeholder';

/**
 * `<signer id>`-style values, as templates, snippets and quick fixes write them: the whole
 * string is one angle-bracketed label. Sent as-is they would be taken as real ids or e-mails.
 */
const PLACEHOLDER_PATTERN = /^<[^<>]+>$/;

export function isPlaceholder(value: unknown): boolean {
  // Most strings do not start with "<": that is known without the pattern (this runs per list item).
  return typeof value === 'string' && value.charCodeAt(0) === 60 /* < */ && PLACEHOLDER_PATTERN.test(value);
}

export interface PlaceholderOccurrence {
  path: string;
  placeholder: string;
}

/** Every string value of the file (not `$schema`) that is still a placeholder. */
export function findPlaceholders(parsed: ParsedPayload): PlaceholderOccurrence[] {
  const out: PlaceholderOccurrence[] = [];
  // A placeholder string starts with "<" right after its quote; most files have none. A search
  // for one character is many times faster than for two (on every keystroke of a clean file).
  if (parsed.text.indexOf('<') === -1 || !parsed.text.includes('"<')) return out;
  walkTree(parsed.root, (node, pointer) => {
    if (node.type === 'string' && pointer !== '/$schema' && isPlaceholder(node.value)) out.push({ path: pointer, placeholder: node.value });
  });
  return out;
}

export function placeholderMessage(placeholder: string): string {
  return `Replace the placeholder ${placeholder} with a real value before sending.`;
}
