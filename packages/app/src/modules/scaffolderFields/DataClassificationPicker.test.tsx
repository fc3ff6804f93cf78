import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
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

function renderPicker(response: Response, onChange = jest.fn()) {
  const fetched: string[] = [];
  return {
    fetched,
    onChange,
    rendered: renderInTestApp(
      <DataClassificationPicker
        {...({
          formData: undefined,
          onChange,
          required: true,
          rawErrors: [],
          schema: { title: 'Data classification', type: 'string' },
          idSchema: { $id: 'dataClassification' },
          uiSchema: {},
        } as any)}
      />,
      {
        apis: [
          mockApis.discovery({ baseUrl: 'http://backstage' }),
          mockApis.fetch({
            baseImplementation: async input => {
              fetched.push(String(input));
              return response;
            },
          }),
        ],
      },
    ),
  };
}

describe('DataClassificationPicker', () => {
  it("offers the fleet's governance classifications, with where each may be stored, and unregulated data", async () => {
    const { fetched, onChange } = renderPicker(
      new Response(JSON.stringify(governance), {
        headers: { 'Content-Type': 'application/json' },
      }),
    );
    const select = await screen.findByRole('button', {
      name: /Data classification/,
    });
    await screen.findByRole('button', { name: /Data classification/ });
    expect(fetched).toEqual(['http://backstage/api/miniplanes/governance']);
    fireEvent.mouseDown(select);
    const options = within(await screen.findByRole('listbox'))
      .getAllByRole('option')
      .map(option => option.textContent);
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
