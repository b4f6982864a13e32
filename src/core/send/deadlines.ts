/**
 * One timer for the deadlines of every exchange in flight. A timer per exchange means creating
 * and tearing down a Node timer list for each send (a measurable share of a loopback send);
 * here sends only join and leave a set, and the one timer is re-armed only for an earlier
 * deadline. The timer is unref'd: it never keeps a CLI run alive (a request in flight does).
 */
export interface HasDeadline {
  readonly deadline: number;
  /** Called once when the deadline passes while the exchange is still watched. */
  onDeadline(): void;
}

const watched = new Set<HasDeadline>();
let timer: NodeJS.Timeout | undefined;
let armedFor = Infinity;

export function watchDeadline(entry: HasDeadline): void {
  watched.add(entry);
  if (entry.deadline < armedFor) arm(entry.deadline);
}

export function unwatchDeadline(entry: HasDeadline): void {
  watched.delete(entry);
  // The timer stays armed: when it fires with nothing due it re-arms or stops.
}

/** Node's timers take at most 2^31-1 ms (about 24.8 days); a later deadline is re-armed then. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

function arm(at: number): void {
  if (timer) clearTimeout(timer);
  armedFor = at;
  timer = setTimeout(fire, Math.min(MAX_TIMER_DELAY_MS, Math.max(0, at - performance.now())));
  timer.unref();
}

function fire(): void {
  timer = undefined;
  armedFor = Infinity;
  const now = performance.now();
  let next = Infinity;
  const due: HasDeadline[] = [];
  for (const entry of watched) {
    if (entry.deadline <= now) due.push(entry);
    else if (entry.deadline < next) next = entry.deadline;
  }
  for (const entry of due) watched.delete(entry);
  if (next !== Infinity) arm(next);
  // Every due exchange is ended even if one of them throws; the error is not swallowed.
  for (const entry of due) {
    try {
      entry.onDeadline();
    } catch (error) {
      process.nextTick(() => {
        throw error;
      });
    }
  }
}
