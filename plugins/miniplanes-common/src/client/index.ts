export { MiniplanesApiClient } from './MiniplanesApiClient';
export type {
  FederatedServiceDocument,
  MiniplanesRequestOptions,
  RequestDecision,
  RequestWithHistory,
  ServiceWithHistory,
} from './MiniplanesApiClient';
