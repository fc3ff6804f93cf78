import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { CSSProperties } from 'react';

/** A table's head: one cell a column title, every cell styled alike. */
export function TableHeadRow(props: {
  titles: string[];
  style?: CSSProperties;
}) {
  return (
    <TableHead>
      <TableRow>
        {props.titles.map(title => (
          <TableCell key={title} style={props.style}>
            {title}
          </TableCell>
        ))}
      </TableRow>
    </TableHead>
  );
}
