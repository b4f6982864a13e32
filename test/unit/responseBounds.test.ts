/**
 * Answers that used to take the extension or the CLI down: a 4.8 MB `[0,0,…]` (209 MB of HTML,
 * the host blocked for 19 s) and a body nested 5000 levels deep (stack overflow after a
 * successful PUT). What is rendered and parsed is bounded by counts and sizes, asserted here.
 */
import { strict as assert } from 'node:assert';
import { MAX_RESPONSE_DEPTH, nestsDeeperThan } from '../../src/core/send/responseDepth';
import { ReceivedExchange } from '../../src/core/send/receivedExchange';
import type { HttpExchange, SendOutcome } from '../../src/core/send/types';
import { RENDER_LIMITS, renderResponseHtml } from '../../src/vscode/responseView/html';

const RESOURCES = { cspSource: 'vscode-resource:', nonce: 'bm9uY2U=', styleUri: 'style.css', scriptUri: 'response.js', codiconsUri: 'codicon.css' };
/** The page around the body (header, timings, headers, request body) stays well under this. */
const CHROME_CHARS = 32 * 1024;

function received(bodyText: string, contentType = 'application/json'): ReceivedExchange {
  return new ReceivedExchange('PUT', 'http://127.0.0.1:1/v3/signature-requests/x', {}, '{"title":"t"}', 200, 'OK', { 'content-type': [contentType] }, bodyText, Buffer.byteLength(bodyText), false, { totalMs: 1 });
}

function outcomeOf(exchange: HttpExchange): SendOutcome {
  return {
    ok: true,
    status: 200,
    durationMs: 1,
    request: { method: 'PUT', url: exchange.url, environment: 'peer', provider: 'ignisign', targetId: 'x', body: '{"title":"t"}' },
    exchange,
    notes: [],
    startedAt: '2025-01-01T10:00:00.000Z',
  };
}

function render(exchange: HttpExchange): string {
  return renderResponseHtml({ outcome: outcomeOf(exchange), fileLabel: 'x.ignisign.json', renderBody: true }, RESOURCES);
}

/** Elements in the page (opening tags): what the webview's DOM has to build. */
function elementCount(html: string): number {
  return html.match(/<[a-z]/g)?.length ?? 0;
}

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('response bounds: depth of answers', () => {
  it('measures nesting from the raw text, ignoring brackets inside strings and escaped quotes', () => {
    assert.equal(nestsDeeperThan(nested(100), 100), false);
    assert.equal(nestsDeeperThan(nested(101), 100), true);
    assert.equal(nestsDeeperThan(`{"a":"${'['.repeat(500)}"}`, 100), false, 'brackets in a string do not count');
    assert.equal(nestsDeeperThan(`["\\"${'{'.repeat(500)}"]`, 100), false, 'an escaped quote does not end the string');
    assert.equal(nestsDeeperThan(`[{"a":[1,2,{"b":[]}]}, ${nested(3)}]`, 3), true);
    assert.equal(MAX_RESPONSE_DEPTH, 100);
  });

  it('keeps a 5000-deep answer as text with a note; stringifying the exchange (history, CLI) does not throw', () => {
    const exchange = received(nested(5000));
    assert.equal(exchange.body, undefined, 'not parsed');
    assert.match(exchange.bodyNote ?? '', /nests more than 100 levels deep: it is kept as text, not parsed/);
    const copy = JSON.parse(JSON.stringify(exchange));
    assert.equal(copy.bodyText, nested(5000));
    assert.equal(copy.body, undefined);
    assert.match(copy.bodyNote, /100 levels/);
  });

  it('still parses an answer exactly at the limit, with no note', () => {
    const exchange = received(nested(MAX_RESPONSE_DEPTH));
    assert.ok(Array.isArray(exchange.body));
    assert.equal(exchange.bodyNote, undefined);
    assert.equal(received('{"_id":"x"}').bodyNote, undefined);
  });

  it('shows a too-deep answer as text with the note, in the view too (text/plain labelled bodies are not parsed either)', () => {
    for (const contentType of ['application/json', 'text/plain']) {
      const html = render(received(nested(5000), contentType));
      assert.match(html, /id="body"[^>]*data-format="text"/, contentType);
      if (contentType === 'application/json') assert.match(html, /data-testid="body-note"[\s\S]*?100 levels deep/);
    }
  });
});

