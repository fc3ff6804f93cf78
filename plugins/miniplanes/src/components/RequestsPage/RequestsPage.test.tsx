import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import {
  apiBase,
  pendingRequest,
  serviceView,
  storageSpec,
  withManifestSpec,
} from '../../__testUtils__/testFixtures';
import { fakeSignals } from '../../__testUtils__/fakeSignals';
import {
  errorResponse,
  serveList,
  serveService,
  serviceUrl,
} from '../../__testUtils__/apiHandlers';
import { linkTargets } from '../../__testUtils__/links';
import { renderRequestsPage } from '../../__testUtils__/requestsPage';
import { RequestDecision, RequestStatus } from '../../api';
import { setupMiniplanesServer } from '../../__testUtils__/testApp';

const server = setupMiniplanesServer();

/**
 * Answers POST /requests/`id`/`action` with the request `requestedBy` filed,
 * now `status`; gives back the bodies the page posts there.
 */
function recordDecisions(
  id: string,
  requestedBy: string,
  action: RequestDecision,
  status: RequestStatus,
): unknown[] {
  const posted: unknown[] = [];
  server.use(
    http.post(`${apiBase}/requests/${id}/${action}`, async ({ request }) => {
      posted.push(await request.json());
      return HttpResponse.json(pendingRequest(id, requestedBy, { status }));
    }),
  );
  return posted;
}

