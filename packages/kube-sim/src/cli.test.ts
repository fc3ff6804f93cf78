import { parseKubeSimArgs } from './cli';

const base = ['--fleet', 'fleet.yaml', '--kubeconfig', 'out/kc.yaml'];

describe('the kube-sim command line', () => {
  it('reads the fleet, the kubeconfig and the timings', () => {
    expect(
      parseKubeSimArgs(
        [...base, '--backup-interval-ms', '60000', '--operator-step-ms=0'],
        '/work',
      ),
    ).toEqual({
      fleet: '/work/fleet.yaml',
      kubeconfig: '/work/out/kc.yaml',
      options: expect.objectContaining({
        backupIntervalMs: 60000,
        operatorStepMs: 0,
        operators: undefined,
      }),
    });
  });

  it('takes one operator list for every cluster', () => {
    expect(
      parseKubeSimArgs([...base, '--operators', 'velero,cnpg,mcs'], '/')!
        .options.operators,
    ).toEqual(['velero', 'cnpg', 'mcs']);
  });

  it('takes a list per cluster, the flag repeated', () => {
    expect(
      parseKubeSimArgs(
        [
          ...base,
          '--operators',
          'us-pet=velero,cnpg',
          '--operators=us-east=mcs',
          '--operators',
          'us-pet=prometheus',
        ],
        '/',
      )!.options.operators,
    ).toEqual({
      'us-pet': ['velero', 'cnpg', 'prometheus'],
      'us-east': ['mcs'],
    });
  });

  it('refuses unknown profiles, a mix of both forms and bad numbers, saying what it takes', () => {
    expect(() =>
      parseKubeSimArgs([...base, '--operators', 'velero,argo'], '/'),
    ).toThrow(
      'unknown operator profile "argo"; kube-sim knows velero, cnpg, mcs, istio, prometheus, spire',
    );
    expect(() =>
      parseKubeSimArgs(
        [...base, '--operators', 'velero', '--operators', 'us-pet=cnpg'],
        '/',
      ),
    ).toThrow(
      '--operators takes either one list for every cluster or <cluster>=<list> per cluster, not both',
    );
    expect(() =>
      parseKubeSimArgs([...base, '--backup-interval-ms', 'hourly'], '/'),
    ).toThrow('--backup-interval-ms takes a number of milliseconds');
  });

  it('asks for the usage without a fleet or a kubeconfig', () => {
    expect(parseKubeSimArgs(['--fleet', 'fleet.yaml'], '/')).toBeUndefined();
    expect(parseKubeSimArgs([...base, '--help'], '/')).toBeUndefined();
  });
});
