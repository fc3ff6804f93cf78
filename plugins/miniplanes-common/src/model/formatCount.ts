/**
 * A count with its noun, singular for one: "1 replica", "3 replicas".
 *
 * @public
 */
export function formatCount(
  count: number,
  noun: string,
  plural = `${noun}s`,
): string {
  return `${count} ${count === 1 ? noun : plural}`;
}
