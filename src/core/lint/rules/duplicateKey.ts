import type { Node } from 'jsonc-parser';
import { mayHaveDuplicateKeys, type ParsedPayload } from '../../payload/parsePayload';
import { childPointer } from '../../payload/jsonPointer';
import { walkTree } from '../../payload/walkTree';
import type { Fix } from '../types';

export const DUPLICATE_KEY_RULE = 'duplicate-key';

export interface DuplicateKey {
  path: string;
  key: string;
  /** The earlier, shadowed property (the last one wins, as in JSON.parse). */
  property: Node;
  /** Its index among its object's properties. */
  index: number;
}

/** Finds object keys that appear twice; walks the syntax tree because the value has lost them. */
export function findDuplicateKeys(parsed: ParsedPayload): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  if (!mayHaveDuplicateKeys(parsed)) return found;
  walkTree(parsed.root, (node, pointer) => {
    if (node.type !== 'object') return;
    const lastIndex = new Map<string, number>();
    const properties = node.children ?? [];
    properties.forEach((p, i) => {
      const key = p.children?.[0]?.value;
      if (typeof key === 'string') lastIndex.set(key, i);
    });
    properties.forEach((p, i) => {
      const key = p.children?.[0]?.value;
      if (typeof key === 'string' && lastIndex.get(key) !== i) found.push({ path: childPointer(pointer, key), key, property: p, index: i });
    });
  });
  return found;
}

/** Removes the shadowed property, with the comma that follows it (or precedes it when last). */
export function removeShadowedPropertyFix(_parsed: ParsedPayload, property: Node, knownIndex?: number): Fix {
  const siblings = property.parent?.children ?? [];
  // indexOf costs a scan per duplicate: quadratic on an object with thousands of them.
  const index = knownIndex ?? siblings.indexOf(property);
  let start = property.offset;
  let end = property.offset + property.length;
  if (index < siblings.length - 1) {
    end = siblings[index + 1].offset;
  } else if (index > 0) {
    const previous = siblings[index - 1];
    start = previous.offset + previous.length;
  }
  return { title: 'Remove the earlier, ignored entry', edits: [{ offset: start, length: end - start, content: '' }], isPreferred: true };
}
