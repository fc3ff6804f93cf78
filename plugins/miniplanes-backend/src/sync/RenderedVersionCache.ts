import { deepFreeze } from '../lib/deepFreeze';
import { Fleet } from '@miniplanes/plugin-miniplanes-common';
import { holdsData } from '../store/inventoryEntries';
import { isParsedColumn } from '../store/ParsedColumns';
import {
  RenderedVersion,
  renderVersion,
  VersionTargetInput,
} from './syncTargets';

/**
 * Remembers what each service's versions rendered to, so a pass whose inputs
 * did not change reuses the manifests instead of rendering (and hashing)
 * them again: in a steady fleet most passes change nothing.
 *
 * The key is every input the render reads, as text: the version's spec and
 * decision, the clusters, the whole
 * fleet, the objects that held data (the only part of the inventory it
 * reads), the gateway addresses and the newer versions whose data rules
 * bind, and the installation and its portal. Operator profiles and interpreters are fixed for the cache's
 * lifetime (one per SyncService). What it returns is frozen, so no caller
 * can change what the next pass reuses.
 */
export class RenderedVersionCache {
  private readonly entries = new Map<
    string,
    { key: string; rendered: RenderedVersion }
  >();
  /** Numbers standing for values the store parsed (see contentKey). */
  private readonly tokens = new WeakMap<object, number>();
  private nextToken = 0;
  /** The last fleet seen, its text, and a number that changes only when the text does. */
  private fleetSeen?: { fleet: Fleet; text: string; token: number };

  render(input: VersionTargetInput): RenderedVersion {
    const slot = `${input.entityRef}#${input.version.specVersion}`;
    const key = this.keyOf(input);
    const cached = this.entries.get(slot);
    if (cached?.key === key) return cached.rendered;
    const rendered = deepFreeze(renderVersion(input));
    this.entries.set(slot, { key, rendered });
    return rendered;
  }

  /** Forgets the services not in the list (deleted ones). */
  retainOnly(entityRefs: Iterable<string>) {
    const kept = new Set(entityRefs);
    for (const slot of this.entries.keys()) {
      if (!kept.has(slot.slice(0, slot.lastIndexOf('#'))))
        this.entries.delete(slot);
    }
  }

  private keyOf(input: VersionTargetInput): string {
    const dataKeys = input.inventory
      .filter(holdsData)
      .map(e => `${e.cluster} ${e.objectKey}`)
      .sort();
    return JSON.stringify([
      // A spec version's spec does not change; the text guards it anyway.
      this.contentKey(input.version.spec),
      this.contentKey(input.version.decision ?? null),
      input.clusters,
      this.fleetKey(input.fleet),
      dataKeys,
      [...(input.loadBalancers ?? new Map())].sort(([a], [b]) =>
        a < b ? -1 : 1,
      ),
      (input.newerRules ?? []).map(rules => rules.spec),
      input.installation,
      input.portal ?? null,
    ]);
  }

  /**
   * A value as the key holds it: one the store parsed and froze whole is a
   * number standing for that object (a settled service's spec and decision
   * are the same objects pass after pass, so their text is not made again);
   * anything else is itself, written out in the key's text.
   */
  private contentKey(value: unknown): unknown {
    if (!isParsedColumn(value)) return value;
    let token = this.tokens.get(value);
    if (token === undefined) {
      token = this.nextToken++;
      this.tokens.set(value, token);
    }
    return { parsed: token };
  }

  /**
   * The fleet is one object per pass: its text is made once, and the keys
   * carry a number standing for it rather than the text itself (a thousand
   * services' keys would each copy the whole fleet every pass).
   */
  private fleetKey(fleet: Fleet): number {
    const seen = this.fleetSeen;
    if (seen?.fleet === fleet) return seen.token;
    const text = JSON.stringify(fleet);
    const token =
      seen === undefined ? 0 : seen.token + (seen.text === text ? 0 : 1);
    this.fleetSeen = { fleet, text, token };
    return token;
  }
}
