/** The draft's life beyond the PUT: the pulled state, and what an update would change in it. */

/** A target's state as pulled from an environment: what state-aware lint judges. */
export interface PulledState {
  /** The state (Ignisign: the signature request context; Zigned: the agreement, `data` of the envelope). */
  state: Record<string, unknown>;
  /** The environment's name it was pulled from. */
  environment: string;
  /** ISO-8601 instant of the pull. */
  pulledAt: string;
  /** The target it is the state of (the file's `$request.id`, or the id a command was given). */
  targetId?: string;
}

export interface Change {
  /** JSON Pointer into the state. */
  path: string;
  op: 'add' | 'replace' | 'remove';
  /** Absent for "add". */
  before?: unknown;
  /** Absent for "remove". */
  after?: unknown;
}
