import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { cp, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * `publish:local`: publishes the workspace as a "repository" in a directory
 * of the backend, for the offline demo and template development, where there
 * is no Git host. The catalog reads it back through the local directory URL
 * reader, so `catalog:register` works on its `catalogInfoUrl` as it does on a
 * repository's. Never installed in production: whoever runs a template would
 * write to the backend's disk.
 */
export function publishLocalAction(options: { directory: string }) {
  const { directory } = options;
  return createTemplateAction({
    id: 'publish:local',
    description:
      "Publishes the workspace to a directory on the backend's disk (localPublishing.directory), for demos and template development without a Git host",
    examples: [
      {
        description: 'Publish the workspace as the repository fare-alerts',
        example: `steps:
  - id: publish
    action: publish:local
    name: Publish
    input:
      name: fare-alerts
`,
      },
    ],
    schema: {
      input: {
        name: z =>
          z
            .string()
            .regex(
              /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
              'lowercase letters, digits and -, starting and ending with a letter or digit',
            )
            .max(63)
            .describe(
              "The repository's name, a directory under localPublishing.directory",
            ),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'The part of the workspace to publish, default all of it',
            ),
      },
      output: {
        remoteUrl: z => z.string().describe("The repository's file URL"),
        repoContentsUrl: z =>
          z.string().describe("The file URL of the repository's contents"),
        catalogInfoUrl: z =>
          z
            .string()
            .describe(
              "The file URL of the repository's catalog-info.yaml, for catalog:register",
            ),
      },
    },
    async handler(ctx) {
      const { name, sourcePath } = ctx.input;
      const target = join(directory, name);
      if (await exists(target)) {
        throw new ConflictError(
          `A repository named ${name} was already published to this backend; choose another name`,
        );
      }
      const source = sourcePath
        ? resolveSafeChildPath(ctx.workspacePath, sourcePath)
        : ctx.workspacePath;
      await mkdir(directory, { recursive: true });
      await cp(source, target, { recursive: true, errorOnExist: true });
      ctx.logger.info(
        `Published the workspace as the local repository ${name}`,
      );

      const remoteUrl = pathToFileURL(target).href;
      ctx.output('remoteUrl', remoteUrl);
      ctx.output('repoContentsUrl', `${remoteUrl}/`);
      ctx.output('catalogInfoUrl', `${remoteUrl}/catalog-info.yaml`);
    },
  });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