describe('RequestsPage', () => {
  it('lets an approver approve with a comment, but not their own request', async () => {
    serveList(server, 'requests', [
      pendingRequest('r1', 'user:default/amy'),
      pendingRequest('r2', 'user:default/pat'),
    ]);
    const decided = recordDecisions(
      'r1',
      'user:default/amy',
      'approve',
      'approved',
    );
    renderRequestsPage();
    expect(await screen.findByText('“more replicas (r1)”')).toBeInTheDocument();
    // Each card's title links to its service in the catalog.
    expect(linkTargets('storage')).toEqual([
      '/catalog/default/component/storage',
      '/catalog/default/component/storage',
    ]);
    expect(
      screen.getByText(
        'You cannot decide this request: you filed this request; another approver must decide it.',
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/added/).length).toBeGreaterThan(0);
    // r1's card comes first; Pat's own r2 has a comment field to withdraw with.
    fireEvent.change(screen.getAllByLabelText('Comment')[0], {
      target: { value: 'fine for the season' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(decided).toEqual([{ comment: 'fine for the season' }]),
    );
  });

  it('lets the requester withdraw their own pending request, and nobody else', async () => {
    serveList(server, 'requests', [
      pendingRequest('r1', 'user:default/pat'),
      pendingRequest('r2', 'user:default/amy'),
    ]);
    const withdrawn = recordDecisions(
      'r1',
      'user:default/pat',
      'withdraw',
      'withdrawn',
    );
    renderRequestsPage();
    expect(await screen.findByText('“more replicas (r1)”')).toBeInTheDocument();
    // Only Pat's own request offers Withdraw; Amy's offers the decision.
    expect(screen.getAllByRole('button', { name: 'Withdraw' })).toHaveLength(1);
    const comments = screen.getAllByLabelText('Comment');
    expect(comments).toHaveLength(2);
    fireEvent.change(comments[0], {
      target: { value: 'not needed after all' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Withdraw' }));
    await waitFor(() =>
      expect(withdrawn).toEqual([{ comment: 'not needed after all' }]),
    );
  });

  it("shows a withdrawn request's comment as its requester's", async () => {
    serveList(server, 'requests', [
      pendingRequest('r1', 'user:default/amy', {
        status: 'withdrawn',
        comment: 'not needed after all',
      }),
    ]);
    renderRequestsPage({ url: '/miniplanes/requests?status=withdrawn' });
    const comment = await screen.findByText(/not needed after all/);
    expect(comment).toHaveTextContent('amy: “not needed after all”');
    expect(linkTargets('amy')).toContain('/catalog/default/user/amy');
  });

  it('lists the newest 25 requests, and 25 more at each "Show more" while older ones remain', async () => {
    const asked: string[] = [];
    const filed = Array.from({ length: 30 }, (_, i) =>
      pendingRequest(`r${i + 1}`, 'user:default/amy'),
    );
    server.use(
      http.get(`${apiBase}/requests`, ({ request: req }) => {
        const query = new URL(req.url).searchParams;
        asked.push(query.toString());
        const limit = Number(query.get('limit'));
        return HttpResponse.json({
          items: filed.slice(0, limit),
          ...(filed.length > limit ? { nextCursor: 'more' } : {}),
        });
      }),
    );
    renderRequestsPage();
    expect(
      await screen.findByText('“more replicas (r25)”'),
    ).toBeInTheDocument();
    expect(screen.queryByText('“more replicas (r26)”')).not.toBeInTheDocument();
    expect(screen.getByText('The newest 25 shown.')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Show more' }));

    expect(
      await screen.findByText('“more replicas (r30)”'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Show more' }),
    ).not.toBeInTheDocument();
    expect(asked).toEqual([
      'status=pending&limit=25',
      'status=pending&limit=50',
    ]);
  });

  it("shows one service's requests of every status when the link says so, until the filter is removed", async () => {
    const asked: string[] = [];
    server.use(
      http.get(`${apiBase}/requests`, ({ request: req }) => {
        const query = new URL(req.url).searchParams;
        asked.push(query.toString());
        return HttpResponse.json({
          items: query.get('entityRef')
            ? [pendingRequest('r1', 'user:default/amy', { status: 'applied' })]
            : [
                pendingRequest('r1', 'user:default/amy', { status: 'applied' }),
                pendingRequest('r2', 'user:default/amy', {
                  entityRef: 'component:default/ui',
                }),
              ],
        });
      }),
    );
    renderRequestsPage({
      url: '/miniplanes/requests?entityRef=component%3Adefault%2Fstorage&status=all',
    });
    expect(await screen.findByText('“more replicas (r1)”')).toBeInTheDocument();
    expect(asked).toEqual(['entityRef=component%3Adefault%2Fstorage&limit=25']);
    expect(screen.getByLabelText('Status')).toHaveTextContent('all');
    // The filter names the service, linked; its delete icon removes it.
    const filter = screen.getByRole('button', { name: 'Service: storage' });
    fireEvent.click(filter.querySelector('svg')!);
    expect(await screen.findByText('“more replicas (r2)”')).toBeInTheDocument();
    expect(asked).toEqual([
      'entityRef=component%3Adefault%2Fstorage&limit=25',
      'limit=25',
    ]);
    expect(
      screen.queryByRole('button', { name: 'Service: storage' }),
    ).not.toBeInTheDocument();
  });

  it('shows a request filed meanwhile, when the backend signals it', async () => {
    const r1 = pendingRequest('r1', 'user:default/amy');
    serveList(server, 'requests', [r1]);
    const signals = fakeSignals();
    renderRequestsPage({ signals: signals.api });
    expect(await screen.findByText('“more replicas (r1)”')).toBeInTheDocument();

    serveList(server, 'requests', [
      r1,
      pendingRequest('r2', 'user:default/kim'),
    ]);
    await signals.send('miniplanes:requests', {
      entityRef: 'component:default/storage',
    });
    expect(await screen.findByText('“more replicas (r2)”')).toBeInTheDocument();
  });

  it('shows what an approved request waits for', async () => {
    serveList(server, 'requests', [
      pendingRequest('r1', 'user:default/amy', {
        status: 'approved',
        decidedBy: 'user:default/pat',
        comment: 'fine for the season',
        waitingFor: [
          { cluster: 'us-pet', reason: 'Error: connect ECONNREFUSED' },
        ],
      }),
    ]);
    renderRequestsPage();
    expect(await screen.findByText('Waiting for')).toBeInTheDocument();
    // Who asked and who decided link to their catalog pages.
    expect(screen.getByRole('link', { name: 'amy' })).toHaveAttribute(
      'href',
      '/catalog/default/user/amy',
    );
    expect(screen.getByRole('link', { name: 'pat' })).toHaveAttribute(
      'href',
      '/catalog/default/user/pat',
    );
    expect(screen.getByText(/fine for the season/)).toBeInTheDocument();
    expect(
      screen.getByText('us-pet: Error: connect ECONNREFUSED'),
    ).toBeInTheDocument();
  });

  it('shows approvers every delete by cluster, the data kept, adoptions and powerful kinds, and who proposed it', async () => {
    serveList(server, 'requests', [
      pendingRequest('r1', 'miniplanes:fleet', {
        impact: {
          deletes: [
            {
              cluster: 'us-east',
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              namespace: 'miniplanes',
              name: 'storage',
              reason: 'no longer placed here',
            },
            {
              cluster: 'us-east',
              apiVersion: 'v1',
              kind: 'ConfigMap',
              namespace: 'miniplanes',
              name: 'storage-config',
              reason: 'no longer placed here',
            },
          ],
          kept: [
            {
              cluster: 'us-east',
              apiVersion: 'apps/v1',
              kind: 'StatefulSet',
              namespace: 'miniplanes',
              name: 'mongodb',
              reason: 'data no longer placed here',
            },
          ],
          adoptions: [
            {
              apiVersion: 'v1',
              kind: 'Service',
              namespace: 'miniplanes',
              name: 'legacy-mongo',
            },
          ],
          privileged: [
            {
              apiVersion: 'rbac.authorization.k8s.io/v1',
              kind: 'ClusterRoleBinding',
              name: 'storage-reader',
              reason: 'cluster-scoped',
            },
          ],
        },
      }),
    ]);
    renderRequestsPage();
    expect(
      await screen.findByText(/proposed by miniplanes after a fleet change/),
    ).toBeInTheDocument();
    expect(screen.getByText('Deleted on approval')).toBeInTheDocument();
    expect(
      screen.getByText(
        'us-east: Deployment miniplanes/storage (no longer placed here); ConfigMap miniplanes/storage-config (no longer placed here)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'us-east: StatefulSet miniplanes/mongodb (data no longer placed here)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Service miniplanes\/legacy-mongo/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('ClusterRoleBinding storage-reader: cluster-scoped'),
    ).toBeInTheDocument();
    // A proposal is nobody's own request: an approver may decide it.
    expect(screen.getByRole('button', { name: 'Approve' })).toBeEnabled();
  });

  it('flags a request that grants cluster-wide power, with what each object can do', async () => {
    const privileged = [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        name: 'backup-reads-everything',
        clusterWide: true,
        reason: 'cluster-wide RBAC: grants permissions over every namespace',
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        namespace: 'miniplanes',
        name: 'backup-reads',
        clusterWide: false,
        reason: 'RBAC: grants permissions in its namespace',
      },
    ];
    const impact = { deletes: [], kept: [], adoptions: [], privileged };
    serveList(server, 'requests', [
      pendingRequest('r1', 'user:default/olga', { impact }),
      pendingRequest('r2', 'user:default/amy', {
        impact: { ...impact, privileged: [privileged[1]] },
      }),
    ]);
    renderRequestsPage();
    expect(
      await screen.findByText('Warning: Grants cluster-wide power'),
    ).toBeInTheDocument();
    // Only the request with a cluster-wide object is flagged.
    expect(
      screen.getAllByText('Warning: Grants cluster-wide power'),
    ).toHaveLength(1);
    expect(
      screen.getByText(
        'Approving lets miniplanes apply, with its write access to every cluster the service is placed on: ClusterRoleBinding backup-reads-everything (cluster-wide RBAC: grants permissions over every namespace).',
      ),
    ).toBeInTheDocument();
    // The namespaced binding is listed with the impact on both cards.
    expect(
      screen.getAllByText(
        'RoleBinding miniplanes/backup-reads: RBAC: grants permissions in its namespace',
      ),
    ).toHaveLength(2);
  });

  it('blocks requests that fail their policy checks, for everyone', async () => {
    serveList(server, 'requests', [
      pendingRequest('r1', 'user:default/amy', {
        checks: [
          {
            name: 'governance',
            passed: false,
            message: 'data cannot be placed within its allowed jurisdictions',
          },
        ],
      }),
    ]);
    renderRequestsPage();
    expect(
      await screen.findByText(
        'You cannot decide this request: it fails its policy checks: governance.',
      ),
    ).toBeInTheDocument();
  });

  describe('opened from a link to one request', () => {
    const scrollIntoView = jest.fn();
    beforeEach(() => {
      // jsdom lays nothing out, so it has no scrollIntoView.
      Element.prototype.scrollIntoView = scrollIntoView;
    });
    afterEach(() => {
      scrollIntoView.mockReset();
      delete (Element.prototype as Partial<Element>).scrollIntoView;
    });

    it('lists more until a linked request older than the newest 25 is in view', async () => {
      const asked: string[] = [];
      const filed = Array.from({ length: 60 }, (_, i) =>
        pendingRequest(`r${i + 1}`, 'user:default/amy'),
      );
      server.use(
        http.get(`${apiBase}/requests/r40`, () => HttpResponse.json(filed[39])),
        http.get(`${apiBase}/requests`, ({ request: req }) => {
          const limit = Number(new URL(req.url).searchParams.get('limit'));
          asked.push(String(limit));
          return HttpResponse.json({
            items: filed.slice(0, limit),
            nextCursor: 'more',
          });
        }),
      );
      renderRequestsPage({ url: '/miniplanes/requests?request=r40' });
      const card = (await screen.findByText('“more replicas (r40)”')).closest(
        '[aria-current="true"]',
      );
      expect(card).not.toBeNull();
      await waitFor(() => expect(scrollIntoView).toHaveBeenCalledTimes(1));
      expect(scrollIntoView.mock.contexts[0]).toBe(card);
      expect(asked).toEqual(['25', '50']);
    });

    it("shows that request's status, with the request framed and in view", async () => {
      const listed: (string | null)[] = [];
      server.use(
        http.get(`${apiBase}/requests/r2`, () =>
          HttpResponse.json(
            pendingRequest('r2', 'user:default/amy', { status: 'applied' }),
          ),
        ),
        http.get(`${apiBase}/requests`, ({ request: req }) => {
          const status = new URL(req.url).searchParams.get('status');
          listed.push(status);
          return HttpResponse.json({
            items: ['r1', 'r2', 'r3'].map(id =>
              pendingRequest(id, 'user:default/amy', { status: 'applied' }),
            ),
          });
        }),
      );
      renderRequestsPage({ url: '/miniplanes/requests?request=r2' });
      const card = (await screen.findByText('“more replicas (r2)”')).closest(
        '[aria-current="true"]',
      );
      expect(card).not.toBeNull();
      expect(
        screen.getByText('“more replicas (r1)”').closest('[aria-current]'),
      ).toBeNull();
      await waitFor(() => expect(scrollIntoView).toHaveBeenCalledTimes(1));
      expect(scrollIntoView.mock.contexts[0]).toBe(card);
      expect(screen.getByLabelText('Status')).toHaveTextContent('applied');
      // Only the linked request's status was listed, never pending first.
      expect(listed).toEqual(['applied']);
    });

    it('says when the linked request cannot be found, and lists pending requests', async () => {
      server.use(
        http.get(`${apiBase}/requests/gone`, () =>
          errorResponse(404, 'NotFoundError', 'no placement request gone'),
        ),
      );
      serveList(server, 'requests', [pendingRequest('r1', 'user:default/amy')]);
      renderRequestsPage({ url: '/miniplanes/requests?request=gone' });
      expect(
        await screen.findByText(
          'Warning: The linked request gone could not be opened',
        ),
      ).toBeInTheDocument();
      expect(screen.getByText(/no placement request gone/)).toBeInTheDocument();
      expect(
        await screen.findByText('“more replicas (r1)”'),
      ).toBeInTheDocument();
      expect(screen.getByLabelText('Status')).toHaveTextContent('pending');
      expect(scrollIntoView).not.toHaveBeenCalled();
    });
  });

  it('shows what a request changes in the spec, field by field, against the version it replaces', async () => {
    const proposed = withManifestSpec(storageSpec, 'StatefulSet', {
      replicas: 5,
    });
    // A rollout added whole: too long for its line, shown whole below it.
    proposed.spec.rollout = {
      stages: [
        {
          name: 'canary',
          clusters: { matchLabels: { jurisdiction: 'US' } },
          minHealthyTime: '15s',
        },
        { name: 'rest', approval: true, maxConcurrency: 1 },
      ],
      onFailure: 'Rollback',
    };
    serveService(server, serviceView(storageSpec, { specVersion: 3 }));
    serveList(server, 'requests', [
      pendingRequest('r1', 'user:default/amy', {
        spec: proposed,
        baseSpecVersion: 3,
      }),
      pendingRequest('r2', 'user:default/amy'),
      pendingRequest('r3', 'user:default/amy', {
        status: 'applied',
        spec: proposed,
        baseSpecVersion: 3,
      }),
    ]);
    renderRequestsPage();
    const changes = await screen.findByLabelText('Spec changes');
    expect(changes).toHaveTextContent('Against version 3:');
    expect(changes).toHaveTextContent(
      'changedspec.resources["StatefulSet mongodb"].manifest.spec.replicas: 3 → 5',
    );
    expect(changes).toHaveTextContent('addedspec.rollout: an object');
    const whole = within(changes).getByText('the whole value');
    expect(whole.closest('details')?.querySelector('pre')).toHaveTextContent(
      'stages: - name: canary clusters: matchLabels: jurisdiction: US minHealthyTime: 15s - name: rest approval: true maxConcurrency: 1 onFailure: Rollback',
    );
    // A first placement has no version to compare with; a decided request
    // shows no comparison with what it already replaced.
    expect(
      screen.getByText('A new service: its first version.'),
    ).toBeInTheDocument();
    expect(screen.getAllByText('What changes in the spec')).toHaveLength(2);
  });

  it('reads a service once for all its pending requests on the page, and not again when the list reloads unchanged', async () => {
    let reads = 0;
    server.use(
      http.get(serviceUrl('storage'), () => {
        reads += 1;
        return HttpResponse.json(serviceView(storageSpec, { specVersion: 3 }));
      }),
    );
    serveList(server, 'requests', [
      pendingRequest('r1', 'user:default/amy', { baseSpecVersion: 3 }),
      pendingRequest('r2', 'user:default/kim', { baseSpecVersion: 3 }),
    ]);
    const signals = fakeSignals();
    renderRequestsPage({ signals: signals.api });
    await waitFor(() =>
      expect(screen.getAllByText('The same spec as version 3.')).toHaveLength(
        2,
      ),
    );
    expect(reads).toBe(1);

    // A request of another service moved: the list reloads, storage's did not change.
    let listed = 0;
    server.use(
      http.get(`${apiBase}/requests`, () => {
        listed += 1;
        return HttpResponse.json({
          items: [
            pendingRequest('r1', 'user:default/amy', { baseSpecVersion: 3 }),
            pendingRequest('r2', 'user:default/kim', { baseSpecVersion: 3 }),
          ],
        });
      }),
    );
    await signals.send('miniplanes:requests', {
      entityRef: 'component:default/ui',
    });
    await waitFor(() => expect(listed).toBe(1));
    // Time for a read the reload would start to reach the server.
    await new Promise(resolve => setTimeout(resolve, 300));
    expect(screen.getAllByText('The same spec as version 3.')).toHaveLength(2);
    expect(reads).toBe(1);
  });

  it('compares a request that turned stale with the version the service moved on to', async () => {
    const filed = pendingRequest('r1', 'user:default/amy', {
      baseSpecVersion: 3,
    });
    serveService(server, serviceView(storageSpec, { specVersion: 3 }));
    serveList(server, 'requests', [filed]);
    const signals = fakeSignals();
    renderRequestsPage({ signals: signals.api });
    expect(
      await screen.findByText('The same spec as version 3.'),
    ).toBeInTheDocument();

    serveService(server, serviceView(storageSpec, { specVersion: 4 }));
    serveList(server, 'requests', [{ ...filed, stale: true }]);
    await signals.send('miniplanes:requests', {
      entityRef: 'component:default/storage',
    });
    expect(
      await screen.findByText(
        'The same spec as the current version 4 (filed against version 3).',
      ),
    ).toBeInTheDocument();
  });
});
