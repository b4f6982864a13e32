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

function arm(at: number): void {
  if (timer) clearTimeout(timer);
  armedFor = at;
  timer = setTimeout(fire, Math.max(0, at - performance.now()));
  timer.unref();
}

function fire(): void {
  timer = undefined;
  armedFor = Infinity;
  const now = performance.now();
  let next = Infinity;
  for (const entry of [...watched]) {
    if (entry.deadline <= now) {
      watched.delete(entry);
      entry.onDeadline();
    } else if (entry.deadline < next) next = entry.deadline;
  }
  if (next !== Infinity) arm(next);
}
