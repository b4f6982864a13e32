import * as vscode from 'vscode';

/** A payload's `$request.id` and `$request.environment` (raw strings, `{{variables}}` unsubstituted). */
export interface RequestFields {
  id?: string;
  environment?: string;
}

/**
 * The `$request` fields of each open payload as the language server read them on its last lint
 * of the document. What the host shows while a file is edited (the code lens's environment, the
 * status bar, the pulled state that applies) comes from here, so that no keystroke makes the
 * extension host read or parse the whole document: a 10 MB payload took 100 ms and more per
 * keystroke. Commands (send, pull, preview) still parse the version they act on.
 */
export class PayloadRequests implements vscode.Disposable {
  private readonly byUri = new Map<string, RequestFields>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires with a document's URI when its `$request` fields change. */
  readonly onDidChange = this.changed.event;
  private readonly subscription = vscode.workspace.onDidCloseTextDocument((d) => this.byUri.delete(d.uri.toString()));

  /** The fields the server last reported for a document ({} before its first lint). */
  fieldsOf(document: vscode.TextDocument): RequestFields {
    return this.byUri.get(document.uri.toString()) ?? {};
  }

  /** The fields as the `$request` of a payload value (what EnvironmentService.forDocument and requestMetadata read). */
  valueOf(document: vscode.TextDocument): { $request: RequestFields } {
    return { $request: this.fieldsOf(document) };
  }

  /** The server linted a version of the document: remember its fields, and say so when they changed. */
  set(uri: vscode.Uri, fields: RequestFields): void {
    const key = uri.toString();
    const known = this.byUri.get(key);
    const next: RequestFields = { id: fields.id, environment: fields.environment };
    if (known && known.id === next.id && known.environment === next.environment) return;
    this.byUri.set(key, next);
    this.changed.fire(uri);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
    this.byUri.clear();
  }
}
