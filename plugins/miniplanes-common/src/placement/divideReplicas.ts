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
  const shares = divideByWeight(
    total,
    weights.map(w => w.weight),
    (a, b) => (weights[a].name < weights[b].name ? -1 : 1),
  );
  return new Map(weights.map((w, i) => [w.name, shares[i]]));
}

/**
 * The largest-remainder division of `divideReplicas`, by index: `order`
 * breaks the ties left after remainder and weight (for clusters in name
 * order, the index itself).
 */
export function divideByWeight(
  total: number,
  weights: ArrayLike<number>,
  order: (a: number, b: number) => number = (a, b) => a - b,
): number[] {
  const count = weights.length;
  const shares: number[] = new Array(count).fill(0);
  if (count === 0) return shares;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += Math.max(0, weights[i]);
  // Plain arrays: small typed arrays cost more to allocate than to use.
  const effective: number[] = new Array(count);
  for (let i = 0; i < count; i++)
    effective[i] = sum === 0 ? 1 : Math.max(0, weights[i]);
  const effectiveSum = sum === 0 ? count : sum;
  const remainders: number[] = new Array(count);
  let assigned = 0;
  for (let i = 0; i < count; i++) {
    const quota = (total * effective[i]) / effectiveSum;
    shares[i] = Math.floor(quota);
    assigned += shares[i];
    remainders[i] = quota - shares[i];
  }
  // Fewer replicas are left than clusters (bar rounding): rank only as
  // many clusters as get one, keeping them in order as they are found.
  const left = total - assigned;
  const ranked = Math.min(left, count);
  const before = (a: number, b: number) =>
    remainders[b] - remainders[a] || effective[b] - effective[a] || order(a, b);
  const winners: number[] = [];
  for (let i = 0; i < count && ranked > 0; i++) {
    if (winners.length === ranked) {
      // Most clusters rank below the last winner by remainder alone.
      const last = winners[ranked - 1];
      if (remainders[i] < remainders[last] || before(last, i) < 0) continue;
    }
    let low = 0;
    let high = winners.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (before(winners[middle], i) < 0) low = middle + 1;
      else high = middle;
    }
    winners.splice(low, 0, i);
    if (winners.length > ranked) winners.pop();
  }
  for (let i = 0; i < left; i++) shares[winners[i % ranked]] += 1;
  return shares;
}
