import { Config } from '@backstage/config';

/**
 * The names of the catalog users the demo lets a visitor sign in as
 * (`demo.personas[].user`), or undefined when the demo offers none. The
 * schema is in packages/app/config.d.ts: the sign-in page reads the same list.
 */
export function readDemoPersonas(config: Config): string[] | undefined {
  const personas = config.getOptionalConfigArray('demo.personas');
  if (!personas) return undefined;
  return personas.map(persona => persona.getString('user'));
}
