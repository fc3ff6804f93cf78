import { InfoCard } from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import {
  ClusterDecision,
  formatCount,
} from '@miniplanes/plugin-miniplanes-common';
import { memo, useMemo } from 'react';
import { MarkerKind } from './clusterMarker';
import {
  MAP_WIDTH,
  MapMarker,
  MARKER_RADIUS,
  worldMapLayout,
} from './worldMapLayout';

// The same colours as the data (secondary) and compute (primary) chips.
const useStyles = makeStyles(theme => ({
  svg: { display: 'block', width: '100%', maxWidth: MAP_WIDTH },
  areaTitle: {
    fill: theme.palette.text.primary,
    fontSize: 14,
    fontWeight: theme.typography.fontWeightBold as number,
  },
  box: {
    fill: theme.palette.background.default,
    stroke: theme.palette.divider,
  },
  boxTitle: { fill: theme.palette.text.secondary, fontSize: 12 },
  empty: { fill: theme.palette.text.secondary, fontSize: 12 },
  data: { fill: theme.palette.secondary.main },
  compute: { fill: theme.palette.primary.main },
  config: { fill: theme.palette.grey[500] },
  none: { fill: 'none', stroke: theme.palette.grey[500], strokeWidth: 1.5 },
  alsoCompute: { stroke: theme.palette.primary.main, strokeWidth: 2.5 },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginTop: theme.spacing(1),
  },
  legendItem: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
}));

const LEGEND: { kind: MarkerKind; alsoCompute?: boolean; text: string }[] = [
  { kind: 'data', text: 'holds data' },
  { kind: 'data', alsoCompute: true, text: 'holds data, runs compute' },
  { kind: 'compute', text: 'runs compute' },
  { kind: 'config', text: 'receives config only' },
  { kind: 'none', text: 'not chosen' },
];

/**
 * Where the service is, at a glance: every cluster of the decision as a dot
 * in its jurisdiction, the jurisdictions grouped by world area. The table
 * "Every cluster, and why" holds the same facts as text.
 */
export const PlacementWorldMap = memo(function PlacementWorldMapView(props: {
  clusters: ClusterDecision[];
}) {
  const classes = useStyles();
  const layout = useMemo(
    () => worldMapLayout(props.clusters),
    [props.clusters],
  );
  const markerClass = (marker: Pick<MapMarker, 'kind' | 'alsoCompute'>) =>
    marker.alsoCompute
      ? `${classes[marker.kind]} ${classes.alsoCompute}`
      : classes[marker.kind];
  const hasConfigOnly = layout.areas.some(area =>
    area.jurisdictions.some(j => j.markers.some(m => m.kind === 'config')),
  );
  return (
    <InfoCard title="Where in the world">
      <svg
        className={classes.svg}
        viewBox={`0 0 ${MAP_WIDTH} ${layout.height}`}
        role="group"
        aria-label="Clusters by world area; the table below lists them with their reasons"
      >
        {layout.areas.map(area => (
          <g
            key={area.area}
            role="group"
            aria-label={`${area.area}: ${formatCount(
              area.clusterCount,
              'cluster',
            )}`}
          >
            <text x={area.x} y={18} className={classes.areaTitle}>
              {area.area}
            </text>
            {area.jurisdictions.length === 0 && (
              <text x={area.x} y={44} className={classes.empty}>
                no cluster
              </text>
            )}
            {area.jurisdictions.map(box => (
              <g key={box.jurisdiction}>
                <rect
                  x={box.x}
                  y={box.y}
                  width={box.width}
                  height={box.height}
                  rx={4}
                  className={classes.box}
                />
                <text x={box.x + 8} y={box.y + 16} className={classes.boxTitle}>
                  {box.jurisdiction} · {box.markers.length}
                </text>
                {box.markers.map(marker => (
                  // A plain element per cluster: 200 of them must stay cheap.
                  <g
                    key={marker.name}
                    role="img"
                    aria-label={marker.label}
                    data-holds={marker.kind}
                  >
                    <title>{marker.label}</title>
                    <circle
                      cx={marker.cx}
                      cy={marker.cy}
                      r={MARKER_RADIUS}
                      className={markerClass(marker)}
                    />
                  </g>
                ))}
              </g>
            ))}
          </g>
        ))}
      </svg>
      <div className={classes.legend} aria-hidden="true">
        {LEGEND.filter(l => l.kind !== 'config' || hasConfigOnly).map(l => (
          <span key={l.text} className={classes.legendItem}>
            <svg width={16} height={16}>
              <circle
                cx={8}
                cy={8}
                r={MARKER_RADIUS}
                className={markerClass({
                  kind: l.kind,
                  alsoCompute: l.alsoCompute ?? false,
                })}
              />
            </svg>
            <Typography variant="caption">{l.text}</Typography>
          </span>
        ))}
      </div>
    </InfoCard>
  );
});
