import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { StorageLocationPicker } from './StorageLocationPicker';

const governance = {
  items: [],
  jurisdictions: { EU: ['FR', 'DE', 'IE', 'NL'] },
  storageLocations: [
    {
      name: 'us-backups',
      provider: 'aws',
      bucket: 'b-us',
      region: 'us-east-1',
      jurisdiction: 'US',
    },
    { name: 'eu-backups', provider: 'aws', bucket: 'b-eu', jurisdiction: 'IE' },
  ],
};

async function optionsFor(residency: string[] | undefined) {
  const onChange = jest.fn();
  await renderInTestApp(
    <StorageLocationPicker
      {...({
        formData: undefined,
        onChange,
        required: false,
        rawErrors: [],
        schema: { title: 'Back up to', type: 'string' },
        idSchema: { $id: 'backupLocation' },
        uiSchema: {},
        formContext: { formData: { residency } },
      } as any)}
    />,
    {
      apis: [
        mockApis.discovery({ baseUrl: 'http://backstage' }),
        mockApis.fetch({
          baseImplementation: async () =>
            new Response(JSON.stringify(governance), {
              headers: { 'Content-Type': 'application/json' },
            }),
        }),
      ],
    },
  );
  const select = await screen.findByRole('button', { name: /Back up to/ });
  await screen.findByRole('button', { name: /Back up to/ });
  fireEvent.mouseDown(select);
  const options = within(await screen.findByRole('listbox')).getAllByRole(
    'option',
  );
  return { options, onChange };
}

describe('StorageLocationPicker', () => {
  it("offers the fleet's storage locations with their jurisdictions, and none", async () => {
    const { options, onChange } = await optionsFor(undefined);
    expect(options.map(o => o.textContent)).toEqual([
      'No backups',
      'us-backups: US (aws, us-east-1)',
      'eu-backups: IE (aws)',
    ]);
    fireEvent.click(screen.getByRole('option', { name: /us-backups/ }));
    expect(onChange).toHaveBeenCalledWith('us-backups');
  });

  it("cannot pick a location outside the data's residency, groups expanded", async () => {
    const us = await optionsFor(['US']);
    const eu = us.options.find(o => o.textContent?.startsWith('eu-backups'))!;
    expect(eu.textContent).toBe(
      "eu-backups: IE (aws): outside the data's residency",
    );
    expect(eu).toHaveAttribute('aria-disabled', 'true');
  });

  it('allows a location in a jurisdiction group the residency names', async () => {
    const { options } = await optionsFor(['EU']);
    expect(
      options.find(o => o.textContent?.startsWith('eu-backups')),
    ).not.toHaveAttribute('aria-disabled', 'true');
    expect(
      options.find(o => o.textContent?.startsWith('us-backups')),
    ).toHaveAttribute('aria-disabled', 'true');
  });
});
