import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { renderResponseHtml, type ResponseViewModel } from './html';

export const RESPONSE_VIEW_TYPE = 'esignDrafts.response';

export interface ResponsePanelHandlers {
  /** "Send File Again" on an update's view: the file as it is now. */
  resend(documentUri: vscode.Uri): void;
  /** "Pull Again" on a pull's view, "Pull State" after a lifecycle call: a GET, nothing else. */
  pullAgain(documentUri: vscode.Uri): void;
  /** "Replay Again" on a replay's view: the request recorded in history (by its entry id), never the file. */
  replayAgain(historyId: string): void;
  /** The user clicked "Go to field" on an error explanation (a JSON Pointer into the payload file). */
  openField(documentUri: vscode.Uri, pointer: string): void;
  /** The last request as a cURL command line, credentials replaced by a placeholder. */
  curlFor(documentUri: vscode.Uri): string | undefined;
}

/** Messages media/response.js posts. Anything else is ignored. */
type ViewMessage =
  | { type: 'resend' | 'pullAgain' | 'replayAgain' | 'copyBody' | 'saveBody' | 'copyCurl' | 'openBody' }
  | { type: 'openField'; path: string };

interface Entry {
  documentUri: vscode.Uri;
  panel: vscode.WebviewPanel;
  model: ResponseViewModel;
  html: string;
  subscriptions: vscode.Disposable[];
}

/**
 * The response view: one webview panel per payload file (keyed by document URI), opened beside
 * the file and reused on every send. Panels the user closes are forgotten.
 */
