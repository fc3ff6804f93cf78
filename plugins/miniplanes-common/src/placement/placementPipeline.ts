import {
  defaultPlacementPlugins,
  failoverHealthFilter,
  healthFilter,
} from './builtinPlugins';
import { FailoverPolicy, PlacementPlugin } from './types';

const BUILTIN = new Set(defaultPlacementPlugins);

/** The plugins an evaluation runs, and which built-in ones they are. */
export interface PlacementPipeline {
  /** In order, the failover-aware health filter in place of `healthFilter`. */
  plugins: PlacementPlugin[];
  /** The health filter in use: `healthFilter`, or the failover one. */
  health: PlacementPlugin;
  /**
   * The built-in plugins in use, when the pipeline has no other plugin and
   * none twice: the engine then knows what each one reads and can evaluate
   * them over the whole fleet at once. Undefined otherwise.
   */
  builtins?: ReadonlySet<PlacementPlugin>;
  failover?: FailoverPolicy;
}

/** The pipeline for `plugins` (the built-in ones by default) under an optional failover policy. */
export function placementPipeline(
  plugins: PlacementPlugin[] = defaultPlacementPlugins,
  failover?: FailoverPolicy,
): PlacementPipeline {
  const builtins = new Set(plugins);
  const known =
    builtins.size === plugins.length && plugins.every(p => BUILTIN.has(p));
  const health = failover ? failoverHealthFilter(failover) : healthFilter;
  return {
    plugins: plugins.map(p => (p === healthFilter ? health : p)),
    health,
    ...(known ? { builtins } : {}),
    ...(failover ? { failover } : {}),
  };
}
