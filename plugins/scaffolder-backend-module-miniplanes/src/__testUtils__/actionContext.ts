import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';

/**
 * A mock action context for an input, as the initiator mockCredentials.user()
 * (the API sees its calls with setupMiniplanesApi's initiatorAuthorization).
 * Typed loosely: the inputs hold FederatedService values, which TypeScript
 * does not see as JSON.
 */
export function actionContext(
  input: Record<string, unknown>,
  options: { isDryRun?: boolean } = {},
) {
  return {
    ...createMockActionContext<any>({ input }),
    isDryRun: options.isDryRun ?? false,
  };
}
