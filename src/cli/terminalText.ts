/**
 * Text from servers and payload files reaches a terminal through the CLI. Control characters in
 * it (ESC and CSI sequences, BEL, backspace, CR…) could clear the screen, move the cursor or
 * overwrite a line with a fake "200 OK"; bidi embedding/override/isolate controls could reorder
 * what is shown. They are printed visibly escaped instead: `\x1b`, `\u009b`, `\u202e`.
 */

/** C0 controls (tab and line feed included), DEL, C1 controls, bidi embeddings/overrides/isolates. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** The same without tab and line feed, which are layout in multi-line text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS_BUT_LAYOUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** Characters JSON.stringify leaves raw that a terminal or a JavaScript reader may act on. */
const JSON_RAW_CONTROLS = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function visible(char: string): string {
  const code = char.charCodeAt(0);
  if (NAMED[char]) return NAMED[char];
  return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One value shown inside a line (a message, a file name): every control escaped, line breaks too. */
export function terminalField(text: string): string {
  return text.replace(CONTROLS, visible);
}

/** Multi-line text (a response body, a whole report): line feeds and tabs kept, CRLF read as LF. */
export function terminalText(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(CONTROLS_BUT_LAYOUT, visible);
}

/**
 * JSON text with DEL, C1 controls, U+2028/U+2029 and bidi controls written as \u escapes: the
 * same JSON value (they can only occur inside strings), but nothing a terminal acts on.
 * JSON.stringify already escapes C0 controls.
 */
export function jsonOutput(json: string): string {
  return json.replace(JSON_RAW_CONTROLS, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
