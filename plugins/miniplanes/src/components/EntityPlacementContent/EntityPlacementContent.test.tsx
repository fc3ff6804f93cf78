import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { miniplanesApiRef } from '../../api';
import {
  apiBase,
  storageDecision,
  storageSpec,
  testClient,
} from '../../testFixtures';
import { EntityPlacementContent } from './EntityPlacementContent';

const server = setupServer();
registerMswTestHooks(server);

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'storage', namespace: 'default' },
  spec: { type: 'service', owner: 'data-team' },
};

function renderTab() {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityPlacementContent />
    </EntityProvider>,
    { apis: [[miniplanesApiRef, testClient]] },
  );
}

describe('EntityPlacementContent', () => {
  it('shows where data and replicas live, by jurisdiction, and why other clusters were not chosen', async () => {
    server.use(
      http.get(`${apiBase}/services/default/component/storage`, () =>
        HttpResponse.json({
          entityRef: 'component:default/storage',
          specVersion: 2,
          spec: storageSpec,
          decision: storageDecision,
          status: null,
          history: [
            {
              id: 1,
              entityRef: 'component:default/storage',
              type: 'spec.changed',
              message: 'spec version 2 from request',
              actor: 'user:default/pat',
              createdAt: '2026-11-23T10:00:00Z',
            },
          ],
          requests: [],
        }),
      ),
    );
    await renderTab();
    expect(await screen.findByText('Jurisdiction US')).toBeInTheDocument();
    expect(
      screen.getByText('The placement policy is met.'),
    ).toBeInTheDocument();
    // Regions head the jurisdiction card and fill the table's region column.
    expect(screen.getAllByText('us-east-1')).toHaveLength(2);
    expect(screen.getAllByText('us-west-2')).toHaveLength(2);
    expect(screen.getAllByText('data · 3')).toHaveLength(2);
    expect(screen.getByText('Not chosen (1)')).toBeInTheDocument();
    expect(
      screen.getAllByText('jurisdiction IE not in residency [US]').length,
    ).toBeGreaterThan(0);
    expect(
      screen.getAllByText('missing capability storage').length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByText(/spec version 2 from request \(user:default\/pat\)/),
    ).toBeInTheDocument();
  });

  it('tells how to link an entity that has no federated service', async () => {
    server.use(
      http.get(`${apiBase}/services/default/component/storage`, () =>
        HttpResponse.json(
          { error: { name: 'NotFoundError', message: 'no federated service' } },
          { status: 404 },
        ),
      ),
    );
    await renderTab();
    expect(
      await screen.findByText('Not a federated service yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/metadata.entityRef is component:default\/storage/),
    ).toBeInTheDocument();
  });

  it('shows the server error when the backend fails', async () => {
    server.use(
      http.get(`${apiBase}/services/default/component/storage`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'database is down' } },
          { status: 500 },
        ),
      ),
    );
    await renderTab();
    expect(await screen.findByText(/database is down/)).toBeInTheDocument();
  });
});
