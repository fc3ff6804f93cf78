import { cloudNativePgProfile } from './profiles/cloudnativepg';
import { veleroProfile } from './profiles/velero';
import { OperatorProfile } from './types';

/** The operator profiles miniplanes knows without configuration. @public */
export const builtinOperatorProfiles: OperatorProfile[] = [
  veleroProfile,
  cloudNativePgProfile,
];
