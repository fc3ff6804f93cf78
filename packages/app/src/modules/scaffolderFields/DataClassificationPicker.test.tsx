import { fireEvent, screen } from '@testing-library/react';
import {
  jsonResponse,
  openSelect,
} from '../../__testUtils__/scaffolderFieldTesting';
import { renderGovernanceField } from './__testUtils__/governanceField';
import { DataClassificationPicker } from './DataClassificationPicker';

const governance = {
  items: [
    {
      classification: 'airline-data',
      allowedJurisdictions: ['US'],
      description: "American airlines' data stays in US clusters.",
    },
  ],
  jurisdictions: { EU: ['FR', 'DE'] },
};

function renderPicker(response: Response) {
  return renderGovernanceField(
    DataClassificationPicker,
    {
      required: true,
      schema: { title: 'Data classification', type: 'string' },
      idSchema: { $id: 'dataClassification' },
    },
    () => response,
  );
}

describe('DataClassificationPicker', () => {
  it("offers the fleet's governance classifications, with where each may be stored, and unregulated data", async () => {
    const { fetched, onChange } = renderPicker(jsonResponse(governance));
    const options = (await openSelect(/Data classification/)).map(
      option => option.textContent,
    );
    expect(fetched).toEqual(['http://backstage/api/miniplanes/governance']);
    expect(options).toEqual([
      "airline-data: stored only in US (American airlines' data stays in US clusters.)",
      'unregulated: no governance policy restricts where it is stored',
    ]);
    fireEvent.click(screen.getByRole('option', { name: /airline-data/ }));
    expect(onChange).toHaveBeenCalledWith('airline-data');
  });

  it('says when the governance cannot be read', async () => {
    renderPicker(
      new Response('{}', { status: 503, statusText: 'Unavailable' }),
    );
    expect(
      await screen.findByText(
        "could not read the fleet's governance policies (503 Unavailable)",
      ),
    ).toBeInTheDocument();
  });
});
