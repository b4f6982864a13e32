/** The middle of the samples (upper middle for an even count): the figure every benchmark prints. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
