import { fireEvent, screen } from '@testing-library/react';
import {
  jsonResponse,
  openSelect,
} from '../../__testUtils__/scaffolderFieldTesting';
import { renderGovernanceField } from './__testUtils__/governanceField';
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
  const { onChange } = renderGovernanceField(
    StorageLocationPicker,
    {
      schema: { title: 'Back up to', type: 'string' },
      idSchema: { $id: 'backupLocation' },
      formContext: { formData: { residency } },
    },
    () => jsonResponse(governance),
  );
  return { options: await openSelect(/Back up to/), onChange };
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
