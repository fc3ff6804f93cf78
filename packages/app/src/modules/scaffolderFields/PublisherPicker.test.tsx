import { renderInTestApp } from '@backstage/frontend-test-utils';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PublisherPicker } from './PublisherPicker';

function renderPicker(actions: string[], onChange = jest.fn()) {
  renderInTestApp(
    <PublisherPicker
      {...({
        formData: undefined,
        onChange,
        required: true,
        rawErrors: [],
        schema: {
          title: 'Where the code goes',
          type: 'string',
          enum: ['github', 'local'],
          enumNames: ['A new GitHub repository', "The portal's backend"],
        },
        idSchema: { $id: 'repository' },
        uiSchema: {},
      } as any)}
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
    fireEvent.mouseDown(
      screen.getByRole('button', { name: /Where the code goes/ }),
    );
    const options = within(await screen.findByRole('listbox'))
      .getAllByRole('option')
      .map(option => option.textContent);
    expect(options).toEqual(['A new GitHub repository']);
  });

  it('offers every installed publisher, and lets the user choose (the demo)', async () => {
    const onChange = renderPicker(['publish:github', 'publish:local']);
    fireEvent.mouseDown(
      await screen.findByRole('button', { name: /Where the code goes/ }),
    );
    const options = within(await screen.findByRole('listbox'))
      .getAllByRole('option')
      .map(option => option.textContent);
    expect(options).toEqual([
      'A new GitHub repository',
      "The portal's backend",
    ]);
    expect(onChange).not.toHaveBeenCalled();
  });
});
