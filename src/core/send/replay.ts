import { providerById } from '../providers/registry';
import type { HistoryEntry } from './history';
import type { SendOutcome } from './types';

/** What "Replay" sends again: exactly the recorded request, not the file as it is now. */
export interface ReplayRequest {
  provider: string;
  environment: string;
  targetId: string;
  /** The body as it was sent (variables already substituted, `$` keys already removed). */
  body: string;
  /** The URL it went to then; the environment may point elsewhere now (a sandbox on another port). */
  recordedUrl: string;
  /** "Replay PUT to local-sandbox, signature request 65f1…" for menus and the output channel. */
  label: string;
}

export function replayRequestOf(outcome: Pick<SendOutcome, 'request'>): ReplayRequest | { problem: string } {
  const { provider, environment, targetId, body, method, url } = outcome.request;
  // Only an update is replayed: a pull is run again with Pull Draft State, and publish, reopen or
  // cancel are never repeated from history (each asks, and checks the state, first).
  if (method !== 'PUT') return { problem: `this history entry is a ${method} (a pull, publish, reopen or cancel), not an update: only updates are replayed. Run its command again instead.` };
  if (typeof body !== 'string' || !targetId || !environment || !provider) {
    return { problem: 'this history entry does not keep the request it sent (it predates replay), so it cannot be replayed; send the file instead.' };
  }
  return { provider, environment, targetId, body, recordedUrl: url, label: `Replay ${method} to ${environment}, id ${targetId}` };
}

/** A side of "Compare with…": the response body as stored (already masked), titled for the diff editor's tab. */
export function comparableBody(outcome: { exchange?: { bodyText: string }; error?: { message: string } }): string {
  const exchange = outcome.exchange;
  if (!exchange) return `(no answer: ${outcome.error?.message ?? 'nothing was received'})\n`;
  // From the text, not `body`: a stored outcome has been through JSON, and the text is what was masked.
  const text = exchange.bodyText ?? '';
  try {
    return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
  } catch {
    return text.endsWith('\n') ? text : `${text}\n`;
  }
}

/** What a history entry was; entries recorded before actions were kept are updates. */
export function actionOf(entry: Pick<HistoryEntry, 'action'>): string {
  return entry.action ?? 'update';
}

/** "update 200 · clean.ignisign.json · local-sandbox · 14:05:09": one history entry, for titles. */
export function historyLabel(entry: HistoryEntry): string {
  return `${actionOf(entry)} ${entry.status ?? 'no answer'} · ${entry.file} · ${entry.environment} · ${new Date(entry.at).toLocaleTimeString()}`;
}

/**
 * Why two history entries' answers cannot be compared, or undefined when they can: answers of
 * two different APIs (an Ignisign signature request and a Zigned agreement) share no shape, so a
 * diff of them would only show noise. Versions of one API (Ignisign v3 and v4) compare.
 */
export function comparisonProblem(left: Pick<HistoryEntry, 'provider'>, right: Pick<HistoryEntry, 'provider'>): string | undefined {
  const what = (id: string) => providerById(id)?.targetIdLabel ?? id;
  if (what(left.provider) === what(right.provider)) return undefined;
  const name = (id: string) => providerById(id)?.displayName ?? id;
  return `cannot compare an answer of ${name(left.provider)} with one of ${name(right.provider)}: they describe different things (${what(left.provider).replace(/ id$/, '')}, ${what(right.provider).replace(/ id$/, '')}). Pick two entries of the same API.`;
}
