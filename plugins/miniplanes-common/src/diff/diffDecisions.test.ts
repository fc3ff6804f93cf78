import { evaluatePlacement } from '../placement/evaluatePlacement';
import { demoFleet, demoService } from '../__testUtils__/demoDocuments';
import { withPlacement } from '../__testUtils__/serviceVariants';
import { diffDecisions } from './diffDecisions';

describe('diffDecisions', () => {
  const fleet = demoFleet();

  it('lists the clusters that gain or lose replicas or data', () => {
    const service = demoService('storage');
    const before = evaluatePlacement({ service, fleet });
    const pinned = withPlacement(service, {
      clusterSelector: { matchLabels: { region: 'us-west-2' } },
    });
    const after = evaluatePlacement({ service: pinned, fleet });
    expect(diffDecisions(before, after)).toEqual({
      changes: [
        {
          cluster: 'us-east',
          role: 'data',
          before: 3,
          after: 0,
          kind: 'removed',
        },
        {
          cluster: 'us-east',
          role: 'compute',
          before: 1,
          after: 0,
          kind: 'removed',
        },
        {
          cluster: 'us-east',
          role: 'config',
          before: 0,
          after: 0,
          kind: 'removed',
        },
        {
          cluster: 'us-pet',
          role: 'compute',
          before: 3,
          after: 4,
          kind: 'scaled',
        },
      ],
      dataMoves: [{ cluster: 'us-east', kind: 'removed' }],
      unchanged: false,
    });
  });

  it('treats a first placement as all additions, and equal decisions as unchanged', () => {
    const service = demoService('fare-model');
    const decision = evaluatePlacement({ service, fleet });
    expect(diffDecisions(undefined, decision).changes).toEqual([
      {
        cluster: 'ap-gpu',
        role: 'compute',
        before: 0,
        after: 1,
        kind: 'added',
      },
    ]);
    expect(diffDecisions(decision, decision)).toEqual({
      changes: [],
      dataMoves: [],
      unchanged: true,
    });
  });
});
