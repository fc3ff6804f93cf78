import { renderInTestApp } from '@backstage/frontend-test-utils';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { ComponentType } from 'react';
import {
  backendApis,
  stringFieldProps,
} from '../../../__testUtils__/scaffolderFieldTesting';

/**
 * Renders a field that reads the fleet's governance in a test app, with the
 * string field props `props` and a backend whose every answer is `respond`'s;
 * the URLs it fetched and its onChange mock.
 */
export function renderGovernanceField(
  Field: ComponentType<FieldExtensionComponentProps<string>>,
  props: Partial<FieldExtensionComponentProps<string>> & {
    schema: object;
    idSchema: { $id: string };
  },
  respond: () => Response,
) {
  const fetched: string[] = [];
  const onChange = jest.fn();
  renderInTestApp(<Field {...stringFieldProps({ ...props, onChange })} />, {
    apis: backendApis(respond, fetched),
  });
  return { fetched, onChange };
}
