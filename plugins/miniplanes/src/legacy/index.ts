export {
  entityPlacementRouteRef,
  EntityPlacementContent,
  MiniplanesFleetPage,
  MiniplanesRequestsPage,
  miniplanesLegacyPlugin,
} from './plugin';
export { isMiniplanesAvailable } from '../annotations';
