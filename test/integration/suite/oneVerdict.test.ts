import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeAll, codeOf, open, ours, waitFor, workspaceUri } from './helpers';

const SEVERITY: Record<number, string> = { [vscode.DiagnosticSeverity.Error]: 'error', [vscode.DiagnosticSeverity.Warning]: 'warning', [vscode.DiagnosticSeverity.Information]: 'info' };

interface CliFinding {
  ruleId: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** The checkout the tests run from (out/test/integration/suite → the root): its CLI and samples, also when the extension under test is an installed VSIX. */
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

function api() {
  return vscode.extensions.getExtension(EXTENSION_ID)!.exports;
}

/**
 * `esign-drafts lint --format json` for one file, run by the built CLI beside the extension, with
 * the same severities as the editor: a CI config holding the workspace's `esignDrafts.rules`.
 */
function cliFindings(file: string): CliFinding[] {
  const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'esign-one-verdict-')), 'esign-drafts.config.json');
  fs.writeFileSync(config, JSON.stringify({ rules: vscode.workspace.getConfiguration('esignDrafts').get('rules') ?? {} }));
  return cliLint(file, path.dirname(file), ['--config', config]);
}

/** `esign-drafts lint --format json <file>` run from `cwd`, the config found as the CLI finds it (or as `extra` says). */
function cliLint(file: string, cwd: string, extra: string[] = []): CliFinding[] {
  const cli = path.join(REPO_ROOT, 'dist', 'cli.js');
  const result = spawnSync(process.execPath, [cli, 'lint', '--format', 'json', ...extra, path.relative(cwd, file)], { cwd, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  assert.ok(result.stdout, `the CLI printed nothing: ${result.stderr}`);
  return (JSON.parse(result.stdout)[0].diagnostics as CliFinding[]).map((d) => ({ ruleId: d.ruleId, severity: d.severity, message: d.message, range: d.range }));
}

/** Every diagnostic VS Code holds for the file, from ANY source, in the CLI's shape. */
function shown(uri: vscode.Uri): CliFinding[] {
  return vscode.languages.getDiagnostics(uri).map((d) => ({
    ruleId: `${d.source === 'E-Sign Drafts' ? '' : `${d.source}:`}${codeOf(d)}`,
    severity: SEVERITY[d.severity],
    message: d.message,
    range: { start: { line: d.range.start.line, character: d.range.start.character }, end: { line: d.range.end.line, character: d.range.end.character } },
  }));
}

const order = (list: CliFinding[]) => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** The document as it is open now (switching it to the payload language reopens it). */
function current(uri: vscode.Uri): vscode.TextDocument {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && !d.isClosed)!;
}

describe('One verdict everywhere: Problems, the status bar, the send gate and the CLI agree', () => {
  // Run alone (ESIGN_DRAFTS_TEST_GREP), nothing has opened a payload yet to activate the extension.
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });
  afterEach(closeAll);

  const samplesDir = () => path.join(REPO_ROOT, 'samples');
  const files = (): string[] => {
    // Samples are copied into the workspace (the host's settings apply there, as they would for a user).
    const samples = fs.readdirSync(samplesDir()).filter((n) => n.endsWith('.json') && n !== 'esign-drafts.config.json');
    const copies = samples.map((name) => {
      const target = workspaceUri('generated', 'samples', name).fsPath;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(path.join(samplesDir(), name), target);
      return target;
    });
    const payloads = ['by-schema.json', 'clean.ignisign.json', 'clean.zigned.json', 'typo.zigned.json', 'warnings.ignisign.json'].map((n) => workspaceUri('payloads', n).fsPath);
    // Broken JSON: a trailing comma, a comment, a missing value (VS Code's JSON service would report these in its own words).
    const broken = workspaceUri('generated', 'broken.ignisign.json').fsPath;
    fs.mkdirSync(path.dirname(broken), { recursive: true });
    fs.writeFileSync(broken, '{\n  // a comment\n  "title": "Broken",\n  "signerIds": [],\n  "language": ,\n}\n');
    return [...copies, ...payloads, broken, workspaceUri('payloads', 'send', 'lint-error.ignisign.json').fsPath];
  };

  it('for every sample and broken file, the diagnostics of ANY source equal `esign-drafts lint --format json`', async () => {
    const list = files();
    assert.ok(list.length >= 9);
    for (const file of list) {
      const uri = vscode.Uri.file(file);
      await open(path.relative(workspaceUri().fsPath, file));
      const document = await waitFor(`${file} in the payload language`, () => current(uri)?.languageId === 'esign-payload' && current(uri));
      const expected = order(cliFindings(file));
      const findings = await api().findingsFor(document);
      assert.equal(findings?.version, current(uri).version);
      await waitFor(`${path.basename(file)}: Problems equal the CLI`, () => JSON.stringify(order(shown(uri))) === JSON.stringify(expected));
      // Later reports (another service, a slower debounce) would only add: wait and look again.
      await new Promise((r) => setTimeout(r, 1000));
      assert.deepEqual(order(shown(uri)), expected, path.basename(file));
      const errors = expected.filter((f) => f.severity === 'error').length;
      assert.equal(await api().sender.lintErrorCount(current(uri)), errors, `the send gate blocks on exactly the ${errors} error(s) of ${path.basename(file)}`);
      await waitFor('the status bar count', () => api().status.errors === errors);
    }
  });

  it('a nested project config and conflicting settings: Problems, the status bar, the send gate and `esign-drafts lint` from the root and from the subfolder agree', async () => {
    // A monorepo: one config at its root, another in a package (the nearest wins), an override and
    // a file's own $lint; the user's settings say otherwise for rules the configs set (the project wins).
    const root = workspaceUri('generated', 'monorepo').fsPath;
    fs.rmSync(root, { recursive: true, force: true });
    const write = (relative: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      fs.writeFileSync(path.join(root, relative), text);
      return path.join(root, relative);
    };
    write('esign-drafts.config.json', JSON.stringify({ rules: { 'document-ids-missing': 'error', 'ignisign/v3-archived': 'info' }, overrides: [{ files: ['legacy/**'], rules: { 'signer-ids-missing': 'off' } }] }));
    write('packages/billing/esign-drafts.config.json', JSON.stringify({ rules: { 'ignisign/signer-ids-missing': 'error', 'ignisign/v3-archived': 'warning' } }));
    const bare = '{\n  "title": "Contract"\n}\n';
    const payloads = [
      write('top.ignisign.json', bare),
      write('legacy/old.ignisign.json', bare),
      write('packages/billing/invoice.ignisign.json', bare),
      write('packages/billing/converted.ignisign-v4.json', bare),
      write('packages/billing/own.ignisign.json', '{\n  "$lint": { "document-ids-missing": "off" },\n  "title": "Own"\n}\n'),
      write('packages/billing/agreement.zigned.json', '{\n  "expires_at": "2020-01-01T00:00:00Z"\n}\n'),
    ];
    const settings = vscode.workspace.getConfiguration('esignDrafts');
    await settings.update('rules', { 'ignisign/v3-archived': 'off', 'ignisign/document-ids-missing': 'off', 'signer-ids-missing': 'info' }, vscode.ConfigurationTarget.Global);
    try {
      for (const file of payloads) {
        const uri = vscode.Uri.file(file);
        await open(path.relative(workspaceUri().fsPath, file));
        await waitFor(`${file} in the payload language`, () => current(uri)?.languageId === 'esign-payload' && current(uri));
        const fromRoot = order(cliLint(file, workspaceUri().fsPath));
        const fromPackage = order(cliLint(file, path.dirname(file)));
        assert.deepEqual(fromPackage, fromRoot, `${path.basename(file)}: the CLI from the root and from the subfolder`);
        await waitFor(`${path.basename(file)}: Problems equal the CLI`, () => JSON.stringify(order(shown(uri))) === JSON.stringify(fromRoot)).catch(() => undefined);
        assert.deepEqual(order(shown(uri)), fromRoot, `${path.basename(file)}: Problems equal the CLI`);
        const errors = fromRoot.filter((f) => f.severity === 'error').length;
        assert.equal(await api().sender.lintErrorCount(current(uri)), errors, `the send gate of ${path.basename(file)}`);
        await waitFor(`the status bar count of ${path.basename(file)}`, () => api().status.errors === errors);
      }
      // The configs decided, not the settings: spot checks.
      const severity = (file: string, rule: string) => shown(vscode.Uri.file(file)).find((f) => f.ruleId === rule)?.severity;
      assert.equal(severity(payloads[0], 'ignisign/document-ids-missing'), 'error');
      assert.equal(severity(payloads[0], 'ignisign/v3-archived'), 'info');
      assert.equal(severity(payloads[1], 'ignisign/signer-ids-missing'), undefined);
      assert.equal(severity(payloads[2], 'ignisign/signer-ids-missing'), 'error');
      assert.equal(severity(payloads[3], 'ignisign-v4/signer-ids-missing'), 'error', 'a v3 rule set by the team applies to the converted v4 file');
      assert.equal(severity(payloads[4], 'ignisign/document-ids-missing'), undefined, "the file's own $lint");
      // Show Effective Configuration says the same as `esign-drafts print-config`, source by source.
      const shownConfig: string = await vscode.commands.executeCommand('esignDrafts.showEffectiveConfiguration', vscode.Uri.file(payloads[3]));
      const cli = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'print-config', payloads[3]], { cwd: workspaceUri().fsPath, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
      const rulesOf = (text: string) => text.slice(text.indexOf('rules:'), text.indexOf('environments:'));
      assert.equal(rulesOf(shownConfig), rulesOf(cli.stdout));
      assert.match(rulesOf(shownConfig), /ignisign-v4\/signer-ids-missing +error +.*packages\/billing\/esign-drafts\.config\.json \(as "ignisign\/signer-ids-missing"\)/);
      // A read-only document of its own: nothing to save, and written again when the config changes.
      const report = vscode.window.activeTextEditor!.document;
      assert.equal(report.uri.scheme, 'esign-drafts-config');
      assert.equal(report.isDirty, false);
      assert.equal(report.getText(), shownConfig);
      // The config edited and saved in the editor, as a user would.
      const billingConfig = await vscode.workspace.openTextDocument(path.join(root, 'packages', 'billing', 'esign-drafts.config.json'));
      const original = billingConfig.getText();
      const saveConfig = async (text: string) => {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(billingConfig.uri, new vscode.Range(billingConfig.positionAt(0), billingConfig.positionAt(billingConfig.getText().length)), text);
        assert.ok(await vscode.workspace.applyEdit(edit));
        assert.ok(await billingConfig.save());
      };
      await saveConfig(JSON.stringify({ rules: { 'ignisign/signer-ids-missing': 'warning', 'ignisign/v3-archived': 'warning' } }));
      await waitFor('the report to follow the config', () => /ignisign-v4\/signer-ids-missing +warning/.test(report.getText()));
      // Problems follow the same save (the language server reads the configs itself).
      await waitFor('Problems to follow the config', () => severity(payloads[3], 'ignisign-v4/signer-ids-missing') === 'warning');
      await saveConfig(original);
      await waitFor('the report to follow the config back', () => /ignisign-v4\/signer-ids-missing +error/.test(report.getText()));
      await waitFor('Problems to follow the config back', () => severity(payloads[3], 'ignisign-v4/signer-ids-missing') === 'error');
      assert.equal(report.isDirty, false);
      // The command run again reads the payload as it is now, unsaved: a $lint typed in counts, as in Problems.
      const converted = await vscode.workspace.openTextDocument(payloads[3]);
      const typed = new vscode.WorkspaceEdit();
      typed.insert(converted.uri, new vscode.Position(1, 0), '  "$lint": { "signer-ids-missing": "off" },\n');
      assert.ok(await vscode.workspace.applyEdit(typed));
      const again: string = await vscode.commands.executeCommand('esignDrafts.showEffectiveConfiguration', converted.uri);
      assert.match(rulesOf(again), /ignisign-v4\/signer-ids-missing +off +\$lint/);
      assert.equal(vscode.window.activeTextEditor!.document.getText(), again);
      const untyped = new vscode.WorkspaceEdit();
      untyped.delete(converted.uri, new vscode.Range(new vscode.Position(1, 0), new vscode.Position(2, 0)));
      assert.ok(await vscode.workspace.applyEdit(untyped));
      assert.ok(await converted.save());
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await settings.update('rules', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('an environment defined only in the project config is offered and used by the editor as by the CLI', async () => {
    const root = workspaceUri('generated', 'config-env').fsPath;
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, 'esign-drafts.config.json'), JSON.stringify({ environments: [{ name: 'team-staging', provider: 'zigned', baseUrl: 'https://staging.example.invalid/rest/v3', variables: { who: 'team' } }] }));
    const file = path.join(root, 'pinned.zigned.json');
    fs.writeFileSync(file, '{\n  "$request": { "environment": "team-staging" },\n  "lookup_key": "{{who}}"\n}\n');
    const document = await open('generated', 'config-env', 'pinned.zigned.json');
    const profile = api().recognizer.providerFor(document);
    const { environment } = api().environments.forDocument(profile, JSON.parse(document.getText()), document.uri);
    assert.equal(environment?.baseUrl, 'https://staging.example.invalid/rest/v3');
    assert.equal(environment?.origin, 'config');
    // The variable resolves from the config's environment: no unresolved-variable finding, as in the CLI.
    await waitFor('findings', () => api().findingsFor(current(document.uri)));
    assert.deepEqual(order(shown(document.uri)), order(cliLint(file, root)));
    assert.ok(!shown(document.uri).some((f) => f.ruleId === 'unresolved-variable'));
    // A name neither the config nor the settings define: one finding on the value, the same as the CLI's.
    const unknown = path.join(root, 'unknown.zigned.json');
    fs.writeFileSync(unknown, '{\n  "$request": { "environment": "staging" },\n  "lookup_key": "{{who}}"\n}\n');
    const opened = await open('generated', 'config-env', 'unknown.zigned.json');
    await waitFor('the unknown-environment finding', () => shown(opened.uri).some((f) => f.ruleId === 'unknown-environment'));
    assert.deepEqual(order(shown(opened.uri)), order(cliLint(unknown, root)));
  });

  it('a broken project config is shown in the config file itself, and a fix on disk is picked up at once (file watcher)', async () => {
    const root = workspaceUri('generated', 'bad-config').fsPath;
    fs.mkdirSync(root, { recursive: true });
    const configUri = vscode.Uri.file(path.join(root, 'esign-drafts.config.json'));
    fs.writeFileSync(configUri.fsPath, '{\n  "rules": { "ignisign/signer-ids-missing": "loud" }\n}\n');
    fs.writeFileSync(path.join(root, 'a.ignisign.json'), '{\n  "title": "t"\n}\n');
    const payload = await open('generated', 'bad-config', 'a.ignisign.json');
    const problems = await waitFor('the config problem in the config file', () => {
      const list = vscode.languages.getDiagnostics(configUri).filter((d) => d.source === 'E-Sign Drafts');
      return list.length > 0 && list;
    });
    assert.equal(codeOf(problems[0]), 'config');
    assert.match(problems[0].message, /"loud" is not a valid value/);
    assert.equal(problems[0].range.start.line, 1, 'placed on the bad value');
    // The CLI refuses the same config (exit 2), never falling back to the defaults silently.
    const cli = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'lint', 'a.ignisign.json'], { cwd: root, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    assert.equal(cli.status, 2, cli.stderr);
    // Fixed on disk: the problem goes, and the config's rule applies in Problems as in the CLI.
    fs.writeFileSync(configUri.fsPath, '{\n  "rules": { "ignisign/signer-ids-missing": "error" }\n}\n');
    await waitFor('the config problem gone', () => !vscode.languages.getDiagnostics(configUri).some((d) => d.source === 'E-Sign Drafts'));
    await waitFor('the config rule applied', () => shown(payload.uri).some((f) => f.ruleId === 'ignisign/signer-ids-missing' && f.severity === 'error'));
    assert.deepEqual(order(shown(payload.uri)), order(cliLint(path.join(root, 'a.ignisign.json'), root)));
  });

  it('the send gate blocks on exactly the errors Problems shows', async () => {
    const uri = workspaceUri('payloads', 'send', 'lint-error.ignisign.json');
    await open('payloads', 'send', 'lint-error.ignisign.json');
    const errors = await waitFor('errors shown', () => {
      const list = ours(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      return list.length > 0 && list;
    });
    const asked: string[] = [];
    const sender = api().sender;
    const previous = sender.prompts;
    sender.prompts = { ...previous, lintGate: async (message: string) => (asked.push(message), undefined) };
    try {
      await vscode.commands.executeCommand('esignDrafts.sendUpdate', uri);
    } finally {
      sender.prompts = previous;
    }
    assert.equal(asked.length, 1, 'the gate asked once');
    assert.match(asked[0], new RegExp(`^E-Sign Drafts: ${errors.length} lint error\\(s\\)`));
  });

  it('a rule set to "off" in esignDrafts.rules disappears from Problems', async () => {
    const uri = workspaceUri('payloads', 'typo.zigned.json');
    await open('payloads', 'typo.zigned.json');
    await waitFor('the response-only finding', () => ours(uri).some((d) => codeOf(d) === 'response-only-field'));
    const config = vscode.workspace.getConfiguration('esignDrafts');
    await config.update('rules', { 'response-only-field': 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('the rule to be gone', () => vscode.languages.getDiagnostics(uri).length > 0 && !vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === 'response-only-field'));
      assert.equal(await api().sender.lintErrorCount(current(uri)), 2, 'nor does it block a send');
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('hover shows the schema description through the real host', async () => {
    const document = await open('payloads', 'warnings.ignisign.json');
    const at = document.positionAt(document.getText().indexOf('"documentIds"') + 2);
    const hovers = await waitFor('a hover', async () => {
      const list = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', current(document.uri).uri, at);
      return list.length > 0 && list;
    });
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /document/i);
  });

  it('"Fix all" (source.fixAll) applies every preferred fix', async () => {
    const document = await open('payloads', 'typo.zigned.json');
    await waitFor('findings', () => ours(document.uri).length === 3);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(0, 0, 0, 0), vscode.CodeActionKind.SourceFixAll.value);
    const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.esignDrafts');
    assert.ok(fixAll?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    const text = current(document.uri).getText();
    assert.match(text, /"trust_level": "QES"/);
    assert.doesNotMatch(text, /"status"/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('"Fix all" on samples/needs-fixing.ignisign.json moves the signer id out of recipients rather than adding a <signer id> placeholder (a new error)', async () => {
    const copy = workspaceUri('generated', 'fix-all', 'needs-fixing.ignisign.json');
    fs.mkdirSync(path.dirname(copy.fsPath), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, 'samples', 'needs-fixing.ignisign.json'), copy.fsPath);
    await open('generated', 'fix-all', 'needs-fixing.ignisign.json');
    await waitFor('findings', () => ours(copy).some((d) => codeOf(d) === 'ignisign/recipient-not-email'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', copy, new vscode.Range(0, 0, 0, 0), vscode.CodeActionKind.SourceFixAll.value);
    const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.esignDrafts');
    assert.ok(fixAll?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    const fixed = JSON.parse(current(copy).getText());
    assert.deepEqual(fixed.signerIds, ['65f1c2a9e4b0a1b2c3d4e601']);
    assert.deepEqual(fixed.recipients, []);
    await waitFor('no error left', () => !ours(copy).some((d) => d.severity === vscode.DiagnosticSeverity.Error) && ours(copy).length > 0);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('no payload template is offered in a package.json, and templates are offered in an empty payload file', async () => {
    const packageJson = workspaceUri('generated', 'package.json');
    fs.writeFileSync(packageJson.fsPath, '{\n  \n}\n');
    await open('generated', 'package.json');
    const plain = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', packageJson, new vscode.Position(1, 2));
    const plainLabels = plain.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(!plainLabels.some((l) => /^(ignisign|zigned)-/.test(l)), plainLabels.join(', '));
    const empty = workspaceUri('generated', `empty-${Date.now()}.zigned.json`);
    fs.writeFileSync(empty.fsPath, '');
    await open(path.relative(workspaceUri().fsPath, empty.fsPath));
    const labels = await waitFor('templates', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', empty, new vscode.Position(0, 0));
      const all = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return all.includes('zigned-minimal') && all;
    });
    assert.ok(!labels.some((l) => l.startsWith('ignisign-')), 'only the file\'s own provider\'s templates');
  });
});
