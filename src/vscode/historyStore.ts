import * as vscode from 'vscode';
import { providerById } from '../core/providers/registry';
import { addToHistory, historyEntryOf, outcomeForHistory, type HistoryEntry } from '../core/send/history';
import type { SendOutcome } from '../core/send/types';

const KEY = 'esignDrafts.history';
/** Response bodies kept with history entries are cut to this, so that workspace state stays small. */
const KEPT_BODY_CHARS = 256 * 1024;

export interface StoredSend {
  entry: HistoryEntry;
  /** The outcome for reopening in the response view (request headers already redacted; no tokens). */
  outcome: SendOutcome;
  documentUri: string;
}

/** The last 50 sends of this workspace: what, where, status and time; never a secret. */
export class HistoryStore {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  all(): StoredSend[] {
    return this.state.get<StoredSend[]>(KEY, []);
  }

  /** `action`: "update", "replay", "pull", "publish", "finalise", "reopen", "cancel". */
  async add(documentUri: vscode.Uri, received: SendOutcome, action = 'update'): Promise<StoredSend> {
    // Signing tokens an answer hands out (Ignisign's embedded signers) are kept masked, like credentials.
    const body = received.exchange?.body;
    const outcome = outcomeForHistory(received, body === undefined ? [] : (providerById(received.request.provider)?.send.answerSecrets?.(body) ?? []));
    const entry = historyEntryOf(outcome, vscode.workspace.asRelativePath(documentUri), action);
    // A body cut for history keeps neither its parsed value nor its note: reading either parses
    // the whole answer (4.8 MB of [0,0,…] blocked the extension host for it), and the cut text
    // would not parse anyway.
    const kept: SendOutcome = outcome.exchange && outcome.exchange.bodyText.length > KEPT_BODY_CHARS
      ? { ...outcome, exchange: { ...outcome.exchange, responseHeaders: outcome.exchange.responseHeaders, bodyText: outcome.exchange.bodyText.slice(0, KEPT_BODY_CHARS), body: undefined, bodyNote: undefined, truncated: true } }
      : outcome;
    const stored: StoredSend = { entry, outcome: kept, documentUri: documentUri.toString() };
    const entries = addToHistory(this.all().map((s) => s.entry), entry);
    const byId = new Map(this.all().map((s) => [s.entry.id, s]));
    byId.set(entry.id, stored);
    await this.state.update(KEY, entries.map((e) => byId.get(e.id)!).filter(Boolean));
    this.changed.fire();
    return stored;
  }

  async clear(): Promise<void> {
    await this.state.update(KEY, []);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
