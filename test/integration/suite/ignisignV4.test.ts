import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeAll, open, waitFor, workspaceUri } from './helpers';

/** Answers Send Update's dialogs as a person would (nothing here needs a dialog). */
function quietPrompts(api: any): void {
  api.sender.prompts = {
    lintGate: async () => undefined,
    confirmProduction: async () => false,
    approveOrigin: async () => false,
    targetId: async () => undefined,
  };
}

describe('Ignisign v4 in a real VS Code', function () {
  let api: any;
  let sandbox: any;

  before(async () => {
    await open('payloads', 'clean.ignisign-v4.json');
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await waitFor('activation', () => extension.isActive);
    api = extension.exports;
    await vscode.commands.executeCommand<number>('esignDrafts.startSandbox');
    sandbox = api.sandbox.instance;
  });

  beforeEach(() => {
    sandbox.reset();
    quietPrompts(api);
  });

  afterEach(closeAll);

  after(async () => {
    await vscode.commands.executeCommand('esignDrafts.stopSandbox');
  });

  it('activates on a *.ignisign-v4.json file and binds it to the v4 schema: its diagnostics flag v3 names and unknown languages', async () => {
    const clean = await open('payloads', 'clean.ignisign-v4.json');
    assert.equal(api.recognizer.providerFor(clean)?.id, 'ignisign-v4');
    await waitFor('language status', () => api.status.shownText?.includes('Ignisign v4'));
    const uri = workspaceUri('payloads', 'problems.ignisign-v4.json');
    fs.writeFileSync(uri.fsPath, '{\n  "signerIds": ["s-1"],\n  "documentIds": ["d-1"],\n  "signersAsApprover": ["s-1"],\n  "language": "XX"\n}\n');
    const document = await open('payloads', 'problems.ignisign-v4.json');
    const flagged = await waitFor('diagnostics on signersAsApprover and language', () => {
      const lines = vscode.languages.getDiagnostics(document.uri).map((d) => d.range.start.line);
      return lines.includes(3) && lines.includes(4) ? lines : undefined;
    });
    assert.ok(flagged.length >= 2);
    assert.ok(!vscode.languages.getDiagnostics(clean.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error), 'the clean v4 file has no errors');
  });

  it('Send Update with the sandbox API key (built-in local-sandbox): PUT /v4/…, no login', async () => {
    const outcome = await vscode.commands.executeCommand<any>('esignDrafts.sendUpdate', workspaceUri('payloads', 'clean.ignisign-v4.json'));
    assert.equal(outcome?.status, 200, JSON.stringify(outcome?.error));
    assert.deepEqual(sandbox.requests.map((r: any) => `${r.method} ${r.path}`), ['PUT /v4/signature-requests/65f1c2a9e4b0a1b2c3d4e5f6']);
  });

  it('Send Update with an app secret: login at /v4/auth/app-api, then PUT', async () => {
    const config = vscode.workspace.getConfiguration('esignDrafts');
    const environment = { name: 'v4-secret', provider: 'ignisign-v4', baseUrl: `http://127.0.0.1:${sandbox.port}`, appId: 'appId_sandbox', appEnv: 'DEVELOPMENT' };
    await config.update('environments', [environment], vscode.ConfigurationTarget.Workspace);
    try {
      const document = await vscode.workspace.openTextDocument(workspaceUri('payloads', 'clean.ignisign-v4.json'));
      const profile = api.recognizer.providerFor(document);
      await api.environments.setActive(profile, 'v4-secret');
      await api.calls.secrets.set(profile, environment, { secret: sandbox.description.ignisign.secret });
      api.tokens.clear();
      const outcome = await vscode.commands.executeCommand<any>('esignDrafts.sendUpdate', document.uri);
      assert.equal(outcome?.status, 200, JSON.stringify(outcome?.error));
      assert.deepEqual(sandbox.requests.map((r: any) => `${r.method} ${r.path}`), ['POST /v4/auth/app-api', 'PUT /v4/signature-requests/65f1c2a9e4b0a1b2c3d4e5f6']);
      await api.environments.setActive(profile, 'local-sandbox');
    } finally {
      await config.update('environments', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('Convert to Ignisign v4…: writes the v4 twin, leaves the v3 file alone, never replaces without asking; the v3 notice offers it', async () => {
    const config = vscode.workspace.getConfiguration('esignDrafts');
    // The fixture workspace turns the notice off (it stays on v3); turn it back on here.
    const original = config.inspect('rules')?.workspaceValue;
    await config.update('rules', {}, vscode.ConfigurationTarget.Workspace);
    try {
      const v3 = workspaceUri('payloads', 'to-convert.ignisign.json');
      const v3Text = '{\n  "$request": { "id": "65f1c2a9e4b0a1b2c3d4e5f6" },\n  "signerIds": ["65f1c2a9e4b0a1b2c3d4e601"],\n  "documentIds": ["65f1c2a9e4b0a1b2c3d4e600"],\n  "signersAsApprover": ["65f1c2a9e4b0a1b2c3d4e601"]\n}\n';
      fs.writeFileSync(v3.fsPath, v3Text);
      const document = await open('payloads', 'to-convert.ignisign.json');
      const actions = await waitFor('the Convert quick fix on the v3 notice', async () => {
        const list = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(0, 0, 0, 1));
        return list.some((a) => a.title === 'Convert to Ignisign v4…') ? list : undefined;
      });
      const convert = actions.find((a) => a.title === 'Convert to Ignisign v4…')!;
      assert.equal(convert.command?.command, 'esignDrafts.convertToIgnisignV4');

      const outcome = await vscode.commands.executeCommand<any>('esignDrafts.convertToIgnisignV4', document.uri);
      const target = workspaceUri('payloads', 'to-convert.ignisign-v4.json');
      assert.equal(outcome.written, true);
      assert.equal(outcome.target.toString(), target.toString());
      const written = fs.readFileSync(target.fsPath, 'utf8');
      assert.match(written, /"signerIdsAsApprover": \["65f1c2a9e4b0a1b2c3d4e601"\]/);
      assert.match(written, /"\$request": \{ "id": "65f1c2a9e4b0a1b2c3d4e5f6" \}/);
      assert.equal(fs.readFileSync(v3.fsPath, 'utf8'), v3Text, 'the v3 file is untouched');
      await waitFor('the new file opens as an Ignisign v4 payload', () => vscode.window.activeTextEditor?.document.uri.toString() === target.toString() && api.recognizer.providerFor(vscode.window.activeTextEditor.document)?.id === 'ignisign-v4');

      fs.writeFileSync(target.fsPath, '{ "title": "mine" }\n');
      const kept = await vscode.commands.executeCommand<any>('esignDrafts.convertToIgnisignV4', v3, { overwrite: false });
      assert.equal(kept.written, false);
      assert.equal(fs.readFileSync(target.fsPath, 'utf8'), '{ "title": "mine" }\n', 'an existing v4 file is not replaced without a yes');
    } finally {
      await config.update('rules', original, vscode.ConfigurationTarget.Workspace);
    }
  });
});
