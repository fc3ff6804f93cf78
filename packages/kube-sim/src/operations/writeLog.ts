/**
 * One accepted write, as the write log keeps it: who changed what, and how.
 *
 * @public
 */
export type WriteRecord = {
  time: string;
  verb: 'create' | 'update' | 'patch' | 'delete';
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  subresource?: string;
  resourceVersion: string;
  fieldManager: string;
  user: string;
};
