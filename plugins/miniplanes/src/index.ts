export { miniplanesPlugin as default } from './plugin';
export * from './api';
export { EntityPlacementContent } from './components/EntityPlacementContent';
export { FleetPage } from './components/FleetPage';
export { RequestsPage } from './components/RequestsPage';
