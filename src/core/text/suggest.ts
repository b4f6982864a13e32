/** "Did you mean" suggestions for misspelled keys and enum values. */

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  return boundedEditDistance(a, b, Infinity);
}

/**
 * The distance when it is below `limit`; otherwise some value ≥ limit (the work stops as soon
 * as a row's minimum reaches it: row minima never decrease). Three rolling rows.
 */
function boundedEditDistance(a: string, b: string, limit: number): number {
  const cols = b.length + 1;
  let beforePrevious = new Array<number>(cols).fill(0);
  let previous = new Array<number>(cols);
  let current = new Array<number>(cols);
  for (let j = 0; j < cols; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, beforePrevious[j - 2] + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin >= limit) return rowMin;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[cols - 1];
}

function fold(s: string): string {
  return s.toLowerCase().replace(/[-_\s]/g, '');
}

/** A "did you mean" over a fixed list of candidates: the input's closest candidate, or undefined. */
export type Suggester = (input: string) => string | undefined;

/**
 * Work counters, read by tests to bound the work by counts (never by time): `searches` counts
 * the inputs measured against a candidate list, `distances` the edit distances computed.
 */
export const suggestWork = { searches: 0, distances: 0 };

/** Past this many distinct inputs, a suggester forgets the ones it has answered (see suggester). */
const MAX_REMEMBERED = 4096;

/**
 * closestMatch over one candidate list, folded once rather than on every call, remembering its
 * answers: the same misspelled key in 1 000 objects is measured once. The memory is bounded:
 * a suggester lives as long as its schema.
 */
export function suggester(candidates: readonly string[]): Suggester {
  const folded = candidates.map(fold);
  const answers = new Map<string, string | undefined>();
  return (input) => {
    if (answers.has(input)) return answers.get(input);
    if (answers.size >= MAX_REMEMBERED) answers.clear();
    const answer = closestFolded(input, candidates, folded);
    answers.set(input, answer);
    return answer;
  };
}

/**
 * The candidate closest to `input`, or undefined when none is close enough to be a plausible typo.
 * Case and the separators `-`/`_` are ignored first ("qes" → "QES", "signer_ids" → "signerIds").
 */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  return closestFolded(input, candidates, candidates.map(fold));
}

function closestFolded(input: string, candidates: readonly string[], foldedCandidates: readonly string[]): string | undefined {
  suggestWork.searches++;
  const folded = fold(input);
  const exactFold = foldedCandidates.indexOf(folded);
  if (exactFold !== -1) return candidates[exactFold];
  let best = -1;
  let bestDistance = Infinity;
  for (let k = 0; k < candidates.length; k++) {
    const candidate = foldedCandidates[k];
    // A candidate that cannot be strictly closer than the best so far is not measured (the
    // first of equally close ones wins, as before).
    if (Math.abs(candidate.length - folded.length) >= bestDistance) continue;
    suggestWork.distances++;
    const distance = boundedEditDistance(folded, candidate, bestDistance);
    if (distance < bestDistance) {
      best = k;
      bestDistance = distance;
    }
  }
  if (best === -1) return undefined;
  // Allow roughly one typo per three characters, at least two ("en-GB" → "en-US").
  const allowed = Math.max(2, Math.floor(Math.max(folded.length, foldedCandidates[best].length) / 3));
  return bestDistance <= allowed ? candidates[best] : undefined;
}
