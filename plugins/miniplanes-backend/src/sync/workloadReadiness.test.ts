import { workloadReadiness } from './workloadReadiness';

const deployment = (status: Record<string, number>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'ui', namespace: 'shop', generation: 2 },
  spec: { replicas: 2 },
  status: { observedGeneration: 2, ...status },
});

describe('workloadReadiness', () => {
  it.each([
    {
      // The new pod cannot pull its image; the two old ones still serve.
      when: 'is progressing while a rolling update has not replaced the old pods, however many are ready',
      replicas: 3,
      updatedReplicas: 1,
      progressing: true,
    },
    {
      when: 'is ready once every replica runs the new version and is available',
      replicas: 2,
      updatedReplicas: 2,
      progressing: false,
    },
  ])('$when', ({ replicas, updatedReplicas, progressing }) => {
    expect(
      workloadReadiness(
        deployment({
          replicas,
          updatedReplicas,
          readyReplicas: 2,
          availableReplicas: 2,
        }),
      ),
    ).toEqual({ desiredReplicas: 2, readyReplicas: 2, progressing });
  });

  it('is progressing when the controller has not seen the latest spec', () => {
    expect(
      workloadReadiness({
        ...deployment({ replicas: 2, updatedReplicas: 2, readyReplicas: 2 }),
        status: { observedGeneration: 1, readyReplicas: 2 },
      }).progressing,
    ).toBe(true);
  });
});
