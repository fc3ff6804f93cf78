import { KubeObject } from './objectIdentity';
import {
  ECHOED_WRITES_MIN,
  ListWatchSource,
  WatchedList,
  WatchEvent,
} from './WatchedList';

function configMap(
  name: string,
  resourceVersion: number,
  data = 'v',
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace: 'ns',
      resourceVersion: String(resourceVersion),
    },
    data: { value: data },
  };
}

/** A cluster's one kind: what a list returns, and the watch the list was followed by. */
class FakeSource implements ListWatchSource {
  items: KubeObject[] = [];
  resourceVersion = '10';
  lists = 0;
  watches = 0;
  failWatch = false;
  emit?: (event: WatchEvent) => void;
  end?: (error?: unknown) => void;
  stopped = 0;

  async list() {
    this.lists += 1;
    return { items: [...this.items], resourceVersion: this.resourceVersion };
  }

  async watch(
    _resourceVersion: string,
    onEvent: (event: WatchEvent) => void,
    onEnd: (error?: unknown) => void,
  ) {
    this.watches += 1;
    if (this.failWatch) throw new Error('watch refused');
    this.emit = onEvent;
    this.end = onEnd;
    return () => {
      this.stopped += 1;
    };
  }
}

const names = (objects: KubeObject[]) =>
  objects.map(o => o.metadata.name).sort();

