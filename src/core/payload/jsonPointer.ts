/** RFC 6901 JSON Pointers, as used in findings (`path`) and by Ajv (`instancePath`). */
export type PathSegment = string | number;

export function toPointer(segments: readonly PathSegment[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Splits a pointer into raw string segments; array indices stay strings (the node decides). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`Invalid JSON Pointer "${pointer}": it must be empty or start with "/".`);
  // Most pointers escape nothing: then there is nothing to unescape in each segment (this runs
  // once per finding).
  if (!pointer.includes('~')) return pointer.slice(1).split('/');
  return pointer.slice(1).split('/').map(unescapeSegment);
}

/** One pointer segment as the key it names ("~1" is "/", "~0" is "~"). */
export function unescapeSegment(segment: string): string {
  return segment.includes('~') ? segment.replace(/~1/g, '/').replace(/~0/g, '~') : segment;
}

export function childPointer(parent: string, segment: PathSegment): string {
  return parent + toPointer([segment]);
}
