import * as vscode from 'vscode';

// Quick fixes and "fix all" come from the language server (src/server/codeActions.ts); the
// server offers this command as "Show documentation for <rule>".

/** Opens a rule's reference page (shipped in the extension under docs/rules/) as a Markdown preview. */
export async function showRuleDocumentation(extensionUri: vscode.Uri, ruleId: unknown): Promise<void> {
  if (typeof ruleId !== 'string' || !/^[a-z0-9/-]+$/.test(ruleId)) {
    void vscode.window.showErrorMessage(`E-Sign Drafts: "${String(ruleId)}" is not a rule id (expected e.g. "ignisign/signer-ids-missing").`);
    return;
  }
  const page = vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${ruleId}.md`);
  try {
    await vscode.workspace.fs.stat(page);
  } catch {
    void vscode.window.showErrorMessage(`E-Sign Drafts: no documentation page for rule "${ruleId}".`);
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', page);
}
