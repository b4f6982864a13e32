/**
 * What a provider profile tells the draft engine beyond the PUT: where the current state is
 * read, how an update body lands on that state, when the state can be published, and the
 * lifecycle calls. The engine (src/core/draft) knows no provider by name: only this interface.
 */
export interface DraftProfile {
  /** The GET that returns the target's current state. */
  stateUrl(baseUrl: string, targetId: string): string;
  /** The state inside a GET (or PUT) answer body; undefined when the body is not one. */
  stateOf(body: unknown): Record<string, unknown> | undefined;
  /** What the state in a GET answer is, for messages: "signature request context". */
  readonly stateLabel: string;
  /**
   * The state after the update: a new object, the input untouched. Each profile says in its
   * comments which parts of its API's update semantics are documented and which are assumed.
   */
  applyUpdate(state: Readonly<Record<string, unknown>>, update: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /** The target's status as the state says it ("DRAFT", "open", …). */
  statusOf(state: Readonly<Record<string, unknown>>): string | undefined;
  /** Statuses in which the update (PUT) is accepted. */
  readonly updatableStatuses: readonly string[];
  /** Why publishing this state would be refused, one problem per reason; empty when it is ready. */
  readiness(state: Readonly<Record<string, unknown>>, now: Date): ReadinessProblem[];
  /** Rule ids that judge publish readiness (the publish gate treats their findings as errors). */
  readonly readinessRuleIds: readonly string[];
  /** The lifecycle calls, the publishing one first. */
  readonly lifecycle: readonly LifecycleAction[];
}

export interface ReadinessProblem {
  /** JSON Pointer into the state of the value at fault ("" for the whole state). */
  statePath: string;
  /** The top-level update field that would fix it (a finding is placed there when the file has it, else at the root). */
  field?: string;
  /** The API's own refusal code, when it has one. */
  code?: string;
  message: string;
}

export interface DraftCall {
  method: 'GET' | 'POST';
  url: string;
  /** JSON text; absent for a call without a body. */
  body?: string;
}

export interface LifecycleAction {
  /** "publish", "close", "pending", "open", "cancelled". */
  readonly name: string;
  readonly description: string;
  /** Publishing: goes through the publish-readiness rules first. */
  readonly publishes: boolean;
  /** Statuses the action is accepted from (per the API's documentation, or the sandbox's reading of it). */
  readonly fromStatuses: readonly string[];
  /** Checks the action's input (Zigned's cancel input); a message saying what was expected, or undefined. */
  validateInput(input: unknown): string | undefined;
  call(baseUrl: string, targetId: string, input?: unknown): DraftCall;
}
