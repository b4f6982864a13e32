import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { ECHO_SECRET, FaultPeer, OUTDATED, makeTestCertificates, reply } from '../../support/faultPeer';
import { EXTENSION_ID, closeAll, open, waitFor, workspaceUri, readHostLogs } from './helpers';
import { RENDER_LIMITS } from '../../../src/vscode/responseView/html';

/**
 * Faults on the wire, through the extension in the real host (test/unit/faults.* run the same
 * cases through the engine and the CLI): a clear message in the response view and the output
 * channel, no unhandled rejection, the payload file byte-identical, and the next send works.
 */
describe('Faults on the wire, through the extension', function () {
  this.timeout(120_000);
  let api: any;
  let profile: any;
  let peer: FaultPeer;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  const payload = () => workspaceUri('payloads', 'clean.ignisign.json');
  let original: Buffer;

  async function useEnvironment(baseUrl: string, extra: Record<string, unknown> = {}) {
    const environment = { name: 'fault-peer', provider: 'ignisign', baseUrl, appId: 'appId_fault', appEnv: 'DEVELOPMENT', ...extra };
    await vscode.workspace.getConfiguration('esignDrafts').update('environments', [environment], vscode.ConfigurationTarget.Workspace);
    await api.calls.secrets.set(profile, environment, { secret: 'sk_development_fault_peer_secret' });
    await api.environments.setActive(profile, 'fault-peer');
    api.tokens.clear();
  }

  async function send(): Promise<any> {
    return vscode.commands.executeCommand('esignDrafts.sendUpdate', payload());
  }

  /** What every fault must leave behind: the message shown, the file intact, and a healthy next send. */
  async function afterFault(outcome: any, shown: RegExp) {
    assert.match(api.panels.htmlOf(payload()), shown, 'the response view explains it');
    assert.deepEqual(fs.readFileSync(payload().fsPath), original, 'the payload file is byte-identical');
    peer.reset();
    const next = await send();
    assert.equal(next?.status, 200, `the next send works (${JSON.stringify(next?.error)})`);
    return outcome;
  }

  before(async () => {
    process.on('unhandledRejection', onRejection);
    await open('payloads', 'clean.ignisign.json');
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await waitFor('activation', () => extension.isActive);
    api = extension.exports;
    profile = api.recognizer.providerFor(await vscode.workspace.openTextDocument(payload()));
    original = fs.readFileSync(payload().fsPath);
    peer = await FaultPeer.start();
    await useEnvironment(peer.ignisignBaseUrl);
    api.sender.prompts = { lintGate: async () => undefined, confirmProduction: async () => false, approveOrigin: async () => false, targetId: async () => undefined };
  });

  beforeEach(() => peer.reset());
  afterEach(closeAll);

  after(async () => {
    process.off('unhandledRejection', onRejection);
    await peer.close();
    const config = vscode.workspace.getConfiguration('esignDrafts');
    await config.update('environments', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('timeout', undefined, vscode.ConfigurationTarget.Workspace);
    await api.environments.setActive(profile, 'local-sandbox');
    assert.deepEqual(rejections, [], 'no unhandled rejection during the fault suite');
  });

  it('F01 connection refused: a network error that says so', async () => {
    const closed = await FaultPeer.start();
    const origin = closed.ignisignBaseUrl;
    await closed.close();
    await useEnvironment(origin);
    const outcome = await send();
    assert.equal(outcome.error.kind, 'network');
    assert.match(outcome.error.message, /refused/);
    await useEnvironment(peer.ignisignBaseUrl);
    await afterFault(outcome, /refused/);
  });

  it('F03 no answer within esignDrafts.timeout: a timeout, the PUT sent once', async () => {
    await vscode.workspace.getConfiguration('esignDrafts').update('timeout', 1, vscode.ConfigurationTarget.Workspace);
    try {
      peer.once('PUT', /signature-requests/, reply.stall());
      const outcome = await send();
      assert.equal(outcome.error.kind, 'timeout');
      assert.equal(peer.count('PUT'), 1, 'never re-sent silently');
      await afterFault(outcome, /No answer/);
    } finally {
      await vscode.workspace.getConfiguration('esignDrafts').update('timeout', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('F05 connection reset mid-body, on a kept-alive connection too: reported at once, not at the timeout', async () => {
    for (const framing of ['content-length', 'chunked', 'deflate-headers-only'] as const) {
      // The previous send left a kept-alive connection to the peer: the reset comes on it.
      peer.once('PUT', /signature-requests/, reply.resetMidBody(JSON.stringify({ title: 'x'.repeat(5000) }), framing));
      const outcome = await send();
      // 'network', not 'timeout': the cut was seen when the connection dropped.
      assert.equal(outcome.error?.kind, 'network', `${framing}: ${JSON.stringify(outcome.error)}`);
      await afterFault(outcome, /reset/);
    }
  });

  it('F05 on a host the proxy support connects to itself (127.0.0.2, not our agent): reported at once too', async () => {
    const elsewhere = await FaultPeer.start({ host: '127.0.0.2' });
    try {
      await useEnvironment(elsewhere.ignisignBaseUrl);
      for (const framing of ['content-length', 'deflate-headers-only'] as const) {
        elsewhere.reset();
        elsewhere.once('PUT', /signature-requests/, reply.resetMidBody(JSON.stringify({ title: 'x'.repeat(5000) }), framing));
        const outcome = await send();
        // 'network', not 'timeout': the cut was seen when the connection dropped.
        assert.equal(outcome.error?.kind, 'network', `${framing}: ${JSON.stringify(outcome.error)}`);
      }
    } finally {
      await elsewhere.close();
      await useEnvironment(peer.ignisignBaseUrl);
    }
  });

  it('F06 500 with an HTML body: the status, the explanation, the HTML as text', async () => {
    peer.once('PUT', /signature-requests/, reply.text(500, 'text/html', '<html><body><h1>Internal error</h1><script>alert(1)</script></body></html>'));
    const outcome = await send();
    assert.equal(outcome.status, 500);
    const html = await afterFault(outcome, /internal error/i).then(() => api.panels.htmlOf(payload()));
    assert.ok(!/<script>alert/.test(html));
  });

  it('F10 429 with Retry-After: waits once, sends again, says so', async () => {
    peer.once('PUT', /signature-requests/, reply.json(429, { message: 'slow down' }, { 'retry-after': '1' }));
    const outcome = await send();
    assert.equal(outcome.status, 200);
    assert.equal(peer.count('PUT'), 2);
    assert.match(api.panels.htmlOf(payload()), /Retry-After/);
  });

  it('F15 a body labelled JSON that is not JSON is shown as text', async () => {
    peer.once('PUT', /signature-requests/, reply.text(200, 'application/json', '{"title": "cut'));
    const outcome = await send();
    assert.equal(outcome.status, 200);
    assert.equal(outcome.exchange.body, undefined);
    await afterFault(outcome, /data-format="text"/);
  });

  it('F16 a gzip body is decoded', async () => {
    peer.once('PUT', /signature-requests/, reply.encoded('gzip', { _id: '65f1c2a9e4b0a1b2c3d4e5f6', status: 'DRAFT', title: 'from gzip' }));
    const outcome = await send();
    assert.equal(outcome.exchange.body.title, 'from gzip');
  });

  /**
   * Counts event-loop turns of the extension host while `work` runs (a setImmediate chain): a host
   * blocked by one long task turns a handful of times, one reading a body in chunks turns once per
   * chunk or more. A count, so the result does not depend on the machine's speed.
   */
  async function countingTurns<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
    let turns = 0;
    let running = true;
    const turn = () => {
      if (!running) return;
      turns++;
      setImmediate(turn);
    };
    setImmediate(turn);
    try {
      return { result: await work(), turns };
    } finally {
      running = false;
    }
  }

  /** Opening tags in the view's HTML: the elements the webview has to build. */
  const elementCount = (html: string) => html.match(/<[a-z]/g)?.length ?? 0;
  /** The page around the body (header, timings, headers, request body) stays well under this. */
  const CHROME_CHARS = 32 * 1024;

  it('F20 a 30 MB body: kept capped, cut said, offered as a document, the host keeps turning during the download', async () => {
    peer.once('PUT', /signature-requests/, reply.large(30 * 1024 * 1024));
    const { result: outcome, turns } = await countingTurns(send);
    assert.equal(outcome.status, 200);
    assert.equal(outcome.exchange.truncated, true);
    assert.ok(outcome.exchange.bodyText.length <= 20 * 1024 * 1024);
    // 30 MB arrive in 64 KB reads at most: hundreds of them, each its own turn of the host's loop.
    assert.ok(turns >= 100, `the extension host's event loop turned ${turns} times during the download (a blocked host turns a few times)`);
    await afterFault(outcome, /data-action="openBody"/);
  });

  it('a 4.8 MB [0,0,…] body (under the 5 MB limit): shown as capped text within the HTML and element bounds, and the next send works', async () => {
    const text = `[${new Array(2_400_000).fill('0').join(',')}]`;
    peer.once('PUT', /signature-requests/, reply.text(200, 'application/json', text));
    const outcome = await send();
    assert.equal(outcome.status, 200, JSON.stringify(outcome.error));
    assert.equal(outcome.exchange.bodyText.length, text.length);
    const html: string = api.panels.htmlOf(payload());
    assert.ok(html.length <= RENDER_LIMITS.MAX_TEXT_CHARS + CHROME_CHARS, `the view is ${html.length} HTML chars (it was 209 MB)`);
    assert.ok(elementCount(html) <= 300, `${elementCount(html)} elements`);
    assert.match(html, /id="body"[^>]*data-format="text"[^>]*data-cut="true"/);
    // History keeps the send but not this body: too large to check here for signing tokens (so never parsed on the host).
    const stored = await waitFor('the send in history', () => api.history.all().find((s: any) => s.entry.at === outcome.startedAt));
    assert.equal(stored.outcome.exchange.bodyText, '');
    assert.match(stored.outcome.exchange.bodyNote, /^Not kept in Send History: at 4\.\d MB this answer is too large to check here/);
    assert.equal(stored.outcome.exchange.body, undefined);
    await afterFault(outcome, /data-testid="action-openBody"/);
  });

  it('history keeps at most 1 MB of answers in all, the newest first: an older body is dropped with a note, and reopening it says so', async () => {
    // 0.9 MB each: parsed here for signing tokens (under the view's 1 MB), kept cut to 256 KB.
    const text = JSON.stringify({ _id: '65f1c2a9e4b0a1b2c3d4e5f6', status: 'DRAFT', title: 'x'.repeat(900_000) });
    const outcomes: any[] = [];
    for (let i = 0; i < 5; i++) {
      peer.once('PUT', /signature-requests/, reply.text(200, 'application/json', text));
      outcomes.push(await send());
    }
    const storedOf = (outcome: any) => api.history.all().find((s: any) => s.entry.at === outcome.startedAt);
    await waitFor('the five sends in history', () => outcomes.every(storedOf));
    const kept = api.history.all().reduce((n: number, s: any) => n + (s.outcome.exchange?.bodyText.length ?? 0), 0);
    assert.ok(kept <= 1024 * 1024, `history keeps ${kept} characters of answers`);
    assert.equal(storedOf(outcomes[4]).outcome.exchange.bodyText.length, 256 * 1024, 'the newest answer is kept (cut)');
    const dropped = storedOf(outcomes[0]).outcome.exchange;
    assert.equal(dropped.bodyText, '');
    assert.match(dropped.bodyNote, /No longer kept in Send History/);
    // Reopened from history, the view says why there is no body rather than "(empty body)".
    api.sender.reopen(payload(), undefined, storedOf(outcomes[0]).outcome, { kind: 'replay', historyId: storedOf(outcomes[0]).entry.id, recordedAt: storedOf(outcomes[0]).entry.at });
    const html: string = api.panels.htmlOf(payload());
    assert.match(html, /data-testid="body-note"[\s\S]*?No longer kept in Send History/);
    assert.doesNotMatch(html, /\(empty body\)|Only the first 0 B/);
  });

  it('F35 an answer nested 5000 levels deep: the view shows the 200, the body as text with a note, history has the send (not the body it could not check)', async () => {
    const before = api.history.all().length;
    peer.once('PUT', /signature-requests/, reply.nested(5000));
    const outcome = await send();
    assert.equal(outcome.status, 200, JSON.stringify(outcome.error));
    assert.equal(outcome.exchange.body, undefined);
    const html: string = api.panels.htmlOf(payload());
    assert.match(html, /id="status"[^>]*data-status="200"/, 'the view left "Sending…"');
    assert.match(html, /data-testid="body-note"[\s\S]*?more than 100 levels deep/);
    const stored = await waitFor('the send in history', () => api.history.all().find((s: any) => s.entry.at === outcome.startedAt && s.entry.status === 200));
    // Kept without its body: JSON too deep to read here cannot be checked for signing tokens (an Ignisign answer may hand some out).
    assert.equal(stored.outcome.exchange.bodyText, '');
    assert.match(stored.outcome.exchange.bodyNote, /looks like JSON but could not be read here/);
    assert.ok(api.history.all().length >= Math.min(before + 1, 50));
    await afterFault(outcome, /data-status="200"/);
  });

  it('F21 a 307 to another host: not followed, shown as a redirect refused, nothing reaches the other host', async () => {
    const other = await FaultPeer.start({ host: 'localhost' });
    try {
      other.on('PUT', /./, reply.json(200, { _id: '65f1c2a9e4b0a1b2c3d4e5f6', status: 'DRAFT', title: 'elsewhere' }));
      peer.once('PUT', /signature-requests/, reply.redirect(307, `${other.origin}/elsewhere?access_token=in-the-location`));
      const outcome = await send();
      assert.equal(outcome.ok, false);
      assert.equal(outcome.status, null);
      assert.equal(outcome.error.kind, 'redirect');
      assert.match(outcome.error.message, /a redirect to another origin \(http:\/\/localhost:\d+\/elsewhere\?access_token=\*\*\*\): it was not followed, and the PUT was not re-sent there/);
      assert.equal(other.requests.length, 0, 'nothing crossed to the other host');
      const html = api.panels.htmlOf(payload());
      assert.match(html, /Redirect not followed/);
      assert.ok(!html.includes('in-the-location'), 'the credential in the Location is not shown');
      assert.match(JSON.stringify(api.history.all()[0].entry), /"error":"[^"]*a redirect to another origin/, 'history records the refusal');
      await afterFault(outcome, /it was not followed/);
    } finally {
      await other.close();
    }
  });

  it('F23 a self-signed certificate: a TLS error; rejectUnauthorized: false on the environment lets it through', async () => {
    const certificates = makeTestCertificates(os.tmpdir());
    const tlsPeer = await FaultPeer.start({ tls: certificates.selfSigned });
    try {
      await useEnvironment(tlsPeer.ignisignBaseUrl);
      const refused = await send();
      assert.equal(refused.error.kind, 'tls');
      assert.match(api.panels.htmlOf(payload()), /self-signed/);
      await useEnvironment(tlsPeer.ignisignBaseUrl, { rejectUnauthorized: false });
      const accepted = await send();
      assert.equal(accepted.status, 200, JSON.stringify(accepted.error));
    } finally {
      await tlsPeer.close();
      await useEnvironment(peer.ignisignBaseUrl);
    }
  });

  it('F26 a wrong secret: an auth error that says what to check, no PUT', async () => {
    peer.once('POST', /auth\/app-api/, reply.json(401, { code: 'AUTHENTICATION_FAILED', message: 'bad secret' }));
    const outcome = await send();
    assert.equal(outcome.error.kind, 'auth');
    assert.equal(peer.count('PUT'), 0);
    await afterFault(outcome, /refused the API secret/);
  });

  it('F31 a token refused again after renewal: stops after one renewal', async () => {
    peer.on('PUT', /signature-requests/, OUTDATED.ignisign);
    const outcome = await send();
    assert.equal(outcome.error.kind, 'auth');
    assert.equal(peer.count('PUT'), 2);
    await afterFault(outcome, /renewed token/);
  });

  /** Tokens the peer saw in Authorization headers during the cases below (the log scan looks for them too). */
  const reflectedTokens: string[] = [];

  /** Where a send's results go: none of them may hold `secret`. */
  function assertNowhere(secret: string, outcome: any) {
    const places: Record<string, string> = {
      outcome: JSON.stringify(outcome),
      webview: api.panels.htmlOf(payload()) ?? '',
      history: JSON.stringify(api.history.all()),
      curl: api.sender.curlFor(payload()) ?? '',
      copiedBody: outcome.exchange?.bodyText ?? '',
      outputChannel: readHostLogs(api.logUri),
    };
    for (const [place, text] of Object.entries(places)) assert.ok(!text.includes(secret), `${place} holds a secret (${secret.slice(0, 6)}…)`);
  }

  it('F32 a login error that echoes the secret: shown, logged and kept with the secret masked', async () => {
    api.tokens.clear();
    peer.once('POST', /auth\/app-api/, ECHO_SECRET.ignisign);
    const outcome = await send();
    assert.equal(outcome.error.kind, 'auth');
    assert.match(outcome.error.message, /Invalid secret "\*\*\*" for this application/);
    assert.equal(peer.count('PUT'), 0);
    assertNowhere('sk_development_fault_peer_secret', outcome);
    await afterFault(outcome, /Invalid secret &quot;\*\*\*&quot;|Invalid secret "\*\*\*"/);
  });

  it('F33 an answer that reflects the Authorization header: the token masked in the view, history, body and log', async () => {
    for (const status of [200, 400]) {
      peer.once('PUT', /signature-requests/, reply.reflectAuthorization(status));
      const outcome = await send();
      assert.equal(outcome.status, status);
      const token = String(peer.requests.find((r) => r.method === 'PUT')!.headers.authorization).replace(/^Bearer /, '');
      assert.ok(token.length > 20, 'a token was sent');
      reflectedTokens.push(token);
      assert.equal(outcome.exchange.responseHeaders['x-echo-authorization'], 'Bearer ***');
      assert.deepEqual(outcome.exchange.body.echo, { authorization: 'Bearer ***' });
      assertNowhere(token, outcome);
      await afterFault(outcome, /Bearer \*\*\*/);
    }
  });

  it('F34 response headers over the limit after the PUT: says it was sent and may already be applied', async () => {
    peer.once('PUT', /signature-requests/, reply.headerOverflow());
    const outcome = await send();
    assert.equal(outcome.error.kind, 'network');
    assert.match(outcome.error.message, /The PUT request was sent and .* \(HPE_HEADER_OVERFLOW\).*the update may already have been applied/);
    assert.equal(peer.count('PUT'), 1);
    await afterFault(outcome, /may already have been applied/);
  });

  it('the output channel told the story of every fault, and never a secret', () => {
    const logs = readHostLogs(api.logUri);
    for (const expected of [/refused/i, /No answer/, /reset/, /500/, /Retry-After|retrying once/, /tls|certificate/i, /refused the API secret/, /renewed token/, /redirect to another origin/, /Invalid secret "\*\*\*"/, /HPE_HEADER_OVERFLOW/]) assert.match(logs, expected);
    assert.ok(!logs.includes('sk_development_fault_peer_secret'));
    assert.ok(reflectedTokens.length === 2, 'the reflected-token cases ran');
    for (const token of reflectedTokens) assert.ok(!logs.includes(token), 'no reflected token in the logs');
  });
});

