import { waitFor } from '../__testUtils__/waitFor';
import { SYSTEM_CONTEXT } from '../operations/options';
import { startedCluster } from '../__testUtils__/startedCluster';

type Obj = Record<string, any>;

const IMAGE_ID = /^docker\.io\/library\/.+@sha256:[0-9a-f]{64}$/;
const CONTAINER_ID = /^containerd:\/\/[0-9a-f]{64}$/;
const at = expect.any(String);

describe('the kubelet', () => {
  const cluster = startedCluster({
    name: 'kubelet',
    podStartupMs: 1,
    nodes: { count: 1, cpu: '8', memory: '32Gi' },
  });

  /** The status the kubelet gives the one container of a new pod. */
  const containerStatusOf = async (
    name: string,
    image: string,
    restartPolicy: string,
  ) => {
    const pods = cluster().registry.find('', 'v1', 'pods')!;
    cluster().ops.create(
      pods,
      'default',
      {
        metadata: { name },
        spec: { restartPolicy, containers: [{ name: 'main', image }] },
      },
      SYSTEM_CONTEXT,
    );
    const statuses = () =>
      (cluster().ops.get(pods, 'default', name).status as Obj | undefined)
        ?.containerStatuses;
    await waitFor(() => Boolean(statuses()?.length));
    return statuses()[0];
  };

  it.each<[string, string, string, Obj]>([
    [
      'runs',
      'nginx:1',
      'Always',
      {
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: at } },
        lastState: {},
      },
    ],
    [
      'runs to completion',
      'busybox:1',
      'Never',
      {
        ready: false,
        started: false,
        restartCount: 0,
        state: {
          terminated: {
            exitCode: 0,
            reason: 'Completed',
            startedAt: at,
            finishedAt: at,
          },
        },
        lastState: {},
      },
    ],
    [
      'crash-loops',
      'crashloop:1',
      'Always',
      {
        ready: false,
        started: false,
        restartCount: 3,
        state: {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: 'back-off 40s restarting failed container=main',
          },
        },
        lastState: {
          terminated: {
            exitCode: 1,
            reason: 'Error',
            startedAt: at,
            finishedAt: at,
          },
        },
      },
    ],
  ])(
    'reports a container that %s',
    async (what, image, restartPolicy, state) => {
      const pod = what.replace(/ /g, '-');
      expect(await containerStatusOf(pod, image, restartPolicy)).toEqual({
        name: 'main',
        image,
        imageID: expect.stringMatching(IMAGE_ID),
        containerID: expect.stringMatching(CONTAINER_ID),
        ...state,
      });
    },
  );

  it.each([
    ['before it started', false],
    ['after it started', true],
  ])(
    'leaves a pod that finished %s finished, as a kubelet never restarts a terminal pod',
    async (_when, afterStart) => {
      const pods = cluster().registry.find('', 'v1', 'pods')!;
      const name = afterStart ? 'done-late' : 'done-early';
      const create = () =>
        cluster().ops.create(
          pods,
          'default',
          {
            metadata: { name },
            spec: { containers: [{ name: 'main', image: 'nginx:1' }] },
          },
          SYSTEM_CONTEXT,
        );
      const pod = () => cluster().ops.get(pods, 'default', name) as Obj;
      create();
      if (afterStart) await waitFor(() => pod().status?.phase === 'Running');
      cluster().ops.update(
        pods,
        'default',
        name,
        { ...pod(), status: { phase: 'Succeeded' } },
        SYSTEM_CONTEXT,
        'status',
      );
      // Longer than the startup delay, several times over.
      await new Promise(resolve => setTimeout(resolve, 50));
      expect(pod().status.phase).toBe('Succeeded');
    },
  );

  it('reports an image that cannot be pulled, with no image or container ID', async () => {
    expect(
      await containerStatusOf('pull', 'does-not-exist:1', 'Always'),
    ).toEqual({
      name: 'main',
      image: 'does-not-exist:1',
      imageID: '',
      ready: false,
      started: false,
      restartCount: 0,
      state: {
        waiting: {
          reason: 'ImagePullBackOff',
          message: 'Back-off pulling image "does-not-exist:1"',
        },
      },
      lastState: {},
    });
  });
});
