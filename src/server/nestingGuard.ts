import type { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_NESTING_DEPTH } from '../core/payload/fileGuard';
import { nestingOfJsonc, type NestingProblem } from '../core/payload/textShape';

/**
 * Whether a document nests too deep for the requests that walk its tree: formatting, the
 * outline, folding and selection ranges, completion and hover. Lint refuses nesting deeper
 * than MAX_NESTING_DEPTH (parsePayload); these requests went through vscode-json-languageservice,
 * whose cost grows with the square of the depth: formatting a 10 KB file nested 5 000 deep took
 * 1.3 GB and 61 s, a 40 KB one ran the server out of memory. They now refuse such a document too.
 *
 * The depth is measured with one pass of jsonc-parser's scanner over the text (nestingOfJsonc: no
 * recursion, no tree), once per document version; the lint of the same version, when there is
 * one, already knows it.
 */
export class NestingGuard {
  private readonly measured = new Map<string, { version: number; text: string; tooDeep: NestingProblem | undefined }>();
  private readonly reported = new Map<string, { version: number; text: string }>();

  constructor(private readonly log: (message: string) => void) {}

  /**
   * The nesting problem of this version of the document, or undefined when it may be walked.
   * @param linted what the lint of this very text found, when it was linted.
   */
  tooDeep(document: TextDocument, linted?: { tooDeep?: NestingProblem }): NestingProblem | undefined {
    // By version and text: a client may send a version twice (found by npm run fuzz); the text is
    // most often the very same string (compared at once), and otherwise of another length.
    const text = document.getText();
    const known = this.measured.get(document.uri);
    if (known && known.version === document.version && known.text === text) return known.tooDeep;
    const tooDeep = linted ? linted.tooDeep : nestingOfJsonc(text);
    this.measured.set(document.uri, { version: document.version, text, tooDeep });
    return tooDeep;
  }

  /** True when the request must be refused; said in the log once per document version. */
  refuses(document: TextDocument, request: string, linted?: { tooDeep?: NestingProblem }): boolean {
    const tooDeep = this.tooDeep(document, linted);
    if (!tooDeep) return false;
    const reported = this.reported.get(document.uri);
    if (reported?.version !== document.version || reported.text !== document.getText()) {
      this.reported.set(document.uri, { version: document.version, text: document.getText() });
      this.log(`${document.uri}: no ${request} (nor outline, folding, selection ranges, completion or hover) for this version: it nests ${tooDeep.depth} levels deep, and payloads nest at most ${MAX_NESTING_DEPTH}.`);
    }
    return true;
  }

  forget(uri: string): void {
    this.measured.delete(uri);
    this.reported.delete(uri);
  }
}
