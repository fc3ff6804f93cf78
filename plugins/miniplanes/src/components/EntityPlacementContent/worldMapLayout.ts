import { ClusterDecision } from '@miniplanes/plugin-miniplanes-common';
import { markerKind, markerLabel, MarkerKind } from './clusterMarker';
import { WORLD_AREAS, WorldArea, worldAreaOf } from './worldAreas';

/** Geometry of the map, in SVG user units. */
export const MAP_WIDTH = 960;
const GAP = 12;
const AREA_HEADER = 28;
const BOX_HEADER = 22;
const BOX_PADDING = 8;
const PITCH = 18;
export const MARKER_RADIUS = 6;

export interface MapMarker {
  name: string;
  kind: MarkerKind;
  /** Data here runs compute too: drawn with a compute-coloured ring. */
  alsoCompute: boolean;
  label: string;
  cx: number;
  cy: number;
}

export interface MapJurisdiction {
  jurisdiction: string;
  x: number;
  y: number;
  width: number;
  height: number;
  markers: MapMarker[];
}

export interface MapArea {
  area: WorldArea;
  x: number;
  width: number;
  clusterCount: number;
  jurisdictions: MapJurisdiction[];
}

export interface WorldMapLayout {
  height: number;
  areas: MapArea[];
}

const byText = (a: string, b: string) => a.localeCompare(b);

/**
 * Lays every cluster of a decision out as a marker in a box per
 * jurisdiction, the boxes stacked in a column per world area. "Elsewhere"
 * gets a column only when some cluster is there. Done once per decision.
 */
export function worldMapLayout(clusters: ClusterDecision[]): WorldMapLayout {
  const byArea = new Map<WorldArea, Map<string, ClusterDecision[]>>();
  for (const cluster of clusters) {
    const jurisdiction = cluster.labels.jurisdiction ?? 'unknown';
    const area = worldAreaOf(cluster.labels.jurisdiction);
    const jurisdictions = byArea.get(area) ?? new Map();
    jurisdictions.set(jurisdiction, [
      ...(jurisdictions.get(jurisdiction) ?? []),
      cluster,
    ]);
    byArea.set(area, jurisdictions);
  }
  const shown = WORLD_AREAS.filter(a => a !== 'Elsewhere' || byArea.has(a));
  const width = (MAP_WIDTH - GAP * (shown.length - 1)) / shown.length;
  const perRow = Math.max(1, Math.floor((width - 2 * BOX_PADDING) / PITCH));
  let height = AREA_HEADER;
  const areas = shown.map((area, column): MapArea => {
    const x = column * (width + GAP);
    let y = AREA_HEADER;
    const jurisdictions = [...(byArea.get(area) ?? new Map()).entries()]
      .sort(([a], [b]) => byText(a, b))
      .map(([jurisdiction, list]): MapJurisdiction => {
        // Clusters of one region sit side by side.
        const sorted = [...list].sort(
          (a, b) =>
            byText(a.labels.region ?? '', b.labels.region ?? '') ||
            byText(a.name, b.name),
        );
        const rows = Math.ceil(sorted.length / perRow);
        const box = {
          jurisdiction,
          x,
          y,
          width,
          height: BOX_HEADER + rows * PITCH + BOX_PADDING,
          markers: sorted.map((cluster, i) => ({
            name: cluster.name,
            kind: markerKind(cluster),
            alsoCompute:
              cluster.roles.includes('data') &&
              cluster.roles.includes('compute'),
            label: markerLabel(cluster),
            cx: x + BOX_PADDING + (i % perRow) * PITCH + PITCH / 2,
            cy: y + BOX_HEADER + Math.floor(i / perRow) * PITCH + PITCH / 2,
          })),
        };
        y += box.height + GAP;
        return box;
      });
    height = Math.max(height, y);
    return {
      area,
      x,
      width,
      clusterCount: jurisdictions.reduce((n, j) => n + j.markers.length, 0),
      jurisdictions,
    };
  });
  return { height, areas };
}
