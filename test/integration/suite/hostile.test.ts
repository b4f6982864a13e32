import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeAll, codeOf, open, ours, waitFor, workspaceUri } from './helpers';

/**
 * Issue 18 items 2, 3 and 8 through the real client: a deeply nested file, a backtracking
 * `esignDrafts.files` glob and malformed custom notifications leave the language server running
 * (not restarted by the client) and the extension working.
 */
describe('The language server survives hostile input, through the extension (issue 18)', function () {
  this.timeout(120_000);
  let api: any;
  /** The client's state changes since the test began: a server that died shows here (the client restarts it). */
  let stateChanges: unknown[];
  let listener: vscode.Disposable | undefined;

  function write(name: string, text: string): vscode.Uri {
    const uri = workspaceUri('payloads', 'hostile', name);
    fs.mkdirSync(workspaceUri('payloads', 'hostile').fsPath, { recursive: true });
    fs.writeFileSync(uri.fsPath, text);
    return uri;
  }

  /** A payload still gets its findings: the server answers and lints. */
  async function stillLints(): Promise<void> {
    const document = await open('payloads', 'warnings.ignisign.json');
    await waitFor('findings on a normal payload', () => ours(document.uri).some((d) => codeOf(d) === 'ignisign/signer-ids-missing'));
    const findings = await api.findingsFor(document);
    assert.ok(findings.diagnostics.length > 0);
  }

  before(async () => {
    await open('payloads', 'clean.ignisign.json');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed in the host`);
    await waitFor('activation', () => extension.isActive);
    api = extension.exports;
    await waitFor('the server to run', () => api.languageClient.client?.isRunning());
  });

  beforeEach(() => {
    stateChanges = [];
    listener = api.languageClient.client.onDidChangeState((change: unknown) => stateChanges.push(change));
  });

  afterEach(async () => {
    listener?.dispose();
    await closeAll();
  });

  it('formatting (and outline, folding, selection, completion, hover) of a 40 KB file nested 20 000 deep returns, and the server runs on', async () => {
    const uri = write('deep.ignisign.json', `{"title": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await waitFor('the nesting finding', () => ours(uri).some((d) => codeOf(d) === 'file' && /nest/i.test(d.message)));
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[] | undefined>('vscode.executeFormatDocumentProvider', uri, { tabSize: 2, insertSpaces: true });
    assert.deepEqual(edits ?? [], [], 'no edits: the document is not walked');
    const at = new vscode.Position(0, 5_000);
    const symbols = await vscode.commands.executeCommand<unknown[] | undefined>('vscode.executeDocumentSymbolProvider', uri);
    assert.deepEqual(symbols ?? [], []);
    await vscode.commands.executeCommand('vscode.executeFoldingRangeProvider', uri);
    await vscode.commands.executeCommand('vscode.executeSelectionRangeProvider', uri, [at]);
    await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, at);
    await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, at);
    assert.ok(api.languageClient.client.isRunning());
    assert.deepEqual(stateChanges, [], 'the server was never restarted');
    await stillLints();
  });

  it('an esignDrafts.files glob that backtracks: documents are recognised at bounded cost, by the extension and the server', async () => {
    const config = vscode.workspace.getConfiguration('esignDrafts');
    const original = config.inspect('files')?.workspaceValue;
    await config.update('files', { [`**/${'*a'.repeat(18)}*c.json`]: 'zigned', '**/custom/*.json': 'ignisign' }, vscode.ConfigurationTarget.Workspace);
    try {
      // picomatch's RegExp (and VS Code's, which the extension asked before) never finished on this name.
      const long = write(`${'a'.repeat(55)}.json`, '{ "status": "draft" }');
      const document = await vscode.workspace.openTextDocument(long);
      await vscode.window.showTextDocument(document);
      assert.equal(api.recognizer.providerFor(document), undefined, 'no glob maps it');
      const mapped = await open('custom', 'contract-update.json');
      assert.equal(api.recognizer.providerFor(mapped)?.id, 'ignisign');
      await waitFor('findings in the file the next glob maps', () => ours(mapped.uri).some((d) => codeOf(d) === 'ignisign/signer-ids-missing'));
      assert.deepEqual(stateChanges, [], 'the server was never restarted');
    } finally {
      await config.update('files', original, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('malformed custom notifications from the client are ignored: the server keeps running and still judges pulled states', async () => {
    const uri = write('pulled.ignisign.json', JSON.stringify({ $request: { id: '65f1c2a9e4b0a1b2c3d4e5f9' }, title: 'Non-disclosure agreement' }, null, 2));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await waitFor('the first findings', () => api.languageClient.findings(document));
    const client = api.languageClient.client;
    // Each of these ended the server (exit 1) before.
    await api.languageClient.setPulledState(uri, 5);
    await api.languageClient.setPulledState(uri, { state: 'not an object', environment: 'staging', pulledAt: '2026-11-23T11:59:00.000Z' });
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///nowhere/x.ignisign.json', languageId: 'esign-payload', version: 1, text: 5 } });
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri: 5, languageId: 'esign-payload', version: 1, text: '{}' } });
    const answer = await client.sendRequest('esignDrafts/findings', { uri: 5, version: 'one' }).then(
      () => 'answered',
      (error: { code?: number }) => error.code,
    );
    assert.equal(answer, -32602, 'a malformed request is answered with InvalidParams');
    // A valid state is still taken: the target is no longer a draft.
    const state = { _id: '65f1c2a9e4b0a1b2c3d4e5f9', status: 'IN_PROGRESS', title: 'Non-disclosure agreement', documentIds: [], signerIds: [], documents: [], signers: [] };
    await api.languageClient.setPulledState(uri, { state, environment: 'staging', pulledAt: '2026-11-23T11:59:00.000Z' });
    await waitFor('the state-aware finding', () => ours(uri).some((d) => codeOf(d) === 'ignisign/not-a-draft'));
    assert.ok(client.isRunning());
    assert.deepEqual(stateChanges, [], 'the server was never restarted');
    await api.languageClient.setPulledState(uri, null);
    await stillLints();
  });
});
