import { evaluatePlacement } from '@miniplanes/plugin-miniplanes-common';
import {
  fleet,
  fleetClusters,
  storageSpec,
} from '../../__testUtils__/testFixtures';
import { browserFleet, localEvaluationBlocker } from './localEvaluation';

const withData = (data: typeof storageSpec.spec.data) => ({
  ...storageSpec,
  spec: { ...storageSpec.spec, data },
});

const governance = {
  items: fleet.governance,
  jurisdictions: { EU: ['DE', 'IE'] },
  storageLocations: [],
};

describe('localEvaluationBlocker', () => {
  it('leaves classified data to the server until the governance policies are read', () => {
    expect(localEvaluationBlocker(storageSpec, fleetClusters, undefined)).toBe(
      'the governance policies for airline-data data are not loaded',
    );
  });

  it('leaves residencies that may be jurisdiction groups to the server until the groups are read', () => {
    expect(
      localEvaluationBlocker(
        withData({ residency: ['EU'] }),
        fleetClusters,
        undefined,
      ),
    ).toBe('residency EU may name jurisdiction groups, which are not loaded');
  });

  it('evaluates in the browser when the clusters are all it needs, or once the data rules are read', () => {
    expect(
      localEvaluationBlocker(
        withData({ residency: ['US'] }),
        fleetClusters,
        undefined,
      ),
    ).toBeUndefined();
    expect(
      localEvaluationBlocker(storageSpec, fleetClusters, governance),
    ).toBeUndefined();
  });
});

describe('browserFleet', () => {
  it('decides classified data and group residencies as the server does, once the data rules are read', () => {
    const service = withData({
      classification: storageSpec.spec.data!.classification,
      residency: ['EU'],
    });
    const server = evaluatePlacement({
      service,
      fleet: { ...fleet, jurisdictions: governance.jurisdictions },
    });
    const browser = evaluatePlacement({
      service,
      fleet: browserFleet(fleetClusters, governance),
    });
    expect(browser).toEqual(server);
  });
});
