import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { RunningSandbox } from '../../../src/sandbox/server';
import { scriptDialogs, type Shown } from './dialogScript';
import { EXTENSION_ID, closeAll, open, workspaceUri } from './helpers';

const IGNISIGN_READY = '65f1c2a9e4b0a1b2c3d4e5f6';
const ZIGNED_DRAFT = 'clx0f3k2p0000abcd1234efgh';

const run = (command: string, uri: vscode.Uri, options: Record<string, unknown> = {}) => vscode.commands.executeCommand<any>(`esignDrafts.${command}`, uri, options);

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
  const scratch: string[] = [];
  let fixtureEnvironments: unknown;

  /** What reached the sandbox (its controls aside), from its HTTP request log. */
  async function requestLog(): Promise<{ method: string; path: string }[]> {
    const response = await fetch(`http://127.0.0.1:${sandbox.port}/__sandbox/requests`);
    const entries = (await response.json()) as { method: string; path: string }[];
    return entries.filter((r) => !r.path.startsWith('/__sandbox'));
  }

  function writePayload(name: string, value: unknown): vscode.Uri {
    const uri = workspaceUri('payloads', 'send', name);
    fs.mkdirSync(workspaceUri('payloads', 'send').fsPath, { recursive: true });
    fs.writeFileSync(uri.fsPath, `${JSON.stringify(value, null, 2)}\n`);
    scratch.push(uri.fsPath);
    return uri;
  }

  const modals = (shown: Shown[]) => shown.filter((s) => s.kind === 'modal');

  before(async () => {
    await open('payloads', 'clean.ignisign.json');
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    api = extension.exports;
    await vscode.commands.executeCommand('esignDrafts.startSandbox');
    sandbox = api.sandbox.instance;
    fixtureEnvironments = vscode.workspace.getConfiguration('esignDrafts').inspect('environments')?.workspaceValue;
  });

  beforeEach(async () => {
    sandbox.reset();
    api.tokens.clear();
    api.sender.prompts = { ...api.windowPrompts, targetId: async () => undefined, lintGate: async () => undefined, approveOrigin: async () => false };
    await vscode.commands.executeCommand('esignDrafts.forgetPulledStates');
  });

  afterEach(async () => {
    Object.assign(api.dialogs, api.windowDialogs);
    await closeAll();
    for (const file of scratch.splice(0)) fs.rmSync(file, { force: true });
    await vscode.workspace.getConfiguration('esignDrafts').update('environments', fixtureEnvironments, vscode.ConfigurationTarget.Workspace);
  });

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
    await api.sender['secrets'].set(profile, production, { secret: description.ignisign.secret });
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
      await api.sender['secrets'].clear(profile, production);
    }
  });
});
