import * as vscode from 'vscode';
import { pulledStateKey } from '../core/draft/editorView';
import type { PulledState } from '../core/draft/types';

const STORAGE_KEY = 'esignDrafts.pulledStates';

/**
 * The states pulled from each environment, per target: in memory, and in workspaceState so
 * that they outlive a reload. Only a user's Pull (or a lifecycle command) writes here: nothing
 * is ever fetched in the background.
 */
export class PulledStates implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly states: Map<string, PulledState>;

  constructor(private readonly workspaceState: vscode.Memento) {
    this.states = new Map(Object.entries(workspaceState.get<Record<string, PulledState>>(STORAGE_KEY, {})));
  }

  get(providerId: string, environment: string, targetId: string): PulledState | undefined {
    return this.states.get(pulledStateKey(providerId, environment, targetId));
  }

  async set(providerId: string, targetId: string, pulled: PulledState): Promise<void> {
    this.states.set(pulledStateKey(providerId, pulled.environment, targetId), pulled);
    this.changed.fire();
    await this.save();
  }

  /**
   * Forgets the state of one target: our own write (a send) made it stale. Preview Changes then
   * pulls again instead of comparing against a state older than that write, and the code lens
   * offers "Pull Draft State" instead of "State pulled HH:MM". True when one was kept.
   */
  async forget(providerId: string, environment: string, targetId: string): Promise<boolean> {
    if (!this.states.delete(pulledStateKey(providerId, environment, targetId))) return false;
    this.changed.fire();
    await this.save();
    return true;
  }

  /** Forgets every pulled state ("Forget Pulled States"; the lint goes back to its conservative rules). */
  /** How many states are kept. */
  get size(): number {
    return this.states.size;
  }

  async clear(): Promise<void> {
    this.states.clear();
    this.changed.fire();
    await this.save();
  }

  private save(): Thenable<void> {
    return this.workspaceState.update(STORAGE_KEY, Object.fromEntries(this.states));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
