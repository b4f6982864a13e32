import { strict as assert } from 'node:assert';
import { applyEdits } from 'jsonc-parser';
import { environmentPinEdits } from '../../src/core/payload/environmentPin';
import { ignisignProfile } from '../../src/core/providers/ignisign/profile';
import { answerOf } from '../../src/core/providers/sendProfile';
import { zignedProfile } from '../../src/core/providers/zigned/profile';
import { sendUpdate } from '../../src/core/send/sendUpdate';
import { TokenCache } from '../../src/core/send/tokenCache';
import { startSandbox } from '../../src/sandbox/server';
import type { HistoryEntry } from '../../src/core/send/history';
import { SANDBOX_IGNISIGN_IDS, SANDBOX_ZIGNED_IDS } from '../../src/core/send/localSandbox';
import { failureNotification, firstSentence, NOTIFICATION_MAX_CHARS, PRODUCTION_BUTTONS, PRODUCTION_CHOICES } from '../../src/core/send/notifications';
import { comparableBody, replayRequestOf } from '../../src/core/send/replay';
import { isSandboxDescription, portTakenMessage } from '../../src/core/send/sandboxProbe';
import { RECENT_ID_LIMIT, suggestTargetIds } from '../../src/core/send/targetIdSuggestions';

function entry(overrides: Partial<HistoryEntry>): HistoryEntry {
  return { id: 'x', at: '2026-12-01T10:00:00.000Z', file: 'a.zigned.json', provider: 'zigned', environment: 'staging', targetId: 'clx0f3k2p0009abcd1234efgh', method: 'PUT', url: 'https://x/agreements/1', status: 200, ok: true, durationMs: 5, ...overrides };
}

const request = { method: 'PUT', url: 'http://127.0.0.1:1/v3/signature-requests/65f1c2a9e4b0a1b2c3d4e5f6', environment: 'local-sandbox', provider: 'ignisign', targetId: '65f1c2a9e4b0a1b2c3d4e5f6', body: '{"title":"T"}' };

describe('target-id suggestions', () => {
  it('offers recent ids for the same provider and environment, newest first, each once', () => {
    const history = [
      entry({ targetId: 'clx0f3k2p0007abcd1234efgh', at: '2026-12-02T09:00:00.000Z' }),
      entry({ targetId: 'clx0f3k2p0007abcd1234efgh' }),
      entry({ targetId: 'clx0f3k2p0008abcd1234efgh', environment: 'production' }),
      entry({ targetId: '65f1c2a9e4b0a1b2c3d4e5f6', provider: 'ignisign' }),
      entry({ targetId: 'clx0f3k2p0006abcd1234efgh', status: 404, ok: false }),
    ];
    const suggestions = suggestTargetIds('zigned', 'staging', history);
    assert.deepEqual(suggestions.map((s) => s.id), ['clx0f3k2p0007abcd1234efgh', 'clx0f3k2p0006abcd1234efgh']);
    assert.match(suggestions[0]!.label, /sent 2026-12-02 from a\.zigned\.json \(200\)/);
    assert.ok(suggestions.every((s) => s.source === 'recent'));
  });

  it('keeps the list short', () => {
    const history = Array.from({ length: 30 }, (_, i) => entry({ targetId: `clx0f3k2p${String(i).padStart(4, '0')}abcd1234efgh` }));
    assert.equal(suggestTargetIds('zigned', 'staging', history).length, RECENT_ID_LIMIT);
  });

  it('offers the sandbox seeded ids for local-sandbox, each said to be a draft or not', () => {
    const ignisign = suggestTargetIds('ignisign', 'local-sandbox', []);
    assert.deepEqual(ignisign.map((s) => s.id), [...SANDBOX_IGNISIGN_IDS.draftIds, ...SANDBOX_IGNISIGN_IDS.nonDraftIds]);
    assert.equal(ignisign.find((s) => s.id === SANDBOX_IGNISIGN_IDS.nonDraftIds[0])!.label, 'sandbox: not a draft (the API refuses updates)');
    assert.equal(ignisign.find((s) => s.id === SANDBOX_IGNISIGN_IDS.draftIds[0])!.label, 'sandbox: draft');
    const zigned = suggestTargetIds('zigned', 'local-sandbox', [entry({ environment: 'local-sandbox', targetId: SANDBOX_ZIGNED_IDS.draftIds[2] })]);
    assert.equal(zigned[0]!.id, SANDBOX_ZIGNED_IDS.draftIds[2], 'a recent id comes first');
    assert.equal(zigned.filter((s) => s.id === SANDBOX_ZIGNED_IDS.draftIds[2]).length, 1, 'and is not offered twice');
    assert.deepEqual(suggestTargetIds('zigned', 'staging', []), [], 'no seeded ids outside the sandbox');
  });
});

