import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { fixtureWorkspace, repoRoot, suiteIndex } from './hostPaths';

/**
 * The same suite in desktop VS Code, for machines that can download it (`npm run test:electron`).
 * The offline CI uses runInCodeServer.ts instead.
 */
async function main() {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-drafts-it-'));
  fs.cpSync(fixtureWorkspace, workspace, { recursive: true });
  await runTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: suiteIndex,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
