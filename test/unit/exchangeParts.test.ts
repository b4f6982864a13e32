import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { unwatchDeadline, watchDeadline, type HasDeadline } from '../../src/core/send/deadlines';
import { ExchangeAbortSignal } from '../../src/core/send/exchangeAbortSignal';
import { ReceivedExchange, redactHeaders } from '../../src/core/send/receivedExchange';
import { isoTimestamp } from '../../src/core/send/timestamp';
import { decideTrust } from '../../src/core/send/trust';

function entry(inMs: number, fired: string[], name: string): HasDeadline {
  return { deadline: performance.now() + inMs, onDeadline: () => fired.push(name) };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('exchange deadlines (one shared timer)', () => {
  it('ends an exchange whose deadline passes, once, and leaves an unwatched one alone', async () => {
    const fired: string[] = [];
    const due = entry(20, fired, 'due');
    const finished = entry(20, fired, 'finished');
    watchDeadline(due);
    watchDeadline(finished);
    unwatchDeadline(finished);
    await wait(80);
    assert.deepEqual(fired, ['due']);
  });

  it('re-arms for an earlier deadline and keeps later ones watched', async () => {
    const fired: string[] = [];
    const late = entry(1000, fired, 'late');
    const early = entry(20, fired, 'early');
    watchDeadline(late);
    watchDeadline(early);
    await wait(300);
    assert.deepEqual(fired, ['early'], 'the earlier deadline is not held back by the later timer');
    await wait(1000);
    assert.deepEqual(fired, ['early', 'late']);
  });

  it('takes a deadline beyond what a Node timer can hold without firing early', async () => {
    const fired: string[] = [];
    const far = { deadline: performance.now() + 40 * 24 * 3600 * 1000, onDeadline: () => fired.push('far') };
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    watchDeadline(far);
    await wait(30);
    unwatchDeadline(far);
    process.off('warning', onWarning);
    assert.deepEqual(fired, []);
    assert.deepEqual(warnings, [], 'no TimeoutOverflowWarning');
  });

  it('ends the other due exchanges even when one of them throws', async () => {
    const fired: string[] = [];
    const failing = { deadline: performance.now() + 10, onDeadline: () => { throw new Error('boom'); } };
    const other = entry(10, fired, 'other');
    const later = entry(60, fired, 'later');
    const uncaught: unknown[] = [];
    const strays: unknown[] = [];
    const listeners = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', (error) => ((error as Error)?.message === 'boom' ? uncaught : strays).push(error));
    try {
      watchDeadline(failing);
      watchDeadline(other);
      watchDeadline(later);
      await wait(120);
    } finally {
      process.removeAllListeners('uncaughtException');
      for (const listener of listeners) process.on('uncaughtException', listener);
    }
    // Anything else that went uncaught meanwhile is not ours to swallow.
    if (strays.length) throw strays[0];
    assert.equal(uncaught.length, 1, 'the error is reported, not swallowed');
    assert.deepEqual(fired, ['other', 'later'], 'the others due at the same time, and later ones, still end');
  });

  it('never keeps a process alive by itself (a CLI run exits as soon as its work is done)', function () {
    this.timeout(70_000);
    const module = path.resolve(__dirname, '../../src/core/send/deadlines.js');
    const script = `const d = require(${JSON.stringify(module)}); d.watchDeadline({ deadline: performance.now() + 60000, onDeadline() { process.exitCode = 9; } });`;
    // A process kept alive by the watch would end with code 9 at the 60 s deadline, or be
    // killed (status null) by the spawn's own timeout just before it; no time is asserted.
    const run = spawnSync(process.execPath, ['-e', script], { timeout: 55_000 });
    assert.equal(run.status, 0, 'the process ended on its own, before the deadline');
  });
});

describe('exchange abort signal', () => {
  it('is taken by node-fetch as an AbortSignal (its check reads the constructor name)', () => {
    assert.equal(ExchangeAbortSignal.name, 'AbortSignal');
    assert.equal(Object.getPrototypeOf(new ExchangeAbortSignal()).constructor.name, 'AbortSignal');
  });

  it('calls each listener once, and not a removed one', () => {
    const signal = new ExchangeAbortSignal();
    const calls: string[] = [];
    const removed = () => calls.push('removed');
    signal.addEventListener('abort', () => calls.push('kept'));
    signal.addEventListener('abort', removed);
    signal.removeEventListener('abort', removed);
    signal.abort();
    signal.abort();
    assert.equal(signal.aborted, true);
    assert.deepEqual(calls, ['kept']);
  });
});

describe('received exchange', () => {
  const received = () =>
    new ReceivedExchange('PUT', 'http://127.0.0.1:1/x', { authorization: 'Bearer ***' }, '{}', 200, 'OK', { 'Content-Type': ['application/json'], 'Set-Cookie': ['a=1', 'b=2'] }, '{"ok":true}', 11, false, { totalMs: 1 });

  it('reads headers (lower-case, repeated ones joined) and the JSON body when asked', () => {
    const exchange = received();
    assert.deepEqual(exchange.responseHeaders, { 'content-type': 'application/json', 'set-cookie': 'a=1, b=2' });
    assert.deepEqual(exchange.body, { ok: true });
    assert.equal(exchange.body, exchange.body, 'parsed once');
  });

  it('keeps every field through JSON (history)', () => {
    const copy = JSON.parse(JSON.stringify(received()));
    assert.deepEqual(copy.body, { ok: true });
    assert.equal(copy.responseHeaders['content-type'], 'application/json');
    assert.equal(copy.status, 200);
    assert.deepEqual(copy.requestHeaders, { authorization: 'Bearer ***' });
  });

  it('redacts secret headers whatever the case of their names', () => {
    const headers = { Authorization: 'Bearer abc.def', 'X-Api-Key': 'k', accept: 'application/json' };
    assert.deepEqual(redactHeaders(headers), { Authorization: 'Bearer ***', 'X-Api-Key': 'k', accept: 'application/json' });
    assert.deepEqual(redactHeaders(headers, ['authorization', 'X-API-KEY']), { Authorization: 'Bearer ***', 'X-Api-Key': '***', accept: 'application/json' });
  });

  it('leaves a body that is not JSON, or was cut, unparsed', () => {
    const html = new ReceivedExchange('PUT', 'u', {}, '', 500, 'x', { 'content-type': ['text/html'] }, '<html>', 6, false, { totalMs: 1 });
    const cut = new ReceivedExchange('PUT', 'u', {}, '', 200, 'OK', { 'content-type': ['application/json'] }, '{"a":', 99, true, { totalMs: 1 });
    assert.equal(html.body, undefined);
    assert.equal(cut.body, undefined);
  });
});

describe('trust decisions', () => {
  it('takes official and loopback from the URL alone, and honours an approval withdrawn between sends', () => {
    const hosts = ['api.example.test'];
    const approved = new Set(['https://approved.example.test']);
    assert.equal(decideTrust('https://approved.example.test/x', hosts, approved).trusted, true);
    approved.clear();
    assert.equal(decideTrust('https://approved.example.test/x', hosts, approved).trusted, false, 'withdrawn approval is honoured');
    assert.equal(decideTrust('https://api.example.test/v3', hosts, approved).reason, 'official host');
    assert.equal(decideTrust('https://api.example.test/v3', hosts, approved).reason, 'official host');
    assert.equal(decideTrust('http://api.example.test/v3', hosts, approved).trusted, false, 'plain http to the official host is not trusted');
  });
});

describe('outcome timestamps', () => {
  it('match Date#toISOString, across seconds, before 1970 and for every millisecond width', () => {
    const base = Date.UTC(2026, 10, 23, 17, 21, 28);
    const samples = [0, 1, 9, 10, 99, 100, 999, 1000, -1, -1000, -1001, base, base + 5, base + 50, base + 999, base + 1000, base + 86_399_999];
    for (let i = 0; i < 2000; i++) samples.push(base + Math.floor(Math.sin(i) * 1e10));
    for (const t of samples) assert.equal(isoTimestamp(t), new Date(t).toISOString(), String(t));
  });
});