describe('replay from history', () => {
  it('replays the recorded request: provider, environment, target and body as sent', () => {
    const replay = replayRequestOf({ request });
    assert.ok(!('problem' in replay));
    assert.equal(replay.body, '{"title":"T"}');
    assert.equal(replay.environment, 'local-sandbox');
    assert.equal(replay.targetId, '65f1c2a9e4b0a1b2c3d4e5f6');
    assert.equal(replay.label, 'Replay PUT to local-sandbox, id 65f1c2a9e4b0a1b2c3d4e5f6');
  });

  it('says why an entry without its body cannot be replayed', () => {
    const replay = replayRequestOf({ request: { ...request, body: undefined as unknown as string } });
    assert.ok('problem' in replay);
    assert.match(replay.problem, /cannot be replayed; send the file instead/);
  });

  it('compares bodies as stored: JSON pretty-printed, text kept, no answer said so', () => {
    assert.equal(comparableBody({ exchange: { bodyText: '{"a":1,"secret":"***"}' } }), '{\n  "a": 1,\n  "secret": "***"\n}\n');
    assert.equal(comparableBody({ exchange: { bodyText: 'plain' } }), 'plain\n');
    assert.equal(comparableBody({ error: { message: 'Connection refused by 127.0.0.1:1.' } }), '(no answer: Connection refused by 127.0.0.1:1.)\n');
  });
});

describe('failure notifications', () => {
  const base = { request, status: null };

  it('an HTTP error: status and code, one sentence, pointing to the view', () => {
    const text = failureNotification({ ...base, status: 404, error: { kind: 'http', message: 'The API answered 404 Not Found.' } }, 'SIGNATURE_REQUEST_NOT_FOUND');
    assert.equal(text, 'Send to local-sandbox failed: the API answered 404 SIGNATURE_REQUEST_NOT_FOUND. Details are in the response view.');
  });

  it('a refused sign-in: what the API answered', () => {
    const text = failureNotification({ ...base, error: { kind: 'auth', message: 'Ignisign refused the API secret — INVALID_APP_SECRET: {"long":"json"}', answer: '401 INVALID_APP_SECRET' } });
    assert.equal(text, 'Send to local-sandbox failed: the sign-in was refused (401 INVALID_APP_SECRET). Check the credentials.');
  });

  it('no JSON, no stack, no second line, bounded length', () => {
    const message = `Unexpected failure: boom {"raw":"json","x":[1,2]}\n    at Object.<anonymous> (/x.js:1:1)\n${'y'.repeat(500)}`;
    const text = failureNotification({ ...base, error: { kind: 'network', message } });
    assert.equal(text, 'Send to local-sandbox failed: Unexpected failure: boom.');
    assert.ok(!/[{}\n]|\bat Object/.test(text));
    const long = failureNotification({ ...base, error: { kind: 'network', message: `${'word '.repeat(100)}.` } });
    assert.ok(long.length <= NOTIFICATION_MAX_CHARS, `${long.length} characters`);
  });

  it('first sentences', () => {
    assert.equal(firstSentence('Connection refused by 127.0.0.1:3737. Is it running?'), 'Connection refused by 127.0.0.1:3737.');
    assert.equal(firstSentence('{"only":"json"}'), 'see the response view.');
  });

  it('a sign-in answer names the status and a short code only', () => {
    assert.equal(answerOf(401, 'INVALID_APP_SECRET'), '401 INVALID_APP_SECRET');
    assert.equal(answerOf(401, 'invalid_client'), '401 invalid_client');
    assert.equal(answerOf(400, 'a code with spaces and {json}'), '400');
    assert.equal(answerOf(403, undefined), '403');
  });

  it('the production confirmation puts the safe answer first (the default button)', () => {
    assert.equal(PRODUCTION_BUTTONS[0], PRODUCTION_CHOICES.dontSend);
    assert.ok(!/send to/i.test(PRODUCTION_BUTTONS[0]!));
    assert.deepEqual([...PRODUCTION_BUTTONS], ["Don't Send", 'Send to Production']);
  });
});

