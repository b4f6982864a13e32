/**
 * The response view's HTML, as a pure function of a send outcome (no `vscode` import: the unit
 * tests render it in plain Node).
 *
 * Security: everything that comes from the response or the request (body, headers, status text,
 * messages, URLs, summary values, JSON Pointers) is HTML-escaped and only ever lands in text or
 * in `data-*` attributes — never in a URL attribute, an inline handler or a style. The page runs
 * under a strict CSP (no 'unsafe-inline'); its only script is media/response.js, by nonce.
 * Folding uses <details>, so it needs no script.
 */
import { holdsMoreValuesThan, nestsDeeperThan } from '../../core/send/responseDepth';
import type { ErrorKind, HttpExchange, ResponseSummary, SendOutcome, Timings } from '../../core/send/types';

/**
 * Which call the view shows, and so what its "again" button does: an update is sent again from
 * the file as it is now; a pull is pulled again (a GET); after Publish / Reopen / Cancel only the
 * state is pulled again (a lifecycle call is never repeated from a button); a replay replays the
 * request recorded in history, never the file.
 */
export type ViewCall =
  | { kind: 'update' }
  | { kind: 'pull' }
  | { kind: 'lifecycle'; verb: string }
  | { kind: 'replay'; historyId: string; recordedAt: string };

export interface ResponseViewModel {
  /** What was called (absent: an update from the file). */
  call?: ViewCall;
  outcome: SendOutcome;
  summary?: ResponseSummary;
  fileLabel: string;
  /** false when the body is too big to render (> 5 MB): offer "Open body in editor" instead */
  renderBody: boolean;
  /** the view shows this request as sending (progress) */
  pending?: boolean;
}

export interface ResponseViewResources {
  cspSource: string;
  nonce: string;
  styleUri: string;
  scriptUri: string;
  codiconsUri: string;
}

/** Bodies larger than this are not rendered in the view (offer "Open body in editor"). */
export const MAX_RENDERED_BODY_BYTES = 5 * 1024 * 1024;

/** Whether the view should render this exchange's body (false above MAX_RENDERED_BODY_BYTES). */
export function shouldRenderBody(exchange: Pick<HttpExchange, 'sizeBytes' | 'bodyText'> | undefined): boolean {
  if (!exchange) return true;
  return Math.max(exchange.sizeBytes, exchange.bodyText.length) <= MAX_RENDERED_BODY_BYTES;
}

/** A model for the "sending…" state: only the request line is known. */
export function pendingModel(request: SendOutcome['request'], fileLabel: string): ResponseViewModel {
  return {
    outcome: { ok: false, status: null, durationMs: 0, request, notes: [], startedAt: new Date().toISOString() },
    fileLabel,
    renderBody: true,
    pending: true,
  };
}

/**
 * What the view draws is bounded by counts, never by time (the same body gives the same page on
 * any machine). A JSON body is drawn as a tree only while it has at most MAX_TREE_NODES values and
 * its tree HTML stays within treeHtmlBudget(body length); otherwise the body is shown as escaped
 * text, at most MAX_TEXT_CHARS of it, with "Open body in editor". So the body's HTML is at most
 * TREE_HTML_PER_CHAR × its length + TREE_HTML_BASE, and never above MAX_TREE_HTML_CHARS (text:
 * at most 6 HTML characters per character, `"` → `&quot;`).
 */
export const RENDER_LIMITS = {
  /** Values (scalars, arrays, objects) drawn as a tree at most. */
  MAX_TREE_NODES: 10_000,
  /** Tree HTML characters allowed per character of the body's text… */
  TREE_HTML_PER_CHAR: 32,
  /** …plus this much, so that small bodies always get their tree. */
  TREE_HTML_BASE: 256 * 1024,
  /** …and never more than this. */
  MAX_TREE_HTML_CHARS: 2 * 1024 * 1024,
  /** Bodies longer than this are not parsed for the view or its summary (shown as text). */
  MAX_PARSED_CHARS: 1024 * 1024,
  /** Characters of a body shown as text at most (the rest: "Open body in editor"). */
  MAX_TEXT_CHARS: 128 * 1024,
} as const;

/**
 * Whether a body is longer than MAX_PARSED_CHARS or holds more values than the view draws as a
 * tree (counted on its raw text): such a body is shown as text and not parsed for the view or its
 * summary at all, since parsing (and summarizing) a few MB alone blocks the extension host for
 * hundreds of milliseconds. Its length is checked first, so a long body is not even scanned.
 */
export function tooLargeToDraw(exchange: Pick<HttpExchange, 'bodyText'>): boolean {
  return exchange.bodyText.length > RENDER_LIMITS.MAX_PARSED_CHARS || holdsMoreValuesThan(exchange.bodyText, RENDER_LIMITS.MAX_TREE_NODES);
}

