import { mockApis } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  evaluatePlacement,
  FederatedService,
  Fleet,
  parseFederatedService,
} from '@miniplanes/plugin-miniplanes-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { FederatedServiceView, SyncedObjectRef } from '../../api';
import { requestsRouteRef } from '../../routes';
import {
  apiBase,
  clusterSync,
  computeResource,
  fixtureService,
  fleet,
  fleetClusters,
  pendingRequest,
  serviceView,
  stagedStorageSpec,
  storageDecision,
  storageSpec,
} from '../../__testUtils__/testFixtures';
import {
  errorResponse,
  serveGovernance,
  serveList,
  serveService,
} from '../../__testUtils__/apiHandlers';
import {
  renderPlacementTab,
  setupMiniplanesServer,
} from '../../__testUtils__/testApp';

const server = setupMiniplanesServer();

const itinerariesSpec = fixtureService('itineraries', {
  placement: { replicas: { total: 2, mode: 'Duplicated' } },
  resources: [computeResource('itineraries')],
});

/** The backend's routes for one service, its preview evaluating against `previewFleet`. */
function serve(
  spec: FederatedService,
  previewFleet: Fleet = fleet,
  extra: Partial<FederatedServiceView> = {},
) {
  const view = serviceView(spec, extra);
  serveService(server, view);
  serveList(server, 'clusters', fleetClusters);
  serveGovernance(server, {
    items: fleet.governance,
    jurisdictions: fleet.jurisdictions,
    storageLocations: fleet.storageLocations ?? [],
  });
  server.use(
    http.post(`${apiBase}/preview`, async ({ request }) => {
      const body = (await request.json()) as { service: unknown };
      const parsed = parseFederatedService(body.service);
      if (!parsed.ok) return errorResponse(400, 'InputError', 'invalid');
      await delay(50);
      return HttpResponse.json(
        evaluatePlacement({
          service: parsed.value,
          fleet: previewFleet,
          previous: view.decision,
        }),
      );
    }),
  );
}

/** A service in sync that is no longer placed on eu-west but keeps `retained` there. */
function keptOnEuWest(
  ...retained: SyncedObjectRef[]
): Partial<FederatedServiceView> {
  return {
    status: {
      state: 'InSync',
      message: 'in sync',
      clusters: [clusterSync('eu-west', { placed: false, retained })],
    },
  };
}

/** Answers POST /requests with the pending request `id`; returns the bodies filed. */
function recordFilings<Body = unknown>(id: string) {
  const filed: Body[] = [];
  server.use(
    http.post(`${apiBase}/requests`, async ({ request }) => {
      filed.push((await request.json()) as Body);
      return HttpResponse.json(pendingRequest(id, 'user:default/pat'), {
        status: 201,
      });
    }),
  );
  return filed;
}

async function openDialog(name: string) {
  await renderPlacementTab(name, {
    apis: [mockApis.permission({ authorize: AuthorizeResult.ALLOW })],
    mountedRoutes: { '/miniplanes/requests': requestsRouteRef },
  });
  fireEvent.click(
    await screen.findByRole('button', { name: 'Request change' }),
  );
  return screen.findByRole('dialog');
}

/**
 * Waits for the dialog to show `first` (the preview's answer), then expects
 * it to show each of `rest` as well.
 */
async function expectShown(
  dialog: HTMLElement,
  first: string,
  ...rest: string[]
) {
  expect(await within(dialog).findByText(first)).toBeInTheDocument();
  for (const text of rest) {
    expect(within(dialog).getByText(text)).toBeInTheDocument();
  }
}

/** Types `value` into the dialog's field labelled `label`. */
function fill(dialog: HTMLElement, label: string | RegExp, value: string) {
  fireEvent.change(within(dialog).getByLabelText(label), { target: { value } });
}

