/*
 * Writes openapi.generated.ts from openapi.yaml, so the typed router gets the
 * spec as a const object, as Backstage's `backstage-repo-tools package schema
 * openapi generate --server` would; that tool is not a dependency here and
 * downloads the OpenAPI Generator jar, which this repository cannot fetch.
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
