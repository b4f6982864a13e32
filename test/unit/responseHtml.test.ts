import { strict as assert } from 'node:assert';
import type { HttpExchange, ResponseSummary, SendOutcome } from '../../src/core/send/types';
import { escapeHtml, formatBytes, renderResponseHtml, type ResponseViewModel, type ResponseViewResources } from '../../src/vscode/responseView/html';

const RESOURCES: ResponseViewResources = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'bm9uY2Utb2YtdGhlLXRlc3Q=',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/response.css',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/response.js',
  codiconsUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/codicons/codicon.css',
};

const URL_ = 'http://127.0.0.1:7357/ignisign/v3/signature-requests/sr_draft_1';

function exchange(overrides: Partial<HttpExchange> = {}): HttpExchange {
  const body = overrides.body ?? { _id: 'sr_draft_1', status: 'DRAFT', title: 'NDA', signerIds: ['signer-a'] };
  const bodyText = overrides.bodyText ?? JSON.stringify(body);
  return {
    method: 'PUT',
    url: URL_,
    requestHeaders: { authorization: 'Bearer ***', 'content-type': 'application/json', accept: 'application/json' },
    requestBody: '{"title":"NDA"}',
    status: 200,
    statusText: 'OK',
    responseHeaders: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'req-1' },
    bodyText,
    body,
    sizeBytes: bodyText.length,
    truncated: false,
    timings: { dnsMs: 1.2, connectMs: 3.4, firstByteMs: 18.5, downloadMs: 0.7, totalMs: 19.2 },
    ...overrides,
  };
}

function outcome(ex: HttpExchange | undefined, overrides: Partial<SendOutcome> = {}): SendOutcome {
  const status = ex?.status ?? null;
  return {
    ok: status !== null && status >= 200 && status < 300,
    status,
    durationMs: 42,
    request: { method: 'PUT', url: URL_, environment: 'local-sandbox', provider: 'ignisign', targetId: 'sr_draft_1', body: '{"title":"NDA"}' },
    exchange: ex,
    notes: [],
    startedAt: '2025-01-01T10:00:00.000Z',
    ...overrides,
  };
}

function render(partial: Partial<ResponseViewModel> & { outcome: SendOutcome }): string {
  return renderResponseHtml({ fileLabel: 'nda.ignisign.json', renderBody: true, ...partial }, RESOURCES);
}

/** The opening tag of the element with this id. */
function tagWithId(html: string, id: string): string {
  const match = new RegExp(`<[a-z]+[^>]*\\bid="${id}"[^>]*>`).exec(html);
  assert.ok(match, `an element with id="${id}"`);
  return match[0];
}

