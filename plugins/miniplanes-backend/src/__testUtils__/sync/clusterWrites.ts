import { SimulatedFleet, WriteRecord } from '@miniplanes/kube-sim';

/** A write a simulated cluster logged, with the cluster's name. */
export type ClusterWrite = WriteRecord & { cluster: string };

/** The writes each cluster logged past its mark (the controllers' own are left out). */
function writesAfter(
  sim: SimulatedFleet,
  marks: Map<string, number>,
): ClusterWrite[] {
  return sim.clusters.flatMap(c =>
    c
      .writes()
      .slice(marks.get(c.name) ?? 0)
      .map(w => ({ ...w, cluster: c.name })),
  );
}

/** Every write the fleet's clusters logged. */
export function allWrites(sim: SimulatedFleet): ClusterWrite[] {
  return writesAfter(sim, new Map());
}

/** Marks every cluster's write log now; the returned function gives the writes since. */
export function writesFromNow(sim: SimulatedFleet): () => ClusterWrite[] {
  const marks = new Map(sim.clusters.map(c => [c.name, c.writes().length]));
  return () => writesAfter(sim, marks);
}

/** Every object the fleet's clusters were told to delete (of the given kind), a subresource's delete aside. */
export function deletesOf(sim: SimulatedFleet, kind?: string): ClusterWrite[] {
  return allWrites(sim).filter(
    w => w.verb === 'delete' && !w.subresource && (!kind || w.kind === kind),
  );
}
