import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { FLEET_PROPOSER } from '@miniplanes/plugin-miniplanes-common';
import { screen } from '@testing-library/react';
import { ActorName } from './ActorName';

const render = (actor: string) =>
  renderInTestApp(<ActorName actor={actor} />, {
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });

describe('ActorName', () => {
  it('links a user to their catalog page', async () => {
    await render('user:default/ada');
    expect(screen.getByRole('link', { name: 'ada' })).toHaveAttribute(
      'href',
      '/catalog/default/user/ada',
    );
  });

  it.each([
    [FLEET_PROPOSER, 'miniplanes'],
    ['plugin:scaffolder', 'plugin:scaffolder'],
    ['not a ref/at all:', 'not a ref/at all:'],
  ])('names %p without a link', async (actor, shown) => {
    await render(actor);
    expect(screen.getByText(shown)).toBeInTheDocument();
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });
});
