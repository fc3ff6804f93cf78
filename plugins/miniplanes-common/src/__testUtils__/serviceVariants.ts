import { parseFederatedService } from '../model/parse';
import { ParseResult } from '../model/issues';
import { FederatedService } from '../model/types';

type Spec = FederatedService['spec'];
type ServiceResource = Spec['resources'][number];

/** A resource of the given role: one object of the kind, with its spec if it has one. */
export function resource(
  role: ServiceResource['role'],
  apiVersion: string,
  kind: string,
  name: string,
  spec?: Record<string, unknown>,
): ServiceResource {
  return {
    role,
    manifest: { apiVersion, kind, metadata: { name }, ...(spec && { spec }) },
  };
}

/** The service with the given resources after its own. */
export function withResources(
  service: FederatedService,
  ...resources: ServiceResource[]
): FederatedService {
  return withSpec(service, {
    resources: [...service.spec.resources, ...resources],
  });
}

/** The service with the given parts of its spec in place of its own. */
export function withSpec(
  service: FederatedService,
  spec: Partial<Spec>,
): FederatedService {
  return { ...service, spec: { ...service.spec, ...spec } };
}

/** The service with the given parts of its placement in place of its own. */
export function withPlacement(
  service: FederatedService,
  placement: Partial<Spec['placement']>,
): FederatedService {
  return withSpec(service, {
    placement: { ...service.spec.placement, ...placement },
  });
}

/**
 * The service with the given parts of its spec as a user writes them,
 * parsed: for the fields the parser checks, or fills in for the engine.
 */
export function parseWithSpec(
  service: FederatedService,
  spec: Record<string, unknown>,
): ParseResult<FederatedService> {
  return parseFederatedService({
    ...service,
    spec: { ...service.spec, ...spec },
  });
}
