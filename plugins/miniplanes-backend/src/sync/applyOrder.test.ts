import { applyOrderOf, inApplyOrder, isInApplyOrder } from './applyOrder';

const item = (kind: string, role?: string) => ({
  ...(role ? { role } : {}),
  manifest: { apiVersion: 'v1', kind, metadata: { name: kind.toLowerCase() } },
});

const render = [
  item('Deployment', 'compute'),
  item('Service', 'access'),
  item('ConfigMap', 'config'),
  item('StatefulSet', 'data'),
  item('Namespace'),
];

describe('apply order', () => {
  it('puts definitions first and compute last, keeping the order within a rank', () => {
    expect(inApplyOrder(render).map(i => i.manifest.kind)).toEqual([
      'Namespace',
      'ConfigMap',
      'Service',
      'StatefulSet',
      'Deployment',
    ]);
  });

  it('tells a list already in apply order from one that is not', () => {
    expect(isInApplyOrder(render)).toBe(false);
    expect(isInApplyOrder(inApplyOrder(render))).toBe(true);
    expect(isInApplyOrder([])).toBe(true);
  });

  it('sorts a frozen list once and gives the same order as a fresh sort', () => {
    const frozen = Object.freeze([...render]);
    const first = applyOrderOf(frozen);
    expect(first).toEqual(inApplyOrder(render));
    expect(applyOrderOf(frozen)).toBe(first);
    expect(frozen.map(i => i.manifest.kind)).toEqual(
      render.map(i => i.manifest.kind),
    );
  });

  it('sorts a list that may still change every time', () => {
    const open = [...render];
    const first = applyOrderOf(open);
    open.reverse();
    expect(applyOrderOf(open)).not.toBe(first);
    expect(applyOrderOf(open)).toEqual(inApplyOrder(open));
  });
});