/** The text of the element with this id, up to its closing tag (for leaf elements). */
function textOf(html: string, id: string): string {
  const match = new RegExp(`<([a-z]+)[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  assert.ok(match, `an element with id="${id}"`);
  return match[2].replace(/<[^>]+>/g, '').trim();
}

const IGNISIGN_SUMMARY: ResponseSummary = {
  title: 'Signature request sr_draft_1',
  fields: [
    { label: 'Status', value: 'DRAFT' },
    { label: 'Title', value: 'NDA' },
    { label: 'Signers', value: '1 id(s)' },
  ],
  drift: [],
};

describe('response view HTML', () => {
  it('renders a successful Ignisign-like outcome: status 200 in green, summary fields, timings', () => {
    const html = render({ outcome: outcome(exchange()), summary: IGNISIGN_SUMMARY });
    assert.match(tagWithId(html, 'status'), /class="[^"]*\bstatus-success\b/);
    assert.equal(textOf(html, 'status'), '200 OK');
    assert.match(html, /id="summary"/);
    assert.match(html, /Signature request sr_draft_1/);
    for (const field of IGNISIGN_SUMMARY.fields) {
      assert.match(html, new RegExp(`data-field="${field.label}"><dt>${field.label}</dt><dd>${escapeHtml(field.value).replace(/[()]/g, '\\$&')}</dd>`));
    }
    // Timings: total, the phases that happened, "—" for the ones that did not (no TLS on http).
    assert.match(html, /data-phase="dns"><th scope="row">DNS<\/th><td class="num">1\.2 ms</);
    assert.match(html, /data-phase="connect"><th scope="row">Connect<\/th><td class="num">2\.2 ms</);
    assert.match(html, /data-phase="tls"><th scope="row">TLS<\/th><td class="num">—</);
    assert.match(html, /data-phase="firstByte"><th scope="row">First byte<\/th><td class="num">15\.1 ms</);
    assert.match(html, /data-phase="download"><th scope="row">Download<\/th><td class="num">0\.7 ms</);
    assert.match(html, /data-phase="total"><th scope="row">Request<\/th><td class="num">19\.2 ms</);
    assert.match(html, /id="total-time"[^>]*>[\s\S]*?42 ms/);
    // Body highlighted as JSON, request line, actions.
    assert.match(html, /id="body"[^>]*data-format="json"/);
    assert.match(html, /<span class="j-key">&quot;status&quot;<\/span>/);
    assert.match(html, /<span class="j-string">&quot;DRAFT&quot;<\/span>/);
    assert.match(html, /<span class="method">PUT<\/span><span class="url" id="url">http:\/\/127\.0\.0\.1:7357\/ignisign/);
    assert.match(html, /local-sandbox/);
    for (const action of ['resend', 'copyBody', 'saveBody', 'copyCurl']) assert.match(html, new RegExp(`data-action="${action}"`));
    assert.doesNotMatch(html, /data-action="openBody"/);
    assert.doesNotMatch(html, /id="error"/);
  });

  it('highlights numbers, booleans and null, and folds large objects and arrays with <details open>', () => {
    const body = { count: 3, active: true, gone: null, items: [1, 2, 3, 4, 5], small: { a: 1 } };
    const html = render({ outcome: outcome(exchange({ body, bodyText: JSON.stringify(body) })) });
    assert.match(html, /<span class="j-number">3<\/span>/);
    assert.match(html, /<span class="j-boolean">true<\/span>/);
    assert.match(html, /<span class="j-null">null<\/span>/);
    assert.match(html, /<details class="j-fold j-object" open><summary class="j-line"><span class="j-punct j-open">\{/, 'the root object (5 keys) folds');
    assert.match(html, /<details class="j-fold j-array j-comma" open><summary class="j-line"><span class="j-key">&quot;items&quot;<\/span>/);
    assert.doesNotMatch(html, /<details[^>]*><summary[^>]*><span class="j-key">&quot;small&quot;/, 'a one-key object does not fold');
  });

  it('shows 4xx in orange and 5xx in red', () => {
    const warn = render({ outcome: outcome(exchange({ status: 404, statusText: 'Not Found' })) });
    assert.match(tagWithId(warn, 'status'), /\bstatus-warning\b/);
    assert.equal(textOf(warn, 'status'), '404 Not Found');
    const fail = render({ outcome: outcome(exchange({ status: 503, statusText: '' })) });
    assert.match(tagWithId(fail, 'status'), /\bstatus-failure\b/);
    assert.equal(textOf(fail, 'status'), '503 Service Unavailable');
  });

  it('renders a 400 with its explanation: code, meaning, what to change and "Go to field" buttons', () => {
    const body = { code: 'BODY_VALIDATION_FAILED', message: 'invalid body', context: { errors: [{ path: '/signerIds/0', message: 'must be string' }] } };
    const ex = exchange({ status: 400, statusText: 'Bad Request', body, bodyText: JSON.stringify(body) });
    const summary: ResponseSummary = {
      title: 'Error 400 · BODY_VALIDATION_FAILED',
      fields: [],
      drift: [],
      explanation: { code: 'BODY_VALIDATION_FAILED', meaning: 'The API refused the body.', whatToChange: 'Fix the fields listed below.', paths: ['/signerIds/0', '/title'] },
    };
    const html = render({ outcome: outcome(ex, { error: { kind: 'http', message: 'The API answered 400 Bad Request.' } }), summary });
    assert.match(tagWithId(html, 'status'), /\bstatus-warning\b/);
    assert.match(html, /id="explanation"/);
    assert.match(html, /id="error-code"[^>]*>BODY_VALIDATION_FAILED</);
    assert.match(html, /data-testid="meaning">The API refused the body\.</);
    assert.match(html, /data-testid="what-to-change">Fix the fields listed below\.</);
    assert.match(html, /<button[^>]*data-path="\/signerIds\/0"[^>]*>[\s\S]*?Go to field \/signerIds\/0<\/button>/);
    assert.match(html, /<button[^>]*data-path="\/title"[^>]*>[\s\S]*?Go to field \/title<\/button>/);
    assert.doesNotMatch(html, /id="error"/, 'the explanation says it; no generic error block');
  });

  it('renders an outcome with only an error (timeout) as an error block with message and hint', () => {
    const html = render({
      outcome: outcome(undefined, { error: { kind: 'timeout', message: 'No answer from 127.0.0.1:7357 within 30 s.', hint: 'Raise esignDrafts.timeout for slow networks.' } }),
    });
    assert.match(tagWithId(html, 'status'), /\bstatus-failure\b/);
    assert.match(tagWithId(html, 'status'), /data-kind="timeout"/);
    assert.match(textOf(html, 'status'), /Timeout/);
    assert.match(tagWithId(html, 'error'), /data-kind="timeout"/);
    assert.match(html, /data-testid="error-message">No answer from 127\.0\.0\.1:7357 within 30 s\.</);
    assert.match(html, /Raise esignDrafts\.timeout for slow networks\./);
    assert.doesNotMatch(html, /id="body"/);
    assert.doesNotMatch(html, /id="timings"/);
    assert.match(html, /id="request-body"/, 'the request body is still there (collapsed)');
    assert.doesNotMatch(tagWithId(html, 'request-body'), /\bopen\b/);
  });

  it('lists notes', () => {
    const html = render({ outcome: outcome(exchange(), { notes: ['The token was outdated: renewed it and sent again (once).'] }) });
    assert.match(html, /id="notes"[\s\S]*The token was outdated: renewed it and sent again \(once\)\./);
  });

  it('escapes everything that comes from the response: body, headers, status text, messages, summary', () => {
    const evil = {
      '<script>alert(1)</script>': '<img src=x onerror=alert(1)>',
      '</style><style>body{display:none}': 'javascript:alert(1)',
      link: '<a href="javascript:alert(1)">x</a>',
      "quote'\"": '&amp;',
      nested: { a: '<script>alert(2)</script>', b: 1, c: 2, d: 3 },
    };
    const bodyText = JSON.stringify(evil);
    const ex = exchange({
      status: 400,
      statusText: '<script>alert(3)</script>',
      url: 'javascript:alert(4)',
      body: evil,
      bodyText,
      responseHeaders: { 'x-<script>': '<img src=x onerror=alert(5)>', location: 'javascript:alert(6)', 'x-style': '</style><script>alert(7)</script>' },
    });
    const summary: ResponseSummary = {
      title: '<script>alert(8)</script>',
      fields: [{ label: '<img src=x onerror=alert(9)>', value: '</style>"><script>alert(10)</script>' }],
      drift: [{ path: '/<script>', message: '<img src=x onerror=alert(11)>' }],
      explanation: { code: '<b>', meaning: '<img src=x onerror=alert(12)>', whatToChange: 'javascript:alert(13)', paths: ['/"><script>alert(14)</script>'] },
    };
    const outcomes: SendOutcome[] = [
      outcome(ex, { error: { kind: 'http', message: '<script>alert(15)</script>' }, notes: ['<img src=x onerror=alert(16)>'] }),
      outcome(undefined, { error: { kind: 'network', message: '<script>alert(17)</script>', hint: '<img src=x onerror=alert(18)>' }, request: { method: 'PUT', url: 'javascript:alert(19)', environment: '<script>', provider: '<img>', targetId: '"><script>', body: '</style><script>alert(20)</script>' } }),
      outcome(exchange({ body: undefined, bodyText: '<html><script>alert(21)</script><img src=x onerror=alert(22)></html>', responseHeaders: { 'content-type': 'text/html' } })),
    ];
    for (const o of outcomes) {
      const html = renderResponseHtml({ outcome: o, summary, fileLabel: '<script>alert(23)</script>.ignisign.json', renderBody: true }, RESOURCES);
      const scripts = html.match(/<script\b/gi) ?? [];
      assert.equal(scripts.length, 1, 'only the nonce script');
      assert.match(html, new RegExp(`<script nonce="${RESOURCES.nonce}" src="${RESOURCES.scriptUri.replace(/[.+]/g, '\\$&')}"></script>`));
      assert.doesNotMatch(html, /onerror=/i);
      assert.doesNotMatch(html, /<img\b/i);
      assert.doesNotMatch(html, /<\/style>/i);
      assert.doesNotMatch(html, /<style\b/i);
      assert.doesNotMatch(html, /<a\b/i);
      assert.doesNotMatch(html, /<b>/);
      assert.doesNotMatch(html, /(href|src|action|formaction|style)="?\s*javascript:/i);
      assert.doesNotMatch(html, /\sstyle=/i);
      assert.doesNotMatch(html, /\son[a-z]+=/i);
      // Only our two stylesheets are URL attributes.
      const urls = [...html.matchAll(/\b(href|src)="([^"]*)"/g)].map((m) => m[2]);
      assert.deepEqual(urls.sort(), [RESOURCES.codiconsUri, RESOURCES.scriptUri, RESOURCES.styleUri].sort());
      assert.match(html, /&lt;script&gt;alert\(/, 'the hostile text is shown, escaped');
      assert.match(html, /&lt;img src&#61;x onerror&#61;alert\(/);
    }
    const first = renderResponseHtml({ outcome: outcomes[0], summary, fileLabel: 'x.ignisign.json', renderBody: true }, RESOURCES);
    assert.ok(first.includes(escapeHtml(JSON.stringify('</style><style>body{display:none}'))), 'a hostile key');
    assert.ok(first.includes('&quot;javascript:alert(1)&quot;'), 'a javascript: value, as text');
    assert.ok(first.includes('&lt;a href&#61;\\&quot;javascript:alert(1)\\&quot;&gt;x&lt;/a&gt;'), 'a link in a value, as text');
    assert.ok(first.includes('&quot;quote&#39;\\&quot;&quot;'), 'quotes in keys');
    assert.ok(first.includes('400 &lt;script&gt;alert(3)&lt;/script&gt;'), 'status text');
    assert.ok(first.includes('&lt;img src&#61;x onerror&#61;alert(5)&gt;'), 'a header value');
    assert.ok(first.includes('&lt;/style&gt;&lt;script&gt;alert(7)&lt;/script&gt;'), 'a header value closing a style');
    assert.ok(first.includes('data-field="&lt;img src&#61;x onerror&#61;alert(9)&gt;"'), 'a summary label in data-field');
    assert.ok(first.includes('data-path="/&quot;&gt;&lt;script&gt;alert(14)&lt;/script&gt;"'), 'an explanation path in data-path');
    assert.ok(first.includes(escapeHtml('<img src=x onerror=alert(16)>')), 'a note');
    assert.equal(escapeHtml(`&<>"'=`), '&amp;&lt;&gt;&quot;&#39;&#61;');
  });

  it('has a strict CSP with the nonce and without unsafe-inline', () => {
    const html = render({ outcome: outcome(exchange()) });
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    assert.ok(meta, 'a CSP meta');
    assert.equal(
      meta[1],
      `default-src 'none'; style-src ${RESOURCES.cspSource}; font-src ${RESOURCES.cspSource}; script-src 'nonce-${RESOURCES.nonce}'; img-src ${RESOURCES.cspSource}`.replace(/'/g, '&#39;'),
    );
    assert.doesNotMatch(html, /unsafe-inline/);
    assert.doesNotMatch(html, /unsafe-eval/);
    assert.match(html, /<link rel="stylesheet" href="[^"]*codicon\.css">/);
  });

  it('without renderBody, offers "Open body in editor" and renders no body', () => {
    const big = 'x'.repeat(64);
    const html = render({ outcome: outcome(exchange({ body: undefined, bodyText: big, sizeBytes: 6 * 1024 * 1024 })), renderBody: false });
    assert.match(html, /<button[^>]*data-action="openBody"/);
    assert.match(html, /Open body in editor/);
    assert.match(html, /6 MB/);
    assert.doesNotMatch(html, /id="body"/);
    assert.ok(!html.includes(big), 'the body text is not in the page');
  });

  it('lists API drift entries with a warning icon', () => {
    const summary: ResponseSummary = {
      ...IGNISIGN_SUMMARY,
      drift: [
        { path: '/newField', message: 'a field the documented response does not have' },
        { path: '/status', message: 'the value "ARCHIVED" is not among the documented ones (DRAFT, OPEN)' },
      ],
    };
    const html = render({ outcome: outcome(exchange()), summary });
    const drift = /<details[^>]*id="drift"[\s\S]*?<\/details>/.exec(html)?.[0];
    assert.ok(drift, 'a drift section');
    assert.match(drift, /codicon-warning/);
    assert.match(drift, /<span><code>\/newField<\/code>: a field the documented response does not have/);
    assert.match(drift, /<code>\/status<\/code>: the value &quot;ARCHIVED&quot; is not among the documented ones \(DRAFT, OPEN\)/);
  });

  it('never shows an authorization request header as anything but "Bearer ***"', () => {
    const leaky = exchange({ requestHeaders: { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.secret.sig', authorization: 'Basic dXNlcjpwYXNz', 'content-type': 'application/json' } });
    const html = render({ outcome: outcome(leaky) });
    assert.ok(!html.includes('eyJhbGciOiJIUzI1NiJ9'), 'no token');
    assert.ok(!html.includes('dXNlcjpwYXNz'), 'no basic credentials');
    const rows = [...html.matchAll(/<tr data-header="authorization"><th scope="row">[^<]*<\/th><td>([^<]*)<\/td><\/tr>/g)].map((m) => m[1]);
    assert.deepEqual(rows, ['Bearer ***', 'Bearer ***']);
  });

  it('shows a pending send with progress and disabled actions', () => {
    const html = render({ outcome: outcome(exchange()), pending: true });
    assert.match(tagWithId(html, 'status'), /\bstatus-pending\b/);
    assert.match(textOf(html, 'status'), /Sending/);
    assert.match(html, /<button[^>]*data-action="resend"[^>]*disabled/);
    assert.doesNotMatch(html, /id="body"/);
  });

  it('reports size in human units and says when the body was truncated', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(2048), '2 KB');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(5 * 1024 * 1024), '5 MB');
    const html = render({ outcome: outcome(exchange({ body: undefined, bodyText: '{"a":', sizeBytes: 30 * 1024 * 1024, truncated: true })) });
    assert.match(html, /id="size"[^>]*>[\s\S]*?30 MB[\s\S]*?truncated/);
    assert.match(html, /id="body"[^>]*data-format="text"/);
  });
});
