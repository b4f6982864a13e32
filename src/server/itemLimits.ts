/** Above this many characters a document counts as large: it is linted less eagerly and gets a shorter outline. */
export const LARGE_DOCUMENT_LENGTH = 1024 * 1024;

/**
 * The most outline symbols and folding ranges given for one document: VS Code's JSON support
 * stops at the same number (`json.maxItemsComputed`). A generated 10 MB payload has some 200 000
 * symbols: sent whole (54 MB of JSON on every change), decoding them blocked VS Code's extension
 * host for two seconds.
 */
export const MAX_ITEMS_COMPUTED = 5000;

/**
 * The most for a large document. VS Code asks for the outline (breadcrumbs, sticky scroll) and
 * the folding ranges after every change; the extension host decodes each answer, converts it and
 * sends it on to the window. For a 10 MB payload 5000 symbols are 1 MB of JSON per answer, and
 * handling them held the host up for 50 to 190 ms at a time while typing (bench/editLagProbe.ts
 * profiles). 1000 keep every top-level key (the outline is built breadth-first) at a fifth of the cost.
 */
export const LARGE_DOCUMENT_MAX_ITEMS = 1000;

/** How many outline symbols or folding ranges a document of this length gets. */
export function itemLimitFor(textLength: number): number {
  return textLength > LARGE_DOCUMENT_LENGTH ? LARGE_DOCUMENT_MAX_ITEMS : MAX_ITEMS_COMPUTED;
}
