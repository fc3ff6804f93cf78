import { mockServices } from '@backstage/backend-test-utils';
import { resolve } from 'node:path';
import { loadSeedRequests } from './loadSeedRequests';
import { RequestService } from './RequestService';

const demoRequests = resolve(__dirname, '../../../../examples/requests');

describe('loadSeedRequests', () => {
  function fakeRequests(
    pending: { requestedBy: string; reason: string }[] = [],
  ) {
    return {
      list: jest.fn(async () => pending),
      file: jest.fn(
        async (input: { requestedBy: string; reason: string }) => input,
      ),
    };
  }

  it("files the demo's requests as their requester", async () => {
    const requests = fakeRequests();
    const filed = await loadSeedRequests(
      demoRequests,
      requests as unknown as RequestService,
      mockServices.logger.mock(),
    );
    expect(filed).toBe(4);
    expect(requests.file).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: 'component:default/storage',
        requestedBy: 'user:default/ada',
        spec: expect.objectContaining({ kind: 'FederatedService' }),
      }),
    );
    // A staged release of the UI, for an approver to let through its gate.
    expect(requests.file).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: 'component:default/ui',
        requestedBy: 'user:default/mo',
        spec: expect.objectContaining({
          spec: expect.objectContaining({
            rollout: expect.objectContaining({ onFailure: 'Rollback' }),
          }),
        }),
      }),
    );
  });

  it('does not file a request again when it is already pending', async () => {
    const requests = fakeRequests([
      {
        requestedBy: 'user:default/ada',
        reason:
          'Booking peak for the winter schedule; the storage API needs 6 replicas.',
      },
    ]);
    const filed = await loadSeedRequests(
      demoRequests,
      requests as unknown as RequestService,
      mockServices.logger.mock(),
    );
    expect(filed).toBe(3);
  });
});
