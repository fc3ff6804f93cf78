export { MiniplanesApiClient } from './MiniplanesApiClient';
export type {
  FederatedServiceDocument,
  MiniplanesRequestOptions,
  RequestDecision,
  RequestWithHistory,
  RequestsPage,
  ServiceWithHistory,
} from './MiniplanesApiClient';
