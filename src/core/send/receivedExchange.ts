import { nestsDeeperThan, tooDeepNote } from './responseDepth';
import type { SecretMask } from './secretMask';
import type { HttpExchange, Timings } from './types';

/**
 * An answer as received. Its headers are flattened and its JSON parsed when first read (the
 * summary, the view, the CLI's output), not while receiving: like any HTTP client, the send
 * itself only needs the status and the text.
 * `body` and `responseHeaders` are getters on the prototype, so a spread copy (`{ ...exchange }`)
 * lacks them: name them in the copy. JSON.stringify (history) includes them through toJSON.
 */
/** Above this many characters, a stored exchange (history) keeps the body's text, not its parsed value too. */
const STORED_PARSED_BODY_LIMIT = 1024 * 1024;

export class ReceivedExchange implements HttpExchange {
  #parsed: ParsedBody | undefined;
  #responseHeaders: Record<string, string> | undefined;
  readonly #rawHeaders: Record<string, string[]>;
  /** Set on a masked copy (see masked()): applied to the headers and parsed body when first read. A private field, so that no copy or JSON carries it. */
  readonly #mask: SecretMask | undefined;

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
    mask?: SecretMask,
  ) {
    this.#rawHeaders = rawHeaders;
    this.#mask = mask;
  }

  get responseHeaders(): Record<string, string> {
    return (this.#responseHeaders ??= flattenHeaders(this.#rawHeaders, this.#mask));
  }

  get body(): unknown {
    return this.#parse().value;
  }

  /** Why a JSON-looking body was kept as text (too deep), when it was. */
  get bodyNote(): string | undefined {
    return this.#parse().note;
  }

  #parse(): ParsedBody {
    if (!this.#parsed) {
      const parsed = parseJsonBody(this.bodyText, this.responseHeaders['content-type'], this.truncated);
      this.#parsed = this.#mask && parsed.value !== undefined ? { ...parsed, value: this.#mask.parsed(parsed.value, this.bodyText) } : parsed;
    }
    return this.#parsed;
  }

  /**
   * This answer with every secret the mask knows replaced in what the server wrote: the URL it
   * ended at, the status text and body text now (one pass each), the headers and parsed body
   * when first read.
   */
  masked(mask: SecretMask): ReceivedExchange {
    return new ReceivedExchange(
      this.method,
      mask.text(this.url),
      this.requestHeaders,
      this.requestBody,
      this.status,
      mask.text(this.statusText),
      this.#rawHeaders,
      mask.text(this.bodyText),
      this.sizeBytes,
      this.truncated,
      this.timings,
      mask,
    );
  }

  toJSON(): HttpExchange {
    // A large body is stored as its text only: parsing 4.8 MB of [0,0,…] just to write it to
    // history a second time blocked the extension host for most of a send (the view does not
    // parse bodies that large either; whoever needs the value parses the text).
    if (this.bodyText.length > STORED_PARSED_BODY_LIMIT) return { ...this, responseHeaders: this.responseHeaders, body: undefined };
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
function flattenHeaders(raw: Record<string, string[]>, mask: SecretMask | undefined): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name in raw) {
    const values = raw[name];
    const value = values.length === 1 ? values[0] : values.join(', ');
    if (mask) flat[mask.text(name.toLowerCase())] = mask.text(value);
    else flat[name.toLowerCase()] = value;
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
