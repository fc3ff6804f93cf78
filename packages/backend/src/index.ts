/*
 * Hi!
 *
 * Note that this is an EXAMPLE Backstage backend. Please check the README.
 *
 * Happy hacking!
 */

import { createBackend } from '@backstage/backend-defaults';
import { miniplanesPermissionPolicyModule } from '@miniplanes/plugin-miniplanes-backend';
import {
  localDirectoryUrlReaderFactory,
  localPublishingModule,
} from './localPublishing';
import {
  kubernetesSimulatedClustersModule,
  miniplanesSimulatedClustersModule,
  simulatedFleetServiceFactory,
} from './simulatedFleet';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

// techdocs plugin
backend.add(import('@backstage/plugin-techdocs-backend'));

// auth plugin
backend.add(import('@backstage/plugin-auth-backend'));
// See https://backstage.io/docs/backend-system/building-backends/migrating#the-auth-plugin
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// See https://backstage.io/docs/auth/guest/provider

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// See https://backstage.io/docs/features/software-catalog/configuration#subscribing-to-catalog-errors
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permission plugin
backend.add(import('@backstage/plugin-permission-backend'));
// miniplanes' policy: owners request placement changes, the approver group
// (miniplanes.approvers.group) decides them, everything else is allowed.
backend.add(miniplanesPermissionPolicyModule);

// search plugin
backend.add(import('@backstage/plugin-search-backend'));

// search engine
// See https://backstage.io/docs/features/search/search-engines
backend.add(import('@backstage/plugin-search-backend-module-pg'));

// search collators
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// kubernetes plugin
backend.add(import('@backstage/plugin-kubernetes-backend'));

// user settings plugin
backend.add(import('@backstage/plugin-user-settings-backend'));

// notifications and signals plugins
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// mcp actions plugin
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.add(import('@miniplanes/plugin-miniplanes-backend'));

// The demo's embedded fleet (miniplanes.simulator.enabled): kube-sim clusters
// given to both miniplanes and the Kubernetes plugin.
backend.add(simulatedFleetServiceFactory);
backend.add(kubernetesSimulatedClustersModule);
backend.add(miniplanesSimulatedClustersModule);
backend.add(import('@miniplanes/plugin-scaffolder-backend-module-miniplanes'));
// The demo's Git host stand-in (localPublishing.enabled): publish:local and
// the reader that lets the catalog register what it wrote.
backend.add(localPublishingModule);
backend.add(localDirectoryUrlReaderFactory);
backend.start();
