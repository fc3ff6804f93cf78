export { EntityPlacementContent } from './EntityPlacementContent';
