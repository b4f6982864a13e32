import { findVariables } from '../../payload/variables';
import type { ParsedPayload } from '../../payload/parsePayload';
import { walkTree } from '../../payload/walkTree';

export const UNRESOLVED_VARIABLE_RULE = 'unresolved-variable';

export interface VariableOccurrence {
  path: string;
  name: string;
  /** A dynamic variable's words (`{{$datetime iso8601 30 d}}` → iso8601, 30, d). */
  args: string[];
  offset: number;
  length: number;
}

/** Every `{{name}}` in a string value of the file (not in `$schema`), with its exact span. */
export function findVariableOccurrences(parsed: ParsedPayload): VariableOccurrence[] {
  const out: VariableOccurrence[] = [];
  // Most files have no variable: skip building the syntax tree for them.
  if (!parsed.text.includes('{{')) return out;
  walkTree(parsed.root, (node, pointer) => {
    if (node.type !== 'string' || pointer === '/$schema' || typeof node.value !== 'string' || !node.value.includes('{{')) return;
    // Search the raw text: offsets must be those of the file, escapes included.
    const raw = parsed.text.slice(node.offset, node.offset + node.length);
    for (const use of findVariables(raw)) {
      out.push({ path: pointer, name: use.name, args: use.args, offset: node.offset + use.index, length: use.length });
    }
  });
  return out;
}
