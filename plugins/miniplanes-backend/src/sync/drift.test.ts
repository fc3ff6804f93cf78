import { deepFreeze } from '../lib/deepFreeze';
import { driftBetween, findDrift } from './drift';

describe('findDrift', () => {
  it('ignores fields the server or other controllers added', () => {
    expect(
      findDrift(
        { spec: { replicas: 2, ports: [{ port: 80 }] } },
        {
          spec: {
            replicas: 2,
            ports: [{ port: 80, protocol: 'TCP' }],
            paused: false,
          },
          status: { readyReplicas: 2 },
        },
      ),
    ).toEqual([]);
  });

  it('names every changed field by its JSON pointer', () => {
    expect(
      findDrift(
        {
          metadata: { labels: { 'app.kubernetes.io/name': 'ui' } },
          spec: { replicas: 2 },
        },
        {
          metadata: { labels: { 'app.kubernetes.io/name': 'other' } },
          spec: { replicas: 5 },
        },
      ),
    ).toEqual(['/metadata/labels/app.kubernetes.io~1name', '/spec/replicas']);
  });

  it('treats a list of another length, or a missing field, as drift', () => {
    expect(findDrift({ args: ['a', 'b'] }, { args: ['a'] })).toEqual(['/args']);
    expect(findDrift({ data: { key: 'v' } }, {})).toEqual(['/data']);
  });

  it('points into lists by index, escapes "~" and "/", and names the root "/"', () => {
    expect(
      findDrift(
        {
          spec: { containers: [{ name: 'a', args: ['x', 'y'] }] },
          'a~b/c': 1,
          unset: undefined,
        },
        {
          spec: { containers: [{ name: 'a', args: ['x', 'z'] }] },
          'a~b/c': 2,
          unset: 'set by someone else',
        },
      ),
    ).toEqual(['/spec/containers/0/args/1', '/a~0b~1c', '/unset']);
    expect(findDrift({ a: 1 }, 'text')).toEqual(['/']);
    expect(findDrift(['a'], ['a', 'b'])).toEqual(['/']);
    expect(findDrift(1, 2)).toEqual(['/']);
  });

  it('does not see drift between "3" and 3', () => {
    expect(findDrift({ port: '3' }, { port: 3 })).toEqual([]);
  });
});

describe('driftBetween', () => {
  it('answers as findDrift, and compares a changed live copy afresh', () => {
    const desired = deepFreeze({ spec: { replicas: 2 } });
    const live = deepFreeze({ spec: { replicas: 2 } });
    expect(driftBetween(desired, live)).toEqual([]);
    expect(driftBetween(desired, live)).toEqual([]);
    // A watch event brings a new object; the old one is never changed.
    const edited = deepFreeze({ spec: { replicas: 7 } });
    expect(driftBetween(desired, edited)).toEqual(['/spec/replicas']);
    // Objects that may still change are never remembered.
    const mutable = { spec: { replicas: 2 } };
    expect(driftBetween(desired, mutable)).toEqual([]);
    mutable.spec.replicas = 3;
    expect(driftBetween(desired, mutable)).toEqual(['/spec/replicas']);
  });
});
