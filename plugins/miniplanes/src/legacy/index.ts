export {
  entityPlacementRouteRef,
  EntityPlacementContent,
  MiniplanesEvidencePage,
  MiniplanesFleetPage,
  MiniplanesRequestsPage,
  miniplanesLegacyPlugin,
} from './plugin';
export { isMiniplanesAvailable } from '../annotations';
