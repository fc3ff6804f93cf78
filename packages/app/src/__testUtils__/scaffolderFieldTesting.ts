import { mockApis, TestApiPair } from '@backstage/frontend-test-utils';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';

/**
 * The props the template form gives a string field that has no value and no
 * errors yet; `props` sets the schema, the id, onChange and whatever else the
 * test needs.
 */
export function stringFieldProps(
  props: Partial<FieldExtensionComponentProps<string>> & {
    schema: object;
    idSchema: { $id: string };
    onChange: jest.Mock;
  },
) {
  // Cast: a field gets many more props from the form; the pickers read these.
  return {
    formData: undefined,
    required: false,
    rawErrors: [],
    uiSchema: {},
    ...props,
  } as unknown as FieldExtensionComponentProps<string>;
}

/**
 * The discovery and fetch APIs of a backend at http://backstage whose every
 * answer is `respond`'s; `fetched` collects the URLs asked for.
 */
export function backendApis(
  respond: () => Response,
  fetched: string[] = [],
): TestApiPair<any>[] {
  return [
    mockApis.discovery({ baseUrl: 'http://backstage' }),
    mockApis.fetch({
      baseImplementation: async input => {
        fetched.push(String(input));
        return respond();
      },
    }),
  ];
}

/** A JSON answer, as a backend sends it. */
export function jsonResponse(body: unknown) {
  return new Response(JSON.stringify(body), {
    headers: { 'Content-Type': 'application/json' },
  });
}

/**
 * Opens the select box whose label matches `label`, once its choices are
 * loaded (it is disabled until then); its options.
 */
export async function openSelect(label: RegExp) {
  const select = await screen.findByRole('button', { name: label });
  await waitFor(() =>
    expect(select).not.toHaveAttribute('aria-disabled', 'true'),
  );
  fireEvent.mouseDown(select);
  return within(await screen.findByRole('listbox')).getAllByRole('option');
}
