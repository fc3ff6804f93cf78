import { PlacementRequestView } from '@miniplanes/plugin-miniplanes-common';
import { http, HttpResponse } from 'msw';
import { actionContext } from '../__testUtils__/actionContext';
import { requestView, setupMiniplanesApi } from '../__testUtils__/mockApi';
import { waitForRequestAction } from './waitForRequestAction';

describe('miniplanes:request:wait', () => {
  const api = setupMiniplanesApi();

  const action = waitForRequestAction({ client: api.client });
  const approved = requestView({
    status: 'approved',
    decidedBy: 'user:default/approver',
    comment: 'looks good',
  });
  const rejected = requestView({
    status: 'rejected',
    decidedBy: 'user:default/approver',
    comment: 'too many replicas',
  });

  /** Serves the given views of req-1 in turn, the last one from then on. */
  function serveInTurn(...views: PlacementRequestView[]) {
    const reads: (string | null)[] = [];
    api.use(
      http.get(api.url('/requests/req-1'), ({ request }) => {
        reads.push(request.headers.get('authorization'));
        return HttpResponse.json(
          views[Math.min(reads.length, views.length) - 1],
        );
      }),
    );
    return reads;
  }

  function context(input: Record<string, unknown>, isDryRun = false) {
    return actionContext({ requestId: 'req-1', ...input }, { isDryRun });
  }

  /** Polls every second, with time enough for every reading a test serves. */
  const everySecond = { timeoutSeconds: 30, pollIntervalSeconds: 1 };

  it('polls as the initiator until the request is decided', async () => {
    const reads = serveInTurn(requestView(), approved);
    const ctx = context(everySecond);

    await action.handler(ctx);

    expect(reads).toEqual([
      api.initiatorAuthorization,
      api.initiatorAuthorization,
    ]);
    expect(ctx.output).toHaveBeenCalledWith('status', 'approved');
    expect(ctx.output).toHaveBeenCalledWith('timedOut', false);
    expect(ctx.output).toHaveBeenCalledWith(
      'decidedBy',
      'user:default/approver',
    );
    expect(ctx.output).toHaveBeenCalledWith('comment', 'looks good');
  });

  it('outputs pending without failing when the timeout passes', async () => {
    const reads = serveInTurn(requestView());
    const ctx = context({ timeoutSeconds: 1, pollIntervalSeconds: 1 });

    await action.handler(ctx);

    expect(reads).toHaveLength(2);
    expect(ctx.output).toHaveBeenCalledWith('status', 'pending');
    expect(ctx.output).toHaveBeenCalledWith('timedOut', true);
  });

  it('reads once with a timeout of 0', async () => {
    const reads = serveInTurn(requestView());
    const ctx = context({ timeoutSeconds: 0 });

    await action.handler(ctx);

    expect(reads).toHaveLength(1);
    expect(ctx.output).toHaveBeenCalledWith('timedOut', true);
  });

  it('fails the step when the request is rejected, saying by whom and why', async () => {
    serveInTurn(rejected);
    const ctx = context({});

    await expect(action.handler(ctx)).rejects.toThrow(
      'The placement request req-1 for component:default/price-watcher was rejected by user:default/approver: too many replicas. Change the proposal and file a new request.',
    );
    expect(ctx.output).toHaveBeenCalledWith('status', 'rejected');
  });

  it('outputs a rejection when told not to fail on it', async () => {
    serveInTurn(rejected);
    const ctx = context({ failOnRejected: false });

    await action.handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('status', 'rejected');
    expect(ctx.output).toHaveBeenCalledWith('comment', 'too many replicas');
  });

  it("fails with the API's message for an unknown request", async () => {
    api.use(
      http.get(api.url('/requests/req-1'), () =>
        api.error(404, 'NotFoundError', 'no placement request req-1'),
      ),
    );

    await expect(action.handler(context({}))).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'no placement request req-1',
    });
  });

  it("does not wait for a dry run's request, which was never filed", async () => {
    const ctx = context({ requestId: 'dry-run' }, true);

    await action.handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('status', 'pending');
    expect(ctx.output).toHaveBeenCalledWith('timedOut', false);
  });

  it('reads a real request once in a dry run, without waiting', async () => {
    const reads = serveInTurn(requestView());
    const ctx = context({ timeoutSeconds: 600 }, true);

    await action.handler(ctx);

    expect(reads).toHaveLength(1);
    expect(ctx.output).toHaveBeenCalledWith('status', 'pending');
    expect(ctx.output).toHaveBeenCalledWith('timedOut', false);
  });

  describe('past the approval', () => {
    const applied = requestView({
      status: 'applied',
      decidedBy: 'user:default/approver',
    });
    const failed = requestView({
      status: 'failed',
      decidedBy: 'user:default/approver',
      failure:
        'rolled back: stage canary failed: eu-west did not become healthy',
    });

    /** Serves the service with its rollout's stages in turn, the last one from then on. */
    function serveRollout(...stages: { name: string; state: string }[][]) {
      let reads = 0;
      api.use(
        http.get(api.priceWatcherUrl, () => {
          reads += 1;
          return HttpResponse.json({
            entityRef: 'component:default/price-watcher',
            specVersion: 2,
            spec: approved.spec,
            decision: approved.decision,
            status: { state: 'Progressing', clusters: [] },
            history: [],
            requests: [],
            rollout: {
              plan: {
                stages: [],
                progressDeadlineMs: 600000,
                onFailure: 'Pause',
              },
              state: {
                specVersion: 2,
                phase: 'Progressing',
                stages: stages[Math.min(reads, stages.length) - 1],
                clusters: {},
              },
            },
          });
        }),
      );
    }

    it('waits until the clusters took it (the end of a staged rollout)', async () => {
      serveInTurn(requestView(), approved, approved, applied);
      const ctx = context({ until: 'applied', ...everySecond });

      await action.handler(ctx);

      expect(ctx.output).toHaveBeenCalledWith('status', 'applied');
      expect(ctx.output).toHaveBeenCalledWith('timedOut', false);
    });

    it('fails the step when the rollout was rolled back, with why', async () => {
      serveInTurn(approved, failed);
      const ctx = context({ until: 'applied', ...everySecond });

      await expect(action.handler(ctx)).rejects.toThrow(/was failed/);
    });

    it('waits for one stage of the rollout to complete, reading the service as the initiator', async () => {
      serveInTurn(approved);
      serveRollout(
        [{ name: 'canary', state: 'Progressing' }],
        [{ name: 'canary', state: 'Soaking' }],
        [{ name: 'canary', state: 'Completed' }],
      );
      const ctx = context({ stage: 'canary', ...everySecond });

      await action.handler(ctx);

      expect(ctx.output).toHaveBeenCalledWith('status', 'approved');
      expect(ctx.output).toHaveBeenCalledWith('stageState', 'Completed');
      expect(ctx.output).toHaveBeenCalledWith('timedOut', false);
    });

    it('says so when the stage is not done by the timeout, without failing', async () => {
      serveInTurn(approved);
      serveRollout([{ name: 'canary', state: 'Progressing' }]);
      const ctx = context({
        stage: 'canary',
        timeoutSeconds: 1,
        pollIntervalSeconds: 1,
      });
      const warn = jest.spyOn(ctx.logger, 'warn');

      await action.handler(ctx);

      expect(ctx.output).toHaveBeenCalledWith('stageState', 'Progressing');
      expect(ctx.output).toHaveBeenCalledWith('timedOut', true);
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(/stage canary is not completed after 1s/),
      );
    });
  });
});
