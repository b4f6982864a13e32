/**
 * Reading text that JSON.parse accepted, by search rather than token by token: outside strings
 * valid JSON has no quote, and inside them a quote is escaped. Shared by the shape count
 * (textShape.ts) and the tree reader (validJsonTree.ts).
 */

/** The first offset at or after `at` that is not JSON whitespace (space, tab, CR, LF). */
export function skipJsonSpace(text: string, at: number): number {
  let code = text.charCodeAt(at);
  while (code === 32 || code === 10 || code === 13 || code === 9) code = text.charCodeAt(++at);
  return at;
}

/** The quote that closes the string whose opening quote is at `open`, or -1 when none does. */
export function closingQuote(text: string, open: number): number {
  let end = text.indexOf('"', open + 1);
  while (end !== -1 && isEscapedQuote(text, end)) end = text.indexOf('"', end + 1);
  return end;
}

/** Whether the quote at `quote` is escaped: an odd number of backslashes before it. */
export function isEscapedQuote(text: string, quote: number): boolean {
  let backslashes = 0;
  for (let i = quote - 1; text.charCodeAt(i) === 92 /* \ */; i--) backslashes++;
  return backslashes % 2 === 1;
}
