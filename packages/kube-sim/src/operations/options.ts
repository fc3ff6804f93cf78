import { FieldValidation } from './fieldValidation';

/** Who is writing, and how: what every write operation needs to know. */
export type WriteContext = {
  user: string;
  /** `fieldManager` from the query; required for apply. */
  fieldManager?: string;
  /** The manager name the server derives from the User-Agent when none is given. */
  defaultManager: string;
  dryRun: boolean;
  fieldValidation: FieldValidation;
};

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export type Subresource = 'status' | 'scale' | undefined;

export type ListOptions = {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
};

export type DeleteOptions = {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
};

/** The simulated control plane's own writes (controllers, seeding). */
export const SYSTEM_CONTEXT: WriteContext = {
  user: 'system:kube-controller-manager',
  defaultManager: 'kube-controller-manager',
  dryRun: false,
  fieldValidation: 'Ignore',
};
