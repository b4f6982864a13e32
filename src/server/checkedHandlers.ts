import { ErrorCodes, ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { checkDidChange, checkDidOpen, checkTextDocument, type Check } from './messageChecks';

/**
 * Handlers that see only parameters of the right shape (messageChecks.ts). A request with bad
 * parameters is answered with an InvalidParams error; a bad notification has no answer to carry
 * the error, so it is ignored and said once in the server's log. Neither reaches code that
 * would throw on it, and nothing ends the process.
 */
export class CheckedHandlers {
  constructor(private readonly connection: Connection) {}

  /** Says in the log that a notification was ignored, and why. */
  ignored(method: string, problem: string): void {
    logTo(this.connection, 'warn', `Ignored a ${method} notification: ${problem}.`);
  }

  notification<P>(method: string, check: Check, handler: (params: P) => void): (params: unknown) => void {
    return (params) => {
      const problem = check(params);
      if (problem) this.ignored(method, problem);
      else handler(params as P);
    };
  }

  request<P, R, T>(method: string, check: Check, handler: (params: P, token: T) => R): (params: unknown, token: T) => R {
    return (params, token) => {
      const problem = check(params);
      if (problem) throw new ResponseError(ErrorCodes.InvalidParams, `${method}: ${problem}.`);
      return handler(params as P, token);
    };
  }

  /**
   * The document notifications TextDocuments listens to, each checked first: TextDocuments
   * itself stores whatever `text` it is given and fails later, far from the message.
   */
  documentEvents(): Parameters<TextDocuments<TextDocument>['listen']>[0] {
    const c = this.connection;
    return {
      onDidOpenTextDocument: (handler) => c.onDidOpenTextDocument(this.notification('textDocument/didOpen', checkDidOpen, handler)),
      onDidChangeTextDocument: (handler) => c.onDidChangeTextDocument(this.notification('textDocument/didChange', checkDidChange, handler)),
      onDidCloseTextDocument: (handler) => c.onDidCloseTextDocument(this.notification('textDocument/didClose', checkTextDocument, handler)),
      onWillSaveTextDocument: (handler) => c.onWillSaveTextDocument(this.notification('textDocument/willSave', checkTextDocument, handler)),
      onWillSaveTextDocumentWaitUntil: (handler) => c.onWillSaveTextDocumentWaitUntil(this.request('textDocument/willSaveWaitUntil', checkTextDocument, handler)),
      onDidSaveTextDocument: (handler) => c.onDidSaveTextDocument(this.notification('textDocument/didSave', checkTextDocument, handler)),
    };
  }
}

/**
 * Writes to the server's log (the client's output), unless the connection is closed: the console
 * then throws, and a throw from a handler's error path reached nobody and ended the process.
 */
export function logTo(connection: Connection, level: 'info' | 'warn' | 'error', message: string): void {
  try {
    connection.console[level](message);
  } catch {
    // The client went away: there is no one left to tell.
  }
}
