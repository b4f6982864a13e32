import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, codeOf, open, ours, waitFor, workspaceUri } from './helpers';

/** Runs in a host whose workspace is NOT trusted (VS Code's Restricted Mode). */
describe('Restricted Mode (untrusted workspace)', () => {
  let api: any;

  before(async () => {
    await open('payloads', 'warnings.ignisign.json');
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await waitFor('activation', () => extension.isActive);
    api = extension.exports;
  });

  it('really is untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this suite must run in Restricted Mode');
  });

  it('authoring still works: our diagnostics are there', async () => {
    const document = await open('payloads', 'warnings.ignisign.json');
    await waitFor('a rule finding', () => ours(document.uri).some((d) => codeOf(d) === 'ignisign/signer-ids-missing'));
  });

  it('refuses to send, even to the local sandbox, and sends nothing', async () => {
    const port = await vscode.commands.executeCommand<number>('esignDrafts.startSandbox');
    try {
      const sandbox = api.sandbox.instance;
      assert.ok(port && sandbox);
      const outcome = await vscode.commands.executeCommand('esignDrafts.sendUpdate', workspaceUri('payloads', 'clean.ignisign.json'), { confirmProduction: true, sendAnyway: true });
      assert.equal(outcome, undefined, 'not sent');
      assert.equal(sandbox.requests.length, 0, 'the sandbox saw nothing');
    } finally {
      await vscode.commands.executeCommand('esignDrafts.stopSandbox');
    }
  });

  it('a file naming a production environment from the workspace settings is not sent, and nothing is asked', async () => {
    const asked: string[] = [];
    api.sender.prompts = {
      lintGate: async () => (asked.push('lint'), 'Send Anyway'),
      confirmProduction: async () => (asked.push('production'), true),
      approveOrigin: async () => (asked.push('approve'), true),
      targetId: async () => (asked.push('id'), '65f1c2a9e4b0a1b2c3d4e5f6'),
    };
    const outcome = await vscode.commands.executeCommand('esignDrafts.sendUpdate', workspaceUri('payloads', 'send', 'workspace-prod.ignisign.json'));
    assert.equal(outcome, undefined);
    assert.deepEqual(asked, [], 'refused before any question (no credential could be sent anywhere)');
    assert.deepEqual(api.calls.approvedOrigins().size, 0);
  });

  it('ignores environments and file globs from workspace settings', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceUri('payloads', 'clean.ignisign.json'));
    const profile = api.recognizer.providerFor(document);
    const names = api.environments.environmentsFor(profile).map((e: { name: string }) => e.name);
    assert.deepEqual(names, ['local-sandbox']);
    // test/fixtures/workspace/.vscode/settings.json maps **/custom/*.json to Ignisign: not here.
    const mapped = await vscode.workspace.openTextDocument(workspaceUri('custom', 'contract-update.json'));
    assert.equal(api.recognizer.providerFor(mapped), undefined);
  });
});
