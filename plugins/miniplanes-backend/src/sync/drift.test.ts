import { findDrift } from './drift';

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

  it('does not see drift between "3" and 3', () => {
    expect(findDrift({ port: '3' }, { port: 3 })).toEqual([]);
  });
});