describe('response bounds: size of the rendered view', () => {
  it('renders the 4.8 MB [0,0,…] body as capped text: HTML and element count bounded, "Open body in editor" offered', () => {
    const text = `[${new Array(2_400_000).fill('0').join(',')}]`;
    assert.ok(text.length > 4.5 * 1024 * 1024 && text.length < 5 * 1024 * 1024);
    const exchange = received(text);
    assert.equal((exchange.body as unknown[]).length, 2_400_000, 'parsed (not too deep)');
    const html = render(exchange);
    assert.ok(html.length <= RENDER_LIMITS.MAX_TEXT_CHARS + CHROME_CHARS, `HTML ${html.length} chars (was 209 MB)`);
    assert.ok(elementCount(html) <= 300, `${elementCount(html)} elements`);
    assert.match(html, /id="body"[^>]*data-format="text"[^>]*data-cut="true"/);
    assert.match(html, /data-testid="body-as-text"[\s\S]*?too large to draw as a tree/);
    assert.match(html, /data-testid="action-openBody"/, 'the header offers the body in an editor');
    assert.match(html, /data-testid="action-openBody-inline"/);
  });

  it('bounds the body HTML linearly by the body size, whatever its shape (numbers, hostile strings, wide objects, text)', () => {
    const shapes: [string, (n: number) => string][] = [
      ['array of zeros', (n) => JSON.stringify(new Array(n).fill(0))],
      ['quotes and ampersands', (n) => JSON.stringify(new Array(n).fill('"&"<>')),],
      ['wide object', (n) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i % 3 === 0 ? null : [i, true]])))],
      ['plain text', (n) => '"<&>" '.repeat(n)],
    ];
    for (const [name, make] of shapes) {
      for (const n of [1, 10, 1_000, 20_000, 200_000]) {
        const text = make(n);
        const html = render(received(text, name === 'plain text' ? 'text/plain' : 'application/json'));
        const bound = Math.min(RENDER_LIMITS.MAX_TREE_HTML_CHARS, RENDER_LIMITS.TREE_HTML_PER_CHAR * text.length + RENDER_LIMITS.TREE_HTML_BASE) + CHROME_CHARS;
        assert.ok(html.length <= bound, `${name} × ${n}: ${html.length} HTML chars for ${text.length} body chars (bound ${bound})`);
        assert.ok(elementCount(html) <= 6 * RENDER_LIMITS.MAX_TREE_NODES + 300, `${name} × ${n}: ${elementCount(html)} elements`);
      }
    }
  });

  it('does not even parse a body too large to draw (the parse alone blocked the host): its body is never read', () => {
    const text = `[${new Array(2_400_000).fill('0').join(',')}]`;
    let reads = 0;
    const exchange = received(text);
    const counting: HttpExchange = {
      ...exchange,
      responseHeaders: exchange.responseHeaders,
      get body() {
        reads++;
        return exchange.body;
      },
      get bodyNote() {
        reads++;
        return exchange.bodyNote;
      },
    };
    const html = render(counting);
    assert.equal(reads, 0, 'neither body nor bodyNote was read');
    assert.match(html, /too large to draw as a tree/);
    // Under the limits, the body is read (and drawn) as before.
    const small = received('[1,2,3]');
    let smallReads = 0;
    render({
      ...small,
      responseHeaders: small.responseHeaders,
      get body() {
        smallReads++;
        return small.body;
      },
    });
    assert.ok(smallReads > 0);
  });

  it('still draws a JSON body of ordinary size as a tree, and offers no editor for it', () => {
    const html = render(received(JSON.stringify({ _id: 'x', signerIds: Array.from({ length: 500 }, (_, i) => `s${i}`) })));
    assert.match(html, /<div class="json" id="body" data-testid="body" data-format="json">/);
    assert.doesNotMatch(html, /data-action="openBody"/);
  });

  it('shows a long non-JSON body cut at MAX_TEXT_CHARS, saying so and offering the editor', () => {
    const text = 'x'.repeat(RENDER_LIMITS.MAX_TEXT_CHARS + 10);
    const html = render(received(text, 'text/plain'));
    assert.match(html, /data-cut="true"/);
    assert.match(html, /Only its first 128 KB are shown here/);
    assert.match(html, /data-testid="action-openBody"/);
    assert.ok(html.length <= RENDER_LIMITS.MAX_TEXT_CHARS + CHROME_CHARS);
  });
});
