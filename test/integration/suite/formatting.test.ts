import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { closeAll, open, waitFor } from './helpers';

/** The text after the edits (applied from the last one back, as VS Code does). */
function applied(document: vscode.TextDocument, edits: readonly vscode.TextEdit[]): string {
  let text = document.getText();
  for (const edit of [...edits].sort((a, b) => document.offsetAt(b.range.start) - document.offsetAt(a.range.start))) {
    text = text.slice(0, document.offsetAt(edit.range.start)) + edit.newText + text.slice(document.offsetAt(edit.range.end));
  }
  return text;
}

async function formatEdits(document: vscode.TextDocument, options: vscode.FormattingOptions): Promise<readonly vscode.TextEdit[]> {
  return (await vscode.commands.executeCommand<vscode.TextEdit[] | undefined>('vscode.executeFormatDocumentProvider', document.uri, options)) ?? [];
}

describe('Formatting payloads beside other formatters', () => {
  afterEach(async () => {
    await vscode.workspace.getConfiguration('esignDrafts').update('format.enable', undefined, vscode.ConfigurationTarget.Workspace);
    await closeAll();
  });

  it('formats with the editor\'s tab size, keeping one-line arrays on one line; with esignDrafts.format.enable off gives no edits from us', async () => {
    const document = await open('payloads', 'clean.ignisign.json');
    const options: vscode.FormattingOptions = { tabSize: 4, insertSpaces: true };
    // The formatter is registered once the language server has started.
    const edits = await waitFor('formatting edits', async () => {
      const found = await formatEdits(document, options);
      return found.length > 0 ? found : undefined;
    });
    const lines = applied(document, edits).split('\n');
    assert.ok(lines.includes('    "title": "Employment contract — Jane Doe",'), lines.join('\n'));
    assert.ok(lines.includes('        "id": "65f1c2a9e4b0a1b2c3d4e5f6"'), 'nested: two indents of 4');
    assert.ok(lines.includes('    "documentIds": ["65f1c2a9e4b0a1b2c3d4e600"],'), 'a one-line array stays on one line');
    assert.ok(lines.includes('    "signerIds": ["65f1c2a9e4b0a1b2c3d4e601"],'), lines.join('\n'));

    await vscode.workspace.getConfiguration('esignDrafts').update('format.enable', false, vscode.ConfigurationTarget.Workspace);
    // Unregistered (the server is told of the change): VS Code finds no formatter of ours.
    await waitFor('no formatting edits', async () => (await formatEdits(document, options)).length === 0);
    await vscode.workspace.getConfiguration('esignDrafts').update('format.enable', undefined, vscode.ConfigurationTarget.Workspace);
    await waitFor('formatting edits again', async () => (await formatEdits(document, options)).length > 0);
  });
});
