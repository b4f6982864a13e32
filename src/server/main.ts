import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { runBelowNormalPriority } from './backgroundPriority';
import { startServer } from './server';
import { findSnippetsDirectory } from './snippetCompletions';

/**
 * dist/server.js, the server the VS Code extension starts (over Node IPC). The transport is
 * chosen from the command line (--node-ipc, --stdio, --socket=N), as vscode-languageserver does.
 */
runBelowNormalPriority();
startServer(createConnection(ProposedFeatures.all), { snippetsDirectory: findSnippetsDirectory(__dirname) });
