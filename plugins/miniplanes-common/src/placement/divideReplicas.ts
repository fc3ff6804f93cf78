/**
 * Divides `total` replicas among clusters in proportion to their weights,
 * always summing to `total` (largest-remainder rule):
 *
 * 1. each cluster gets floor(total × weight / sum of weights);
 * 2. the replicas left over go one each to the clusters with the largest
 *    fractional remainders, ties broken by larger weight, then by name.
 *
 * When every weight is 0 the clusters count as equal.
 *
 * @public
 */
export function divideReplicas(
  total: number,
  weights: { name: string; weight: number }[],
): Map<string, number> {
  const result = new Map<string, number>();
  if (weights.length === 0) return result;
  const sum = weights.reduce((s, w) => s + Math.max(0, w.weight), 0);
  const effective = weights.map(w => ({
    name: w.name,
    weight: sum === 0 ? 1 : Math.max(0, w.weight),
  }));
  const effectiveSum = sum === 0 ? weights.length : sum;
  let assigned = 0;
  const remainders = effective.map(w => {
    const quota = (total * w.weight) / effectiveSum;
    const base = Math.floor(quota);
    assigned += base;
    result.set(w.name, base);
    return { ...w, remainder: quota - base };
  });
  remainders.sort(
    (a, b) =>
      b.remainder - a.remainder ||
      b.weight - a.weight ||
      (a.name < b.name ? -1 : 1),
  );
  for (let i = 0; i < total - assigned; i++) {
    const winner = remainders[i % remainders.length];
    result.set(winner.name, (result.get(winner.name) ?? 0) + 1);
  }
  return result;
}
