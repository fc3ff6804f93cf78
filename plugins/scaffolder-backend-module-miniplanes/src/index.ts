/**
 * The miniplanes module for `@backstage/plugin-scaffolder-backend`: template
 * actions that create federated services, request placement changes and
 * wait for their approval.
 *
 * @packageDocumentation
 */

export { scaffolderModule as default } from './module';
export { examples as createServiceActionExamples } from './actions/createServiceAction.examples';
export { examples as requestPlacementActionExamples } from './actions/requestPlacementAction.examples';
export { examples as waitForRequestActionExamples } from './actions/waitForRequestAction.examples';
