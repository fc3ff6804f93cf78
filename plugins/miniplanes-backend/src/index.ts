/**
 * The miniplanes backend plugin.
 *
 * @packageDocumentation
 */
export { miniplanesPlugin as default } from './plugin';
export { miniplanesExtensionPoint } from './extensionPoints';
export { miniplanesPermissionPolicyModule } from './permissions/miniplanesPermissionPolicyModule';
export { MiniplanesPermissionPolicy } from './permissions/MiniplanesPermissionPolicy';
export type { MiniplanesExtensionPoint } from './extensionPoints';
export type { LocatedCluster, MiniplanesClusterSupplier } from './fleet/types';
export type { ClusterConnection } from './cluster/ClusterClient';
