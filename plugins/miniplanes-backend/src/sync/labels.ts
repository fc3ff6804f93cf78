/**
 * Labels and annotations by which miniplanes recognises what it manages in a
 * member cluster. Objects without MANAGED_BY_LABEL=MANAGER are never touched.
 */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGER = 'miniplanes';
export const SERVICE_LABEL = 'miniplanes.io/service';
export const ROLE_LABEL = 'miniplanes.io/role';
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
