import { BackendFeature } from '@backstage/backend-plugin-api';
import { miniplanesPermissionPolicyModule } from '@miniplanes/plugin-miniplanes-backend';
import { demoPersonasModule } from './demoPersonas';
import {
  localDirectoryUrlReaderFactory,
  localPublishingModule,
} from './localPublishing';
import { miniplanesFeatures } from './miniplanesFeatures';

/**
 * Everything this backend runs, for `npm start`, production and the
 * production boot test alike. What only the demo needs (the simulated fleet,
 * local publishing, guest and persona sign-in) is switched by configuration.
 */
export function backendFeatures(): Array<
  BackendFeature | Promise<{ default: BackendFeature }>
> {
  return [
    import('@backstage/plugin-app-backend'),
    import('@backstage/plugin-proxy-backend'),

    // scaffolder plugin
    import('@backstage/plugin-scaffolder-backend'),
    import('@backstage/plugin-scaffolder-backend-module-github'),
    import('@backstage/plugin-scaffolder-backend-module-notifications'),
    import('@miniplanes/plugin-scaffolder-backend-module-miniplanes'),
    // The demo's Git host stand-in (localPublishing.enabled): publish:local
    // and the reader that lets the catalog register what it wrote.
    localPublishingModule,
    localDirectoryUrlReaderFactory,

    // techdocs plugin
    import('@backstage/plugin-techdocs-backend'),

    // auth plugin: the providers configured under auth.providers sign in
    // (guest in the demo, GitHub in production).
    // See https://backstage.io/docs/auth/
    import('@backstage/plugin-auth-backend'),
    import('@backstage/plugin-auth-backend-module-guest-provider'),
    import('@backstage/plugin-auth-backend-module-github-provider'),
    // The demo's people (demo.personas), signed in by name; never in production.
    demoPersonasModule,

    // catalog plugin
    import('@backstage/plugin-catalog-backend'),
    import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
    // See https://backstage.io/docs/features/software-catalog/configuration#subscribing-to-catalog-errors
    import('@backstage/plugin-catalog-backend-module-logs'),

    // permission plugin, with miniplanes' policy: owners request placement
    // changes, the approver group (miniplanes.approvers.group) decides them,
    // everything else is allowed.
    import('@backstage/plugin-permission-backend'),
    miniplanesPermissionPolicyModule,

    // search plugin, engine and collators
    // See https://backstage.io/docs/features/search/search-engines
    import('@backstage/plugin-search-backend'),
    import('@backstage/plugin-search-backend-module-pg'),
    import('@backstage/plugin-search-backend-module-catalog'),
    import('@backstage/plugin-search-backend-module-techdocs'),

    // kubernetes plugin
    import('@backstage/plugin-kubernetes-backend'),

    // user settings, notifications and signals plugins
    import('@backstage/plugin-user-settings-backend'),
    import('@backstage/plugin-notifications-backend'),
    import('@backstage/plugin-signals-backend'),

    // mcp actions plugin
    import('@backstage/plugin-mcp-actions-backend'),

    // miniplanes, with the demo's simulated fleet when it is enabled
    miniplanesFeatures,
  ];
}