describe('environment pin edits', () => {
  const apply = (text: string, name: string) => applyEdits(text, environmentPinEdits(text, name));

  it('changes only the pinned value, formatting kept', () => {
    const text = '{\n    "$request": { "environment": "staging", "id": "x" },\n    "title": "T"   \n}\n';
    assert.equal(apply(text, 'local-sandbox'), '{\n    "$request": { "environment": "local-sandbox", "id": "x" },\n    "title": "T"   \n}\n');
  });

  it('keeps tabs and CRLF when it has to insert', () => {
    const text = '{\r\n\t"$request": {\r\n\t\t"id": "x"\r\n\t},\r\n\t"title": "T"\r\n}';
    const out = apply(text, 'prod');
    assert.equal(JSON.parse(out).$request.environment, 'prod');
    assert.ok(!/(^|[^\r])\n/.test(out), 'no bare LF');
    assert.ok(!/ {2}"/.test(out), 'no spaces for indentation');
  });
});

describe('sandbox probe', () => {
  it('recognises our sandbox on the probed port only', () => {
    const description = { ignisign: { baseUrl: 'http://127.0.0.1:3737' }, zigned: { baseUrl: 'http://127.0.0.1:3737/rest/v3' } };
    assert.equal(isSandboxDescription(description, 3737), true);
    assert.equal(isSandboxDescription(description, 4000), false);
    assert.equal(isSandboxDescription({ status: 'ok' }, 3737), false);
    assert.equal(isSandboxDescription('<html>', 3737), false);
  });

  it('a held port: which port, and how to change it', () => {
    const text = portTakenMessage(3737, 41234);
    assert.match(text, /Port 3737 is held by another program/);
    assert.match(text, /127\.0\.0\.1:41234/);
    assert.match(text, /ESIGN_DRAFTS_SANDBOX_PORT/);
  });
});

describe('a refused sign-in keeps what the API answered (against the sandbox)', () => {
  it('Ignisign and Zigned: status and code in the error', async () => {
    const sandbox = await startSandbox({ port: 0 });
    try {
      const common = { tokens: new TokenCache(), approvedOrigins: new Set<string>(), timeoutMs: 5000 };
      const ig = ignisignProfile.send.localSandbox(sandbox.port);
      const igOutcome = await sendUpdate({ ...common, profile: ignisignProfile, environment: ig.environment, credentials: { secret: 'sk_wrong_secret_123' }, targetId: SANDBOX_IGNISIGN_IDS.draftIds[0], body: '{}' });
      assert.equal(igOutcome.error?.kind, 'auth');
      assert.match(igOutcome.error?.answer ?? '', /^401 [A-Z_]+$/);
      const zi = zignedProfile.send.localSandbox(sandbox.port);
      const ziOutcome = await sendUpdate({ ...common, profile: zignedProfile, environment: zi.environment, credentials: { clientId: 'nobody', clientSecret: 'wrong_secret_456' }, targetId: SANDBOX_ZIGNED_IDS.draftIds[0], body: '{}' });
      assert.equal(ziOutcome.error?.answer, '401 invalid_client');
    } finally {
      await sandbox.close();
    }
  });
});