export class ResponsePanels implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly mediaRoot: vscode.Uri;

  constructor(
    extensionUri: vscode.Uri,
    private readonly handlers: ResponsePanelHandlers,
  ) {
    this.mediaRoot = vscode.Uri.joinPath(extensionUri, 'media');
  }

  /** Shows (or updates) the panel of a payload file without taking the focus from the editor. */
  show(documentUri: vscode.Uri, model: ResponseViewModel): vscode.WebviewPanel {
    const key = documentUri.toString();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = this.create(documentUri, model);
      this.entries.set(key, entry);
    } else {
      entry.model = model;
      entry.panel.title = titleFor(documentUri);
      // Brings it forward where the user left it (Beside the file at first), keeping the focus in the editor.
      entry.panel.reveal(entry.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
    }
    this.render(entry);
    return entry.panel;
  }

  /** Shows the panel in its "sending…" state. */
  showPending(documentUri: vscode.Uri, model: ResponseViewModel): vscode.WebviewPanel {
    return this.show(documentUri, { ...model, pending: true });
  }

  /** The HTML last rendered for a payload file (tests). */
  htmlOf(documentUri: vscode.Uri): string | undefined {
    return this.entries.get(documentUri.toString())?.html;
  }

  /** The panel of a payload file, while it is open. */
  panelOf(documentUri: vscode.Uri): vscode.WebviewPanel | undefined {
    return this.entries.get(documentUri.toString())?.panel;
  }

  /** What a click on a view's button does (tests: a webview cannot be clicked from the extension host). */
  click(documentUri: vscode.Uri, action: string): Promise<void> {
    const entry = this.entries.get(documentUri.toString());
    return entry ? this.onMessage(entry, { type: action }) : Promise.resolve();
  }

  /** The model last shown for a payload file. */
  modelOf(documentUri: vscode.Uri): ResponseViewModel | undefined {
    return this.entries.get(documentUri.toString())?.model;
  }

  dispose(): void {
    for (const entry of [...this.entries.values()]) entry.panel.dispose();
    this.entries.clear();
  }

  private create(documentUri: vscode.Uri, model: ResponseViewModel): Entry {
    const panel = vscode.window.createWebviewPanel(
      RESPONSE_VIEW_TYPE,
      titleFor(documentUri),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [this.mediaRoot], enableFindWidget: true },
    );
    panel.webview.options = { enableScripts: true, localResourceRoots: [this.mediaRoot] };
    const entry: Entry = { documentUri, panel, model, html: '', subscriptions: [] };
    entry.subscriptions.push(
      panel.webview.onDidReceiveMessage((message: unknown) => {
        void this.onMessage(entry, message).catch((error: unknown) => {
          void vscode.window.showErrorMessage(`E-Sign Drafts: ${error instanceof Error ? error.message : String(error)}`);
        });
      }),
      panel.onDidDispose(() => {
        for (const subscription of entry.subscriptions) subscription.dispose();
        if (this.entries.get(documentUri.toString()) === entry) this.entries.delete(documentUri.toString());
      }),
    );
    return entry;
  }

  private render(entry: Entry): void {
    const webview = entry.panel.webview;
    entry.html = renderResponseHtml(entry.model, {
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'response.css')).toString(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'response.js')).toString(),
      codiconsUri: webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'codicons', 'codicon.css')).toString(),
    });
    webview.html = entry.html;
  }

  private async onMessage(entry: Entry, raw: unknown): Promise<void> {
    const message = parseMessage(raw);
    if (!message) return;
    const { documentUri } = entry;
    const exchange = entry.model.pending ? undefined : entry.model.outcome.exchange;
    switch (message.type) {
      // The button's meaning comes from the call the view shows, not from the message alone: a
      // stale or forged "resend" on a pull's view never sends the file.
      case 'resend':
        if ((entry.model.call?.kind ?? 'update') === 'update') this.handlers.resend(documentUri);
        return;
      case 'pullAgain':
        if (entry.model.call?.kind === 'pull' || entry.model.call?.kind === 'lifecycle') this.handlers.pullAgain(documentUri);
        return;
      case 'replayAgain':
        if (entry.model.call?.kind === 'replay') this.handlers.replayAgain(entry.model.call.historyId);
        return;
      case 'openField':
        this.handlers.openField(documentUri, message.path);
        return;
      case 'copyCurl': {
        const curl = this.handlers.curlFor(documentUri);
        if (curl === undefined) {
          void vscode.window.showInformationMessage('E-Sign Drafts: nothing to copy yet — send the file first.');
          return;
        }
        await vscode.env.clipboard.writeText(curl);
        void vscode.window.showInformationMessage('cURL copied (credentials replaced by a placeholder)');
        return;
      }
      case 'copyBody':
        if (!exchange) return void vscode.window.showInformationMessage('E-Sign Drafts: there is no response body to copy.');
        await vscode.env.clipboard.writeText(exchange.bodyText);
        vscode.window.setStatusBarMessage('$(copy) Response body copied', 3000);
        return;
      case 'saveBody': {
        if (!exchange) return void vscode.window.showInformationMessage('E-Sign Drafts: there is no response body to save.');
        const isJson = parsesAsJson(exchange.bodyText, exchange.body);
        const target = await vscode.window.showSaveDialog({
          defaultUri: defaultSaveUri(documentUri, isJson),
          filters: isJson ? { JSON: ['json'], 'All files': ['*'] } : { Text: ['txt'], 'All files': ['*'] },
          saveLabel: 'Save Response',
          title: 'Save the response body',
        });
        if (!target) return;
        await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(exchange.bodyText));
        vscode.window.setStatusBarMessage(`$(save) Response saved to ${target.path.split('/').pop() ?? target.toString()}`, 4000);
        return;
      }
      case 'openBody': {
        if (!exchange) return;
        const isJson = parsesAsJson(exchange.bodyText, exchange.body);
        const document = await vscode.workspace.openTextDocument({ content: exchange.bodyText, language: isJson ? 'json' : 'plaintext' });
        await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Active, preview: false });
        return;
      }
    }
  }
}

function parseMessage(raw: unknown): ViewMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { type, path } = raw as { type?: unknown; path?: unknown };
  switch (type) {
    case 'resend':
    case 'pullAgain':
    case 'replayAgain':
    case 'copyBody':
    case 'saveBody':
    case 'copyCurl':
    case 'openBody':
      return { type };
    case 'openField':
      // A JSON Pointer from the API's error body; the handler resolves it (or says it cannot).
      return typeof path === 'string' && path.length <= 2048 ? { type, path } : undefined;
    default:
      return undefined;
  }
}

function fileNameOf(uri: vscode.Uri): string {
  return uri.path.split('/').filter(Boolean).pop() ?? uri.toString();
}

function titleFor(documentUri: vscode.Uri): string {
  return `Response: ${fileNameOf(documentUri)}`;
}

/** `<file>.response.json` beside the payload file (`.txt` when the body is not JSON). */
function defaultSaveUri(documentUri: vscode.Uri, isJson: boolean): vscode.Uri {
  const name = `${fileNameOf(documentUri).replace(/\.json$/i, '')}.response.${isJson ? 'json' : 'txt'}`;
  if (documentUri.scheme === 'untitled') {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    return folder ? vscode.Uri.joinPath(folder, name) : vscode.Uri.file(name);
  }
  return vscode.Uri.joinPath(documentUri, '..', name);
}

function parsesAsJson(text: string, parsed: unknown): boolean {
  if (parsed !== undefined) return true;
  if (!text.trim()) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
