import { nestsDeeperThan, tooDeepNote } from './responseDepth';
import type { HttpExchange, Timings } from './types';

/**
 * An answer as received. Its headers are flattened and its JSON parsed when first read (the
 * summary, the view, the CLI's output), not while receiving: like any HTTP client, the send
 * itself only needs the status and the text.
 * `body` and `responseHeaders` are getters on the prototype, so a spread copy (`{ ...exchange }`)
 * lacks them: name them in the copy. JSON.stringify (history) includes them through toJSON.
 */
export class ReceivedExchange implements HttpExchange {
  #parsed: ParsedBody | undefined;
  #responseHeaders: Record<string, string> | undefined;
  readonly #rawHeaders: Record<string, string[]>;

  constructor(
    readonly method: string,
    readonly url: string,
    readonly requestHeaders: Record<string, string>,
    readonly requestBody: string,
    readonly status: number,
    readonly statusText: string,
    rawHeaders: Record<string, string[]>,
    readonly bodyText: string,
    readonly sizeBytes: number,
    readonly truncated: boolean,
    readonly timings: Timings,
  ) {
    this.#rawHeaders = rawHeaders;
  }

  get responseHeaders(): Record<string, string> {
    return (this.#responseHeaders ??= flattenHeaders(this.#rawHeaders));
  }

  get body(): unknown {
    return this.#parse().value;
  }

  /** Why a JSON-looking body was kept as text (too deep), when it was. */
  get bodyNote(): string | undefined {
    return this.#parse().note;
  }

  #parse(): ParsedBody {
    return (this.#parsed ??= parseJsonBody(this.bodyText, this.responseHeaders['content-type'], this.truncated));
  }

  toJSON(): HttpExchange {
    const note = this.bodyNote;
    return { ...this, responseHeaders: this.responseHeaders, body: this.body, ...(note ? { bodyNote: note } : {}) };
  }
}

interface ParsedBody {
  value: unknown;
  note?: string;
}

const NOT_PARSED: ParsedBody = { value: undefined };

function parseJsonBody(text: string, contentType: string | undefined, truncated: boolean): ParsedBody {
  if (truncated || !text.trim()) return NOT_PARSED;
  const looksJson = /json/i.test(contentType ?? '') || /^\s*[[{]/.test(text);
  if (!looksJson) return NOT_PARSED;
  // Checked before parsing: a parsed value this deep would overflow the stack of whoever walks it next.
  if (nestsDeeperThan(text)) return { value: undefined, note: tooDeepNote() };
  try {
    return { value: JSON.parse(text) };
  } catch {
    return NOT_PARSED;
  }
}

/**
 * The answer's headers as one value per lower-case name (repeated headers joined with ", ", as
 * Headers.get does). Read from node-fetch's raw(): its Headers.forEach re-sorts every header for
 * each one it visits, which alone cost a tenth of a loopback send.
 */
function flattenHeaders(raw: Record<string, string[]>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name in raw) {
    const values = raw[name];
    flat[name.toLowerCase()] = values.length === 1 ? values[0] : values.join(', ');
  }
  return flat;
}

const DEFAULT_SECRET_HEADERS: readonly string[] = ['authorization'];

/** A copy of request headers with secrets replaced ("Bearer ***", "***"), for views and history. */
export function redactHeaders(headers: Record<string, string>, secretHeaders: readonly string[] = DEFAULT_SECRET_HEADERS): Record<string, string> {
  const secrets = secretHeaders === DEFAULT_SECRET_HEADERS ? secretHeaders : secretHeaders.map((name) => name.toLowerCase());
  const copy: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    copy[name] = secrets.includes(name.toLowerCase()) ? (/^bearer /i.test(value) ? 'Bearer ***' : '***') : value;
  }
  return copy;
}
