import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeAll, waitFor, workspaceUri } from './helpers';

/**
 * What the extension host itself does while a payload is edited: nothing that reads or parses
 * the whole document. The shown environment comes from the language server's read of the file
 * (typing in a 10 MB payload used to block the host for seconds; `npm run bench` measures it).
 */
describe('The extension host while a payload is edited', () => {
  const uri = workspaceUri('payloads', 'host-work.ignisign.json');

  afterEach(async () => {
    await closeAll();
    fs.rmSync(uri.fsPath, { force: true });
  });

  it('typing never parses the document on the host; the status bar and the code lens follow $request.environment as the server reads it', async () => {
    const api = vscode.extensions.getExtension(EXTENSION_ID)!.exports;
    const payload = { $request: { id: '65f1c2a9e4b0a1b2c3d4e5f6', environment: 'local-sandbox' }, title: 'Employment contract', language: 'EN', signerIds: ['s-1'], documentIds: ['d-1'] };
    fs.writeFileSync(uri.fsPath, JSON.stringify(payload, null, 2) + '\n');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await waitFor('the status bar on local-sandbox', () => api.environmentBar.text?.includes('local-sandbox'));
    const parsesBefore = api.parsed.parses;

    const titleLine = document.getText().split('\n').findIndex((line) => line.includes('"title"'));
    for (const character of ' (revised)') {
      const end = editor.document.lineAt(titleLine).text.lastIndexOf('"');
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(titleLine, end), character)));
      assert.ok(await api.findingsFor(editor.document), `findings for version ${editor.document.version}`);
    }
    const environmentLine = editor.document.getText().split('\n').findIndex((line) => line.includes('"environment"'));
    const line = editor.document.lineAt(environmentLine).text;
    const start = line.indexOf('local-sandbox');
    assert.ok(await editor.edit((b) => b.replace(new vscode.Range(environmentLine, start, environmentLine, start + 'local-sandbox'.length), 'from-workspace-settings')));

    await waitFor('the status bar on the environment the file now names', () => api.environmentBar.text?.includes('from-workspace-settings'));
    const titles = await waitFor('the code lens on that environment', async () => {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
      const shown = lenses.map((l) => l.command?.title ?? '');
      return shown.includes('$(play) Send Update ▸ from-workspace-settings') ? shown : undefined;
    });
    assert.ok(titles.includes('$(globe) Switch Environment'), titles.join(' | '));
    assert.equal(api.parsed.parses, parsesBefore, 'no edit, code lens or status bar update parsed the document on the host');
    assert.ok(editor.document.getText().includes('Employment contract (revised)'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
