import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { RunningSandbox } from '../../../src/sandbox/server';
import { scriptDialogs, type Shown } from './dialogScript';
import { apiWithSandbox, waitFor, workspaceUri, WorkspaceRestore } from './helpers';
import { IGNISIGN_NO_SIGNERS, IGNISIGN_READY, ZIGNED_DRAFT, runCommand } from './seeded';

const run = runCommand;

/**
 * A draft's life that cannot hurt by accident: every command that changes a request on the
 * server asks first, in every environment, with the safe answer as the default; production
 * dialogs read unambiguously. "Nothing was sent" is proved by the sandbox's own request log,
 * read over HTTP (GET /__sandbox/requests) as any client would.
 */
describe('Lifecycle safety: destructive commands ask first, and "no" sends nothing', function () {
  this.timeout(120_000);
  let api: any;
  let sandbox: RunningSandbox;
  const workspace = new WorkspaceRestore();
  const scratch = workspace.scratch;

  /** What reached the sandbox (its controls aside), from its HTTP request log. */
  async function fetchLog(): Promise<{ method: string; path: string; body: string }[]> {
    const response = await fetch(`http://127.0.0.1:${sandbox.port}/__sandbox/requests`);
    const entries = (await response.json()) as { method: string; path: string; body: string }[];
    return entries.filter((r) => !r.path.startsWith('/__sandbox'));
  }
  const requestLog = async () => (await fetchLog()).map(({ method, path }) => ({ method, path }));

  function writePayload(name: string, value: unknown): vscode.Uri {
    const uri = workspaceUri('payloads', 'send', name);
    fs.mkdirSync(workspaceUri('payloads', 'send').fsPath, { recursive: true });
    fs.writeFileSync(uri.fsPath, `${JSON.stringify(value, null, 2)}\n`);
    scratch.push(uri.fsPath);
    return uri;
  }

  const modals = (shown: Shown[]) => shown.filter((s) => s.kind === 'modal');

  before(async () => {
    ({ api, sandbox } = await apiWithSandbox());
    workspace.remember();
  });

  beforeEach(async () => {
    sandbox.reset();
    api.tokens.clear();
    api.sender.prompts = { ...api.windowPrompts, targetId: async () => undefined, lintGate: async () => undefined, approveOrigin: async () => false };
    await vscode.commands.executeCommand('esignDrafts.forgetPulledStates');
  });

  afterEach(() => workspace.restore(api));

  it('outside production: Publish, Cancel (Ignisign close), Finalise, Reopen and Cancel (Zigned, after its reason) each ask first; Enter (the safe first button) and Escape post nothing', async () => {
    const ignisign = writePayload('safe.ignisign.json', { $request: { id: IGNISIGN_READY } });
    const zigned = writePayload('safe.zigned.json', { $request: { id: ZIGNED_DRAFT } });
    const cases: { command: string; uri: vscode.Uri; buttons: [string, string]; message: RegExp }[] = [
      { command: 'publish', uri: ignisign, buttons: ["Don't Publish", 'Publish'], message: new RegExp(`^Publish signature request ${IGNISIGN_READY} on "local-sandbox"\\?$`) },
      { command: 'cancel', uri: ignisign, buttons: ['Keep Request', 'Close Request'], message: new RegExp(`^Close signature request ${IGNISIGN_READY} on "local-sandbox"\\?$`) },
      { command: 'publish', uri: zigned, buttons: ["Don't Finalise", 'Finalise'], message: new RegExp(`^Finalise agreement ${ZIGNED_DRAFT} on "local-sandbox"\\?$`) },
      { command: 'reopen', uri: zigned, buttons: ["Don't Reopen", 'Reopen'], message: /^Reopen agreement/ },
      { command: 'cancel', uri: zigned, buttons: ['Keep Agreement', 'Cancel Agreement'], message: /^Cancel agreement/ },
    ];
    for (const { command, uri, buttons, message } of cases) {
      for (const answer of ['Enter', 'Escape'] as const) {
        const shown = scriptDialogs(api, {
          modal: (_m, items) => (answer === 'Enter' ? items[0] : undefined),
          pick: (items) => items.find((i: any) => i.label === 'custom'),
          input: () => 'The buyer withdrew the offer.',
        });
        const result = await run(command, uri);
        const what = `${command} ${uri.path.split('/').pop()} (${answer})`;
        assert.equal(result.refused, 'cancelled', what);
        const asked = modals(shown);
        assert.equal(asked.length, 1, `${what}: asked once`);
        assert.match(asked[0]!.message, message, what);
        assert.deepEqual(asked[0]!.items, buttons, `${what}: the safe answer first (Enter)`);
        assert.ok(!asked[0]!.items.includes('Cancel'), `${what}: no button is a bare "Cancel"`);
        assert.deepEqual(await requestLog(), [], `${what}: nothing reached the sandbox, not even a pull or a sign-in`);
        if (command === 'cancel' && uri === zigned) {
          assert.deepEqual(shown.filter((s) => ['pick', 'input', 'modal'].includes(s.kind)).map((s) => s.kind), ['pick', 'input', 'modal'], 'the confirmation comes after the reason');
          assert.match(asked[0]!.detail!, /Cancellation type: custom, reason: "The buyer withdrew the offer\."/);
          assert.match(asked[0]!.detail!, /cannot be undone/);
        }
      }
    }
    // Answered with the action, the Ignisign request is closed.
    scriptDialogs(api, { modal: (_m, items) => items[1] });
    const closed = await run('cancel', ignisign);
    assert.equal(closed.outcome?.status, 200, JSON.stringify(closed));
    assert.ok((await requestLog()).some((r) => r.method === 'POST' && r.path.endsWith(`/signature-requests/${IGNISIGN_READY}/close`)));
  });

  it('production: Send, Pull, Publish and Cancel read unambiguously ("… to/in/from Production", never a bare "Cancel"); the safe answer posts nothing', async () => {
    const description = sandbox.description;
    const production = { name: 'prod-like', provider: 'ignisign', baseUrl: `http://127.0.0.1:${sandbox.port}`, appId: description.ignisign.appId, appEnv: description.ignisign.appEnv, production: true };
    await vscode.workspace.getConfiguration('esignDrafts').update('environments', [production], vscode.ConfigurationTarget.Workspace);
    const uri = writePayload('prod.ignisign.json', { $request: { id: IGNISIGN_READY, environment: 'prod-like' }, title: 'Employment contract' });
    const profile = api.recognizer.providerFor(await vscode.workspace.openTextDocument(uri));
    await api.calls.secrets.set(profile, production, { secret: description.ignisign.secret });
    try {
      const expected: Record<string, string[]> = {
        sendUpdate: ["Don't Send", 'Send to Production'],
        pullState: ["Don't Pull", 'Pull from Production'],
        publish: ["Don't Publish", 'Publish in Production'],
        cancel: ['Keep Request', 'Close Request in Production'],
      };
      for (const [command, buttons] of Object.entries(expected)) {
        const shown = scriptDialogs(api, { modal: (_m, items) => items[0] });
        const result = await run(command, uri, command === 'sendUpdate' ? { sendAnyway: true } : {});
        assert.ok(result === undefined || result.refused === 'cancelled', `${command}: ${JSON.stringify(result)}`);
        const asked = modals(shown);
        assert.equal(asked.length, 1, `${command}: one question`);
        assert.match(asked[0]!.message, /PRODUCTION environment "prod-like"/, command);
        assert.deepEqual(asked[0]!.items, buttons, command);
        assert.ok(asked[0]!.items.every((item) => !/^(Cancel|Don't Cancel)$/.test(item)), `${command}: ${asked[0]!.items.join(' / ')}`);
        assert.deepEqual(await requestLog(), [], `${command}: nothing reached the sandbox`);
      }
    } finally {
      await api.calls.secrets.clear(profile, production);
    }
  });

  it('response views: a pull\'s main button pulls again (a GET), Publish/Cancel views offer no re-send, "not ready" is a warning, and a replay is marked and replays the recorded request, not the file', async () => {
    const uri = writePayload('views.ignisign.json', { $request: { id: IGNISIGN_READY } });
    scriptDialogs(api);
    await run('pullState', uri);
    let html = await waitFor('the pull view', () => api.panels.htmlOf(uri));
    assert.match(html, /data-action="pullAgain"[^>]*>.*Pull Again/);
    assert.doesNotMatch(html, /data-action="resend"/, 'no "Send File Again" on a pull');
    await sandbox.clearRequests();
    await api.panels.click(uri, 'resend');
    await api.panels.click(uri, 'pullAgain');
    await waitFor('the pull again', async () => (await requestLog()).some((r) => r.method === 'GET' && r.path.endsWith('/context')));
    assert.ok((await requestLog()).every((r) => r.method !== 'PUT'), 'a "resend" message on a pull view sends nothing');

    const bare = writePayload('bare-view.ignisign.json', { $request: { id: IGNISIGN_NO_SIGNERS } });
    const refused = await run('publish', bare, { confirm: true });
    assert.equal(refused.refused, 'not-ready');
    html = api.panels.htmlOf(bare);
    assert.match(html, /<section class="card summary summary-warning"[^>]*data-tone="warning">\s*<h2><i class="codicon codicon-warning"[^>]*><\/i>Not ready to publish/);
    assert.doesNotMatch(html, /data-action="resend"/, 'no re-send on a publish view');

    const closed = await run('cancel', uri, { confirm: true });
    assert.equal(closed.outcome?.status, 200);
    html = api.panels.htmlOf(uri);
    assert.doesNotMatch(html, /data-action="resend"/, 'no re-send on a cancel view');
    assert.match(html, /data-action="pullAgain"[^>]*>.*Pull State/);

    // A replay: the view says so, and its button replays the recorded body, not the file as it is now.
    sandbox.reset();
    const zigned = writePayload('replay.zigned.json', { $request: { id: ZIGNED_DRAFT }, trust_level: 'QES' });
    const sent = await vscode.commands.executeCommand<any>('esignDrafts.sendUpdate', zigned, { sendAnyway: true });
    assert.equal(sent?.status, 200, sent?.exchange?.bodyText);
    const recorded = api.history.all()[0];
    fs.writeFileSync(zigned.fsPath, `${JSON.stringify({ $request: { id: ZIGNED_DRAFT }, trust_level: 'SES' }, null, 2)}\n`);
    assert.equal((await api.sender.replay(recorded))?.status, 200);
    html = api.panels.htmlOf(zigned);
    assert.match(html, /data-testid="replay"[^]*Replay of the request recorded/);
    assert.match(html, /data-action="replayAgain"/);
    assert.doesNotMatch(html, /data-action="resend"/);
    await sandbox.clearRequests();
    await api.panels.click(zigned, 'replayAgain');
    const put = await waitFor('the replay again', async () => (await fetchLog()).find((r) => r.method === 'PUT'));
    assert.equal(JSON.parse(put.body).trust_level, 'QES', 'the recorded body, not the file');
    assert.deepEqual(api.history.all().slice(0, 2).map((s: any) => s.entry.action), ['replay', 'replay']);
  });

  it('Send History keeps pulls, publish, cancel with their answers (secrets masked); Compare names both entries and refuses an Ignisign answer against a Zigned one', async () => {
    scriptDialogs(api, { modal: (_m, items) => items[1] });
    await vscode.commands.executeCommand('esignDrafts.clearHistory');
    const ignisign = writePayload('history.ignisign.json', { $request: { id: IGNISIGN_READY } });
    const zigned = writePayload('history.zigned.json', { $request: { id: ZIGNED_DRAFT } });
    await run('pullState', ignisign);
    assert.equal((await run('publish', ignisign, { confirm: true })).outcome?.status, 200);
    await run('pullState', zigned);
    assert.equal((await run('cancel', zigned, { confirm: true, input: { cancellation_type: 'invalid_document' } })).outcome?.status, 200);
    const entries = api.history.all().map((s: any) => s.entry);
    assert.deepEqual(entries.map((e: any) => [e.action, e.method, e.status, e.provider]), [
      ['cancel', 'POST', 200, 'zigned'],
      ['pull', 'GET', 200, 'zigned'],
      ['publish', 'POST', 200, 'ignisign'],
      ['pull', 'GET', 200, 'ignisign'],
    ]);
    const stored = JSON.stringify(api.history.all());
    assert.match(stored, /\\"status\\":\\"DRAFT\\"|"status":"DRAFT"/, 'the pulled answer is kept');
    for (const secret of [sandbox.description.ignisign.secret, sandbox.description.zigned.clientSecret]) assert.ok(!stored.includes(secret), 'no secret in history');
    assert.doesNotMatch(stored, /Bearer (?!\*\*\*)/, 'no bearer token in history');

    const [cancel, zignedPull, publish, ignisignPull] = api.history.all();
    const shown = scriptDialogs(api);
    const { compareSends } = api.historyCommands;
    assert.equal(await compareSends(publish, cancel), undefined, 'refused');
    assert.match(shown.find((s) => s.kind === 'error')!.message, /cannot compare an answer of Ignisign v3 with one of Zigned v3: .*Pick two entries of the same API/);
    const title = await compareSends(ignisignPull, publish);
    assert.match(title, /^pull 200 · payloads\/send\/history\.ignisign\.json · local-sandbox · .* ↔ publish 200 · payloads\/send\/history\.ignisign\.json · local-sandbox · /);
    assert.ok(zignedPull);
    // Replay is offered for updates only: a pull or a lifecycle call is run again from its command.
    const picks = scriptDialogs(api, { pick: (items, options) => (options.title === 'E-Sign Drafts: send history' ? items.find((i: any) => i.send.entry.action === 'cancel') : undefined) });
    await vscode.commands.executeCommand('esignDrafts.showHistory');
    const actions = picks.filter((s) => s.kind === 'pick')[1]!.items;
    assert.ok(!actions.some((a) => /Replay/.test(a)), actions.join(' | '));
  });

  it('"Reopen (Zigned)" is not offered on an Ignisign file (esignDrafts.canReopen), and run anyway it is refused with a clear message, sending nothing', async () => {
    const ignisign = writePayload('reopen.ignisign.json', { $request: { id: IGNISIGN_READY } });
    const zigned = writePayload('reopen.zigned.json', { $request: { id: ZIGNED_DRAFT } });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(zigned));
    await waitFor('canReopen on a Zigned file', () => api.status.canReopen === true);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(ignisign));
    await waitFor('no canReopen on an Ignisign file', () => api.status.canReopen === false);
    const shown = scriptDialogs(api, { modal: (_m, items) => items[1] });
    const result = await run('reopen', ignisign);
    assert.equal(result.refused, 'not-supported');
    assert.equal(shown.filter((s) => s.kind === 'modal').length, 0, 'not even asked');
    assert.match(shown.find((s) => s.kind === 'error')!.message, /^E-Sign Drafts: Reopen does not apply to payloads\/send\/reopen\.ignisign\.json: Ignisign v3 has no reopen call \(its draft calls: Publish, Cancel\)\. Nothing was sent\.$/);
    assert.deepEqual(await requestLog(), []);
  });
});