describe('RequestChangeDialog', () => {
  it('previews a new replica count: the new assignment and what changes', async () => {
    serve(storageSpec);
    const dialog = await openDialog('storage');
    // Named as the catalog presents the service, not by its raw ref.
    expect(dialog).toHaveAccessibleName(
      'Request a placement change for storage',
    );
    // Its data is classified: the browser evaluates it with the fleet's
    // data rules, and the server agrees.
    await expectShown(
      dialog,
      'Confirmed by the server.',
      'No cluster gains or loses anything.',
    );

    fill(dialog, 'Replicas total', '6');
    await expectShown(
      dialog,
      'us-east: compute 1 → 2',
      'us-pet: compute 3 → 4',
      // The cluster rows show the change too.
      '1 → 2',
    );
    expect(
      within(dialog).getAllByText('jurisdiction IE not in residency [US]')
        .length,
    ).toBeGreaterThan(0);
  });

  it('leaves classified data to the server when the data rules cannot be read', async () => {
    serve(storageSpec);
    server.use(
      http.get(`${apiBase}/governance`, () =>
        errorResponse(503, 'ServiceUnavailableError', 'try again'),
      ),
    );
    const dialog = await openDialog('storage');
    await expectShown(
      dialog,
      'Evaluated by the server (the governance policies for airline-data data are not loaded).',
      'No cluster gains or loses anything.',
    );
    expect(dialog).not.toHaveTextContent('Evaluated in the browser');
  });

  it('evaluates in the browser at once, and says when the server answers differently', async () => {
    const eastDown: Fleet = {
      ...fleet,
      clusters: fleet.clusters.map(c =>
        c.name === 'us-east'
          ? { ...c, health: { healthy: false, message: 'connection refused' } }
          : c,
      ),
    };
    serve(itinerariesSpec, eastDown);
    const dialog = await openDialog('itineraries');
    // The server knows us-east is down; the browser's fleet still says healthy.
    expect(
      await within(dialog).findByText(
        'us-east: compute 2 in the browser, 0 on the server',
      ),
    ).toBeInTheDocument();
    expect(dialog).toHaveTextContent(
      "The server's answer differs from the in-browser preview; the server's is shown.",
    );

    fill(dialog, 'Replicas total', '3');
    // The browser answers at once, with what the edit changes...
    expect(
      within(dialog).getByText(
        'Evaluated in the browser; confirming with the server…',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('us-east: compute 2 → 3'),
    ).toBeInTheDocument();
    // ...then the server's answer replaces it, and the difference is told.
    await expectShown(
      dialog,
      'us-east: compute 3 in the browser, 0 on the server',
      'us-east: compute 2 → 0',
    );
  });

  it('previews which cluster falls in which stage of the rollout', async () => {
    serve(stagedStorageSpec);
    const dialog = await openDialog('storage');
    const plan = await within(dialog).findByRole('list', {
      name: 'Rollout plan',
    });
    expect(
      within(plan)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['canary: us-east', 'rest (an approver opens it): us-pet']);
  });

  it('shows a YAML problem at its path and line, and refuses to submit', async () => {
    serve(storageSpec);
    const dialog = await openDialog('storage');
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Edit YAML' }));
    const editor = within(dialog).getByLabelText('FederatedService (YAML)');
    const text = (editor as HTMLTextAreaElement).value;
    fireEvent.change(editor, {
      target: { value: text.replace('total: 4', 'total: four') },
    });
    fill(dialog, /Reason/, 'more replicas');
    const alert = within(dialog).getByRole('alert');
    expect(
      within(alert).getByText('spec.placement.replicas.total'),
    ).toBeInTheDocument();
    const line = text.split('\n').findIndex(l => l.includes('total: 4')) + 1;
    expect(alert).toHaveTextContent(
      `line ${line} · spec.placement.replicas.total: expected a non-negative integer, got "four"`,
    );
    expect(
      within(dialog).getByRole('button', { name: 'Submit request' }),
    ).toBeDisabled();
  });

  it('files the request with the edited spec and the reason, and links to it', async () => {
    serve(storageSpec);
    const filed = recordFilings('r42');
    const dialog = await openDialog('storage');
    const submit = within(dialog).getByRole('button', {
      name: 'Submit request',
    });
    fill(dialog, 'Replicas total', '6');
    expect(submit).toBeDisabled();
    fill(dialog, /Reason/, 'peak season');
    fireEvent.click(submit);
    expect(
      await within(dialog).findByText('See it on the Placement requests page'),
    ).toHaveAttribute('href', '/miniplanes/requests');
    expect(dialog).toHaveTextContent('Request r42 was filed; it is pending.');
    expect(filed).toEqual([
      {
        entityRef: 'component:default/storage',
        reason: 'peak season',
        spec: {
          ...storageSpec,
          spec: {
            ...storageSpec.spec,
            placement: {
              ...storageSpec.spec.placement,
              replicas: { total: 6, mode: 'Divided' },
            },
          },
        },
      },
    ]);
  });

  it('asks for the deletion of data the service left on a cluster', async () => {
    serve(
      storageSpec,
      fleet,
      keptOnEuWest({
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        namespace: 'storage',
        name: 'mongodb',
      }),
    );
    const filed = recordFilings<{ spec: FederatedService }>('r43');
    const dialog = await openDialog('storage');
    fireEvent.click(
      within(dialog).getByLabelText(
        'Delete what is kept in eu-west: StatefulSet storage/mongodb',
      ),
    );
    fill(dialog, /Reason/, 'the US copy is the one we keep');
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Submit request' }),
    );
    await waitFor(() => expect(filed).toHaveLength(1));
    expect(filed.map(f => f.spec.spec.data)).toEqual([
      { ...storageSpec.spec.data, release: ['eu-west'] },
    ]);
  });

  it('says when a cluster was released by an earlier version', async () => {
    const released: FederatedService = {
      ...storageSpec,
      spec: {
        ...storageSpec.spec,
        data: { ...storageSpec.spec.data, release: ['eu-west'] },
      },
    };
    serve(
      released,
      fleet,
      keptOnEuWest({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        name: 'db',
      }),
    );
    const dialog = await openDialog('storage');
    expect(
      within(dialog).getByLabelText(
        'Delete what is kept in eu-west: PersistentVolumeClaim db',
      ),
    ).toBeChecked();
    expect(dialog).toHaveTextContent(
      'eu-west was released by an earlier version, so what is kept there now stays',
    );
  });

  it("shows the server's error when filing fails", async () => {
    serve(storageSpec);
    server.use(
      http.post(`${apiBase}/requests`, () =>
        errorResponse(
          403,
          'NotAllowedError',
          'you may not request placement changes for component:default/storage: only its owners may',
        ),
      ),
    );
    const dialog = await openDialog('storage');
    fill(dialog, /Reason/, 'peak season');
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Submit request' }),
    );
    expect(
      (await within(dialog).findAllByText(/only its owners may/)).length,
    ).toBeGreaterThan(0);
    await waitFor(() =>
      expect(
        within(dialog).getByRole('button', { name: 'Submit request' }),
      ).toBeEnabled(),
    );
  });
});

// Keeps the fixture honest: the storage service starts from this decision.
it('starts from the stored decision', () => {
  expect(serviceView(storageSpec).decision).toEqual(storageDecision);
});
