import { SecretMask } from './secretMask';
import type { SendOutcome } from './types';

/** One past call, as kept in history: what, where, status, time. No secrets, no response body. */
export interface HistoryEntry {
  id: string;
  /**
   * What the call was: "update" (Send Update), "replay", "pull", "publish", "finalise", "reopen",
   * "cancel". Absent in entries recorded before it existed: those were updates.
   */
  action?: string;
  at: string;
  file: string;
  provider: string;
  environment: string;
  targetId: string;
  method: string;
  url: string;
  status: number | null;
  ok: boolean;
  durationMs: number;
  error?: string;
}

export const HISTORY_LIMIT = 50;

export function historyEntryOf(outcome: SendOutcome, file: string, action = 'update'): HistoryEntry {
  return {
    id: `${outcome.startedAt}-${Math.random().toString(36).slice(2, 8)}`,
    action,
    at: outcome.startedAt,
    file,
    provider: outcome.request.provider,
    environment: outcome.request.environment,
    targetId: outcome.request.targetId,
    method: outcome.request.method,
    url: outcome.request.url,
    status: outcome.status,
    ok: outcome.ok,
    durationMs: outcome.durationMs,
    error: outcome.error?.message,
  };
}

/** Newest first, at most HISTORY_LIMIT entries. */
export function addToHistory(history: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  return [entry, ...history].slice(0, HISTORY_LIMIT);
}

/**
 * The outcome as history keeps it: the credentials the answer itself hands out (`secrets`, e.g.
 * Ignisign's embedded signing tokens) masked in the body, as request credentials already are.
 * The response view shows the answer as received; only what is kept is masked.
 */
export function outcomeForHistory(outcome: SendOutcome, secrets: readonly string[]): SendOutcome {
  const exchange = outcome.exchange;
  if (!exchange || secrets.length === 0) return outcome;
  const mask = new SecretMask(secrets);
  const bodyText = mask.text(exchange.bodyText);
  if (bodyText === exchange.bodyText) return outcome;
  let body: unknown;
  try {
    body = exchange.body === undefined ? undefined : JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  return { ...outcome, exchange: { ...exchange, responseHeaders: exchange.responseHeaders, bodyText, body, bodyNote: exchange.bodyNote } };
}
