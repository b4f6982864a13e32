import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseJsonc } from 'jsonc-parser';
import * as vscode from 'vscode';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/server';
import { scriptDialogs, type Shown } from './dialogScript';
import { EXTENSION_ID, apiWithSandbox, closeAll, waitFor, workspaceUri } from './helpers';

const notifications = (shown: Shown[]) => shown.filter((s) => s.kind === 'info' || s.kind === 'warn' || s.kind === 'error');

async function send(uri: vscode.Uri, options: Record<string, unknown> = {}) {
  return vscode.commands.executeCommand<any>('esignDrafts.sendUpdate', uri, options);
}

describe('Send-side friction (draft-life issue), against the local sandbox', function () {
  this.timeout(120_000);
  let api: any;
  let sandbox: RunningSandbox;
  const config = () => vscode.workspace.getConfiguration('esignDrafts');
  const scratch: string[] = [];

  /** A payload file written for one test (removed after it). */
  function writePayload(name: string, value: unknown, text?: string): vscode.Uri {
    const uri = workspaceUri('payloads', 'send', name);
    fs.writeFileSync(uri.fsPath, text ?? `${JSON.stringify(value, null, 2)}\n`);
    scratch.push(uri.fsPath);
    return uri;
  }

  async function useEnvironments(environments: unknown[]) {
    await config().update('environments', environments, vscode.ConfigurationTarget.Workspace);
  }

  before(async () => {
    ({ api, sandbox } = await apiWithSandbox());
    assert.ok(sandbox, 'an in-process sandbox runs');
  });

  beforeEach(() => {
    sandbox.reset();
    api.tokens.clear();
    api.sender.prompts = { ...api.windowPrompts, targetId: async () => undefined, lintGate: async () => undefined, approveOrigin: async () => false };
    scriptDialogs(api);
  });

  afterEach(async () => {
    Object.assign(api.dialogs, api.windowDialogs);
    await closeAll();
    for (const file of scratch.splice(0)) fs.rmSync(file, { force: true });
    await useEnvironments(undefined as unknown as unknown[]);
  });

  after(async () => {
    await vscode.commands.executeCommand('esignDrafts.stopSandbox');
  });

  it('1. Replay from history sends the recorded request, not the edited file; Compare with… opens a diff of two stored bodies', async () => {
    const uri = workspaceUri('payloads', 'clean.ignisign.json');
    assert.equal((await send(uri)).status, 200);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const edit = new vscode.WorkspaceEdit();
    const title = document.getText().indexOf('Employment contract — Jane Doe');
    edit.replace(uri, new vscode.Range(document.positionAt(title), document.positionAt(title + 'Employment contract — Jane Doe'.length)), 'Edited after the send');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      sandbox.clearRequests();
      const shown = scriptDialogs(api, { pick: (items) => items.find((i) => /^\$\(debug-restart\) Replay/.test(i.label)) ?? items[0] });
      await vscode.commands.executeCommand('esignDrafts.showHistory');
      const actions = shown.filter((s) => s.kind === 'pick')[1]!.items;
      assert.ok(actions.includes('$(debug-restart) Replay PUT to local-sandbox, id 65f1c2a9e4b0a1b2c3d4e5f6'), actions.join(' | '));
      assert.ok(actions.includes('$(eye) Open Response'));
      const puts = sandbox.requests.filter((r: any) => r.method === 'PUT');
      assert.equal(puts.length, 1, 'one replayed PUT');
      assert.equal(JSON.parse(puts[0]!.body).title, 'Employment contract — Jane Doe', 'the body as recorded, not the edited file');
      assert.equal(api.history.all().length >= 2, true, 'the replay is in the history too');

      // Two different answers, then Compare with…
      sandbox.injectFault({ provider: 'ignisign', method: 'PUT', status: 400, body: { error: 'x', code: 'SOMETHING_ELSE' } });
      await send(workspaceUri('payloads', 'send', 'published.ignisign.json'));
      const [newest, older] = api.history.all();
      scriptDialogs(api);
      // First pick: the newest send, then the action, then the send to compare it with.
      let step = 0;
      Object.assign(api.dialogs, {
        pick: async (items: readonly any[]) => {
          step += 1;
          if (step === 1) return items.find((i) => i.send.entry.id === newest.entry.id);
          if (step === 2) return items.find((i) => i.action === 'compare');
          return items.find((i) => i.send.entry.id === older.entry.id);
        },
      });
      await vscode.commands.executeCommand('esignDrafts.showHistory');
      const tab = await waitFor('the diff editor', () => {
        const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
        return input instanceof vscode.TabInputTextDiff ? input : undefined;
      });
      assert.equal(tab.original.scheme, 'esign-drafts-history');
      const left = (await vscode.workspace.openTextDocument(tab.original)).getText();
      const right = (await vscode.workspace.openTextDocument(tab.modified)).getText();
      assert.notEqual(left, right);
      assert.match(left, /"status"|"code"|"error"/, 'a response body, pretty-printed');
      assert.ok(!left.includes(sandbox.description.ignisign.secret) && !right.includes(sandbox.description.ignisign.secret));
    } finally {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  it('2. Select Environment on a pinned file says so and changes the pin with an edit that keeps the formatting', async () => {
    await useEnvironments([{ name: 'second-sandbox', provider: 'ignisign', baseUrl: `http://127.0.0.1:${sandbox.port}`, appId: 'appId_sandbox', appEnv: 'DEVELOPMENT' }]);
    const text = '{\n    "$request": { "id": "65f1c2a9e4b0a1b2c3d4e5f6", "environment": "local-sandbox" },\n    "title": "Pinned",   "signerIds": ["65f1c2a9e4b0a1b2c3d4e601"]\n}\n';
    const uri = writePayload('pinned.ignisign.json', undefined, text);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const profile = api.recognizer.providerFor(document);
    const activeBefore = api.environments.activeName(profile);
    const shown = scriptDialogs(api, { pick: (items) => items.find((i) => i.name === 'second-sandbox') });
    await vscode.commands.executeCommand('esignDrafts.selectEnvironment');
    const pick = shown.find((s) => s.kind === 'pick')!;
    assert.match(pick.message, /is pinned to "local-sandbox"/);
    assert.equal(document.getText(), text.replace('"environment": "local-sandbox"', '"environment": "second-sandbox"'), 'only the pinned value changed');
    assert.equal(api.environments.activeName(profile), activeBefore, 'the active environment is untouched');
    assert.ok(notifications(shown).some((n) => /now pinned to "second-sandbox"/.test(n.message)));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('3. Missing credentials are asked first and the send resumes; the production confirmation defaults to not sending', async () => {
    const staging = { name: 'staging-like', provider: 'zigned', baseUrl: `http://127.0.0.1:${sandbox.port}/rest/v3` };
    const production = { name: 'prod-like', provider: 'zigned', baseUrl: `http://127.0.0.1:${sandbox.port}/rest/v3`, production: true };
    await useEnvironments([staging, production]);
    const uri = workspaceUri('payloads', 'clean.zigned.json');
    const profile = api.recognizer.providerFor(await vscode.workspace.openTextDocument(uri));
    await api.calls.secrets.clear(profile, staging);
    await api.calls.secrets.clear(profile, production);
    const credentials = [sandbox.description.zigned.clientId, sandbox.description.zigned.clientSecret];
    try {
      await api.environments.setActive(profile, 'staging-like');
      let inputs = [...credentials];
      let shown = scriptDialogs(api, { modal: (message, items) => (/No Zigned v3 credentials/.test(message) ? items[0] : undefined), input: () => inputs.shift() });
      const resumed = await send(uri);
      assert.equal(resumed?.status, 200, `the interrupted send went on (${JSON.stringify(resumed?.error)})`);
      assert.deepEqual(shown.filter((s) => s.kind === 'modal').map((s) => s.items), [['Set Credentials…']]);
      assert.equal(shown.filter((s) => s.kind === 'input').length, 2, 'client id and secret asked');

      await api.environments.setActive(profile, 'prod-like');
      inputs = [...credentials];
      sandbox.clearRequests();
      // Enter on the production dialog picks its first button.
      shown = scriptDialogs(api, { modal: (_message, items) => items[0], input: () => inputs.shift() });
      assert.equal(await send(uri), undefined, 'the default answer does not send');
      const modals = shown.filter((s) => s.kind === 'modal');
      assert.match(modals[0]!.message, /No Zigned v3 credentials for environment "prod-like"/, 'credentials are asked before the confirmation');
      assert.match(modals[1]!.message, /PRODUCTION environment "prod-like"/);
      assert.deepEqual(modals[1]!.items, ["Don't Send", 'Send to Production'], 'the safe answer is the first (default) button; Escape answers undefined');
      assert.equal(sandbox.requests.filter((r: any) => r.method === 'PUT').length, 0);
      shown = scriptDialogs(api, { modal: () => undefined });
      assert.equal(await send(uri), undefined, 'Escape does not send');
      shown = scriptDialogs(api, { modal: (_message, items) => items.find((i) => i === 'Send to Production') });
      assert.equal((await send(uri))?.status, 200);
      assert.equal(shown.filter((s) => s.kind === 'modal').length, 1, 'credentials are not asked again once stored');
    } finally {
      await api.environments.setActive(profile, 'local-sandbox');
      await api.calls.secrets.clear(profile, staging);
      await api.calls.secrets.clear(profile, production);
    }
  });

  it('4 and 6. A refused sign-in says what the API answered, in one short notification with Set Credentials…', async () => {
    const ignisign = { name: 'wrong-secret', provider: 'ignisign', baseUrl: `http://127.0.0.1:${sandbox.port}`, appId: 'appId_sandbox', appEnv: 'DEVELOPMENT' };
    const zigned = { name: 'wrong-client', provider: 'zigned', baseUrl: `http://127.0.0.1:${sandbox.port}/rest/v3` };
    await useEnvironments([ignisign, zigned]);
    const cases = [
      { uri: workspaceUri('payloads', 'clean.ignisign.json'), environment: ignisign, credentials: { secret: 'sk_development_wrong_secret_0000' }, answer: /^401 [A-Z_]+$/ },
      { uri: workspaceUri('payloads', 'clean.zigned.json'), environment: zigned, credentials: { clientId: 'nobody', clientSecret: 'wrong_client_secret_0000' }, answer: /^401 invalid_client$/ },
    ];
    for (const c of cases) {
      const profile = api.recognizer.providerFor(await vscode.workspace.openTextDocument(c.uri));
      await api.calls.secrets.set(profile, c.environment, c.credentials);
      await api.environments.setActive(profile, c.environment.name);
      try {
        const shown = scriptDialogs(api);
        const outcome = await send(c.uri);
        assert.equal(outcome.error.kind, 'auth');
        assert.match(outcome.error.answer, c.answer);
        const html: string = await waitFor('the response view', () => api.panels.htmlOf(c.uri));
        assert.ok(html.includes(`the API answered ${outcome.error.answer}`), 'the view says what the API answered');
        assert.ok(!html.includes('no answer from the API'));
        const said = notifications(shown);
        assert.equal(said.length, 1, `one notification: ${JSON.stringify(said)}`);
        assert.equal(said[0]!.kind, 'error');
        assert.ok(said[0]!.message.includes(`(${outcome.error.answer})`), said[0]!.message);
        assert.deepEqual(said[0]!.items, ['Set Credentials…']);
        assert.ok(!/[{}\n]/.test(said[0]!.message), 'no JSON, one line');
        assert.ok(!said[0]!.message.includes(c.credentials[Object.keys(c.credentials).pop() as keyof typeof c.credentials]!), 'no secret');
      } finally {
        await api.environments.setActive(profile, 'local-sandbox');
        await api.calls.secrets.clear(profile, c.environment);
      }
    }
  });

  it('6. An HTTP error and a refused connection each raise one short notification; the details stay in the view', async () => {
    let shown = scriptDialogs(api);
    const unknown = workspaceUri('payloads', 'send', 'unknown-id.ignisign.json');
    assert.equal((await send(unknown)).status, 404);
    let said = notifications(shown);
    assert.equal(said.length, 1, JSON.stringify(said));
    assert.equal(said[0]!.message, 'E-Sign Drafts: Send to local-sandbox failed: the API answered 404 SIGNATURE_REQUEST_NOT_FOUND. Details are in the response view.');
    assert.match(api.panels.htmlOf(unknown), /SIGNATURE_REQUEST_NOT_FOUND/);

    const nowhere = { name: 'nowhere', provider: 'ignisign', baseUrl: 'http://127.0.0.1:1', appId: 'appId_sandbox', appEnv: 'DEVELOPMENT' };
    await useEnvironments([nowhere]);
    const uri = workspaceUri('payloads', 'clean.ignisign.json');
    const profile = api.recognizer.providerFor(await vscode.workspace.openTextDocument(uri));
    await api.calls.secrets.set(profile, nowhere, { secret: 'sk_development_any_0000' });
    await api.environments.setActive(profile, 'nowhere');
    try {
      shown = scriptDialogs(api);
      const outcome = await send(uri);
      assert.equal(outcome.error.kind, 'network');
      said = notifications(shown);
      assert.equal(said.length, 1, JSON.stringify(said));
      assert.equal(said[0]!.message, 'E-Sign Drafts: Send to nowhere failed: Connection refused by 127.0.0.1:1.');
      assert.ok(outcome.error.hint, 'the hint exists, and stays in the view and the output channel');
    } finally {
      await api.environments.setActive(profile, 'local-sandbox');
      await api.calls.secrets.clear(profile, nowhere);
    }
  });

  it('5. Clear Send History asks first and says how many sends it removed', async () => {
    await send(workspaceUri('payloads', 'clean.zigned.json'));
    const count = api.history.all().length;
    assert.ok(count > 0);
    let shown = scriptDialogs(api, { modal: () => undefined });
    await vscode.commands.executeCommand('esignDrafts.clearHistory');
    assert.match(shown[0]!.message, new RegExp(`Clear the send history of this workspace \\(${count} sends?\\)`));
    assert.equal(api.history.all().length, count, 'Escape keeps the history');
    shown = scriptDialogs(api, { modal: (_message, items) => items[0] });
    await vscode.commands.executeCommand('esignDrafts.clearHistory');
    assert.deepEqual(shown[0]!.items, ['Keep History', 'Clear History'], 'the safe answer first (Enter)');
    assert.equal(api.history.all().length, count, 'Enter keeps the history');
    shown = scriptDialogs(api, { modal: (_message, items) => items[1] });
    await vscode.commands.executeCommand('esignDrafts.clearHistory');
    assert.equal(api.history.all().length, 0);
    assert.equal(notifications(shown)[0]!.message, `E-Sign Drafts: cleared ${count} ${count === 1 ? 'send' : 'sends'} from the history.`);
  });

  it('7. Send Update has a keybinding that no default shortcut of the editor shares, and editor context-menu entries', async () => {
    const contributes = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes;
    const binding = contributes.keybindings.find((k: any) => k.command === 'esignDrafts.sendUpdate');
    assert.equal(binding.key, 'ctrl+alt+enter');
    assert.equal(binding.mac, 'cmd+alt+enter');
    assert.match(binding.when, /esignDrafts\.isPayload/);
    assert.ok(contributes.menus['editor/context'].some((m: any) => m.command === 'esignDrafts.sendUpdate' && /esignDrafts\.isPayload/.test(m.when)));
    assert.ok(contributes.menus['editor/title'].some((m: any) => m.command === 'esignDrafts.sendUpdate'));
    // VS Code's own default keybindings, as its "Open Default Keyboard Shortcuts (JSON)" shows them.
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const text = await waitFor('the default keybindings', () => vscode.window.activeTextEditor?.document.uri.path.endsWith('keybindings.json') && vscode.window.activeTextEditor.document.getText());
    const defaults = (parseJsonc(text) as { key: string; command: string; when?: string }[]).filter((k) => k.key === 'ctrl+alt+enter' && !k.command.startsWith('-') && !k.command.startsWith('esignDrafts.'));
    for (const other of defaults) {
      // Any default on the same keys must need the find widget (which ours excludes) or a focus other than the editor text.
      const editorText = !other.when || /\beditor(Text)?Focus\b/.test(other.when);
      assert.ok(!editorText || /(^|[^!])findWidgetVisible/.test(other.when ?? ''), `clashes with ${other.command} (${other.when})`);
    }
    assert.ok(defaults.some((k) => k.command === 'editor.action.replaceAll'), 'the defaults were read: Replace All in the find widget uses the same keys, hence !findWidgetVisible');
    assert.match(binding.when, /!findWidgetVisible/);
  });

  it('8. The target-id prompt offers recent ids and the sandbox seeded ids, and still takes a valid typed id', async () => {
    const uri = workspaceUri('payloads', 'send', 'no-id.zigned.json');
    const questions: any[] = [];
    const answerWith = (id: string) => async (options: any) => (questions.push(options), !(await options.validateInput?.(id)) ? id : undefined);
    api.sender.prompts = { ...api.sender.prompts, targetId: answerWith('not-a-cuid') };
    assert.equal(await send(uri), undefined, 'an invalid typed id is refused');
    const first = questions[0].suggestions;
    const seeded = sandbox.description.zigned;
    for (const id of seeded.draftIds) assert.ok(first.some((s: any) => s.id === id && s.label === 'sandbox: draft'), id);
    for (const id of seeded.nonDraftIds) assert.ok(first.some((s: any) => s.id === id && /not a draft/.test(s.label)), id);
    api.sender.prompts = { ...api.sender.prompts, targetId: answerWith(seeded.draftIds[1]) };
    assert.equal((await send(uri)).status, 200);
    api.sender.prompts = { ...api.sender.prompts, targetId: answerWith(seeded.draftIds[1]) };
    await send(uri);
    const recent = questions[2].suggestions[0];
    assert.equal(recent.id, seeded.draftIds[1]);
    assert.equal(recent.source, 'recent');
    assert.match(recent.label, /^sent \d{4}-\d\d-\d\d from payloads\/send\/no-id\.zigned\.json \(200\)$/);
  });

  describe('9. Start and Stop Local Sandbox', () => {
    let configured: number;
    before(() => {
      configured = api.environments.configuredSandboxPort;
    });
    after(async () => {
      api.environments.setConfiguredSandboxPort(configured);
      await vscode.commands.executeCommand('esignDrafts.startSandbox');
      sandbox = api.sandbox.instance;
    });

    it('Stop with nothing running says so', async () => {
      let shown = scriptDialogs(api);
      await vscode.commands.executeCommand('esignDrafts.stopSandbox');
      assert.match(notifications(shown)[0]!.message, /local sandbox on 127\.0\.0\.1:\d+ stopped/);
      shown = scriptDialogs(api);
      await vscode.commands.executeCommand('esignDrafts.stopSandbox');
      assert.equal(notifications(shown)[0]!.message, 'E-Sign Drafts: no local sandbox is running, so there was nothing to stop.');
    });

    it('reuses a sandbox already listening on the configured port, and sends to it', async () => {
      const shared = await startSandbox({ port: 0 });
      try {
        api.environments.setConfiguredSandboxPort(shared.port);
        const shown = scriptDialogs(api);
        assert.equal(await vscode.commands.executeCommand('esignDrafts.startSandbox'), shared.port);
        assert.equal(api.sandbox.instance, undefined, 'no second sandbox was started');
        assert.equal(notifications(shown)[0]!.message, `E-Sign Drafts: using the local sandbox already running on 127.0.0.1:${shared.port}. The "local-sandbox" environments send there.`);
        assert.equal((await send(workspaceUri('payloads', 'clean.ignisign.json'))).status, 200);
        assert.ok(shared.requests.some((r: any) => r.method === 'PUT'), 'the shared sandbox received the PUT');
        const stopped = scriptDialogs(api);
        await vscode.commands.executeCommand('esignDrafts.stopSandbox');
        assert.match(notifications(stopped)[0]!.message, /was not started by VS Code, so it keeps running/);
      } finally {
        await shared.close();
      }
    });

    it('says which port another program holds, and how to change it', async () => {
      const other = http.createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('not here'));
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      const port = (other.address() as AddressInfo).port;
      try {
        api.environments.setConfiguredSandboxPort(port);
        const shown = scriptDialogs(api);
        const started = await vscode.commands.executeCommand<number>('esignDrafts.startSandbox');
        assert.ok(started && started !== port, 'the sandbox started elsewhere');
        const said = notifications(shown)[0]!;
        assert.equal(said.kind, 'warn');
        assert.ok(said.message.includes(`Port ${port} is held by another program`), said.message);
        assert.match(said.message, /ESIGN_DRAFTS_SANDBOX_PORT/);
        await vscode.commands.executeCommand('esignDrafts.stopSandbox');
      } finally {
        other.close();
      }
    });
  });
});
