import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { LocalDirectoryUrlReader } from './LocalDirectoryUrlReader';
import { localPublishingDirectory } from './localPublishingDirectory';
import { publishLocalAction } from './publishLocalAction';

/**
 * `publish:local` for the offline demo (localPublishing.directory): templates
 * publish to a directory of the backend instead of a Git host.
 */
export const localPublishingModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'local-publishing',
  register(reg) {
    reg.registerInit({
      deps: {
        actions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ actions, config }) {
        const directory = localPublishingDirectory(config);
        if (directory) {
          actions.addActions(publishLocalAction({ directory }));
        }
      },
    });
  },
});

/** Lets every plugin's UrlReader, the catalog's above all, read what publish:local wrote. */
export const localDirectoryUrlReaderFactory = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return LocalDirectoryUrlReader.factory;
  },
});
