import fc from 'fast-check';

/** fc.assert throws a counterexample report when the property fails. */
export function assertProperty(
  property: fc.IProperty<any>,
  params: fc.Parameters<any>,
) {
  expect(() => fc.assert(property, params)).not.toThrow();
}
