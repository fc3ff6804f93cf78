import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { publishLocalAction } from './publishLocalAction';

describe('publish:local', () => {
  const workspace = createMockDirectory();
  const repositories = createMockDirectory();

  beforeEach(() => {
    repositories.clear();
    workspace.setContent({
      'catalog-info.yaml': 'kind: Component\n',
      'docs/index.md': '# Fare alerts\n',
    });
  });

  it('copies the workspace to a directory named after the repository and says where', async () => {
    const action = publishLocalAction({ directory: repositories.path });
    const ctx = createMockActionContext({
      input: { name: 'fare-alerts' },
      workspacePath: workspace.path,
    });

    await action.handler(ctx);

    expect(repositories.content()).toEqual({
      'fare-alerts': {
        'catalog-info.yaml': 'kind: Component\n',
        docs: { 'index.md': '# Fare alerts\n' },
      },
    });
    const catalogInfoUrl = (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'catalogInfoUrl',
    )[1];
    expect(readFileSync(fileURLToPath(catalogInfoUrl), 'utf8')).toBe(
      'kind: Component\n',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      expect.stringMatching(/^file:\/\/.*\/fare-alerts$/),
    );
  });

  it('publishes only the sourcePath when given', async () => {
    const action = publishLocalAction({ directory: repositories.path });
    await action.handler(
      createMockActionContext({
        input: { name: 'fare-docs', sourcePath: 'docs' },
        workspacePath: workspace.path,
      }),
    );
    expect(repositories.content()).toEqual({
      'fare-docs': { 'index.md': '# Fare alerts\n' },
    });
  });

  it('refuses to overwrite a repository already published', async () => {
    repositories.setContent({ 'fare-alerts': { 'README.md': 'mine' } });
    const action = publishLocalAction({ directory: repositories.path });

    await expect(
      action.handler(
        createMockActionContext({
          input: { name: 'fare-alerts' },
          workspacePath: workspace.path,
        }),
      ),
    ).rejects.toThrow(
      'A repository named fare-alerts was already published to this backend; choose another name',
    );
    expect(repositories.content()).toEqual({
      'fare-alerts': { 'README.md': 'mine' },
    });
  });

  it('refuses a sourcePath outside the workspace', async () => {
    const action = publishLocalAction({ directory: repositories.path });
    await expect(
      action.handler(
        createMockActionContext({
          input: { name: 'escape', sourcePath: '../..' },
          workspacePath: workspace.path,
        }),
      ),
    ).rejects.toThrow(/outside/);
    expect(repositories.content()).toEqual({});
  });
});
