import { ClusterClient } from './ClusterClient';

const namespaceRef = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name },
});

/**
 * Creates missing namespaces once per sync, without miniplanes' labels, so
 * no prune ever deletes one. The read (`exists`) and the create (`ensure`)
 * are apart: a recorded object's namespace is read beside the object and
 * created only once the object is known to be the service's to write; a new
 * object's is created before the object's create (a namespace that does not
 * exist holds nobody's object).
 */
export class NamespaceEnsurer {
  private readonly found = new Map<string, Promise<boolean>>();
  private readonly ensured = new Map<string, Promise<void>>();
  constructor(private readonly client: ClusterClient) {}

  /**
   * The read of the namespace already made or under way in this sync, if
   * any: awaiting it needs no cluster call of one's own.
   */
  known(name: string): Promise<boolean> | undefined {
    return this.found.get(name);
  }

  /** Whether the namespace exists: read once per sync, and true once this ensurer created it. */
  exists(name: string): Promise<boolean> {
    let pending = this.found.get(name);
    if (!pending) {
      pending = this.client
        .get(namespaceRef(name))
        .then(namespace => namespace !== undefined);
      this.found.set(name, pending);
    }
    return pending;
  }

  ensure(name: string): Promise<void> {
    let pending = this.ensured.get(name);
    if (!pending) {
      pending = (async () => {
        // Created, never applied: an apply under miniplanes' field manager
        // would strip the labels of a Namespace a service applied meanwhile.
        if (await this.exists(name)) return;
        await this.client.create(namespaceRef(name));
        this.found.set(name, Promise.resolve(true));
      })();
      this.ensured.set(name, pending);
    }
    return pending;
  }
}
