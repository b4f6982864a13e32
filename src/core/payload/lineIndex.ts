/** Converts between character offsets and 0-based line/character positions (LSP style). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Below any offset, so that it is searched for from the first use (see indexNextLine). */
const NOT_SEARCHED = -2;

/**
 * Line starts are found as far into the text as a question needs, and no further: every lint
 * places a finding or two near the top of the file (the v3-archived notice sits on the root's
 * brace), and indexing a whole file for them cost more than all the rules of a clean 2 KB file.
 */
export class LineIndex {
  private readonly lineStarts: number[] = [0];
  /** Every line start up to this offset is listed. */
  private indexedUpTo = 0;
  /**
   * The next \n, and \r, at or after what is indexed, -1 when there is none (most files have no
   * \r: it is then never searched for again), or NOT_SEARCHED.
   */
  private nextLineFeed = NOT_SEARCHED;
  private nextCarriageReturn = NOT_SEARCHED;
  /** The line of the last offset asked about. */
  private lastLine = 0;

  constructor(private readonly text: string) {}

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    this.indexThrough(clamped);
    const line = this.lineOf(clamped);
    return { line, character: clamped - this.lineStarts[line] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    this.indexLines(position.line + 1);
    if (position.line >= this.lineStarts.length) return this.text.length;
    return Math.min(this.lineStarts[position.line] + Math.max(0, position.character), this.text.length);
  }

  rangeOf(offset: number, length: number): Range {
    const start = this.positionAt(offset);
    const endOffset = Math.max(0, Math.min(offset + length, this.text.length));
    this.indexThrough(endOffset);
    // Most ranges end on the line they start on: look there first, not through every line.
    const startOffset = this.lineStarts[start.line] + start.character;
    const next = start.line + 1;
    const sameLine = endOffset >= startOffset && (next >= this.lineStarts.length || this.lineStarts[next] > endOffset);
    const line = sameLine ? start.line : this.lineOf(endOffset);
    return { start, end: { line, character: endOffset - this.lineStarts[line] } };
  }

  /** The line an (indexed) offset is on: the last line start at or before it. */
  private lineOf(offset: number): number {
    const starts = this.lineStarts;
    let high = starts.length - 1;
    if (starts[high] <= offset) return (this.lastLine = high);
    // Findings come in file order, mostly: the line of the last question, or the next one, first.
    const hint = this.lastLine;
    if (hint < high && starts[hint] <= offset) {
      if (offset < starts[hint + 1]) return hint;
      if (hint + 1 < high && offset < starts[hint + 2]) return (this.lastLine = hint + 1);
    }
    let low = 0;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return (this.lastLine = low);
  }

  /** Lists the line starts up to `offset`. */
  private indexThrough(offset: number): void {
    while (this.indexedUpTo < offset && this.indexedUpTo < this.text.length) this.indexNextLine();
  }

  /** Lists line starts until there are `count` lines (or the text ends). */
  private indexLines(count: number): void {
    while (this.lineStarts.length < count && this.indexedUpTo < this.text.length) this.indexNextLine();
  }

  /**
   * Finds the next line break past what is indexed: \r\n counts once, a lone \r is a break too
   * (as in VS Code). The next \n and \r are searched for again only once passed, so that a file
   * of \r breaks with one \n at its end (or the reverse) is not searched to the end per line.
   */
  private indexNextLine(): void {
    const text = this.text;
    const from = this.indexedUpTo;
    if (this.nextLineFeed !== -1 && this.nextLineFeed < from) this.nextLineFeed = text.indexOf('\n', from);
    if (this.nextCarriageReturn !== -1 && this.nextCarriageReturn < from) this.nextCarriageReturn = text.indexOf('\r', from);
    const lineFeed = this.nextLineFeed;
    const carriageReturn = this.nextCarriageReturn;
    let next: number;
    if (carriageReturn !== -1 && (lineFeed === -1 || carriageReturn < lineFeed)) {
      next = carriageReturn + (text.charCodeAt(carriageReturn + 1) === 10 ? 2 : 1);
    } else if (lineFeed !== -1) {
      next = lineFeed + 1;
    } else {
      this.indexedUpTo = text.length;
      return;
    }
    this.indexedUpTo = next;
    this.lineStarts.push(next);
  }
}
