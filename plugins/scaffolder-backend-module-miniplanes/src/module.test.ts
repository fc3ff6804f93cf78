import { startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { scaffolderModule } from './module';

describe('scaffolderModule', () => {
  it('registers the miniplanes actions with the scaffolder', async () => {
    const actions: TemplateAction<any, any, any>[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          { addActions: (...added) => actions.push(...added) },
        ],
      ],
      features: [scaffolderModule, catalogServiceMock.factory()],
    });

    expect(
      actions.map(({ id, supportsDryRun, examples }) => ({
        id,
        supportsDryRun,
        examples: examples?.length,
      })),
    ).toEqual([
      { id: 'miniplanes:service:create', supportsDryRun: true, examples: 2 },
      { id: 'miniplanes:placement:request', supportsDryRun: true, examples: 2 },
      { id: 'miniplanes:request:wait', supportsDryRun: true, examples: 2 },
    ]);
  });
});
