import * as vscode from 'vscode';

/** The task type package.json contributes (taskDefinitions); VS Code activates us for it (onTaskType). */
export const LINT_TASK_TYPE = 'esign-drafts';
/** The problem matcher package.json contributes: it reads `esign-drafts lint`'s stylish output. */
export const LINT_PROBLEM_MATCHER = '$esign-drafts';

interface LintTaskDefinition extends vscode.TaskDefinition {
  files?: string[];
  args?: string[];
}

/**
 * `esign-drafts lint` as a task, its findings in Problems through the `$esign-drafts` matcher.
 * It runs the command-line package the project installs (`npx --no`: the workspace's own
 * devDependency or a global install, never a download): the VSIX ships no CLI.
 */
export function lintTask(definition: LintTaskDefinition, folder: vscode.WorkspaceFolder): vscode.Task {
  const args = ['--no', 'esign-drafts', 'lint', ...(definition.args ?? []), ...(definition.files ?? [])];
  const execution = new vscode.ShellExecution('npx', args, { cwd: folder.uri.fsPath });
  return new vscode.Task(definition, folder, 'lint', 'esign-drafts', execution, LINT_PROBLEM_MATCHER);
}

/** "Run Task" lists an `esign-drafts: lint` per workspace folder; a tasks.json entry of the type is resolved to the same. */
export function registerLintTasks(): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(LINT_TASK_TYPE, {
    provideTasks: () => (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => lintTask({ type: LINT_TASK_TYPE }, folder)),
    resolveTask: (task) => {
      const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
      return folder ? lintTask(task.definition as LintTaskDefinition, folder) : undefined;
    },
  });
}
