import type { HistoryEntry } from './history';
import { LOCAL_SANDBOX } from './environments';
import { SANDBOX_IGNISIGN_IDS, SANDBOX_ZIGNED_IDS } from './localSandbox';

/** One id the target-id prompt offers: the id, and why it is offered. */
export interface TargetIdSuggestion {
  id: string;
  /** "draft" / "not a draft" for the sandbox's seeded ids; "sent …" for recent ones. */
  label: string;
  source: 'recent' | 'sandbox';
}

/** How many recent ids the prompt lists: enough to find last week's, few enough to read. */
export const RECENT_ID_LIMIT = 8;

const SEEDED: Record<string, { draftIds: readonly string[]; nonDraftIds: readonly string[] }> = {
  ignisign: SANDBOX_IGNISIGN_IDS,
  zigned: SANDBOX_ZIGNED_IDS,
};

/**
 * The ids to offer when a file names none: ids sent to this provider and environment before
 * (newest first, each once), then, for `local-sandbox`, the sandbox's seeded ids with what
 * each is (only drafts accept updates). History is newest first, as HistoryStore keeps it.
 */
export function suggestTargetIds(provider: string, environment: string, history: readonly HistoryEntry[]): TargetIdSuggestion[] {
  const out: TargetIdSuggestion[] = [];
  const seen = new Set<string>();
  for (const entry of history) {
    if (out.length >= RECENT_ID_LIMIT) break;
    if (entry.provider !== provider || entry.environment !== environment || !entry.targetId || seen.has(entry.targetId)) continue;
    seen.add(entry.targetId);
    out.push({ id: entry.targetId, label: `sent ${entry.at.slice(0, 10)} from ${entry.file}${entry.status !== null ? ` (${entry.status})` : ''}`, source: 'recent' });
  }
  const seeded = environment === LOCAL_SANDBOX ? SEEDED[provider] : undefined;
  if (seeded) {
    for (const [ids, label] of [[seeded.draftIds, 'sandbox: draft'], [seeded.nonDraftIds, 'sandbox: not a draft (the API refuses updates)']] as const) {
      for (const id of ids) {
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({ id, label, source: 'sandbox' });
      }
    }
  }
  return out;
}