/**
 * Made when first shown, not when the module loads: toLocaleString's first call loads ICU's
 * number formatting (about 5 ms), which activation would otherwise pay for every JSON file opened.
 */
function treeRefused(): string {
  return `This JSON is too large to draw as a tree here (the view draws up to ${RENDER_LIMITS.MAX_TREE_NODES.toLocaleString('en-US')} values, from up to ${formatBytes(RENDER_LIMITS.MAX_PARSED_CHARS)}): it is shown as text.`;
}

function treeHtmlBudget(textLength: number): number {
  return Math.min(RENDER_LIMITS.MAX_TREE_HTML_CHARS, RENDER_LIMITS.TREE_HTML_PER_CHAR * textLength + RENDER_LIMITS.TREE_HTML_BASE);
}

/** Folds (nested <details>) objects and arrays with more entries than this. */
const FOLD_THRESHOLD = 3;
/** Deeper JSON is shown as plain text (keeps the recursion bounded). */
const MAX_JSON_DEPTH = 100;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '=': '&#61;', '`': '&#96;' };

/**
 * HTML-escapes text for element content and quoted attribute values: & < > " ' — and also = and `,
 * so that even the text of a hostile value never reads as markup (`onerror=` stays `onerror&#61;`).
 */
/** Longest text from an answer shown in one place outside the body (summary values, notes, messages). */
const MAX_FIELD_CHARS = 2000;

/** Text cut at MAX_FIELD_CHARS with "…", so that one huge value cannot blow up the page. */
function clip(value: unknown): string {
  const text = String(value);
  return text.length > MAX_FIELD_CHARS ? `${text.slice(0, MAX_FIELD_CHARS)}… (${text.length.toLocaleString('en-US')} characters)` : text;
}

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'=`]/g, (c) => ESCAPES[c]);
}

