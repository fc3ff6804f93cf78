import Typography from '@material-ui/core/Typography';
import { DraftIssue } from './draftDocument';

/** The draft's problems, each at its path and line, as the shared validation found them. */
export function IssueList(props: { issues: DraftIssue[] }) {
  const { issues } = props;
  if (issues.length === 0) return null;
  return (
    <div role="alert" style={{ marginTop: 8 }}>
      <Typography variant="subtitle2" color="error">
        {issues.length === 1
          ? 'The document has a problem:'
          : `The document has ${issues.length} problems:`}
      </Typography>
      {issues.map((issue, index) => (
        <Typography variant="body2" color="error" key={index}>
          {issue.line !== undefined ? `line ${issue.line} · ` : ''}
          {issue.path ? <code>{issue.path}</code> : null}
          {issue.path ? ': ' : ''}
          {issue.message}
        </Typography>
      ))}
    </div>
  );
}
