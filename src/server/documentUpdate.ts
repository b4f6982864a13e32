import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * TextDocument.update, with every ranged change first brought inside the document as it is when
 * that change applies (changes in one message apply one after the other).
 *
 * vscode-languageserver-textdocument trusts the ranges it is given: a range whose line lies past
 * the last line (which no editor sends, but a client may) left its line index wrong, and every
 * later positionAt of that document returned positions that are no positions, so that hover and
 * completion failed on it from then on (found by `npm run fuzz`, the language-server part).
 * @param onChange told each change as applied (clamped), with the document it applied to.
 */
export function updateDocument(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number, onChange: (change: TextDocumentContentChangeEvent) => void = () => undefined): TextDocument {
  let current = document;
  for (const change of changes) {
    const applied = 'range' in change && change.range ? { range: { start: inside(current, change.range.start), end: inside(current, change.range.end) }, text: change.text } : { text: change.text };
    onChange(applied);
    current = TextDocument.update(current, [applied], version);
  }
  // No change at all still takes the new version.
  return changes.length === 0 ? TextDocument.update(current, [], version) : current;
}

/** The position itself when it is in the document; otherwise the nearest one that is (a line past the end: the end). */
function inside(document: TextDocument, position: { line: number; character: number }): { line: number; character: number } {
  return document.positionAt(document.offsetAt(position));
}
