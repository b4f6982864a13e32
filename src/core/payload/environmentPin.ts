import { modify, type Edit } from 'jsonc-parser';

/**
 * The edits that set a payload's `"$request": { "environment": … }` pin to another name,
 * touching only that value (or inserting the key) and keeping the file's own indentation.
 */
export function environmentPinEdits(text: string, environment: string): Edit[] {
  const indent = detectIndent(text);
  return modify(text, ['$request', 'environment'], environment, {
    formattingOptions: { insertSpaces: indent !== '\t', tabSize: indent === '\t' ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' },
  });
}

/** The indentation of the file's first indented line; two spaces when it has none. */
function detectIndent(text: string): string {
  const match = /\n([ \t]+)\S/.exec(text);
  if (!match) return '  ';
  return match[1]!.startsWith('\t') ? '\t' : match[1]!;
}
