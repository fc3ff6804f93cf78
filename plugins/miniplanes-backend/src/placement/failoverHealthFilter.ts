import {
  PlacementPlugin,
  placementPlugins,
} from '@miniplanes/plugin-miniplanes-common';

/**
 * The health filter with failover rules, in place of the engine's own: an
 * unhealthy cluster receives nothing new, but keeps what it already runs
 * for a grace period (a short blip moves nothing), and keeps its data for
 * good: data never moves by itself, only an approved request moves it.
 * Past the grace period its compute goes to other eligible clusters, under
 * the same residency and governance filters as any placement.
 */
export function failoverHealthFilter(options: {
  gracePeriodMs: number;
  now?: () => Date;
}): PlacementPlugin {
  return {
    name: placementPlugins.healthFilter.name,
    filter(cluster, context) {
      const unhealthy = placementPlugins.healthFilter.filter!(cluster, context);
      if (unhealthy.length === 0) return unhealthy;
      const placedHere = context.previous?.clusters
        .find(c => c.name === cluster.name)
        ?.roles.includes(context.role);
      if (!placedHere) return unhealthy;
      if (context.role === 'data') return [];
      const since = Date.parse(cluster.health.since ?? '');
      const now = (options.now?.() ?? new Date()).getTime();
      if (Number.isFinite(since) && now - since < options.gracePeriodMs)
        return [];
      return unhealthy.map(reason => ({
        ...reason,
        message: `${reason.message}; failed over after the ${Math.round(
          options.gracePeriodMs / 1000,
        )} s grace period`,
      }));
    },
  };
}

/** The default pipeline with the failover-aware health filter, plus extra plugins. */
export function placementPipeline(
  health: PlacementPlugin,
  extra: PlacementPlugin[] = [],
): PlacementPlugin[] {
  return [
    ...placementPlugins.defaultPlacementPlugins.map(p =>
      p === placementPlugins.healthFilter ? health : p,
    ),
    ...extra,
  ];
}
