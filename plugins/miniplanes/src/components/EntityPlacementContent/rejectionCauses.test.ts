import { ClusterDecision, Reason } from '@miniplanes/plugin-miniplanes-common';
import { rejectionCauses } from './rejectionCauses';

function cluster(
  name: string,
  selected: boolean,
  reasons: Reason[],
): ClusterDecision {
  return {
    name,
    selected,
    replicas: { data: 0, compute: 0, config: 0 },
    roles: [],
    reasons,
    score: { total: 0, breakdown: {} },
    labels: {},
  };
}

const residency = (j: string): Reason => ({
  code: 'Residency',
  message: `jurisdiction ${j} not in residency [US]`,
});

describe('rejectionCauses', () => {
  it('groups the clusters not chosen by cause and role, the widest cause first', () => {
    const causes = rejectionCauses([
      cluster('us-east', true, [
        { code: 'Selected', role: 'data', message: 'holds data' },
      ]),
      cluster('eu-spot', false, [
        { code: 'Taint', message: 'taint spot=true:NoSchedule not tolerated' },
        residency('DE'),
        { code: 'Governance', role: 'data', message: 'not in DE' },
      ]),
      cluster('eu-west', false, [
        residency('IE'),
        { code: 'Governance', role: 'data', message: 'not in IE' },
        { code: 'Governance', role: 'compute', message: 'not in IE' },
      ]),
      cluster('ap-gpu', false, [
        { code: 'Capability', message: 'missing capability storage' },
        { code: 'Capability', message: 'missing capability ssd' },
        residency('JP'),
      ]),
    ]);
    expect(causes).toEqual([
      { code: 'Residency', clusters: ['eu-spot', 'eu-west', 'ap-gpu'] },
      { code: 'Governance', role: 'data', clusters: ['eu-spot', 'eu-west'] },
      { code: 'Capability', clusters: ['ap-gpu'] },
      { code: 'Governance', role: 'compute', clusters: ['eu-west'] },
      { code: 'Taint', clusters: ['eu-spot'] },
    ]);
  });

  it('has no cause when every cluster was chosen', () => {
    expect(
      rejectionCauses([
        cluster('us-east', true, [
          { code: 'Selected', role: 'data', message: 'holds data' },
        ]),
      ]),
    ).toEqual([]);
  });
});
