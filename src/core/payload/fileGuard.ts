/**
 * Files opened or globbed by mistake (an image, a UTF-16 export, a 200 MB log named *.json) are
 * told apart from payloads before any lint runs: payloads are small UTF-8 JSON text, and linting
 * anything else on every keystroke would only produce noise, or hang the editor.
 */

/** Above this size a file is not linted (payloads are a few KB; 10 MB leaves generous room). */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/**
 * Payloads are flat objects a few levels deep; deeper nesting is reported, not parsed, so that
 * no recursive walk (parser, schema validation, rules, send) can overflow the stack.
 */
export const MAX_NESTING_DEPTH = 100;

/** A NUL among the first this many characters (or bytes) marks a binary file, as git does. */
export const BINARY_SNIFF_LENGTH = 8 * 1024;

export type FileGuardReason = 'binary' | 'not-utf8' | 'too-large';

export type FileGuardResult = { ok: true } | { ok: false; reason: FileGuardReason; message: string };

const OK: FileGuardResult = { ok: true };
const ASK = 'Is it the right file?';

/**
 * Checks decoded text (as an editor holds it). Invalid UTF-8 shows as U+FFFD replacement
 * characters, which is how VS Code and Buffer decoding render bytes they could not decode.
 *
 * @param byteLength the file's size in bytes when known; otherwise the text's UTF-8 length.
 */
export function inspectPayloadText(text: string, byteLength?: number, limit = MAX_PAYLOAD_BYTES): FileGuardResult {
  const size = inspectPayloadSize(byteLength ?? utf8Length(text, limit), limit);
  if (!size.ok) return size;
  if (text.slice(0, BINARY_SNIFF_LENGTH).includes('\u0000')) return binary();
  const replacement = text.indexOf('\ufffd');
  if (replacement !== -1) {
    return notUtf8(`it holds bytes that are not valid UTF-8 (shown as \ufffd, first at ${lineAndColumn(text, replacement)})`);
  }
  return OK;
}

/** Checks a file's size alone (e.g. from `stat`, before reading a file that may be huge). */
export function inspectPayloadSize(byteLength: number, limit = MAX_PAYLOAD_BYTES): FileGuardResult {
  return byteLength > limit ? tooLarge(byteLength, limit) : OK;
}

/**
 * Checks a file's raw bytes strictly (the command line reads files itself): binary, too large,
 * or not decodable as UTF-8. When ok, `text` is the decoded content (a UTF-8 BOM is kept, so
 * that offsets stay those of the file, as in an editor).
 */
export function inspectPayloadBytes(bytes: Uint8Array, limit = MAX_PAYLOAD_BYTES): ({ ok: true; text: string }) | Extract<FileGuardResult, { ok: false }> {
  const size = inspectPayloadSize(bytes.length, limit);
  if (!size.ok) return size;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return notUtf8('it is UTF-16 text (it starts with a UTF-16 byte-order mark)');
  }
  const sniff = bytes.subarray(0, BINARY_SNIFF_LENGTH);
  if (sniff.includes(0)) return binary();
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    // Where: the first byte sequence the lenient decoder had to replace.
    const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const at = lenient.indexOf('\ufffd');
    return notUtf8(`it holds bytes that are not valid UTF-8${at === -1 ? '' : ` (first at ${lineAndColumn(lenient, at)})`}`);
  }
}

function tooLarge(size: number, limit: number): Extract<FileGuardResult, { ok: false }> {
  return { ok: false, reason: 'too-large', message: tooLargeMessage(formatSize(size), limit) };
}

/** The too-large message; `size` as said to people ("12.3 MB", "over 10 MB (it grew while it was read)"). */
export function tooLargeMessage(size: string, limit = MAX_PAYLOAD_BYTES): string {
  return `This file is ${size}; payloads are small JSON files (the limit is ${formatSize(limit)}), so it is not linted. ${ASK}`;
}

function binary(): Extract<FileGuardResult, { ok: false }> {
  return {
    ok: false,
    reason: 'binary',
    message: `This file looks binary (it contains NUL bytes); payloads are JSON text, so it is not linted. ${ASK}`,
  };
}

function notUtf8(what: string): Extract<FileGuardResult, { ok: false }> {
  return {
    ok: false,
    reason: 'not-utf8',
    message: `This file is not UTF-8: ${what}. Payloads are UTF-8 JSON text (the APIs take UTF-8), so it is not linted. Re-save it as UTF-8 (in VS Code: "Save with Encoding"), or ${ASK.charAt(0).toLowerCase()}${ASK.slice(1)}`,
  };
}

/** "12.3 MB", "10 MB", "812 KB", "95 bytes". */
export function formatSize(bytes: number): string {
  const trim = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1).replace(/\.0$/, ''));
  if (bytes >= 1024 * 1024) return `${trim(Math.round((bytes / (1024 * 1024)) * 10) / 10)} MB`;
  if (bytes >= 1024) return `${trim(Math.round((bytes / 1024) * 10) / 10)} KB`;
  return `${bytes} bytes`;
}

/** UTF-8 length of a string (exact above `limit`; below it, any value under the limit will do). */
function utf8Length(text: string, limit: number): number {
  // Each UTF-16 unit is 1 to 3 bytes in UTF-8: a short text needs no count.
  if (text.length * 3 <= limit) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** 1-based "line L, column C" of an offset, for messages. */
function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}
