import { makeStyles } from '@material-ui/core/styles';
import { ReactNode, useEffect, useRef } from 'react';

const useStyles = makeStyles(theme => ({
  linked: {
    outline: `3px solid ${theme.palette.primary.main}`,
    borderRadius: theme.shape.borderRadius,
  },
}));

/**
 * Frames the request a link (`?request=<id>`, from a notification or the
 * scaffolder) points at, and scrolls it into view once it is shown.
 */
export function LinkedRequestFrame(props: {
  linked: boolean;
  children: ReactNode;
}) {
  const { linked, children } = props;
  const classes = useStyles();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (linked)
      ref.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }, [linked]);
  return (
    <div
      ref={ref}
      aria-current={linked ? 'true' : undefined}
      className={linked ? classes.linked : undefined}
    >
      {children}
    </div>
  );
}
