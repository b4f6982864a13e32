import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeAll, codeOf, open, ours, theirs, waitFor, workspaceUri } from './helpers';

describe('Authoring payloads in a real VS Code', () => {
  afterEach(closeAll);

  it('activates on a *.ignisign.json file and binds it to the Ignisign schema', async () => {
    const document = await open('payloads', 'clean.ignisign.json');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed in the host`);
    await waitFor('activation', () => extension.isActive);
    if (process.env.ESIGN_DRAFTS_EXPECT_INSTALLED) {
      // The VSIX check: the extension must come from the extensions folder, not the repository.
      assert.ok(!extension.extensionPath.startsWith(process.cwd()) && extension.extensionPath.includes('esign-drafts.esign-drafts-'), `loaded from ${extension.extensionPath}`);
    }
    const api = extension.exports;
    assert.equal(api.recognizer.providerFor(document)?.id, 'ignisign');
    await waitFor('language status', () => api.status.shownText?.includes('Ignisign'));
  });

  it('activates on a *.zigned.json file and binds it to the Zigned schema', async () => {
    const document = await open('payloads', 'clean.zigned.json');
    const api = vscode.extensions.getExtension(EXTENSION_ID)!.exports;
    assert.equal(api.recognizer.providerFor(document)?.id, 'zigned');
    await waitFor('language status', () => api.status.shownText?.includes('Zigned'));
  });

  it('clean payloads show no problems at all', async () => {
    for (const name of ['clean.ignisign.json', 'clean.zigned.json']) {
      const document = await open('payloads', name);
      // Give both the JSON language service and our debounce time to report.
      await new Promise((r) => setTimeout(r, 1500));
      const all = vscode.languages.getDiagnostics(document.uri);
      assert.deepEqual(all.map((d) => `${d.source}: ${d.message}`), [], `${name} should be clean`);
    }
  });

  it('payload files are in their own language: VS Code\'s JSON service reports nothing, we report each problem once', async () => {
    const document = await open('payloads', 'warnings.ignisign.json');
    const mine = await waitFor('our diagnostics', () => (ours(document.uri).length > 0 ? ours(document.uri) : undefined));
    assert.equal(vscode.workspace.textDocuments.find((d) => d.uri.toString() === document.uri.toString())?.languageId, 'esign-payload');
    assert.equal(mine.filter((d) => /titel/.test(d.message)).length, 1, 'the misspelled key is reported once');
    assert.ok(mine.some((d) => codeOf(d) === 'unknown-property' && /did you mean "title"/.test(d.message)));
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(theirs(document.uri).map((d) => `${d.source}: ${d.message}`), [], 'no other source reports on a payload file');
  });

  it('completion offers the schema properties', async () => {
    const document = await open('payloads', 'warnings.ignisign.json');
    // Right after the opening brace, on a new property.
    const position = document.positionAt(document.getText().indexOf('{') + 1);
    const list = await waitFor('completion items', async () => {
      const result = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
      const labels = result.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return labels.includes('signerIds') ? labels : undefined;
    });
    for (const expected of ['signerIds', 'diffusionMode', 'expirationDate', 'statements']) {
      assert.ok(list.includes(expected), `completion should offer ${expected}: ${list.join(', ')}`);
    }
    assert.ok(!list.includes('status'), 'response-only fields are not suggested');
  });

  it('reports lint rules with their codes and exact ranges', async () => {
    const document = await open('payloads', 'warnings.ignisign.json');
    const diagnostic = await waitFor('signer-ids-missing', () => ours(document.uri).find((d) => codeOf(d) === 'ignisign/signer-ids-missing'));
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    // The property is absent: the squiggle sits on the root object's opening brace.
    assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character], [0, 0, 0, 1]);
    assert.match(diagnostic.message, /publish/i);
    const code = diagnostic.code as { value: string; target: vscode.Uri };
    assert.ok(code.target.path.endsWith('docs/rules/ignisign/signer-ids-missing.md'));
  });

  it('recognises payloads by $schema and esignDrafts.files, and switches them to the payload language', async () => {
    const bySchema = await open('payloads', 'by-schema.json');
    const reminders = await waitFor('schema finding on automatic_reminders', () => ours(bySchema.uri).find((d) => codeOf(d) === 'schema'));
    assert.equal(bySchema.getText(reminders.range), '"automatic_reminders"', 'an object value is underlined at its key');
    const mapped = await open('custom', 'contract-update.json');
    await waitFor('rule finding in a file mapped by esignDrafts.files', () => ours(mapped.uri).find((d) => codeOf(d) === 'ignisign/signer-ids-missing'));
  });

  it('a quick fix from vscode.executeCodeActionProvider renames a misspelled key', async () => {
    const document = await open('payloads', 'warnings.ignisign.json');
    const start = document.positionAt(document.getText().indexOf('"titel"') + 1);
    const actions = await waitFor('code actions', async () => {
      const list = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(start, start));
      return list.some((a) => a.title.includes('Rename')) ? list : undefined;
    });
    const rename = actions.find((a) => a.title === 'Rename "titel" to "title"');
    assert.ok(rename?.edit, `expected a rename fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(actions.some((a) => a.command?.command === 'esignDrafts.showRuleDocumentation'), 'offers the rule documentation');
    assert.ok(await vscode.workspace.applyEdit(rename.edit));
    assert.match(document.getText(), /"title": "Lease agreement"/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('a quick fix changes a misspelled enum value to the nearest valid one', async () => {
    const document = await open('payloads', 'typo.zigned.json');
    const at = document.positionAt(document.getText().indexOf('"qes"') + 1);
    const actions = await waitFor('enum fix', async () => {
      const list = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(at, at));
      return list.find((a) => a.title === 'Change to "QES"');
    });
    assert.ok(await vscode.workspace.applyEdit(actions.edit!));
    assert.match(document.getText(), /"trust_level": "QES"/);
    const status = document.positionAt(document.getText().indexOf('"status"') + 1);
    const remove = await waitFor('response-only removal', async () => {
      const list = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(status, status));
      return list.find((a) => a.title.startsWith('Remove response-only field'));
    });
    assert.ok(await vscode.workspace.applyEdit(remove.edit!));
    assert.doesNotMatch(document.getText(), /"status"/);
    assert.doesNotThrow(() => JSON.parse(document.getText()), 'the file stays valid JSON');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('honours esignDrafts.rules severities', async () => {
    const document = await open('payloads', 'warnings.ignisign.json');
    await waitFor('the warning', () => ours(document.uri).find((d) => codeOf(d) === 'ignisign/signer-ids-missing'));
    const config = vscode.workspace.getConfiguration('esignDrafts');
    // The fixture's own rules (the v3 notice off) come back afterwards.
    const original = config.inspect('rules')?.workspaceValue;
    await config.update('rules', { 'ignisign/signer-ids-missing': 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('the rule to be switched off', () => !ours(document.uri).some((d) => codeOf(d) === 'ignisign/signer-ids-missing'));
      await config.update('rules', { 'ignisign/signer-ids-missing': 'error' }, vscode.ConfigurationTarget.Workspace);
      const raised = await waitFor('the rule as an error', () => ours(document.uri).find((d) => codeOf(d) === 'ignisign/signer-ids-missing'));
      assert.equal(raised.severity, vscode.DiagnosticSeverity.Error);
    } finally {
      await config.update('rules', original, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('lints an unsaved payload as you type and clears it when closed', async () => {
    const uri = vscode.Uri.parse('untitled:/scratch/typed.ignisign.json');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '{ "title": "Typed", "documentIds": ["65f1c2a9e4b0a1b2c3d4e600"] }'));
    await waitFor('diagnostics on an unsaved document', () => ours(uri).some((d) => codeOf(d) === 'ignisign/signer-ids-missing'));
    await editor.edit((b) => b.insert(document.positionAt(document.getText().lastIndexOf('}')), ', "signerIds": ["65f1c2a9e4b0a1b2c3d4e601"] '));
    await waitFor('the warning to go once signerIds is typed', () => !ours(uri).some((d) => codeOf(d) === 'ignisign/signer-ids-missing'));
    await editor.edit((b) => b.insert(new vscode.Position(0, 1), ' "language": "en",'));
    await waitFor('a new finding after typing', () => vscode.languages.getDiagnostics(uri).some((d) => /language/.test(d.message)));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor('diagnostics to clear on close', () => document.isClosed && ours(uri).length === 0);
  });

  for (const [provider, template] of [
    ['ignisign', 'ignisign-minimal'],
    ['ignisign', 'ignisign-full'],
    ['zigned', 'zigned-minimal'],
    ['zigned', 'zigned-full'],
  ]) {
    it(`New Payload… creates a ${template} file that lints clean`, async () => {
      const target = workspaceUri('generated', `${template}-${Date.now()}.${provider}.json`);
      const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('esignDrafts.newPayload', { provider, template, uri: target.toString() });
      assert.equal(created?.toString(), target.toString());
      const document = await vscode.workspace.openTextDocument(target);
      assert.ok(!document.isDirty, 'the new file is saved');
      const api = vscode.extensions.getExtension(EXTENSION_ID)!.exports;
      assert.equal(api.recognizer.providerFor(document).id, provider);
      const findings = await api.findingsFor(document);
      assert.deepEqual(findings.diagnostics.map((d: vscode.Diagnostic) => `${codeOf(d)}: ${d.message}`), []);
      await new Promise((r) => setTimeout(r, 1500));
      assert.deepEqual(vscode.languages.getDiagnostics(target).map((d) => `${d.source}: ${d.message}`), []);
    });
  }

  it('New Payload… refuses to overwrite an existing file', async () => {
    const existing = workspaceUri('payloads', 'clean.ignisign.json');
    const before = await vscode.workspace.fs.readFile(existing);
    const result = await vscode.commands.executeCommand('esignDrafts.newPayload', { provider: 'ignisign', template: 'ignisign-minimal', uri: existing.toString() });
    assert.equal(result, undefined);
    assert.deepEqual(await vscode.workspace.fs.readFile(existing), before);
  });
});
