import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import {
  ClusterDecision,
  evaluatePlacement,
  fleetFromFile,
  parseFleetFile,
} from '@miniplanes/plugin-miniplanes-common';
import { storageDecision, storageSpec } from '../../__testUtils__/testFixtures';
import { PlacementWorldMap } from './PlacementWorldMap';

/** The fixture's decision, plus a cluster in a jurisdiction the map does not know. */
function withCluster(
  name: string,
  labels: Record<string, string>,
  extra: Partial<ClusterDecision> = {},
): ClusterDecision[] {
  return [
    ...storageDecision.clusters,
    {
      name,
      selected: false,
      replicas: { data: 0, compute: 0, config: 0 },
      roles: [],
      reasons: [],
      score: { total: 0, breakdown: {} },
      labels,
      ...extra,
    },
  ];
}

const area = (name: string) => screen.getByRole('group', { name });
const marker = (name: RegExp) => screen.getByRole('img', { name });

describe('PlacementWorldMap', () => {
  it('puts every cluster in its world area', async () => {
    await renderInTestApp(
      <PlacementWorldMap
        clusters={withCluster('za-1', { jurisdiction: 'ZA' })}
      />,
    );
    const names = (group: HTMLElement) =>
      within(group)
        .getAllByRole('img')
        .map(m => m.getAttribute('aria-label')!.split(' ')[0]);
    expect(names(area('Americas: 2 clusters'))).toEqual(['us-east', 'us-pet']);
    expect(names(area('Europe: 1 cluster'))).toEqual(['eu-west']);
    expect(
      within(area('Asia-Pacific: 0 clusters')).getByText('no cluster'),
    ).toBeInTheDocument();
    expect(names(area('Elsewhere: 1 cluster'))).toEqual(['za-1']);
  });

  it('shows no "Elsewhere" when every jurisdiction is known', async () => {
    await renderInTestApp(
      <PlacementWorldMap clusters={storageDecision.clusters} />,
    );
    expect(screen.queryByRole('group', { name: /^Elsewhere/ })).toBeNull();
  });

  it('names each marker by what its cluster holds, and styles it so', async () => {
    const compute = evaluatePlacement({
      service: {
        ...storageSpec,
        spec: {
          ...storageSpec.spec,
          data: undefined,
          resources: storageSpec.spec.resources.filter(
            r => r.role === 'compute',
          ),
        },
      },
      fleet: storageFleet(),
    });
    await renderInTestApp(
      <>
        <PlacementWorldMap clusters={storageDecision.clusters} />
        <PlacementWorldMap clusters={compute.clusters} />
      </>,
    );
    const [dataMap, computeMap] = screen.getAllByRole('group', {
      name: /^Clusters by world area/,
    });
    const dataMarker = within(dataMap).getByRole('img', {
      name: 'us-east (US, us-east-1): holds data (3 replicas), runs compute (1 replica)',
    });
    expect(dataMarker).toHaveAttribute('data-holds', 'data');
    const computeMarker = within(computeMap).getByRole('img', {
      name: /^us-east \(US, us-east-1\): runs compute/,
    });
    expect(computeMarker).toHaveAttribute('data-holds', 'compute');
    const rejected = within(dataMap).getByRole('img', {
      name: 'eu-west (IE, eu-west-1): not chosen',
    });
    expect(rejected).toHaveAttribute('data-holds', 'none');
    // The three kinds are drawn differently.
    const classOf = (m: HTMLElement) =>
      m.querySelector('circle')!.getAttribute('class');
    expect(
      new Set([dataMarker, computeMarker, rejected].map(classOf)).size,
    ).toBe(3);
    expect(dataMarker.querySelector('title')).toHaveTextContent(
      'us-east (US, us-east-1): holds data',
    );
  });

  it('lays out 200 clusters, one marker each', async () => {
    const usEast = storageDecision.clusters.find(c => c.name === 'us-east')!;
    const clusters = Array.from({ length: 200 }, (_, i) => ({
      ...usEast,
      name: `c${i}`,
    }));
    await renderInTestApp(<PlacementWorldMap clusters={clusters} />);
    expect(
      within(area('Americas: 200 clusters')).getAllByRole('img'),
    ).toHaveLength(200);
    expect(marker(/^c199 /)).toHaveAttribute('data-holds', 'data');
  });
});

function storageFleet() {
  const file = parseFleetFile({
    clusters: [
      {
        name: 'us-east',
        labels: { jurisdiction: 'US', region: 'us-east-1', provider: 'aws' },
        capabilities: ['storage'],
        nodes: { count: 3, cpu: '16', memory: '64Gi' },
      },
    ],
  });
  if (!file.ok) throw new Error('the test fleet is invalid');
  return fleetFromFile(file.value);
}
