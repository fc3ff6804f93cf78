import { miniplanesPlugin } from './plugin';

describe('miniplanes', () => {
  it('is the frontend plugin with the id the backend serves under', () => {
    expect(miniplanesPlugin.id).toBe('miniplanes');
  });
});