/** Escapes the view's own resource values (URIs, nonce, CSP) for attributes, keeping `=` readable. */
function escapeAttr(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export function renderResponseHtml(model: ResponseViewModel, resources: ResponseViewResources): string {
  const { outcome } = model;
  const exchange = model.pending ? undefined : outcome.exchange;
  const csp = `default-src 'none'; style-src ${resources.cspSource}; font-src ${resources.cspSource}; script-src 'nonce-${resources.nonce}'; img-src ${resources.cspSource}`;

  const body = exchange ? responseBody(exchange, model.renderBody) : undefined;
  const sections: string[] = [];
  if (model.call?.kind === 'replay') sections.push(replayBlock(model.call));
  if (model.pending) {
    sections.push(pendingBlock(outcome));
  } else {
    if (outcome.notes.length) sections.push(notesBlock(outcome.notes));
    // The error block, unless it would only repeat the API error the explanation already covers
    // (an error of another kind, e.g. auth after a refused renewal, is always shown).
    if (outcome.error && (!exchange || !model.summary?.explanation || outcome.error.kind !== 'http')) sections.push(errorBlock(outcome, exchange !== undefined));
    if (model.summary?.explanation) sections.push(explanationBlock(model.summary, exchange?.status));
    if (model.summary && (model.summary.fields.length || !model.summary.explanation)) sections.push(summaryBlock(model.summary));
    if (model.summary?.drift.length) sections.push(driftBlock(model.summary.drift));
    if (exchange) {
      sections.push(timingsBlock(exchange.timings, outcome.durationMs));
      sections.push(bodyBlock(exchange, body!));
      sections.push(headersBlock('response-headers', 'Response headers', exchange.responseHeaders, false));
      sections.push(headersBlock('request-headers', 'Request headers', exchange.requestHeaders, true));
    }
  }
  sections.push(requestBodyBlock(exchange?.requestBody ?? outcome.request.body));

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(resources.codiconsUri)}">
<link rel="stylesheet" href="${escapeAttr(resources.styleUri)}">
<title>Response: ${escapeHtml(model.fileLabel)}</title>
</head>
<body class="${model.pending ? 'is-pending' : outcome.ok ? 'is-ok' : 'is-failed'}">
${header(model, exchange, body?.offerEditor === true)}
<main>
${sections.join('\n')}
</main>
<script nonce="${escapeAttr(resources.nonce)}" src="${escapeAttr(resources.scriptUri)}"></script>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------
// Header: request line, status pill, metrics, actions

function header(model: ResponseViewModel, exchange: HttpExchange | undefined, offerEditor: boolean): string {
  const { outcome } = model;
  const request = outcome.request;
  const chips = [
    chip('server-environment', 'Environment', request.environment, 'environment'),
    chip('extensions', 'Provider', providerLabel(request.provider), 'provider'),
    chip('symbol-key', 'Target id', request.targetId || '—', 'target'),
    chip('file', 'Payload file', model.fileLabel, 'file'),
  ];
  const metrics: string[] = [];
  if (!model.pending) {
    metrics.push(`<span class="metric" id="total-time" data-testid="total-time" title="Whole send, sign-in included"><i class="codicon codicon-watch" aria-hidden="true"></i>${escapeHtml(formatMs(outcome.durationMs))}</span>`);
    if (exchange) {
      const type = exchange.responseHeaders['content-type']?.split(';')[0]?.trim();
      metrics.push(`<span class="metric" id="size" data-testid="size"><i class="codicon codicon-file-binary" aria-hidden="true"></i>${escapeHtml(formatBytes(exchange.sizeBytes))}${exchange.truncated ? ' <span class="tag tag-warn">truncated</span>' : ''}${type ? `<span class="muted"> · ${escapeHtml(type)}</span>` : ''}</span>`);
    }
    const at = timeOf(outcome.startedAt);
    if (at) metrics.push(`<span class="metric muted" title="Sent at"><i class="codicon codicon-calendar" aria-hidden="true"></i>${escapeHtml(at)}</span>`);
  }
  return `<header class="top">
<div class="request-line" id="request-line" data-testid="request-line"><span class="method">${escapeHtml(request.method)}</span><span class="url" id="url">${escapeHtml(request.url)}</span></div>
<div class="chips">${chips.join('')}</div>
<div class="status-row">${statusPill(model, exchange)}${metrics.join('')}</div>
${actions(model, exchange, offerEditor)}
</header>`;
}

function chip(icon: string, label: string, value: string, id: string): string {
  return `<span class="chip" id="${id}" data-testid="${id}" title="${escapeHtml(label)}"><i class="codicon codicon-${icon}" aria-hidden="true"></i><span class="chip-label">${escapeHtml(label)}</span> ${escapeHtml(value)}</span>`;
}

const KIND_LABELS: Record<ErrorKind, string> = {
  usage: 'Not sent (usage error)',
  lint: 'Blocked by lint errors',
  trust: 'Not sent (trust)',
  credentials: 'Missing credentials',
  auth: 'Sign-in failed (auth)',
  network: 'Network error',
  timeout: 'Timeout',
  tls: 'TLS error',
  redirect: 'Redirect not followed',
  cancelled: 'Cancelled',
  http: 'HTTP error',
};

const KIND_ICONS: Record<ErrorKind, string> = {
  usage: 'circle-slash',
  lint: 'error',
  trust: 'shield',
  credentials: 'key',
  auth: 'key',
  network: 'debug-disconnect',
  timeout: 'watch',
  tls: 'lock',
  redirect: 'arrow-swap',
  cancelled: 'circle-slash',
  http: 'error',
};

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified',
  307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 409: 'Conflict', 410: 'Gone', 412: 'Precondition Failed', 413: 'Payload Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** "success" (2xx, green), "warning" (4xx, orange), "failure" (5xx or no answer, red), "pending". */
export function statusClass(status: number | null | undefined): 'success' | 'warning' | 'failure' {
  if (typeof status === 'number' && status >= 200 && status < 300) return 'success';
  if (typeof status === 'number' && status >= 400 && status < 500) return 'warning';
  if (typeof status === 'number' && status < 400 && status >= 100) return 'warning';
  return 'failure';
}

function statusPill(model: ResponseViewModel, exchange: HttpExchange | undefined): string {
  if (model.pending) {
    return `<span class="pill status-pending" id="status" data-testid="status" role="status" aria-live="polite"><i class="codicon codicon-loading codicon-modifier-spin" aria-hidden="true"></i>Sending…</span>`;
  }
  if (exchange) {
    const cls = statusClass(exchange.status);
    const icon = cls === 'success' ? 'pass-filled' : cls === 'warning' ? 'warning' : 'error';
    const text = `${exchange.status} ${exchange.statusText || REASONS[exchange.status] || ''}`.trim();
    return `<span class="pill status-${cls}" id="status" data-testid="status" data-status="${exchange.status}" role="status"><i class="codicon codicon-${icon}" aria-hidden="true"></i>${escapeHtml(text)}</span>`;
  }
  const kind = model.outcome.error?.kind;
  const label = kind ? KIND_LABELS[kind] ?? kind : 'No answer';
  return `<span class="pill status-failure" id="status" data-testid="status" data-kind="${escapeHtml(kind ?? 'none')}" role="status"><i class="codicon codicon-${kind ? KIND_ICONS[kind] ?? 'error' : 'error'}" aria-hidden="true"></i>${escapeHtml(label)}</span>`;
}

function actions(model: ResponseViewModel, exchange: HttpExchange | undefined, offerEditor: boolean): string {
  const pending = model.pending === true;
  const noBody = !exchange || exchange.bodyText.length === 0;
  const button = (action: string, icon: string, label: string, options: { disabled?: boolean; primary?: boolean; title?: string } = {}) =>
    `<button type="button" class="action${options.primary ? ' primary' : ''}" data-action="${action}" data-testid="action-${action}"${options.disabled ? ' disabled' : ''}${options.title ? ` title="${escapeHtml(options.title)}"` : ''}><i class="codicon codicon-${icon}" aria-hidden="true"></i><span>${escapeHtml(label)}</span></button>`;
  const items = [
    againButton(model.call ?? { kind: 'update' }, pending, button),
    button('copyBody', 'copy', 'Copy response body', { disabled: pending || noBody }),
    button('saveBody', 'save', 'Save response…', { disabled: pending || noBody }),
    button('copyCurl', 'terminal', 'Copy as cURL', { disabled: pending, title: 'The credentials are replaced by a placeholder' }),
  ];
  if (!pending && exchange && offerEditor) items.push(button('openBody', 'go-to-file', 'Open body in editor'));
  return `<div class="actions" role="toolbar" aria-label="Response actions">${items.join('')}</div>`;
}

type ButtonMaker = (action: string, icon: string, label: string, options?: { disabled?: boolean; primary?: boolean; title?: string }) => string;

/** The main button: what "again" means for the call shown (see ViewCall). */
function againButton(call: ViewCall, pending: boolean, button: ButtonMaker): string {
  switch (call.kind) {
    case 'pull':
      return button('pullAgain', 'cloud-download', 'Pull Again', { disabled: pending, primary: true, title: 'GET the current state again (nothing is sent to change it)' });
    case 'lifecycle':
      return button('pullAgain', 'cloud-download', 'Pull State', { disabled: pending, primary: true, title: `GET the current state (the ${call.verb.toLowerCase()} call is not repeated from here)` });
    case 'replay':
      return button('replayAgain', 'debug-restart', 'Replay Again', { disabled: pending, primary: true, title: 'Send the request recorded in history again, exactly as recorded (not the file as it is now)' });
    default:
      return button('resend', 'refresh', 'Send File Again', { disabled: pending, primary: true, title: 'Send the file as it is now (to replay the exact request of an earlier send, use Show Send History)' });
  }
}

/** A replay says so, above everything else: the body is the recorded one, not the file's. */
function replayBlock(call: Extract<ViewCall, { kind: 'replay' }>): string {
  const date = new Date(call.recordedAt);
  const at = Number.isNaN(date.getTime()) ? call.recordedAt : date.toLocaleString();
  return `<section class="notes" id="replay" data-testid="replay"><div class="note"><i class="codicon codicon-history" aria-hidden="true"></i><span>Replay of the request recorded ${escapeHtml(at)}: the body as it was sent then, not the file as it is now.</span></div></section>`;
}

// ---------------------------------------------------------------------------------------------
// Blocks

function pendingBlock(outcome: SendOutcome): string {
  return `<section class="card pending" id="pending" data-testid="pending">
<div class="progress" aria-hidden="true"><div class="progress-bar"></div></div>
<p><i class="codicon codicon-cloud-upload" aria-hidden="true"></i>Sending the update to ${escapeHtml(hostOf(outcome.request.url))}…</p>
</section>`;
}

function notesBlock(notes: string[]): string {
  return `<section class="notes" id="notes" data-testid="notes">${notes
    .map((note) => `<div class="note"><i class="codicon codicon-info" aria-hidden="true"></i><span>${escapeHtml(clip(note))}</span></div>`)
    .join('')}</section>`;
}

/** The error card's heading: what the server answered when it did (a refused sign-in has no exchange of its own). */
function errorHeading(kindLabel: string, answer: string | undefined, answered: boolean): string {
  if (answer) return `${kindLabel}: the API answered ${answer}`;
  return answered ? kindLabel : `${kindLabel}: no answer from the API`;
}

function errorBlock(outcome: SendOutcome, answered: boolean): string {
  const error = outcome.error!;
  const kindLabel = KIND_LABELS[error.kind] ?? error.kind;
  return `<section class="card callout callout-error" id="error" data-testid="error" data-kind="${escapeHtml(error.kind)}">
<h2><i class="codicon codicon-${KIND_ICONS[error.kind] ?? 'error'}" aria-hidden="true"></i>${escapeHtml(errorHeading(kindLabel, error.answer, answered))}</h2>
<p class="error-message" data-testid="error-message">${escapeHtml(clip(error.message))}</p>
${error.hint ? `<p class="hint" data-testid="error-hint"><i class="codicon codicon-lightbulb" aria-hidden="true"></i><span>${escapeHtml(error.hint)}</span></p>` : ''}
</section>`;
}

function explanationBlock(summary: ResponseSummary, status: number | undefined): string {
  const explanation = summary.explanation!;
  // A "code" that is only the HTTP status again is not printed a second time (the pill shows it).
  const code = explanation.code && explanation.code !== String(status) ? explanation.code : undefined;
  const paths = explanation.paths.length
    ? `<div class="field-links" data-testid="explanation-paths">${explanation.paths
        .map((path) => `<button type="button" class="link-button" data-path="${escapeHtml(path)}" title="Show this field in the payload file"><i class="codicon codicon-go-to-file" aria-hidden="true"></i>Go to field ${escapeHtml(path || '(root)')}</button>`)
        .join('')}</div>`
    : '';
  return `<section class="card callout callout-warn" id="explanation" data-testid="explanation">
<h2><i class="codicon codicon-error" aria-hidden="true"></i>${escapeHtml(clip(summary.title))}</h2>
<dl class="explain">
${code ? `<dt>Code</dt><dd><code class="code" id="error-code" data-testid="error-code">${escapeHtml(clip(code))}</code></dd>
` : ''}<dt>What it means</dt><dd data-testid="meaning">${escapeHtml(clip(explanation.meaning))}</dd>
<dt>What to change</dt><dd data-testid="what-to-change">${escapeHtml(clip(explanation.whatToChange))}</dd>
</dl>
${paths}
</section>`;
}

function summaryBlock(summary: ResponseSummary): string {
  const fields = summary.fields
    .map((field) => `<div class="field" data-field="${escapeHtml(field.label)}"><dt>${escapeHtml(field.label)}</dt><dd>${escapeHtml(clip(field.value))}</dd></div>`)
    .join('');
  return `<section class="card summary${summary.tone === 'warning' ? ' summary-warning' : ''}" id="summary" data-testid="summary"${summary.tone ? ` data-tone="${summary.tone}"` : ''}>
<h2><i class="codicon codicon-${summary.tone === 'warning' ? 'warning' : summary.explanation ? 'info' : 'pass'}" aria-hidden="true"></i>${escapeHtml(clip(summary.title))}</h2>
${fields ? `<dl class="fields">${fields}</dl>` : ''}
</section>`;
}

function driftBlock(drift: ResponseSummary['drift']): string {
  return `<details class="section drift" id="drift" data-testid="drift" open>
<summary><i class="codicon codicon-warning" aria-hidden="true"></i>API drift <span class="count">${drift.length}</span><span class="muted summary-hint">the response differs from the documented one</span></summary>
<ul class="drift-list">${drift
    .map((d) => `<li data-drift-path="${escapeHtml(d.path)}"><i class="codicon codicon-warning" aria-hidden="true"></i><span><code>${escapeHtml(clip(d.path))}</code>: ${escapeHtml(clip(d.message))}</span></li>`)
    .join('')}</ul>
</details>`;
}

interface Phase { name: string; key: string; start?: number; end?: number }

function phasesOf(t: Timings): Phase[] {
  const connectStart = t.dnsMs ?? 0;
  const waitStart = t.tlsMs ?? t.connectMs ?? t.dnsMs ?? 0;
  return [
    { name: 'DNS', key: 'dns', start: t.dnsMs !== undefined ? 0 : undefined, end: t.dnsMs },
    { name: 'Connect', key: 'connect', start: t.connectMs !== undefined ? connectStart : undefined, end: t.connectMs },
    { name: 'TLS', key: 'tls', start: t.tlsMs !== undefined ? t.connectMs ?? connectStart : undefined, end: t.tlsMs },
    { name: 'First byte', key: 'firstByte', start: t.firstByteMs !== undefined ? waitStart : undefined, end: t.firstByteMs },
    {
      name: 'Download',
      key: 'download',
      start: t.downloadMs !== undefined ? t.firstByteMs ?? t.totalMs - t.downloadMs : undefined,
      end: t.downloadMs !== undefined ? (t.firstByteMs ?? t.totalMs - t.downloadMs) + t.downloadMs : undefined,
    },
  ];
}

function timingsBlock(t: Timings, wholeSendMs: number): string {
  const phases = phasesOf(t);
  const scale = Math.max(t.totalMs, ...phases.map((p) => p.end ?? 0), 1);
  const rows = phases
    .map((p, i) => {
      const present = p.start !== undefined && p.end !== undefined;
      const duration = present ? Math.max(0, p.end! - p.start!) : undefined;
      // Bar geometry is computed here from numbers only (SVG attributes, not styles: the CSP allows no inline style).
      const x = present ? ((p.start! / scale) * 100).toFixed(2) : '0';
      const w = present ? Math.max(0.6, (duration! / scale) * 100).toFixed(2) : '0';
      const bar = present ? `<svg class="bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true"><rect class="track" x="0" y="0" width="100" height="6" rx="1"></rect><rect class="phase phase-${i}" x="${x}" y="0" width="${w}" height="6" rx="1"></rect></svg>` : '<span class="bar bar-empty"></span>';
      return `<tr data-phase="${p.key}"><th scope="row">${p.name}</th><td class="num">${present ? escapeHtml(formatMs(duration!)) : '—'}</td><td class="waterfall">${bar}</td></tr>`;
    })
    .join('');
  return `<details class="section timings" id="timings" data-testid="timings" open>
<summary><i class="codicon codicon-pulse" aria-hidden="true"></i>Timing <span class="count">${escapeHtml(formatMs(t.totalMs))}</span></summary>
<table class="timing-table">
<tbody>${rows}
<tr class="total" data-phase="total"><th scope="row">Request</th><td class="num">${escapeHtml(formatMs(t.totalMs))}</td><td></td></tr>
<tr class="total" data-phase="send"><th scope="row">Whole send</th><td class="num">${escapeHtml(formatMs(wholeSendMs))}</td><td class="muted">sign-in and retries included</td></tr>
</tbody>
</table>
</details>`;
}

/** The response body's content, decided once: the header's "Open body in editor" depends on it. */
interface BodyView {
  html: string;
  /** The body is not all in the view: offer it in an editor. */
  offerEditor: boolean;
}

const OPEN_BODY_BUTTON = `<button type="button" class="action" data-action="openBody" data-testid="action-openBody-inline"><i class="codicon codicon-go-to-file" aria-hidden="true"></i><span>Open body in editor</span></button>`;

function responseBody(exchange: HttpExchange, renderBody: boolean): BodyView {
  if (!renderBody) {
    return {
      html: `<div class="too-big" id="body-too-big" data-testid="body-too-big"><i class="codicon codicon-file-binary" aria-hidden="true"></i><span>The body is ${escapeHtml(formatBytes(exchange.sizeBytes))}: too big to show here.</span>${OPEN_BODY_BUTTON}</div>`,
      offerEditor: true,
    };
  }
  // Not parsed at all when it would not be drawn as a tree (its getter would parse it).
  if (tooLargeToDraw(exchange)) return boundedContent(exchange.bodyText, { ok: false }, true, /^\s*[[{]/.test(exchange.bodyText) ? treeRefused() : undefined);
  // A body the exchange kept as text because of its depth is not parsed here either.
  const parsed = exchange.body !== undefined ? { ok: true as const, value: exchange.body } : exchange.bodyNote ? { ok: false as const } : tryParse(exchange.bodyText, exchange.truncated);
  const deepNote = exchange.bodyNote ? inlineNote('info', exchange.bodyNote, 'body-note') : '';
  // No text, with a note: history did not keep this body, and says why.
  if (exchange.bodyText.length === 0 && !parsed.ok) return { html: deepNote || `<p class="muted empty" id="body" data-testid="body" data-format="empty">(empty body)</p>`, offerEditor: false };
  const view = boundedContent(exchange.bodyText, parsed, true);
  return { html: deepNote + view.html, offerEditor: view.offerEditor };
}

function bodyBlock(exchange: HttpExchange, view: BodyView): string {
  const size = `${formatBytes(exchange.sizeBytes)}${exchange.truncated ? ', truncated' : ''}`;
  // A body history did not keep (its text empty, its note saying why) has nothing "first" to show.
  const truncatedNote = exchange.truncated && !(exchange.bodyText.length === 0 && exchange.bodyNote)
    ? `<p class="callout-inline warn"><i class="codicon codicon-warning" aria-hidden="true"></i>Only the first ${escapeHtml(formatBytes(byteLength(exchange.bodyText)))} of ${escapeHtml(formatBytes(exchange.sizeBytes))} were kept.</p>`
    : '';
  return `<details class="section body" open>
<summary><i class="codicon codicon-json" aria-hidden="true"></i>Response body <span class="count">${escapeHtml(size)}</span></summary>
${truncatedNote}${view.html}
</details>`;
}

function inlineNote(kind: 'info' | 'warn', text: string, testId: string, extra = ''): string {
  return `<p class="callout-inline${kind === 'warn' ? ' warn' : ''}" data-testid="${testId}"><i class="codicon codicon-${kind === 'warn' ? 'warning' : 'info'}" aria-hidden="true"></i><span>${escapeHtml(text)}</span>${extra}</p>`;
}

/**
 * A body as a JSON tree when it is JSON and the tree fits the budget (RENDER_LIMITS); otherwise as
 * escaped text, cut at MAX_TEXT_CHARS. `isResponse`: the element is the response's #body, and a
 * body not shown whole offers "Open body in editor".
 */
function boundedContent(text: string, parsed: { ok: true; value: unknown } | { ok: false }, isResponse: boolean, why?: string): BodyView {
  const ids = isResponse ? ' id="body" data-testid="body"' : '';
  if (parsed.ok) {
    const tree = renderJsonWithin(parsed.value, { nodes: RENDER_LIMITS.MAX_TREE_NODES, chars: treeHtmlBudget(text.length) });
    if (tree !== undefined) return { html: `<div class="json"${ids} data-format="json">${tree}</div>`, offerEditor: false };
    why = treeRefused();
  }
  const cut = text.length > RENDER_LIMITS.MAX_TEXT_CHARS;
  const shown = cut ? text.slice(0, RENDER_LIMITS.MAX_TEXT_CHARS) : text;
  const cutNote = cut ? `Only its first ${formatBytes(RENDER_LIMITS.MAX_TEXT_CHARS)} are shown here.` : undefined;
  const offerEditor = isResponse && (why !== undefined || cut);
  const note = why || cutNote ? inlineNote('info', [why, cutNote].filter(Boolean).join(' '), isResponse ? 'body-as-text' : 'request-body-as-text', offerEditor ? OPEN_BODY_BUTTON : '') : '';
  return { html: `${note}<pre class="text"${ids} data-format="text"${cut ? ' data-cut="true"' : ''}>${escapeHtml(shown)}</pre>`, offerEditor };
}

/** Header values never shown: credentials. `authorization` is always "Bearer ***". */
const SECRET_HEADERS = new Set(['proxy-authorization', 'cookie', 'x-api-key', 'api-key']);

function headerValue(name: string, value: string, isRequest: boolean): string {
  const lower = name.toLowerCase();
  if (isRequest && lower === 'authorization') return 'Bearer ***';
  if (isRequest && SECRET_HEADERS.has(lower)) return '***';
  return value;
}

function headersBlock(id: string, title: string, headers: Record<string, string>, isRequest: boolean): string {
  const entries = Object.entries(headers).sort(([a], [b]) => a.localeCompare(b));
  const rows = entries
    .map(([name, value]) => `<tr data-header="${escapeHtml(name.toLowerCase())}"><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(headerValue(name, String(value), isRequest))}</td></tr>`)
    .join('');
  return `<details class="section headers" id="${id}" data-testid="${id}">
<summary><i class="codicon codicon-${isRequest ? 'arrow-up' : 'arrow-down'}" aria-hidden="true"></i>${escapeHtml(title)} <span class="count">${entries.length}</span></summary>
${entries.length ? `<table class="kv"><tbody>${rows}</tbody></table>` : '<p class="muted empty">(none)</p>'}
</details>`;
}

function requestBodyBlock(body: string): string {
  const parsed = tryParse(body, false);
  const content = parsed.ok || body ? boundedContent(body, parsed, false).html : '<p class="muted empty">(empty body)</p>';
  return `<details class="section request-body" id="request-body" data-testid="request-body">
<summary><i class="codicon codicon-file-code" aria-hidden="true"></i>Request body <span class="count">${escapeHtml(formatBytes(byteLength(body)))}</span></summary>
${content}
</details>`;
}

// ---------------------------------------------------------------------------------------------
// JSON rendering: escaped spans, folding with nested <details open>

function tryParse(text: string, truncated: boolean): { ok: true; value: unknown } | { ok: false } {
  if (truncated || !/^\s*[[{"\d\-tfn]/.test(text) || nestsDeeperThan(text)) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Renders a JSON value as highlighted, escaped HTML (classes j-key, j-string, j-number, j-boolean, j-null). */
export function renderJson(value: unknown): string {
  return renderJsonWithin(value, { nodes: Infinity, chars: Infinity })!;
}

interface TreeBudget {
  /** Values left to draw. */
  nodes: number;
  /** HTML characters left to write. */
  chars: number;
}

/** Thrown (and caught by renderJsonWithin) when the tree would exceed its budget. */
class OverBudget {}

/**
 * The tree's HTML, or undefined when the value has more than `budget.nodes` values or its HTML
 * would exceed `budget.chars`. The values are counted first (cheaply: an array's length counts all
 * its items at once), so a huge array is refused before any HTML is written for it.
 */
export function renderJsonWithin(value: unknown, budget: TreeBudget): string | undefined {
  if (countValuesUpTo(value, budget.nodes) > budget.nodes) return undefined;
  const out = new TreeOutput(budget.chars);
  try {
    renderEntry(out, undefined, value, true, 0);
  } catch (error) {
    if (error instanceof OverBudget) return undefined;
    throw error;
  }
  return out.parts.join('');
}

/** The HTML parts of a tree, and the characters still allowed. */
class TreeOutput {
  readonly parts: string[] = [];
  constructor(private charsLeft: number) {}
  /** Gives up before escaping a string that could not fit anyway (escaping only makes it longer). */
  reserve(length: number): void {
    if (length > this.charsLeft) throw new OverBudget();
  }
  push(html: string): void {
    this.charsLeft -= html.length;
    if (this.charsLeft < 0) throw new OverBudget();
    this.parts.push(html);
  }
}

/** The number of values in a JSON value, counting no further than just past `limit` (iterative). */
function countValuesUpTo(root: unknown, limit: number): number {
  let count = 1;
  const pending: unknown[] = [root];
  while (pending.length && count <= limit) {
    const value = pending.pop();
    if (value === null || typeof value !== 'object') continue;
    const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
    count += children.length;
    if (count > limit) break;
    for (const child of children) if (child !== null && typeof child === 'object') pending.push(child);
  }
  return count;
}

function scalar(value: unknown): string {
  if (value === null) return '<span class="j-null">null</span>';
  switch (typeof value) {
    case 'string':
      return `<span class="j-string">${escapeHtml(JSON.stringify(value))}</span>`;
    case 'number':
      return `<span class="j-number">${escapeHtml(Number.isFinite(value) ? String(value) : 'null')}</span>`;
    case 'bigint':
      return `<span class="j-number">${escapeHtml(String(value))}</span>`;
    case 'boolean':
      return `<span class="j-boolean">${value}</span>`;
    default:
      return '<span class="j-null">null</span>';
  }
}

function renderEntry(out: TreeOutput, key: string | undefined, value: unknown, last: boolean, depth: number): void {
  // A string longer than the text view shows is no tree material: the body is then shown as text.
  const stringLength = (key?.length ?? 0) + (typeof value === 'string' ? value.length : 0);
  if (stringLength > RENDER_LIMITS.MAX_TEXT_CHARS) throw new OverBudget();
  out.reserve(stringLength);
  const keyHtml = key !== undefined ? `<span class="j-key">${escapeHtml(JSON.stringify(key))}</span><span class="j-punct">: </span>` : '';
  const comma = last ? '' : '<span class="j-punct">,</span>';
  if (value === null || typeof value !== 'object') {
    out.push(`<div class="j-line">${keyHtml}${scalar(value)}${comma}</div>`);
    return;
  }
  const isArray = Array.isArray(value);
  const entries: [string | undefined, unknown][] = isArray ? (value as unknown[]).map((v) => [undefined, v]) : Object.entries(value as Record<string, unknown>);
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    out.push(`<div class="j-line">${keyHtml}<span class="j-punct">${open}${close}</span>${comma}</div>`);
    return;
  }
  if (depth >= MAX_JSON_DEPTH) {
    out.push(`<div class="j-line">${keyHtml}<span class="j-deep">${escapeHtml(JSON.stringify(value))}</span>${comma}</div>`);
    return;
  }
  const children = () => {
    entries.forEach(([k, v], i) => renderEntry(out, k, v, i === entries.length - 1, depth + 1));
  };
  if (entries.length > FOLD_THRESHOLD) {
    const count = `${entries.length} ${isArray ? (entries.length === 1 ? 'item' : 'items') : entries.length === 1 ? 'key' : 'keys'}`;
    out.push(`<details class="j-fold ${isArray ? 'j-array' : 'j-object'}${last ? '' : ' j-comma'}" open><summary class="j-line">${keyHtml}<span class="j-punct j-open">${open}</span><span class="j-count">${count}</span></summary><div class="j-children">`);
    children();
    out.push(`</div><div class="j-line j-close"><span class="j-punct">${close}</span>${comma}</div></details>`);
  } else {
    out.push(`<div class="j-block"><div class="j-line">${keyHtml}<span class="j-punct">${open}</span></div><div class="j-children">`);
    children();
    out.push(`</div><div class="j-line j-close"><span class="j-punct">${close}</span>${comma}</div></div>`);
  }
}

// ---------------------------------------------------------------------------------------------
// Formatting helpers

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${trim(bytes / 1024)} KB`;
  return `${trim(bytes / (1024 * 1024))} MB`;
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 100) return `${trim(ms)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${trim(ms / 1000, 2)} s`;
}

function trim(n: number, digits = 1): string {
  return n.toFixed(n >= 100 ? 0 : digits).replace(/\.0+$/, '');
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

function providerLabel(id: string): string {
  return id ? id.charAt(0).toUpperCase() + id.slice(1) : '—';
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function timeOf(iso: string): string | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date.toLocaleTimeString();
}
