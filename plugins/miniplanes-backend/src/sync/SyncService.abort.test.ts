import {
  exampleService,
  exampleServiceNames,
} from '../__testUtils__/syncHarness';
import { syncHarnessPerTest } from '../__testUtils__/sync/harnessPerTest';
import { RenderedVersionCache } from './RenderedVersionCache';

jest.setTimeout(60_000);

const SERVICES = exampleServiceNames();

describe('SyncService, once the scheduler aborts the run', () => {
  const startHarness = syncHarnessPerTest();

  afterEach(() => jest.restoreAllMocks());

  it('renders no further service: a stopped pass does not go on spending the CPU', async () => {
    const h = await startHarness();
    for (const name of SERVICES) {
      await h.placement.putSpec({ spec: exampleService(name), source: 'api' });
    }
    const services = await h.store.listServices();
    expect(services).toHaveLength(SERVICES.length);

    const stop = new AbortController();
    const rendered: string[] = [];
    const render = RenderedVersionCache.prototype.render;
    jest
      .spyOn(RenderedVersionCache.prototype, 'render')
      .mockImplementation(function counted(this: RenderedVersionCache, input) {
        rendered.push(input.entityRef);
        // Shutdown comes while the second service is rendered.
        if (rendered.length === 2) stop.abort();
        return render.call(this, input);
      });

    const pass = await h.sync.syncServices(services, stop.signal);
    // The services rendered are reported stopped where they go; nothing was written.
    expect(pass.writes).toBe(0);
    expect(pass.errors).toBeGreaterThan(0);
    expect(rendered).toEqual(services.slice(0, 2).map(s => s.entityRef));
  });
});
