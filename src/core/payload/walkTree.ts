import type { Node } from 'jsonc-parser';
import { childPointer } from './jsonPointer';

/**
 * Visits every value node of a syntax tree, parents first, with its JSON Pointer. The rules
 * that need the text itself (exact spans, keys the value has lost) walk the tree this way.
 * Depth is bounded: parsePayload refuses to build a tree for absurdly nested text.
 */
export function walkTree(root: Node | undefined, visit: (node: Node, pointer: string) => void): void {
  const walk = (node: Node | undefined, pointer: string) => {
    if (!node) return;
    visit(node, pointer);
    if (node.type === 'object') {
      for (const property of node.children ?? []) {
        const key = property.children?.[0]?.value;
        if (typeof key === 'string') walk(property.children?.[1], childPointer(pointer, key));
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, i) => walk(child, childPointer(pointer, i)));
    }
  };
  walk(root, '');
}
