import { ConfigReader } from '@backstage/config';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ReadTreeResponseFactory } from '@backstage/backend-defaults/urlReader';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LocalDirectoryUrlReader } from './LocalDirectoryUrlReader';

describe('LocalDirectoryUrlReader', () => {
  const repositories = createMockDirectory({
    content: {
      'fare-alerts': {
        'catalog-info.yaml': 'kind: Component\n',
        'docs/index.md': '# Fare alerts\n',
      },
    },
  });
  const outside = createMockDirectory({ content: { 'secret.txt': 'no' } });
  const urlOf = (...path: string[]) =>
    pathToFileURL(join(repositories.path, ...path)).href;

  const treeResponseFactory: ReadTreeResponseFactory = {
    fromTarArchive: jest.fn(),
    fromZipArchive: jest.fn(),
    fromReadableArray: jest.fn(async files => ({
      etag: '',
      files: async () =>
        files.map(f => ({
          path: f.path,
          content: async () => {
            const chunks: Buffer[] = [];
            for await (const chunk of f.data) chunks.push(chunk as Buffer);
            return Buffer.concat(chunks);
          },
        })),
      archive: jest.fn(),
      dir: jest.fn(),
    })),
  };

  function readers(config: object) {
    return LocalDirectoryUrlReader.factory({
      config: new ConfigReader(config),
      logger: mockServices.logger.mock(),
      treeResponseFactory,
    });
  }
  const enabled = {
    localPublishing: { enabled: true, directory: repositories.path },
  };

  it('is absent unless local publishing is enabled', () => {
    expect(readers({})).toEqual([]);
    expect(
      readers({
        localPublishing: { enabled: false, directory: repositories.path },
      }),
    ).toEqual([]);
  });

  it('claims file: URLs inside the directory, and no others', () => {
    const [{ predicate }] = readers(enabled);
    expect(predicate(new URL(urlOf('fare-alerts', 'catalog-info.yaml')))).toBe(
      true,
    );
    expect(predicate(new URL(pathToFileURL(outside.path).href))).toBe(false);
    expect(predicate(new URL(`${urlOf('fare-alerts')}/../../etc/passwd`))).toBe(
      false,
    );
    expect(predicate(new URL(urlOf()))).toBe(false);
    expect(predicate(new URL('https://github.com/o/r/catalog-info.yaml'))).toBe(
      false,
    );
  });

  it('reads a published file, and answers NotModified for its etag', async () => {
    const [{ reader }] = readers(enabled);
    const url = urlOf('fare-alerts', 'catalog-info.yaml');
    const response = await reader.readUrl(url);
    expect((await response.buffer()).toString()).toBe('kind: Component\n');

    await expect(
      reader.readUrl(url, { etag: response.etag }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });
  });

  it('searches a single file, as the catalog reads a location', async () => {
    const [{ reader }] = readers(enabled);
    const url = urlOf('fare-alerts', 'catalog-info.yaml');
    const { files } = await reader.search(url);
    expect(files.map(f => f.url)).toEqual([url]);
    expect((await files[0].content()).toString()).toBe('kind: Component\n');
  });

  it('reads a repository as a tree', async () => {
    const [{ reader }] = readers(enabled);
    const tree = await reader.readTree(urlOf('fare-alerts'));
    const files = await tree.files();
    expect(
      await Promise.all(
        files.map(async f => [f.path, (await f.content()).toString()]),
      ),
    ).toEqual(
      expect.arrayContaining([
        ['catalog-info.yaml', 'kind: Component\n'],
        [join('docs', 'index.md'), '# Fare alerts\n'],
      ]),
    );
  });

  it("reads only the files a tree reader's filter keeps", async () => {
    const [{ reader }] = readers(enabled);
    const tree = await reader.readTree(urlOf('fare-alerts'), {
      filter: path => path.startsWith('docs'),
    });
    expect((await tree.files()).map(f => f.path)).toEqual([
      join('docs', 'index.md'),
    ]);
  });

  it('answers NotFound for a missing file or a symlink that leads outside', async () => {
    const [{ reader }] = readers(enabled);
    await expect(
      reader.readUrl(urlOf('fare-alerts', 'missing.yaml')),
    ).rejects.toMatchObject({ name: 'NotFoundError' });

    symlinkSync(
      join(outside.path, 'secret.txt'),
      join(repositories.path, 'fare-alerts', 'leak.txt'),
    );
    await expect(
      reader.readUrl(urlOf('fare-alerts', 'leak.txt')),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });
});
