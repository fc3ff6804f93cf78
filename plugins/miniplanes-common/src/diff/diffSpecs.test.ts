import { demoService } from '../__testUtils__/demoDocuments';
import {
  resource,
  withPlacement,
  withResources,
  withSpec,
} from '../__testUtils__/serviceVariants';
import { diffSpecs } from './diffSpecs';

const ui = demoService('ui');
const deployment = ui.spec.resources.find(
  r => r.manifest.kind === 'Deployment',
)!;

/** ui with its Deployment's first container on another image. */
function withImage(image: string) {
  const changed = structuredClone(ui);
  const manifest = changed.spec.resources.find(
    r => r.manifest.kind === 'Deployment',
  )!.manifest as any;
  manifest.spec.template.spec.containers[0].image = image;
  return changed;
}

describe('diffSpecs', () => {
  it('finds nothing between a service and itself, or its resources reordered', () => {
    expect(diffSpecs(ui, ui)).toEqual([]);
    expect(
      diffSpecs(
        ui,
        withSpec(ui, { resources: [...ui.spec.resources].reverse() }),
      ),
    ).toEqual([]);
  });

  it('names a changed field by its resource, with its value before and after', () => {
    expect(diffSpecs(ui, withImage('ghcr.io/airline/ui:1.5.0'))).toEqual([
      {
        path: `spec.resources["Deployment ${deployment.manifest.metadata.name}"].manifest.spec.template.spec.containers[0].image`,
        kind: 'changed',
        before: (deployment.manifest as any).spec.template.spec.containers[0]
          .image,
        after: 'ghcr.io/airline/ui:1.5.0',
      },
    ]);
  });

  it('tells added and removed fields and resources apart', () => {
    const added = resource('config', 'v1', 'ConfigMap', 'ui-flags', {});
    expect(diffSpecs(ui, withResources(ui, added))).toEqual([
      {
        path: 'spec.resources["ConfigMap ui-flags"]',
        kind: 'added',
        after: added,
      },
    ]);
    expect(diffSpecs(withResources(ui, added), ui)).toEqual([
      {
        path: 'spec.resources["ConfigMap ui-flags"]',
        kind: 'removed',
        before: added,
      },
    ]);
  });

  it('names a placement change by its field', () => {
    const replicas = ui.spec.placement.replicas!;
    expect(
      diffSpecs(
        ui,
        withPlacement(ui, {
          replicas: { ...replicas, total: replicas.total + 2 },
        }),
      ),
    ).toEqual([
      {
        path: 'spec.placement.replicas.total',
        kind: 'changed',
        before: replicas.total,
        after: replicas.total + 2,
      },
    ]);
  });
});
