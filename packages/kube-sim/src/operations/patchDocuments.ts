import { applyPatch as applyJsonPatch, Operation } from 'fast-json-patch';
import { clone } from '../kube/clone';
import { errors, StatusError } from '../kube/StatusError';
import { applyMergePatch } from '../patch/mergePatch';
import { applyStrategicMergePatch } from '../patch/strategicMergePatch';
import { ResourceType } from '../resources/ResourceType';
import { PatchType } from './options';

/** Applies a JSON, merge or strategic-merge patch body to a copy of `target`. */
export function applyPatchDocument(
  patchType: PatchType,
  target: unknown,
  body: string,
  type: ResourceType,
): unknown {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (e) {
    throw errors.badRequest(`error decoding patch: ${(e as Error).message}`);
  }
  switch (patchType) {
    case 'merge':
      return applyMergePatch(target, document);
    case 'strategic':
      if (type.custom) {
        throw new StatusError(
          415,
          'UnsupportedMediaType',
          'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
        );
      }
      return applyStrategicMergePatch(target, document);
    case 'json':
      if (!Array.isArray(document))
        throw errors.badRequest('json patch must be an array of operations');
      try {
        return applyJsonPatch(
          clone(target),
          document as Operation[],
          true,
          false,
        ).newDocument;
      } catch (e) {
        throw new StatusError(
          422,
          'Invalid',
          `the server rejected our request due to an error in our request: ${
            (e as Error).message.split('\n')[0]
          }`,
        );
      }
    default:
      throw errors.unsupportedMediaType(patchType);
  }
}
