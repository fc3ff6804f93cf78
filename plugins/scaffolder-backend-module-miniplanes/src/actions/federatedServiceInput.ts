import {
  FederatedService,
  formatValidationIssues,
  parseFederatedService,
} from '@miniplanes/plugin-miniplanes-common';

/**
 * Validates a FederatedService given to an action (an object, or YAML/JSON
 * text), failing the step with every problem at its path.
 */
export function readFederatedService(
  input: unknown,
  field: string,
): FederatedService {
  const result = parseFederatedService(input);
  if (!result.ok) {
    throw new Error(
      `${field} is not a valid FederatedService:\n${formatValidationIssues(
        result.issues,
      )}`,
    );
  }
  return result.value;
}
