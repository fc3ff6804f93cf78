import {
  EvidenceCause,
  EvidenceInterval,
  ResidencyCheck,
} from '@miniplanes/plugin-miniplanes-common';

/**
 * Where data was, per cluster, as changes come in time order: placed by an
 * approved placement, retained once it left the placement, gone once a
 * release deleted it. Placed again while retained, it is placed again (the
 * same data, never deleted in between).
 */
export class ResidencyTimeline {
  private readonly intervals = new Map<string, EvidenceInterval[]>();

  private open(cluster: string): EvidenceInterval | undefined {
    const last = this.intervals.get(cluster)?.at(-1);
    return last && !last.until ? last : undefined;
  }

  private close(
    interval: EvidenceInterval,
    at: string,
    cause: EvidenceCause,
  ): void {
    interval.until = at;
    interval.endedBy = cause;
  }

  private start(cluster: string, interval: EvidenceInterval) {
    this.intervals.set(cluster, [
      ...(this.intervals.get(cluster) ?? []),
      interval,
    ]);
  }

  clusters(): string[] {
    return [...this.intervals.keys()].sort();
  }

  of(cluster: string): EvidenceInterval[] {
    return this.intervals.get(cluster) ?? [];
  }

  place(
    cluster: string,
    at: string,
    cause: EvidenceCause,
    residency?: ResidencyCheck,
  ) {
    const open = this.open(cluster);
    if (open?.state === 'placed') return;
    if (open) this.close(open, at, cause);
    this.start(cluster, {
      state: 'placed',
      from: at,
      by: cause,
      ...(residency ? { residency } : {}),
    });
  }

  leave(cluster: string, at: string, cause: EvidenceCause) {
    const open = this.open(cluster);
    if (open?.state !== 'placed') return;
    this.close(open, at, cause);
    this.start(cluster, { state: 'retained', from: at, by: cause });
  }

  /** Only retained data is ever released: placed data stays. */
  release(cluster: string, at: string, cause: EvidenceCause) {
    const open = this.open(cluster);
    if (open?.state === 'retained')
      this.close(open, at, { ...cause, released: true });
  }

  /** Keeps only the clusters placed now, leaving the others. */
  placeOnly(
    clusters: string[],
    at: string,
    cause: EvidenceCause,
    residencyOf: (cluster: string) => ResidencyCheck,
  ) {
    const placed = new Set(clusters);
    for (const cluster of clusters)
      this.place(cluster, at, cause, residencyOf(cluster));
    for (const cluster of this.clusters())
      if (!placed.has(cluster)) this.leave(cluster, at, cause);
  }
}
