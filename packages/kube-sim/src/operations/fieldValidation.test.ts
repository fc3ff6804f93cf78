import { validateCustomResource } from './fieldValidation';

describe('validateCustomResource', () => {
  it('leaves metadata, apiVersion and kind to the server even when the schema requires them', () => {
    // CloudNativePG's CRDs list metadata among the root's required fields.
    const schema = {
      type: 'object',
      required: ['metadata', 'spec'],
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { type: 'object' },
        spec: {
          type: 'object',
          properties: { instances: { type: 'integer' } },
        },
      },
    };

    expect(
      validateCustomResource(schema, {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'Cluster',
        metadata: { name: 'db' },
        spec: { instances: 3 },
      }),
    ).toEqual({ invalid: [], unknown: [] });
    expect(
      validateCustomResource(schema, { metadata: { name: 'db' } }).invalid,
    ).toEqual([
      {
        field: 'spec',
        message: 'Required value',
        reason: 'FieldValueRequired',
      },
    ]);
  });
});
