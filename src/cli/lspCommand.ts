import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { runBelowNormalPriority } from '../server/backgroundPriority';
import { startServer } from '../server/server';
import { findSnippetsDirectory } from '../server/snippetCompletions';
import type { CliIo } from './io';
import { COMMAND_USAGE } from './usage';

/**
 * `esign-drafts lsp --stdio`: the language server for any LSP editor, speaking JSON-RPC on
 * stdin/stdout (nothing else may write to stdout). Resolves when the client closes the stream.
 */
export function runLspCommand(args: string[], io: CliIo): Promise<number> | number {
  const unknown = args.filter((a) => a !== '--stdio');
  if (!args.includes('--stdio') || unknown.length > 0) {
    io.stderr(`esign-drafts lsp: ${unknown.length > 0 ? `unknown option "${unknown[0]}"` : 'missing --stdio'}: the server only speaks LSP over standard input/output.\n\n${COMMAND_USAGE.lsp}`);
    return 2;
  }
  // Linting is background work: the editor's own processes come first (backgroundPriority.ts).
  runBelowNormalPriority();
  const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  // The server logs through the connection: a stray console.log on stdout would corrupt the protocol.
  console.log = (...parts: unknown[]) => connection.console.log(parts.map(String).join(' '));
  return new Promise<number>((resolve) => {
    connection.onExit(() => resolve(0));
    startServer(connection, { snippetsDirectory: findSnippetsDirectory(__dirname) });
  });
}
