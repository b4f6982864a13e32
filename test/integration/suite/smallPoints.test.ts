import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { scriptDialogs } from './dialogScript';
import { activatedApi, waitFor, workspaceUri, WorkspaceRestore } from './helpers';

describe('Smaller points: variable hover, Set Credentials with no environment, Forget Pulled States', function () {
  this.timeout(60_000);
  let api: any;
  const workspace = new WorkspaceRestore();
  const scratch = workspace.scratch;

  before(async () => {
    api = await activatedApi();
    workspace.remember();
  });

  afterEach(() => workspace.restore(api));

  it('hovering a {{variable}} shows its value in the environment the file is sent to; a secret-looking one is not shown', async () => {
    await vscode.workspace.getConfiguration('esignDrafts').update('environments', [{ name: 'local-sandbox', provider: 'zigned', variables: { orderKey: 'k-42', apiToken: 'tok-not-to-show' } }], vscode.ConfigurationTarget.Workspace);
    const uri = workspaceUri('payloads', 'send', 'hover.zigned.json');
    fs.mkdirSync(workspaceUri('payloads', 'send').fsPath, { recursive: true });
    const text = '{\n  "lookup_key": "order-{{orderKey}}",\n  "success_callback_url": "https://example.com/{{apiToken}}"\n}\n';
    fs.writeFileSync(uri.fsPath, text);
    scratch.push(uri.fsPath);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const hoverAt = async (needle: string) => {
      const hovers = await waitFor(`a hover on ${needle}`, async () => {
        const found = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, document.positionAt(text.indexOf(needle) + 2));
        const joined = (found ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
        return joined.includes(`{{${needle.slice(2, -2)}}}`) && joined;
      });
      return hovers;
    };
    assert.match(await hoverAt('{{orderKey}}'), /`\{\{orderKey\}\}` = `"k-42"` in the active environment for this file/);
    const secret = await hoverAt('{{apiToken}}');
    assert.match(secret, /not shown: the name looks like a secret/);
    assert.doesNotMatch(secret, /tok-not-to-show/);
  });

  it('Set Credentials with no environment to set them for offers "Open Settings"', async () => {
    const shown = scriptDialogs(api);
    assert.equal(await vscode.commands.executeCommand('esignDrafts.setCredentials', { provider: 'zigned', environment: 'no-such-environment' }), false);
    const info = shown.find((s) => s.kind === 'info')!;
    assert.match(info.message, /no environment to set credentials for/);
    assert.deepEqual(info.items, ['Open Settings']);
  });

  it('Forget Pulled States says what it did', async () => {
    const shown = scriptDialogs(api);
    await api.pulledStates.set('zigned', 'clx0f3k2p0000abcd1234efgh', { state: { status: 'draft' }, environment: 'local-sandbox', pulledAt: new Date().toISOString() });
    assert.equal(await vscode.commands.executeCommand('esignDrafts.forgetPulledStates'), 1);
    assert.equal(shown.at(-1)!.message, 'E-Sign Drafts: forgot 1 pulled state; the diagnostics judge each file alone again (Pull Draft State to use one again).');
    await vscode.commands.executeCommand('esignDrafts.forgetPulledStates');
    assert.equal(shown.at(-1)!.message, 'E-Sign Drafts: no pulled state to forget.');
  });
});
