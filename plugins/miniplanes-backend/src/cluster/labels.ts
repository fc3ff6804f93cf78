import {
  MINIPLANES_LABELS,
  MINIPLANES_MANAGER,
} from '@miniplanes/plugin-miniplanes-common';

/**
 * Labels and annotations by which miniplanes recognises what it manages in a
 * member cluster. Objects without MANAGED_BY_LABEL=MANAGER are never touched.
 */
export const MANAGED_BY_LABEL = MINIPLANES_LABELS.managedBy;
export const MANAGER = MINIPLANES_MANAGER;
export const SERVICE_LABEL = MINIPLANES_LABELS.service;
export const ROLE_LABEL = MINIPLANES_LABELS.role;
/** The bucket a sharded sync finds the service's objects by (see shardBucketSelector). */
export const SHARD_BUCKET_LABEL = MINIPLANES_LABELS.shardBucket;
/**
 * The miniplanes installation that wrote the object (see
 * InventoryStore.installation): what tells apart two portals' objects of one
 * service in one cluster.
 */
export const INSTALLATION_LABEL = 'miniplanes.io/installation';
/**
 * The portal of the installation that wrote the object (its `app.baseUrl`):
 * what another installation's refusal names, so people know where to look.
 */
export const PORTAL_ANNOTATION = 'miniplanes.io/portal';
/** Hash of the manifest miniplanes last applied; a change means re-apply. */
export const DESIRED_HASH_ANNOTATION = 'miniplanes.io/desired-hash';
/**
 * Set on a resource's manifest to take over an object that already exists in
 * a member cluster without miniplanes' labels. Only an approved request can
 * add it, so nothing pre-existing is ever taken silently.
 */
export const ADOPT_ANNOTATION = 'miniplanes.io/adopt';
/** The field manager of every write miniplanes makes. */
export const FIELD_MANAGER = 'miniplanes';
