export { MiniplanesApiClient } from './MiniplanesApiClient';
export type {
  FederatedServiceDocument,
  HistoryPage,
  MiniplanesRequestOptions,
  RequestDecision,
  RequestWithHistory,
  RequestsPage,
  ServiceWithHistory,
  ServicesPage,
} from './MiniplanesApiClient';
