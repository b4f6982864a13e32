/** "Did you mean" suggestions for misspelled keys and enum values. */

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[rows - 1][cols - 1];
}

/**
 * The candidate closest to `input`, or undefined when none is close enough to be a plausible typo.
 * Case and the separators `-`/`_` are ignored first ("qes" → "QES", "signer_ids" → "signerIds").
 */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  const fold = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
  const folded = fold(input);
  const exactFold = candidates.find((c) => fold(c) === folded);
  if (exactFold !== undefined) return exactFold;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(folded, fold(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  // Allow roughly one typo per three characters, at least two ("en-GB" → "en-US").
  const allowed = Math.max(2, Math.floor(Math.max(folded.length, fold(best).length) / 3));
  return bestDistance <= allowed ? best : undefined;
}
