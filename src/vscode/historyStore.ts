import * as vscode from 'vscode';
import { providerById } from '../core/providers/registry';
import { addToHistory, historyEntryOf, outcomeForHistory, type HistoryEntry } from '../core/send/history';
import type { SendOutcome } from '../core/send/types';
import type { SendProfile } from '../core/providers/sendProfile';
import { formatBytes, RENDER_LIMITS } from './responseView/html';

const KEY = 'esignDrafts.history';
/** Response bodies kept with history entries are cut to this, so that workspace state stays small. */
const KEPT_BODY_CHARS = 256 * 1024;
/**
 * ...and the entries together keep at most this much body text, the newest answers first. Every
 * send writes the whole history to workspace state, serialized on the extension host's thread:
 * 50 entries of 256 KB made each write 13–18 MB, and blocked the host for it at every send.
 */
const KEPT_BODIES_TOTAL_CHARS = 1024 * 1024;

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
    const outcome = forHistory(received, providerById(received.request.provider)?.send.answerSecrets);
    const entry = historyEntryOf(outcome, vscode.workspace.asRelativePath(documentUri), action);
    // A body cut for history keeps neither its parsed value nor its note: reading either parses
    // the whole answer (4.8 MB of [0,0,…] blocked the extension host for it), and the cut text
    // would not parse anyway.
    const kept: SendOutcome = outcome.exchange && outcome.exchange.bodyText.length > KEPT_BODY_CHARS ? withBodyText(outcome, outcome.exchange.bodyText.slice(0, KEPT_BODY_CHARS)) : outcome;
    const stored: StoredSend = { entry, outcome: kept, documentUri: documentUri.toString() };
    const entries = addToHistory(this.all().map((s) => s.entry), entry);
    const byId = new Map(this.all().map((s) => [s.entry.id, s]));
    byId.set(entry.id, stored);
    await this.state.update(KEY, withinBodyBudget(entries.map((e) => byId.get(e.id)!).filter(Boolean)));
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

/**
 * The outcome as history keeps it, the credentials an answer hands out (Ignisign's embedded
 * signers' tokens) masked like request credentials. Only an answer small enough for the host to
 * parse (the response view's own limit) is read for them; a larger one is kept without its body,
 * which could not be checked. Answers of a provider that hands out none are never parsed here:
 * reading a parsed body parses the whole answer on the extension host (4.8 MB of [0,0,…] blocked
 * it for 60 ms at each send, for nothing).
 */
function forHistory(received: SendOutcome, answerSecrets: SendProfile['answerSecrets']): SendOutcome {
  const exchange = received.exchange;
  if (!exchange || !answerSecrets) return received;
  if (exchange.bodyText.length > RENDER_LIMITS.MAX_PARSED_CHARS) {
    return withoutBody(received, `Not kept in Send History: at ${formatBytes(exchange.sizeBytes)} this answer is too large to check here for the signing tokens it may hand out.`);
  }
  const body = exchange.body;
  // JSON that could not be read (nested too deep, a byte-order mark, cut short) cannot be checked either.
  if (body === undefined && looksLikeJson(exchange.bodyText)) {
    return withoutBody(received, 'Not kept in Send History: this answer looks like JSON but could not be read here, so it could not be checked for the signing tokens it may hand out.');
  }
  return outcomeForHistory(received, body === undefined ? [] : answerSecrets(body));
}

function looksLikeJson(text: string): boolean {
  return /^\uFEFF?\s*[[{]/.test(text);
}

function withoutBody(outcome: SendOutcome, note: string): SendOutcome {
  return withBodyText(outcome, '', note);
}

/**
 * The outcome keeping only `bodyText` of its answer's body (cut, or none), not the parsed value;
 * `note` says why when there is one. Marked truncated when text was left out.
 */
function withBodyText(outcome: SendOutcome, bodyText: string, note?: string): SendOutcome {
  const exchange = outcome.exchange;
  if (!exchange) return outcome;
  return { ...outcome, exchange: { ...exchange, responseHeaders: exchange.responseHeaders, bodyText, body: undefined, bodyNote: note, truncated: bodyText.length < exchange.bodyText.length || exchange.truncated } };
}

/** The stored sends, newest first, with the bodies past KEPT_BODIES_TOTAL_CHARS dropped (the entries stay). */
function withinBodyBudget(sends: StoredSend[]): StoredSend[] {
  let kept = 0;
  return sends.map((send) => {
    const exchange = send.outcome.exchange;
    const length = exchange?.bodyText.length ?? 0;
    if (length === 0) return send;
    // A body kept whole is stored parsed too (about as long again as its text).
    kept += exchange?.body === undefined ? length : 2 * length;
    return kept <= KEPT_BODIES_TOTAL_CHARS ? send : { ...send, outcome: withoutBody(send.outcome, 'No longer kept in Send History: only the newest answers are, up to 1 MB together.') };
  });
}
