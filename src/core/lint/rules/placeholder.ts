import type { Node } from 'jsonc-parser';
import { childPointer } from '../../payload/jsonPointer';
import type { ParsedPayload } from '../../payload/parsePayload';

export const UNFILLED_PLACEHOLDER_RULE = 'unfilled-placeholder';

/**
 * `<signer id>`-style values, as templates, snippets and quick fixes write them: the whole
 * string is one angle-bracketed label. Sent as-is they would be taken as real ids or e-mails.
 */
const PLACEHOLDER_PATTERN = /^<[^<>]+>$/;

export function isPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && PLACEHOLDER_PATTERN.test(value);
}

export interface PlaceholderOccurrence {
  path: string;
  placeholder: string;
}

/** Every string value of the file (not `$schema`) that is still a placeholder. */
export function findPlaceholders(parsed: ParsedPayload): PlaceholderOccurrence[] {
  const out: PlaceholderOccurrence[] = [];
  // A placeholder string starts with "<" right after its quote; most files have none.
  if (!parsed.text.includes('"<')) return out;
  const visit = (node: Node | undefined, pointer: string) => {
    if (!node) return;
    if (node.type === 'string') {
      if (pointer !== '/$schema' && isPlaceholder(node.value)) out.push({ path: pointer, placeholder: node.value });
    } else if (node.type === 'object') {
      for (const property of node.children ?? []) {
        const key = property.children?.[0]?.value;
        if (typeof key === 'string') visit(property.children?.[1], childPointer(pointer, key));
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, i) => visit(child, childPointer(pointer, i)));
    }
  };
  visit(parsed.root, '');
  return out;
}

export function placeholderMessage(placeholder: string): string {
  return `Replace the placeholder ${placeholder} with a real value before sending.`;
}
