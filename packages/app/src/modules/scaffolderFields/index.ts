import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';

/** The Federated service template's fields that ask the backend what it has. */
export const scaffolderFieldsModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [
    FormFieldBlueprint.make({
      name: 'data-classification-picker',
      params: {
        field: async () =>
          createFormField({
            name: 'DataClassificationPicker',
            component: (await import('./DataClassificationPicker'))
              .DataClassificationPicker,
          }),
      },
    }),
    FormFieldBlueprint.make({
      name: 'storage-location-picker',
      params: {
        field: async () =>
          createFormField({
            name: 'StorageLocationPicker',
            component: (await import('./StorageLocationPicker'))
              .StorageLocationPicker,
          }),
      },
    }),
    FormFieldBlueprint.make({
      name: 'publisher-picker',
      params: {
        field: async () =>
          createFormField({
            name: 'PublisherPicker',
            component: (await import('./PublisherPicker')).PublisherPicker,
          }),
      },
    }),
  ],
});
