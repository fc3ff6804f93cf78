/**
 * The miniplanes federation model: documents, validation and the placement
 * engine. Isomorphic and free of I/O, shared by the backend, the frontend and
 * the CLI.
 *
 * @packageDocumentation
 */

/**
 * The id of the miniplanes plugin, its API's mount path under /api.
 *
 * @public
 */
export const MINIPLANES_PLUGIN_ID = 'miniplanes';
export * from './permissions';