describe('WatchedList', () => {
  let now: number;
  let source: FakeSource;
  let watched: WatchedList;

  beforeEach(() => {
    now = 1_000_000;
    source = new FakeSource();
    source.items = [configMap('a', 5), configMap('b', 6)];
    watched = new WatchedList(source, { maxAgeMs: 60_000, now: () => now });
  });

  it('lists once, then answers from the copy the watch keeps current', async () => {
    expect(names(await watched.read())).toEqual(['a', 'b']);
    source.emit!({ type: 'ADDED', object: configMap('c', 11) });
    source.emit!({ type: 'MODIFIED', object: configMap('a', 12, 'edited') });
    source.emit!({ type: 'DELETED', object: configMap('b', 13) });
    const read = await watched.read();
    expect(names(read)).toEqual(['a', 'c']);
    expect(read.find(o => o.metadata.name === 'a')!.data).toEqual({
      value: 'edited',
    });
    expect(source.lists).toBe(1);
  });

  it('keeps frozen copies without managedFields, however the object came', async () => {
    const managed = (object: KubeObject): KubeObject => ({
      ...object,
      metadata: {
        ...object.metadata,
        managedFields: [{ manager: 'miniplanes', operation: 'Apply' }],
      },
    });
    source.items = [managed(configMap('a', 5))];
    await watched.read();
    source.emit!({ type: 'ADDED', object: managed(configMap('b', 11)) });
    const answer = managed(configMap('c', 12));
    watched.written(answer);
    const read = await watched.read();
    expect(names(read)).toEqual(['a', 'b', 'c']);
    for (const object of read) {
      expect(object.metadata.managedFields).toBeUndefined();
      expect(Object.isFrozen(object.metadata)).toBe(true);
    }
    // The caller's own object is its own still.
    expect(answer.metadata.managedFields).toHaveLength(1);
  });

  it('lists afresh once the watch ends, errs or is older than the bound', async () => {
    await watched.read();
    source.end!(new Error('connection reset'));
    await watched.read();
    expect(source.lists).toBe(2);

    source.emit!({ type: 'ERROR', object: configMap('gone', 0) });
    await watched.read();
    expect(source.lists).toBe(3);

    // A stalled watch sends nothing: only the age bound notices.
    now += 59_999;
    await watched.read();
    expect(source.lists).toBe(3);
    now += 1;
    await watched.read();
    expect(source.lists).toBe(4);
    // No watch is left behind: each of the three replaced was stopped.
    expect(source.stopped).toBe(3);
  });

  it('never trusts the copy when the watch cannot start: every read lists', async () => {
    source.failWatch = true;
    await watched.read();
    source.items = [configMap('a', 5)];
    expect(names(await watched.read())).toEqual(['a']);
    expect(source.lists).toBe(2);
  });

  it('opens no watch once stopped: a late read lists afresh and leaves nothing open', async () => {
    await watched.read();
    watched.stop();
    expect(source.stopped).toBe(1);
    source.items = [configMap('a', 5)];
    // A pass still running at shutdown reads after the stop.
    expect(names(await watched.read())).toEqual(['a']);
    expect(names(await watched.read())).toEqual(['a']);
    expect(source.watches).toBe(1);
    expect(source.lists).toBe(3);
  });

  /** Holds the source's lists until the function returned is called. */
  const holdLists = () => {
    let answer!: () => void;
    const listed = new Promise<void>(resolve => {
      answer = resolve;
    });
    const list = source.list.bind(source);
    source.list = async () => {
      await listed;
      return list();
    };
    return answer;
  };

  it('opens no watch when stopped while its list is under way', async () => {
    const answer = holdLists();
    const reading = watched.read();
    watched.stop();
    answer();
    expect(names(await reading)).toEqual(['a', 'b']);
    expect(source.watches).toBe(0);
  });

  it('shares a list under way with the reads that come meanwhile, and keeps its watch', async () => {
    // Two passes (a periodic one and an approval's) reading one kind at once.
    const answer = holdLists();
    const first = watched.read();
    const second = watched.read();
    answer();
    expect(names(await first)).toEqual(['a', 'b']);
    expect(names(await second)).toEqual(['a', 'b']);
    expect(source.lists).toBe(1);
    expect(source.watches).toBe(1);
    expect(source.stopped).toBe(0);
    expect(watched.fresh).toBe(true);
  });

  it('lists afresh for a read after an invalidation, not joining the list under way', async () => {
    const answer = holdLists();
    const before = watched.read();
    watched.invalidate();
    const after = watched.read();
    answer();
    await Promise.all([before, after]);
    expect(source.lists).toBe(2);
    // Only the list that began after the invalidation is watched from.
    expect(source.watches).toBe(1);
    expect(watched.fresh).toBe(true);
  });

  it('stops a watch that would mostly echo its own writes: past what it listed, and at least the minimum, the next read lists', async () => {
    await watched.read();
    // Writes up to the minimum keep the watch (the list held 2 objects).
    for (let i = 0; i < ECHOED_WRITES_MIN; i++)
      watched.written(configMap(`w${i}`, 100 + i));
    watched.deleted(configMap('a', 0));
    expect(watched.fresh).toBe(false);
    expect(source.stopped).toBe(1);
    // The copy is not read again: the next read lists what the cluster has.
    source.items = [configMap('b', 6), configMap('w0', 100)];
    expect(names(await watched.read())).toEqual(['b', 'w0']);
    expect(source.lists).toBe(2);
    expect(watched.fresh).toBe(true);
  });

  it('keeps the watch while its own writes stay within what it listed', async () => {
    source.items = Array.from({ length: 2 * ECHOED_WRITES_MIN }, (_, i) =>
      configMap(`c${i}`, i + 1),
    );
    await watched.read();
    for (let i = 0; i < 2 * ECHOED_WRITES_MIN; i++)
      watched.written(configMap(`c${i}`, 1000 + i, 'mine'));
    expect(watched.fresh).toBe(true);
    await watched.read();
    expect(source.lists).toBe(1);
    expect(source.stopped).toBe(0);
    // One more is past the list: the list is cheaper than following.
    watched.deleted(configMap('c0', 0));
    expect(watched.fresh).toBe(false);
    expect(source.stopped).toBe(1);
  });

  it('follows its own writes only while its watch is open or a list is under way', async () => {
    expect(watched.following).toBe(false);
    let answer!: () => void;
    const list = source.list.bind(source);
    source.list = () =>
      new Promise(resolve => {
        answer = () => resolve(list());
      });
    const reading = watched.read();
    expect(watched.following).toBe(true);
    answer();
    await reading;
    expect(watched.following).toBe(true);
    watched.invalidate();
    expect(watched.following).toBe(false);
    // A list not followed by a watch serves its read; the next lists again.
    source.list = list;
    source.failWatch = true;
    await watched.read();
    expect(watched.following).toBe(false);
  });

  it('stops past a lower least of own writes when given one', async () => {
    const eager = new WatchedList(source, {
      maxAgeMs: 60_000,
      now: () => now,
      echoedWritesMin: 1,
    });
    await eager.read();
    // The list held 2: a third own write is past it.
    eager.written(configMap('c', 20));
    eager.written(configMap('d', 21));
    expect(eager.fresh).toBe(true);
    eager.deleted(configMap('a', 0));
    expect(eager.fresh).toBe(false);
  });

  it('ignores the events of a watch it has stopped', async () => {
    await watched.read();
    const oldEmit = source.emit!;
    watched.invalidate();
    await watched.read();
    oldEmit({ type: 'ADDED', object: configMap('ghost', 99) });
    expect(names(await watched.read())).toEqual(['a', 'b']);
  });

  it('keeps its own writes over older events still in flight', async () => {
    await watched.read();
    watched.written(configMap('a', 20, 'mine'));
    source.emit!({ type: 'MODIFIED', object: configMap('a', 15, 'before') });
    const a = (await watched.read()).find(o => o.metadata.name === 'a')!;
    expect(a.data).toEqual({ value: 'mine' });
    watched.deleted(configMap('b', 0));
    expect(names(await watched.read())).toEqual(['a']);
    source.emit!({ type: 'MODIFIED', object: configMap('a', 21, 'after') });
    expect(
      (await watched.read()).find(o => o.metadata.name === 'a')!.data,
    ).toEqual({ value: 'after' });
  });

  it('hands out one index while nothing changes, and a new one, leaving the old as it was, once something does', async () => {
    const first = await watched.index();
    expect(await watched.index()).toBe(first);
    expect([...first.keys()]).toEqual(['/ConfigMap/ns/a', '/ConfigMap/ns/b']);

    const changes: (() => void)[] = [
      () => source.emit!({ type: 'ADDED', object: configMap('c', 11) }),
      () => source.emit!({ type: 'DELETED', object: configMap('c', 12) }),
      () => watched.written(configMap('a', 20, 'mine')),
      () => watched.deleted(configMap('b', 0)),
      () => source.end!(),
    ];
    let previous = first;
    for (const change of changes) {
      const before = [...previous.values()];
      change();
      const next = await watched.index();
      expect(next).not.toBe(previous);
      expect([...previous.values()]).toEqual(before);
      previous = next;
    }
    // An event that changes nothing (older than the copy, or the write this
    // client recorded, echoed) keeps the index and the object held.
    source.emit!({ type: 'MODIFIED', object: configMap('a', 1, 'old') });
    expect(await watched.index()).toBe(previous);
    const written = configMap('d', 30);
    watched.written(written);
    const held = (await watched.index()).get('/ConfigMap/ns/d');
    source.emit!({ type: 'ADDED', object: configMap('d', 30) });
    expect((await watched.index()).get('/ConfigMap/ns/d')).toBe(held);
  });
});
