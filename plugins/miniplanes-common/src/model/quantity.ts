const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};
const QUANTITY =
  /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/**
 * A Kubernetes resource quantity as a number: "500m" → 0.5 (cores),
 * "64Gi" → 68719476736 (bytes), "2" → 2. Throws on anything else.
 *
 * @public
 */
export function parseQuantity(quantity: string | number): number {
  if (typeof quantity === 'number') return quantity;
  const match = QUANTITY.exec(quantity.trim());
  if (!match) {
    throw new Error(
      `invalid quantity ${JSON.stringify(
        quantity,
      )}: expected a number with an optional suffix such as 500m, 2, 64Gi or 1G`,
    );
  }
  const [, number, exponent, suffix = ''] = match;
  const base = Number(number);
  if (exponent) return base * 10 ** Number(exponent.slice(1));
  return base * (BINARY[suffix] ?? DECIMAL[suffix]);
}

/** Whether `parseQuantity` accepts the text. */
export function isQuantity(quantity: string): boolean {
  return QUANTITY.test(quantity.trim());
}
