import { strict as assert } from 'node:assert';
import { stateSummary } from '../../src/core/draft/editorView';
import { failureNotification } from '../../src/core/send/notifications';
import { actionOf, comparisonProblem, historyLabel, replayRequestOf } from '../../src/core/send/replay';
import type { SendOutcome } from '../../src/core/send/types';
import { renderResponseHtml, type ResponseViewModel } from '../../src/vscode/responseView/html';
import { profile } from './lintSupport';

const RESOURCES = { cspSource: 'vscode-resource:', nonce: 'n', styleUri: 's', scriptUri: 'j', codiconsUri: 'c' };
const request = { method: 'GET', url: 'http://127.0.0.1:1/v3/signature-requests/x/context', environment: 'local-sandbox', provider: 'ignisign', targetId: 'x', body: '' };
const outcome: SendOutcome = { ok: true, status: 200, durationMs: 1, request, notes: [], startedAt: '2026-01-01T10:00:00.000Z' };
const render = (model: Partial<ResponseViewModel>) => renderResponseHtml({ outcome, fileLabel: 'a.ignisign.json', renderBody: true, ...model }, RESOURCES);
const actionsOf = (html: string) => [...html.matchAll(/data-action="([a-zA-Z]+)"/g)].map((m) => m[1]);

describe('what the response view offers for each call', () => {
  it('an update: "Send File Again"; a pull: "Pull Again" (a GET); after a lifecycle call: "Pull State", never a re-send; a replay: marked, "Replay Again"', () => {
    assert.ok(actionsOf(render({})).includes('resend'));
    assert.match(render({ call: { kind: 'update' } }), /Send File Again/);
    const pull = render({ call: { kind: 'pull' } });
    assert.ok(actionsOf(pull).includes('pullAgain') && !actionsOf(pull).includes('resend'));
    assert.match(pull, /Pull Again/);
    assert.doesNotMatch(pull, /Send File Again/);
    const lifecycle = render({ call: { kind: 'lifecycle', verb: 'Cancel' } });
    assert.ok(!actionsOf(lifecycle).includes('resend') && actionsOf(lifecycle).includes('pullAgain'));
    assert.match(lifecycle, /Pull State/);
    const replay = render({ call: { kind: 'replay', historyId: 'h1', recordedAt: '2026-01-01T09:00:00.000Z' } });
    assert.ok(actionsOf(replay).includes('replayAgain') && !actionsOf(replay).includes('resend'));
    assert.match(replay, /data-testid="replay"[^]*Replay of the request recorded [^<]*: the body as it was sent then, not the file as it is now/);
    assert.doesNotMatch(render({}), /data-testid="replay"/);
  });

  it('"Not ready to publish" carries a warning icon, never the green check; a ready draft keeps its check', () => {
    const ignisign = profile('ignisign');
    const notReady = stateSummary(ignisign, { state: { status: 'DRAFT' }, environment: 'e', pulledAt: outcome.startedAt }, 'Not ready to publish: 1 problem(s)');
    assert.equal(notReady.tone, 'warning');
    const html = render({ call: { kind: 'lifecycle', verb: 'Publish' }, summary: notReady });
    assert.match(html, /<h2><i class="codicon codicon-warning"[^>]*><\/i>Not ready to publish/);
    assert.doesNotMatch(html, /codicon-pass"[^>]*><\/i>Not ready/);
    const pulledNotReady = stateSummary(ignisign, { state: { status: 'DRAFT' }, environment: 'e', pulledAt: outcome.startedAt });
    assert.equal(pulledNotReady.tone, 'warning', 'a pulled draft that could not be published is a warning too');
    const ready = { _id: 'x', status: 'DRAFT', title: 'T', documentIds: ['d'], signerIds: ['s'], documents: [{ _id: 'd' }], signers: [{ signerId: 's' }], diffusionMode: 'WHEN_READY', expirationDateIsActivated: false };
    const readySummary = stateSummary(ignisign, { state: ready, environment: 'e', pulledAt: outcome.startedAt });
    assert.equal(readySummary.tone, undefined, readySummary.fields.map((f) => `${f.label}: ${f.value}`).join('; '));
    assert.match(render({ call: { kind: 'pull' }, summary: readySummary }), /<h2><i class="codicon codicon-pass"/);
  });
});

describe('history of every call', () => {
  it('replays updates only: a pull or a lifecycle call is never replayed', () => {
    assert.match((replayRequestOf({ request }) as { problem: string }).problem, /only updates are replayed/);
    assert.match((replayRequestOf({ request: { ...request, method: 'POST', body: '{}' } }) as { problem: string }).problem, /only updates are replayed/);
    assert.ok(!('problem' in replayRequestOf({ request: { ...request, method: 'PUT', body: '{}' } })));
  });

  it('labels each entry with what it was, and refuses to compare answers of two different APIs', () => {
    assert.equal(actionOf({}), 'update', 'entries from before actions were kept are updates');
    assert.match(historyLabel({ id: 'i', action: 'pull', at: outcome.startedAt, file: 'a.json', provider: 'ignisign', environment: 'env', targetId: 'x', method: 'GET', url: '', status: 200, ok: true, durationMs: 1 }), /^pull 200 · a\.json · env · /);
    assert.equal(comparisonProblem({ provider: 'ignisign' }, { provider: 'ignisign-v4' }), undefined, 'two versions of one API compare');
    assert.equal(comparisonProblem({ provider: 'zigned' }, { provider: 'zigned' }), undefined);
    assert.match(comparisonProblem({ provider: 'ignisign' }, { provider: 'zigned' })!, /^cannot compare an answer of Ignisign v3 with one of Zigned v3: they describe different things \(signature request, agreement\)/);
  });
});

describe('a status is printed once', () => {
  it('a code that is only the status again is neither in the notification ("answered 400 400") nor in the view ("Code 400")', () => {
    const failed = { status: 400, request, error: { kind: 'http' as const, message: 'The API answered 400 Bad Request.' } };
    assert.equal(failureNotification(failed, '400'), 'Send to local-sandbox failed: the API answered 400. Details are in the response view.');
    assert.equal(failureNotification(failed, 'VALIDATION_ERROR'), 'Send to local-sandbox failed: the API answered 400 VALIDATION_ERROR. Details are in the response view.');
    const exchange = { method: 'PUT', url: request.url, requestHeaders: {}, requestBody: '{}', status: 400, statusText: 'Bad Request', responseHeaders: {}, bodyText: '{}', body: {}, sizeBytes: 2, truncated: false, timings: { totalMs: 1 } };
    const html = render({ outcome: { ...outcome, ok: false, status: 400, exchange, error: failed.error }, summary: { title: 'Error 400', fields: [], drift: [], explanation: { code: '400', meaning: 'The API refused the update.', whatToChange: 'Fix the fields.', paths: [] } } });
    assert.doesNotMatch(html, /id="error-code"/);
    assert.doesNotMatch(html, /<dt>Code<\/dt>/);
  });
});
