import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import { eventually } from './__testUtils__/eventually';
import { freePort } from './__testUtils__/freePort';

const repoRoot = resolve(__dirname, '../../..');
const backendDir = resolve(__dirname, '..');

type Instruction = { keyword: string; args: string };

/**
 * The instructions of the Dockerfile's last stage (the image that runs):
 * continuation lines joined, comments left out.
 */
function finalStage(dockerfile: string): Instruction[] {
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('#'))
    .map(line => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
  const lastFrom = instructions.map(i => i.keyword).lastIndexOf('FROM');
  return instructions.slice(lastFrom + 1);
}

/** `KEY=value` pairs of the stage's ENV instructions. */
function environment(stage: Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of stage.filter(i => i.keyword === 'ENV')) {
    for (const [, key, value] of args.matchAll(/(\w+)=(\S+)/g))
      env[key] = value;
  }
  return env;
}

/** Where a file the stage copies from the build context came from, by its path in the image. */
function copiedFromContext(stage: Instruction[]): Map<string, string> {
  const copied = new Map<string, string>();
  let workdir = '/';
  for (const { keyword, args } of stage) {
    if (keyword === 'WORKDIR') workdir = posix.resolve(workdir, args);
    if (keyword !== 'COPY' || args.includes('--from=')) continue;
    const paths = args.split(/\s+/).filter(a => !a.startsWith('--'));
    const destination = paths.pop()!;
    for (const source of paths) {
      const target = destination.endsWith('/')
        ? posix.join(destination, posix.basename(source))
        : destination;
      copied.set(posix.resolve(workdir, target), source);
    }
  }
  return copied;
}

describe('the container image', () => {
  const stage = finalStage(
    readFileSync(resolve(backendDir, 'Dockerfile'), 'utf8'),
  );
  const workdir = stage.filter(i => i.keyword === 'WORKDIR').pop()!.args;
  const command: string[] = JSON.parse(
    stage.find(i => i.keyword === 'CMD')!.args,
  );
  const env = environment(stage);
  let child: ChildProcess | undefined;

  afterEach(() => child?.kill());

  it('loads the OpenTelemetry instrumentation it holds, serving metrics beyond the container', () => {
    const required = command[command.indexOf('--require') + 1];
    expect(command.slice(0, 2)).toEqual(['node', '--require']);
    const source = copiedFromContext(stage).get(
      posix.resolve(workdir, required),
    );
    expect(source).toBe('packages/backend/src/instrumentation.js');
    expect(existsSync(resolve(repoRoot, source!))).toBe(true);
    // Prometheus scrapes from outside: localhost, the exporter's default, would not answer it.
    expect(env.OTEL_EXPORTER_PROMETHEUS_HOST).toBe('0.0.0.0');
    const exposed = stage
      .filter(i => i.keyword === 'EXPOSE')
      .flatMap(i => i.args.split(/\s+/));
    expect(exposed).toContain(env.OTEL_EXPORTER_PROMETHEUS_PORT ?? '9464');
  });

  it('serves what the backend records at /metrics, on the host and port the image sets', async () => {
    const host = env.OTEL_EXPORTER_PROMETHEUS_HOST;
    expect(host).toBeDefined();
    const port = await freePort();
    // What the backend's plugins do: record on the global meter provider.
    const record = `
      const { metrics } = require('@opentelemetry/api');
      metrics.getMeter('probe').createCounter('image.probe').add(3);
      setInterval(() => {}, 1000);
    `;
    child = spawn(
      process.execPath,
      [
        '--require',
        resolve(repoRoot, 'packages/backend/src/instrumentation.js'),
        '-e',
        record,
      ],
      {
        cwd: backendDir,
        env: {
          ...process.env,
          OTEL_EXPORTER_PROMETHEUS_HOST: host,
          OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
        },
        stdio: 'ignore',
      },
    );
    const text = await eventually('the exporter to answer', async () => {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/metrics`);
        return res.ok ? res.text() : undefined;
      } catch {
        return undefined;
      }
    });
    expect(text).toMatch(/^image_probe_total(\{[^}]*\})? 3$/m);
  });
});
