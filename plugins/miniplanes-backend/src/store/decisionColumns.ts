import { PlacementDecision } from '@miniplanes/plugin-miniplanes-common';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';

/*
 * How a service's decision is kept. A decision explains every cluster of the
 * fleet: at 1,000 clusters that is ~700 KB of JSON a service, and a backend
 * reading 10,000 of them runs out of memory. Everything but the portal's
 * Placement tab reads only the clusters a decision places, so the `decision`
 * column holds those lines (`placedLines`), and the whole decision is kept
 * beside it, compressed (`decision_detail`, ~60× smaller), read only for a
 * service the API is asked about. Its digest tells whether a re-evaluation
 * changed anything without reading it back.
 */

/** The decision with only the lines of the clusters it places (the ones every other line adds nothing to). */
export function placedLines(decision: PlacementDecision): PlacementDecision {
  return {
    ...decision,
    clusters: decision.clusters.filter(c => c.selected),
  };
}

/** The names of the clusters a decision places something on. */
export function placedClusterNames(decision: {
  clusters: readonly { name: string; selected: boolean }[];
}): string[] {
  return decision.clusters.filter(c => c.selected).map(c => c.name);
}

/** Whether a stored decision has lines of clusters it does not place: written whole, by an older replica. */
export function hasUnplacedLines(decision: PlacementDecision): boolean {
  return decision.clusters.some(c => !c.selected);
}

/**
 * A decision's JSON, written once per decision object: the digest that
 * re-evaluation compares and the write that follows both need it, and at
 * 1,000 clusters it is the costliest part of either. A decision is not
 * changed once made.
 */
const texts = new WeakMap<PlacementDecision, string>();
function jsonOf(decision: PlacementDecision): string {
  let text = texts.get(decision);
  if (text === undefined) {
    text = JSON.stringify(decision);
    texts.set(decision, text);
  }
  return text;
}

/** A digest of the whole decision, every cluster's reasons included. */
export function decisionDigest(decision: PlacementDecision): string {
  return createHash('sha256').update(jsonOf(decision)).digest('hex');
}

/** The whole decision as the detail column keeps it. */
export function encodeDecisionDetail(decision: PlacementDecision): Buffer {
  return gzipSync(jsonOf(decision));
}

export function decodeDecisionDetail(detail: Buffer): PlacementDecision {
  return JSON.parse(gunzipSync(detail).toString('utf8'));
}

/** The columns one decision write sets. */
export function decisionColumns(decision: PlacementDecision) {
  return {
    decision: JSON.stringify(placedLines(decision)),
    decision_detail: encodeDecisionDetail(decision),
    decision_digest: decisionDigest(decision),
    placed_clusters: JSON.stringify(placedClusterNames(decision)),
  };
}

/**
 * The whole decision of a row: the detail when it belongs to the placed
 * lines in the row, else the lines themselves (a row an older replica wrote
 * whole, its detail left behind, or one written before the detail existed).
 */
export function wholeDecision(
  stored: PlacementDecision,
  detail: Buffer | null | undefined,
): PlacementDecision {
  if (!detail || hasUnplacedLines(stored)) return stored;
  const whole = decodeDecisionDetail(detail);
  return JSON.stringify(placedLines(whole)) === JSON.stringify(stored)
    ? whole
    : stored;
}
