import {
  StatusError,
  StatusOK,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  EvidenceCause,
  EvidenceRelease,
  ResidencyCheck,
  ServiceEvidence,
} from '@miniplanes/plugin-miniplanes-common';
import { ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { miniplanesApiRef } from '../../api';
import { ToolPage } from '../ToolPage/ToolPage';

// On paper, only the evidence: no sidebar, no buttons.
const PRINT_STYLE = `@media print {
  nav, header button, [data-evidence-screen-only] { display: none !important; }
  main { margin: 0 !important; }
}`;

const when = (iso?: string) =>
  iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 16) : '—';

/** When a release deleted its data, or why it never will. */
function deleted(release: EvidenceRelease): string {
  if (release.executedAt) return when(release.executedAt);
  if (release.voidedAt)
    return `never (void since ${when(release.voidedAt)}): ${
      release.voidedBecause ?? 'it can no longer be carried out'
    }`;
  return 'not yet';
}

function cause(by: EvidenceCause): string {
  if (by.type === 'fleet')
    return `fleet change${by.message ? `: ${by.message}` : ''}`;
  const parts = [`version ${by.specVersion}`];
  if (by.requestedBy) parts.push(`asked by ${by.requestedBy}`);
  if (by.approvedBy) parts.push(`approved by ${by.approvedBy}`);
  if (by.released) parts.push('released');
  return parts.join(', ');
}

function Check(props: { check?: ResidencyCheck }) {
  const { check } = props;
  if (!check) return <>—</>;
  return check.passed ? (
    <StatusOK>{check.message}</StatusOK>
  ) : (
    <StatusError>{check.message}</StatusError>
  );
}

function Section(props: { title: string; children: ReactNode }) {
  return (
    <section style={{ marginBottom: 32, breakInside: 'avoid-page' }}>
      <Typography variant="h5" component="h2" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </section>
  );
}

/**
 * A table that never breaks a word: short values stay on one line, the
 * columns in `wrap` (free text) wrap between words, and a table wider than
 * the page scrolls sideways.
 */
function Grid(props: {
  head: string[];
  rows: ReactNode[][];
  label: string;
  wrap?: number[];
}) {
  const cell = (j: number) => ({
    whiteSpace: props.wrap?.includes(j)
      ? ('normal' as const)
      : ('nowrap' as const),
    wordBreak: 'normal' as const,
    overflowWrap: 'normal' as const,
  });
  return (
    <div style={{ overflowX: 'auto' }}>
      <Table size="small" aria-label={props.label}>
        <TableHead>
          <TableRow>
            {props.head.map((h, j) => (
              <TableCell key={h} style={{ ...cell(j), whiteSpace: 'nowrap' }}>
                {h}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.rows.map((row, i) => (
            <TableRow key={i}>
              {row.map((c, j) => (
                <TableCell key={j} style={cell(j)}>
                  {c}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

/** The evidence itself, laid out for reading and for print. */
export function EvidenceReport(props: { evidence: ServiceEvidence }) {
  const { evidence } = props;
  return (
    <>
      <Section title="The rules">
        <Typography variant="body1">
          Classification <strong>{evidence.classification ?? 'none'}</strong>;
          residency{' '}
          <strong>
            {evidence.residency?.length
              ? evidence.residency.join(', ')
              : 'unrestricted'}
          </strong>
          {evidence.governance.map(g => (
            <span key={g.classification}>
              ; governance: {g.classification} data only in{' '}
              {g.allowedJurisdictions.join(', ')}
            </span>
          ))}
          .
        </Typography>
      </Section>
      <Section title="Approved versions">
        <Grid
          label="Approved versions"
          wrap={[4, 5]}
          head={[
            'Version',
            'When',
            'Asked by',
            'Approved by',
            'Reason',
            'Outcome',
            'Data clusters',
            'Releases',
          ]}
          rows={evidence.versions.map(v => [
            v.specVersion,
            when(v.createdAt),
            v.requestedBy ?? (v.source === 'seed' ? 'seed' : '—'),
            v.approvedBy ?? '—',
            v.reason ?? '—',
            v.failure ? `${v.outcome}: ${v.failure}` : v.outcome ?? '—',
            v.dataClusters?.join(', ') || '—',
            v.releases.join(', ') || '—',
          ])}
        />
      </Section>
      <Section title="Where the data has lived">
        {evidence.dataResidency.length === 0 && (
          <Typography>No cluster has held this service's data.</Typography>
        )}
        {evidence.dataResidency.map(record => (
          <div key={record.cluster} style={{ marginBottom: 16 }}>
            <Typography variant="h6" component="h3">
              {record.cluster}
            </Typography>
            <Grid
              label={`Data in ${record.cluster}`}
              wrap={[3, 4, 5]}
              head={[
                'State',
                'From',
                'Until',
                'Put there by',
                'Ended by',
                'Residency check',
              ]}
              rows={record.intervals.map(i => [
                i.state,
                when(i.from),
                i.until ? when(i.until) : 'now',
                cause(i.by),
                i.endedBy ? cause(i.endedBy) : '—',
                <Check check={i.residency} />,
              ])}
            />
            {record.now && (
              <Typography variant="body2">
                Held now: <Check check={record.now} />
              </Typography>
            )}
          </div>
        ))}
      </Section>
      <Section title="Releases">
        {evidence.releases.length === 0 ? (
          <Typography>No data was ever released.</Typography>
        ) : (
          <Grid
            label="Releases"
            head={[
              'Cluster',
              'Object',
              'Version',
              'Approved by',
              'Approved',
              'Deleted',
            ]}
            rows={evidence.releases.map(r => [
              r.cluster,
              `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`,
              r.specVersion,
              r.approvedBy ?? '—',
              when(r.approvedAt),
              deleted(r),
            ])}
          />
        )}
      </Section>
      <Section title="Data held now">
        <Grid
          label="Data held now"
          head={['Cluster', 'Object', 'State', 'Version']}
          rows={evidence.currentData.map(d => [
            d.cluster,
            `${d.kind} ${d.namespace ? `${d.namespace}/` : ''}${d.name}`,
            d.state,
            d.specVersion ?? '—',
          ])}
        />
      </Section>
    </>
  );
}

/**
 * Evidence for auditors, printable: where a service's data has lived over
 * time, by which approved version and approver, every release, the
 * residency check of each placement. The service comes from `?entity=`.
 *
 * @public
 */
export function EvidencePage() {
  const [params] = useSearchParams();
  const entityRef = params.get('entity') ?? '';
  const api = useApi(miniplanesApiRef);
  const { value, loading, error } = useAsync(
    async () => (entityRef ? api.getEvidence(entityRef) : undefined),
    [api, entityRef],
  );
  return (
    <ToolPage
      title={`Data residency evidence: ${entityRef || 'no service'}`}
      subtitle={
        value
          ? `From miniplanes' audit trail, generated ${when(
              value.generatedAt,
            )} UTC`
          : undefined
      }
      above={
        <>
          <style>{PRINT_STYLE}</style>
          {!entityRef && (
            <WarningPanel title="No service given">
              Open this page from a service's Placement tab.
            </WarningPanel>
          )}
        </>
      }
      loading={loading}
      error={error}
    >
      {value && (
        <>
          <div data-evidence-screen-only style={{ marginBottom: 16 }}>
            <Button
              variant="contained"
              color="primary"
              onClick={() => window.print()}
            >
              Print or save as PDF
            </Button>
          </div>
          <EvidenceReport evidence={value} />
        </>
      )}
    </ToolPage>
  );
}
