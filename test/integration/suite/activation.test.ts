import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeAll, open, waitFor } from './helpers';

/** The extension's chunks (dist/extension-services.js and dist/lib-*.js, scripts/build.mjs) loaded in this extension host so far. */
function loadedChunks(extension: vscode.Extension<unknown>): string[] {
  const dist = path.join(extension.extensionPath, 'dist');
  return Object.keys(require.cache)
    .filter((file) => path.dirname(file) === dist && /^(lib-.*|extension-services)\.js$/.test(path.basename(file)))
    .map((file) => path.basename(file))
    .sort();
}

// First of the suite (files run in name order): it needs a host in which no payload was open yet.
describe('Activation in a real VS Code', () => {
  after(closeAll);

  it('activates on a plain JSON file loading only its entry; a command builds the services, without the language client; the first payload starts the server', async function () {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed in the host`);
    if (vscode.workspace.textDocuments.some((d) => d.languageId === 'esign-payload')) this.skip();
    const plain = await vscode.workspace.openTextDocument({ language: 'json', content: '{ "name": "not-a-payload", "version": "1.0.0" }\n' });
    await vscode.window.showTextDocument(plain);
    await waitFor('activation', () => extension.isActive);
    // Give whatever would load the services or start the server a moment to do it.
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(loadedChunks(extension), [], 'only the entry is loaded: no payload is open and no command ran');
    // A command run before any payload builds the services itself (executeCommand would reject if it failed).
    await vscode.commands.executeCommand('esignDrafts.stopSandbox');
    assert.deepEqual(loadedChunks(extension), ['extension-services.js'], 'the command loaded the services; neither the language client nor node-fetch');
    const api = extension.exports;
    assert.equal(api.languageClient.started, false, 'no payload is open: no server');

    const document = await open('payloads', 'warnings.ignisign.json');
    await waitFor('the server to start', () => api.languageClient.started);
    assert.deepEqual(loadedChunks(extension), ['extension-services.js', 'lib-languageclient.js'], 'the client is loaded; node-fetch waits for a request');
    const findings = await api.findingsFor(document);
    assert.ok(findings?.diagnostics.some((d: vscode.Diagnostic) => /titel/.test(d.message)), 'the server started later still reports through findingsFor');
    await waitFor('our diagnostics in Problems', () => vscode.languages.getDiagnostics(document.uri).some((d) => d.source === 'E-Sign Drafts'));
  });
});
