import { fleetClusters, storageSpec } from '../../__testUtils__/testFixtures';
import { localEvaluationBlocker } from './localEvaluation';

const withData = (data: typeof storageSpec.spec.data) => ({
  ...storageSpec,
  spec: { ...storageSpec.spec, data },
});

describe('localEvaluationBlocker', () => {
  it('leaves classified data to the server, which alone knows the governance policies', () => {
    expect(localEvaluationBlocker(storageSpec, fleetClusters)).toBe(
      'governance policies for airline-data data are known to the server only',
    );
  });

  it('leaves residencies that may be jurisdiction groups to the server', () => {
    expect(
      localEvaluationBlocker(withData({ residency: ['EU'] }), fleetClusters),
    ).toBe(
      'residency EU may name jurisdiction groups known to the server only',
    );
  });

  it('evaluates in the browser when the clusters are all it needs', () => {
    expect(
      localEvaluationBlocker(withData({ residency: ['US'] }), fleetClusters),
    ).toBeUndefined();
  });
});
