import { clone } from './clone';

describe('clone', () => {
  it('copies plain JSON deeply and leaves out undefined values', () => {
    const value = { a: { b: [1, { c: 'x' }] }, gone: undefined };
    const copy = clone(value);
    expect(copy).toEqual({ a: { b: [1, { c: 'x' }] } });
    expect('gone' in copy).toBe(false);
    expect(copy.a).not.toBe(value.a);
    expect(copy.a.b[1]).not.toBe(value.a.b[1]);
  });

  it('shares frozen values, which cannot change, instead of copying them', () => {
    const fields = Object.freeze({ 'f:spec': Object.freeze({}) });
    const copy = clone({ metadata: { fieldsV1: fields } });
    expect(copy.metadata.fieldsV1).toBe(fields);
  });
});
