import { PlacementDecision } from '../placement/types';

/** The decision as a terminal table: one row per cluster, then why not. */
export function formatDecision(decision: PlacementDecision): string {
  const rows = decision.clusters.map(c => [
    c.name,
    c.labels.jurisdiction ?? '-',
    c.labels.region ?? '-',
    c.selected ? 'yes' : 'no',
    c.roles.includes('data') ? `yes (${c.replicas.data})` : '-',
    c.roles.includes('compute') ? String(c.replicas.compute) : '-',
    c.reasons
      .filter(r => r.code !== 'Selected' || c.selected)
      .map(r => `${r.code}${r.role ? `(${r.role})` : ''}: ${r.message}`)
      .join('; '),
  ]);
  const header = [
    'CLUSTER',
    'JURISDICTION',
    'REGION',
    'SELECTED',
    'DATA',
    'COMPUTE',
    'REASONS',
  ];
  const widths = header.map((h, i) =>
    i === header.length - 1
      ? 0
      : Math.max(h.length, ...rows.map(r => r[i].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (widths[i] ? cell.padEnd(widths[i]) : cell))
      .join('  ')
      .trimEnd();
  const out = [line(header), ...rows.map(line), ''];
  out.push(
    decision.satisfiable
      ? `satisfiable: ${decision.summary
          .map(
            s =>
              `${s.role} on ${s.clusters.join(', ') || 'no cluster'} (${
                s.replicas
              } replicas)`,
          )
          .join('; ')}`
      : `NOT satisfiable:\n${decision.unsatisfied
          .map(r => `  - ${r.code}${r.role ? `(${r.role})` : ''}: ${r.message}`)
          .join('\n')}`,
  );
  return `${out.join('\n')}\n`;
}
