export { miniplanesPlugin as default } from './plugin';
