import * as path from 'node:path';

/** Where things are, relative to this file's compiled location (out/test/integration/). */
export const repoRoot = path.resolve(__dirname, '../../..');
export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION ?? '4.100.3';
export const codeServerBin = path.join(repoRoot, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
export const suiteIndex = path.join(repoRoot, 'out', 'test', 'integration', 'suite', 'index.js');
export const fixtureWorkspace = path.join(repoRoot, 'test', 'fixtures', 'workspace');
