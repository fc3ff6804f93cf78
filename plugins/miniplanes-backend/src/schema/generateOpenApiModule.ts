/*
 * Writes openapi.generated.ts from openapi.yaml, so the typed router gets the
 * spec as a const object. The REST client in miniplanes-common is generated
 * by Backstage's repo-tools (scripts/openapi-client.mjs provides its
 * generator offline); the router keeps this smaller module, which
 * `createValidatedOpenApiRouter` takes as is.
 * Run: yarn workspace @miniplanes/plugin-miniplanes-backend run schema:generate
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

// Run from the package directory, as `yarn workspace ... run` does.
const yamlText = readFileSync('src/schema/openapi.yaml', 'utf8');
writeFileSync(
  'src/schema/openapi.generated.ts',
  [
    '// Generated from openapi.yaml by `yarn schema:generate`; do not edit.',
    `export const spec = ${JSON.stringify(parse(yamlText), null, 2)} as const;`,
    '',
  ].join('\n'),
);
