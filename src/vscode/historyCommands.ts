import * as vscode from 'vscode';
import { HISTORY_BODY_SCHEME } from './contributionIds';
import { providerById } from '../core/providers/registry';
import { actionOf, comparableBody, comparisonProblem, historyLabel, replayRequestOf } from '../core/send/replay';
import { dialogs } from './dialogs';
import type { HistoryStore, StoredSend } from './historyStore';
import type { ViewCall } from './responseView/html';
import type { SendController } from './sendController';

/** Scheme of the read-only documents "Compare with…" diffs: one stored response body each. */

type SendItem = vscode.QuickPickItem & { send: StoredSend };

function itemOf(s: StoredSend): SendItem {
  return {
    label: `${s.entry.ok ? '$(pass)' : '$(error)'} ${s.entry.status ?? s.entry.error ?? 'no answer'} · ${actionOf(s.entry)} · ${s.entry.file}`,
    description: `${s.entry.environment} · ${s.entry.targetId}`,
    detail: `${new Date(s.entry.at).toLocaleString()} · ${s.entry.method} ${s.entry.url} · ${s.entry.durationMs} ms`,
    send: s,
  };
}

/**
 * "Show Send History": the last 50 sends, newest first. A picked send can be reopened in the
 * response view, replayed exactly as it was sent, or compared with another send.
 */
export async function showHistory(history: HistoryStore, sender: SendController): Promise<void> {
  const sends = history.all();
  if (sends.length === 0) {
    void dialogs.info('E-Sign Drafts: nothing sent yet in this workspace.');
    return;
  }
  const picked = await dialogs.pick(sends.map(itemOf), { title: 'E-Sign Drafts: send history', placeHolder: 'Pick a send', matchOnDescription: true, matchOnDetail: true });
  if (!picked) return;
  const send = picked.send;
  const replay = replayRequestOf(send.outcome);
  const actions: (vscode.QuickPickItem & { action: 'open' | 'replay' | 'compare' })[] = [
    { label: '$(eye) Open Response', description: 'in the response view', action: 'open' },
    ...('problem' in replay ? [] : [{ label: `$(debug-restart) ${replay.label}`, description: 'the request exactly as recorded, not the file as it is now', action: 'replay' as const }]),
    ...(sends.length > 1 ? [{ label: '$(diff) Compare with…', description: 'another send\'s response body, side by side', action: 'compare' as const }] : []),
  ];
  const action = await dialogs.pick(actions, { title: `${send.entry.file} · ${send.entry.environment} · ${send.entry.targetId}`, placeHolder: 'What to do with this send' });
  if (action?.action === 'open') sender.reopen(vscode.Uri.parse(send.documentUri), providerById(send.entry.provider), send.outcome, viewCallOf(send));
  if (action?.action === 'replay') await sender.replay(send);
  if (action?.action === 'compare') await compareWithAnother(history, send);
}

/** How an entry is shown again in the response view (a pull's view pulls again, a replay's replays). */
function viewCallOf(s: StoredSend): ViewCall {
  const action = actionOf(s.entry);
  if (action === 'update') return { kind: 'update' };
  if (action === 'replay') return { kind: 'replay', historyId: s.entry.id, recordedAt: s.entry.at };
  if (action === 'pull') return { kind: 'pull' };
  return { kind: 'lifecycle', verb: action.charAt(0).toUpperCase() + action.slice(1) };
}

/** Offers only the entries whose answers can be compared with this one (the same API's). */
async function compareWithAnother(history: HistoryStore, left: StoredSend): Promise<void> {
  const others = history.all().filter((s) => s.entry.id !== left.entry.id && !comparisonProblem(left.entry, s.entry));
  if (others.length === 0) {
    void dialogs.info(`E-Sign Drafts: no other entry in the history holds ${providerById(left.entry.provider)?.displayName ?? left.entry.provider} answers to compare with.`);
    return;
  }
  const right = await dialogs.pick(others.map(itemOf), { title: `Compare ${historyLabel(left.entry)} with…`, placeHolder: 'The entry to compare the response body with' });
  if (right) await compareSends(left, right.send);
}

/**
 * Opens VS Code's diff editor on two stored response bodies (masked as they were stored), titled
 * with both entries; refuses answers of two different APIs (their bodies share no shape).
 * Returns the title, or undefined when refused.
 */
export async function compareSends(left: StoredSend, right: StoredSend): Promise<string | undefined> {
  const problem = comparisonProblem(left.entry, right.entry);
  if (problem) {
    void dialogs.error(`E-Sign Drafts: ${problem}`);
    return undefined;
  }
  const title = `${historyLabel(left.entry)} ↔ ${historyLabel(right.entry)}`;
  await vscode.commands.executeCommand('vscode.diff', bodyUri(left), bodyUri(right), title);
  return title;
}

function bodyUri(s: StoredSend): vscode.Uri {
  return vscode.Uri.from({ scheme: HISTORY_BODY_SCHEME, path: `/${encodeURIComponent(s.entry.id)}/response.json` });
}

/** Serves the stored response bodies to the diff editor, read-only. */
export class HistoryBodyProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly history: HistoryStore) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = decodeURIComponent(uri.path.split('/')[1] ?? '');
    const send = this.history.all().find((s) => s.entry.id === id);
    return send ? comparableBody(send.outcome) : '(this send is no longer in the history)\n';
  }
}

/** "Clear Send History": asks first, then says how many sends it removed. */
export async function clearHistory(history: HistoryStore): Promise<number> {
  const count = history.all().length;
  if (count === 0) {
    void dialogs.info('E-Sign Drafts: the send history is already empty.');
    return 0;
  }
  const cleared = await dialogs.confirm({ message: `Clear the send history of this workspace (${count} ${count === 1 ? 'send' : 'sends'})?`, detail: 'The responses kept with them are removed too. This cannot be undone.', safe: 'Keep History', action: 'Clear History' });
  if (!cleared) return 0;
  await history.clear();
  void dialogs.info(`E-Sign Drafts: cleared ${count} ${count === 1 ? 'send' : 'sends'} from the history.`);
  return count;
}
