import { IncomingMessage, ServerResponse } from 'node:http';
import { FaultInjector } from '../faults/FaultInjector';
import { FaultSpec } from '../faults/FaultSpec';
import { StatusError } from '../kube/StatusError';
import { KubeObject } from '../kube/types';
import { WriteRecord } from '../operations/writeLog';
import { sendJson } from './http';
import { WatchHub } from './watch';

/** Serves `/_sim/...` (the request handler checked the admin token). */
export type AdminHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  path: string[],
  body: Buffer,
) => Promise<void> | void;

/** What the admin API reads and drives: the cluster composes these. */
export type AdminDeps = {
  faults: FaultInjector;
  watches: WatchHub;
  writes(options: {
    includeControllers: boolean;
    since: number;
  }): WriteRecord[];
  /** The sequence number of the newest write, controllers' included. */
  lastWriteSeq(): number;
  applyFaultSpec(spec: FaultSpec): void;
  clearFaults(): void;
  /** Runs a Velero Schedule now; the Backup it created. */
  runSchedule(namespace: string, name: string): KubeObject;
};

/** `/_sim/...`: the write log, fault injection and operator actions over HTTP, for tools outside the process. */
export function createAdminHandler(deps: AdminDeps): AdminHandler {
  return (req, res, path, body) => {
    const [resource] = path;
    // POST /_sim/velero/namespaces/<ns>/schedules/<name>/backup
    const [, namespaces, namespace, schedules, name, action] = path;
    if (
      resource === 'velero' &&
      req.method === 'POST' &&
      namespaces === 'namespaces' &&
      schedules === 'schedules' &&
      action === 'backup' &&
      path.length === 6
    ) {
      sendJson(res, 201, deps.runSchedule(namespace, name));
      return;
    }
    if (resource === 'writes' && req.method === 'GET') {
      const query = new URL(req.url ?? '/', 'https://kube-sim').searchParams;
      const since = Number(query.get('since') ?? 0);
      if (!Number.isInteger(since) || since < 0) {
        throw new StatusError(
          400,
          'BadRequest',
          `since must be a write sequence number (0 or more), not ${query.get(
            'since',
          )}`,
        );
      }
      // lastSeq lets a reader move on past writes its filter leaves out.
      sendJson(res, 200, {
        lastSeq: deps.lastWriteSeq(),
        items: deps.writes({
          includeControllers: query.get('controllers') === 'true',
          since,
        }),
      });
      return;
    }
    if (resource === 'faults') {
      if (req.method === 'GET') {
        sendJson(res, 200, {
          ...deps.faults.describe(),
          watches: deps.watches.size,
        });
        return;
      }
      if (req.method === 'DELETE') {
        deps.clearFaults();
        sendJson(res, 200, deps.faults.describe());
        return;
      }
      if (req.method === 'POST') {
        let spec: any;
        try {
          spec = JSON.parse(body.toString('utf8') || '{}');
        } catch {
          throw new StatusError(400, 'BadRequest', 'fault body must be JSON');
        }
        // An outage cuts connections, this one included: it starts once the answer is out.
        const { outage, ...immediate } = spec as FaultSpec;
        deps.applyFaultSpec(immediate);
        if (outage !== undefined) {
          res.once('finish', () => deps.applyFaultSpec({ outage }));
        }
        sendJson(res, 200, deps.faults.describe());
        return;
      }
    }
    throw new StatusError(
      404,
      'NotFound',
      `unknown kube-sim admin path /_sim/${path.join('/')}`,
    );
  };
}
