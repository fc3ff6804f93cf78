export { miniplanesPlugin as default } from './plugin';
export * from './api';
export * from './legacy';
