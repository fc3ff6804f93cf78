import Ajv from 'ajv';
import type { Response } from 'supertest';
import { spec } from '../schema/openapi.generated';

export type Method = 'get' | 'post';
type Operation = {
  responses: Record<string, { $ref?: string; content?: any }>;
};

/** The REST API's OpenAPI document, typed as far as the tests read it. */
export const openApiDocument = spec as unknown as {
  paths: Record<
    string,
    Partial<Record<Method, Operation & { parameters?: unknown[] }>>
  >;
  components: { responses: Record<string, { content: any }> };
};

// Refs inside the spec point at its components: resolve them in the spec itself.
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(spec, 'miniplanes');
const withSpecRefs = (schema: unknown): unknown =>
  JSON.parse(
    JSON.stringify(schema).replace(
      /"#\/components\//g,
      '"miniplanes#/components/',
    ),
  );

/** Fails with ajv's reasons unless the answer's status and body are the ones the spec documents. */
export function expectDocumented(method: Method, path: string, res: Response) {
  const operation = openApiDocument.paths[path][method];
  const documented = operation?.responses[String(res.status)];
  expect({
    path,
    method,
    status: res.status,
    documented: !!documented,
  }).toEqual({ path, method, status: res.status, documented: true });
  const response = documented!.$ref
    ? openApiDocument.components.responses[documented!.$ref.split('/').pop()!]
    : documented!;
  const validate = ajv.compile(
    withSpecRefs(
      response.content['application/json; charset=utf-8'].schema,
    ) as object,
  );
  const valid = validate(res.body);
  expect({ path, method, errors: validate.errors ?? null }).toEqual({
    path,
    method,
    errors: null,
  });
  expect(valid).toBe(true);
}
