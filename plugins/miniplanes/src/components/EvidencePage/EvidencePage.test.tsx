import { ServiceEvidence } from '@miniplanes/plugin-miniplanes-common';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { apiBase } from '../../__testUtils__/testFixtures';
import { errorResponse } from '../../__testUtils__/apiHandlers';
import {
  renderWithMiniplanes,
  setupMiniplanesServer,
} from '../../__testUtils__/testApp';
import { EvidencePage } from './EvidencePage';

const server = setupMiniplanesServer();

const evidence: ServiceEvidence = {
  entityRef: 'component:default/storage',
  generatedAt: '2026-12-02T12:00:00.000Z',
  classification: 'airline-data',
  residency: ['US'],
  governance: [
    { classification: 'airline-data', allowedJurisdictions: ['US'] },
  ],
  versions: [
    {
      specVersion: 1,
      createdAt: '2026-11-20T09:00:00.000Z',
      source: 'seed',
      dataClusters: ['us-east', 'us-pet'],
      releases: [],
    },
    {
      specVersion: 2,
      createdAt: '2026-11-25T10:00:00.000Z',
      source: 'request',
      requestId: 'r-2',
      requestedBy: 'user:default/ada',
      reason: 'Move the copy off us-east',
      approvedBy: 'user:default/pat',
      outcome: 'applied',
      dataClusters: ['us-pet'],
      releases: ['us-east'],
    },
  ],
  dataResidency: [
    {
      cluster: 'us-east',
      intervals: [
        {
          state: 'placed',
          from: '2026-11-20T09:00:00.000Z',
          until: '2026-11-25T10:05:00.000Z',
          by: { type: 'version', specVersion: 1 },
          endedBy: {
            type: 'version',
            specVersion: 2,
            approvedBy: 'user:default/pat',
            released: true,
          },
          residency: {
            jurisdiction: 'US',
            passed: true,
            message: 'US is within the residency [US]',
          },
        },
      ],
    },
    {
      cluster: 'us-pet',
      intervals: [
        {
          state: 'placed',
          from: '2026-11-20T09:00:00.000Z',
          by: { type: 'version', specVersion: 1 },
          residency: {
            jurisdiction: 'US',
            passed: true,
            message: 'US is within the residency [US]',
          },
        },
      ],
      now: {
        jurisdiction: 'FR',
        passed: false,
        message: 'FR is outside the residency [US]',
      },
    },
  ],
  releases: [
    {
      cluster: 'us-east',
      kind: 'StatefulSet',
      namespace: 'miniplanes',
      name: 'mongodb',
      specVersion: 2,
      approvedBy: 'user:default/pat',
      approvedAt: '2026-11-25T10:00:00.000Z',
      executedAt: '2026-11-25T10:05:00.000Z',
    },
    {
      cluster: 'eu-west',
      kind: 'StatefulSet',
      namespace: 'miniplanes',
      name: 'mongodb',
      specVersion: 3,
      approvedBy: 'user:default/pat',
      approvedAt: '2026-11-26T09:00:00.000Z',
      voidedAt: '2026-11-26T11:30:00.000Z',
      voidedBecause:
        'StatefulSet miniplanes/mongodb was placed in eu-west again by version 4 before the release was carried out; only a version that newly lists the cluster in spec.data.release can release it now',
    },
  ],
  currentData: [
    {
      cluster: 'us-pet',
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      namespace: 'miniplanes',
      name: 'mongodb',
      state: 'applied',
      specVersion: 2,
    },
  ],
};

function renderPage(entity = 'component:default/storage') {
  return renderWithMiniplanes(<EvidencePage />, {
    initialRouteEntries: [
      `/miniplanes/evidence?entity=${encodeURIComponent(entity)}`,
    ],
  });
}

describe('EvidencePage', () => {
  it('lays out every version, where the data lived and by whose approval, the releases and what is held now', async () => {
    server.use(
      http.get(`${apiBase}/services/default/component/storage/evidence`, () =>
        HttpResponse.json(evidence),
      ),
    );
    await renderPage();

    const versions = await screen.findByRole('table', {
      name: 'Approved versions',
    });
    expect(within(versions).getAllByRole('row')).toHaveLength(3);
    expect(versions).toHaveTextContent(
      /2.*2026-11-25 10:00.*user:default\/ada.*user:default\/pat.*Move the copy off us-east.*applied.*us-pet.*us-east/,
    );
    const usEast = screen.getByRole('table', { name: 'Data in us-east' });
    expect(usEast).toHaveTextContent(
      /placed.*2026-11-20 09:00.*2026-11-25 10:05.*version 1.*version 2, approved by user:default\/pat, released.*US is within the residency \[US\]/,
    );
    // A cluster relabelled out of the residency while it holds data says so.
    expect(
      screen.getByText('FR is outside the residency [US]'),
    ).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Releases' })).toHaveTextContent(
      /us-east.*StatefulSet miniplanes\/mongodb.*2.*user:default\/pat.*2026-11-25 10:05/,
    );
    // A release that can never act says so, and why, not "not yet" for ever.
    expect(screen.getByRole('table', { name: 'Releases' })).toHaveTextContent(
      /eu-west.*StatefulSet miniplanes\/mongodb.*3.*never \(void since 2026-11-26 11:30\): .*placed in eu-west again by version 4/,
    );
    expect(
      screen.getByRole('table', { name: 'Data held now' }),
    ).toHaveTextContent(/us-pet.*StatefulSet miniplanes\/mongodb.*applied/);
    expect(
      screen.getByRole('button', { name: 'Print or save as PDF' }),
    ).toBeInTheDocument();
  });

  it('says what is wrong for a service miniplanes does not know', async () => {
    server.use(
      http.get(`${apiBase}/services/default/component/nope/evidence`, () =>
        errorResponse(
          404,
          'NotFoundError',
          'no federated service for component:default/nope',
        ),
      ),
    );
    await renderPage('component:default/nope');
    expect(
      await screen.findByText(
        /no federated service for component:default\/nope/,
      ),
    ).toBeInTheDocument();
  });
});
