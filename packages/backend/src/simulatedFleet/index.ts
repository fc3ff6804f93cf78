export { simulatedFleetFeatures } from './simulatedFleetFeatures';
