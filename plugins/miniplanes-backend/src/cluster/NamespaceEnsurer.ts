import { ClusterClient } from './ClusterClient';

/** Creates missing namespaces once per sync, without miniplanes' labels, so no prune ever deletes one. */
export class NamespaceEnsurer {
  private readonly known = new Map<string, Promise<void>>();
  constructor(private readonly client: ClusterClient) {}

  ensure(name: string): Promise<void> {
    let pending = this.known.get(name);
    if (!pending) {
      pending = (async () => {
        const ref = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
        // Created, never applied: an apply under miniplanes' field manager
        // would strip the labels of a Namespace a service applied meanwhile.
        if (!(await this.client.get(ref))) await this.client.create(ref);
      })();
      this.known.set(name, pending);
    }
    return pending;
  }
}
