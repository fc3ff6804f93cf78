/**
 * The miniplanes frontend plugin: the entity page's Placement tab, the Fleet
 * and Requests pages, and the API client, for the new and legacy frontend
 * systems.
 *
 * @packageDocumentation
 */

export { miniplanesPlugin as default } from './plugin';
export * from './api';
export * from './legacy';
