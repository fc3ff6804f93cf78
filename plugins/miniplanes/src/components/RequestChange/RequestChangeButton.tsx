import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import { miniplanesRequestCreatePermission } from '@miniplanes/plugin-miniplanes-common';
import { useState } from 'react';
import { FederatedServiceView } from '../../api';
import { RequestChangeDialog } from './RequestChangeDialog';

/**
 * "Request change", for those who may request placement changes for this
 * entity (its owners, by default); nothing for everyone else.
 */
export function RequestChangeButton(props: {
  entityRef: string;
  service: FederatedServiceView;
  /** Called when the dialog closes after filing a request. */
  onFiled: () => void;
}) {
  const { entityRef, service, onFiled } = props;
  const [open, setOpen] = useState(false);
  const [filed, setFiled] = useState(false);
  const { allowed } = usePermission({
    permission: miniplanesRequestCreatePermission,
    resourceRef: entityRef,
  });
  if (!allowed) return null;
  return (
    <>
      <Button variant="contained" color="primary" onClick={() => setOpen(true)}>
        Request change
      </Button>
      <RequestChangeDialog
        open={open}
        entityRef={entityRef}
        service={service}
        onClose={() => {
          setOpen(false);
          // Refreshed on close, so the dialog can show the filed request first.
          if (filed) onFiled();
          setFiled(false);
        }}
        onFiled={() => setFiled(true)}
      />
    </>
  );
}
