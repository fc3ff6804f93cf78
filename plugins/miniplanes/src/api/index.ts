export * from './types';
export { MiniplanesClient } from './MiniplanesClient';
export { miniplanesApiRef } from './ref';
