import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor, workspaceUri } from './helpers';

/** `esign-drafts lint` in a task: the task type's provider, and the $esign-drafts matcher filling Problems. */
describe('esign-drafts lint as a VS Code task', () => {
  const folder = () => vscode.workspace.workspaceFolders![0];

  it('Run Task lists "esign-drafts: lint" (npx --no esign-drafts lint, with the $esign-drafts matcher)', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    const tasks = await vscode.tasks.fetchTasks({ type: 'esign-drafts' });
    const lint = tasks.find((t) => t.name === 'lint' && t.source === 'esign-drafts');
    assert.ok(lint, JSON.stringify(tasks.map((t) => `${t.source}: ${t.name}`)));
    const execution = lint.execution as vscode.ShellExecution;
    assert.equal(execution.command, 'npx');
    assert.deepEqual(execution.args, ['--no', 'esign-drafts', 'lint']);
    assert.deepEqual(lint.problemMatchers, ['$esign-drafts']);
  });

  // Runs after a payload started the language server (activation.test.ts): the matcher's owner must not be the server's collection, or its findings never show.
  it('the $esign-drafts matcher puts the findings of lint\'s stylish output in Problems, with rule ids and 1-based positions read right', async function () {
    this.timeout(60_000);
    // The CLI as built beside the extension (dist/cli.js), run the way a task runs it.
    const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
    // The extension host's own Node when it is one (code-server), else the node on PATH (Electron).
    const node = /^node(\.exe)?$/i.test(path.basename(process.execPath)) ? process.execPath : 'node';
    // A copy of its own: a task's matcher keeps its findings in Problems after the task ends, and
    // the other suites compare what Problems shows for the fixtures with the CLI.
    const uri = workspaceUri('generated', 'task-typo.zigned.json');
    fs.mkdirSync(path.dirname(uri.fsPath), { recursive: true });
    fs.copyFileSync(workspaceUri('payloads', 'typo.zigned.json').fsPath, uri.fsPath);
    const task = new vscode.Task({ type: 'shell' }, folder(), 'lint typo', 'test', new vscode.ShellExecution(node, [cli, 'lint', 'generated/task-typo.zigned.json']), '$esign-drafts');
    const ended = new Promise<number | undefined>((resolve) => {
      const listener = vscode.tasks.onDidEndTaskProcess((event) => {
        if (event.execution.task.name !== 'lint typo') return;
        listener.dispose();
        resolve(event.exitCode);
      });
    });
    await vscode.tasks.executeTask(task);
    assert.equal(await ended, 1, 'lint exits 1 on the errors');
    const found = await waitFor('the task\'s findings in Problems', () => {
      const fromTask = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'esign-drafts');
      return fromTask.length >= 3 && fromTask;
    }).catch((error: Error) => {
      const all = vscode.languages.getDiagnostics().map(([u, list]) => `${u.toString()}: ${list.map((d) => `${d.source}/${String(typeof d.code === 'object' ? d.code.value : d.code)}`).join(', ')}`);
      throw new Error(`${error.message}; diagnostics now: ${all.join(' | ')}`);
    });
    const shown = found.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.severity === vscode.DiagnosticSeverity.Error ? 'error' : 'other'} ${typeof d.code === 'object' ? d.code.value : d.code}`).sort();
    // typo.zigned.json: "qes" at 2:18, "en-GB" at 3:21, "status" at 4:3 (1-based in the output, 0-based here).
    assert.deepEqual(shown, ['1:17 error schema', '2:20 error schema', '3:2 error response-only-field']);
    assert.match(found.find((d) => d.range.start.line === 1)!.message, /"qes" is not a valid value for "trust_level"/);
  });
});
