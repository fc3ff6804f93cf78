import { servedAfterDiscovery } from './discoverServedResources';

const answer = (entries: [string, string[]][], failed: string[] = []) => ({
  byGroupVersion: new Map(entries),
  failed,
});

describe('servedAfterDiscovery', () => {
  const before = new Map([
    ['v1', ['v1/ConfigMap']],
    ['metrics.k8s.io/v1beta1', ['metrics.k8s.io/v1beta1/PodMetrics']],
  ]);

  it('takes a whole answer as it is', () => {
    expect(
      servedAfterDiscovery(before, answer([['v1', ['v1/Secret']]])),
    ).toEqual(new Map([['v1', ['v1/Secret']]]));
  });

  it('keeps the last answer of a group version that failed', () => {
    expect(
      servedAfterDiscovery(
        before,
        answer([['v1', ['v1/Secret']]], ['metrics.k8s.io/v1beta1']),
      ),
    ).toEqual(
      new Map([
        ['v1', ['v1/Secret']],
        ['metrics.k8s.io/v1beta1', ['metrics.k8s.io/v1beta1/PodMetrics']],
      ]),
    );
  });

  it('keeps everything it knew when a failed group version was never described', () => {
    expect(
      servedAfterDiscovery(
        before,
        answer([['v1', ['v1/Secret']]], ['ray.io/v1']),
      ),
    ).toBe(before);
    // And knows nothing, rather than too little, before a first full answer.
    expect(
      servedAfterDiscovery(
        undefined,
        answer([['v1', ['v1/Secret']]], ['ray.io/v1']),
      ),
    ).toBeUndefined();
  });
});
