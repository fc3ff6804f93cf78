import { renderInTestApp } from '@backstage/frontend-test-utils';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { waitFor } from '@testing-library/react';
import {
  openSelect,
  stringFieldProps,
} from '../../__testUtils__/scaffolderFieldTesting';
import { PublisherPicker } from './PublisherPicker';

function renderPicker(actions: string[], onChange = jest.fn()) {
  renderInTestApp(
    <PublisherPicker
      {...stringFieldProps({
        onChange,
        required: true,
        schema: {
          title: 'Where the code goes',
          type: 'string',
          enum: ['github', 'local'],
          enumNames: ['A new GitHub repository', "The portal's backend"],
        },
        idSchema: { $id: 'repository' },
      })}
    />,
    {
      apis: [
        [
          scaffolderApiRef,
          { listActions: async () => actions.map(id => ({ id })) } as any,
        ],
      ],
    },
  );
  return onChange;
}

describe('PublisherPicker', () => {
  it('offers only the publishers the scaffolder has, and picks the only one (production: GitHub)', async () => {
    const onChange = renderPicker([
      'publish:github',
      'miniplanes:service:create',
    ]);
    await waitFor(() => expect(onChange).toHaveBeenCalledWith('github'));
    const options = (await openSelect(/Where the code goes/)).map(
      option => option.textContent,
    );
    expect(options).toEqual(['A new GitHub repository']);
  });

  it('offers every installed publisher, and lets the user choose (the demo)', async () => {
    const onChange = renderPicker(['publish:github', 'publish:local']);
    const options = (await openSelect(/Where the code goes/)).map(
      option => option.textContent,
    );
    expect(options).toEqual([
      'A new GitHub repository',
      "The portal's backend",
    ]);
    expect(onChange).not.toHaveBeenCalled();
  });
});
