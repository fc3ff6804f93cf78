import {
  UrlReaderService,
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchOptions,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import {
  ReaderFactory,
  ReadTreeResponseFactory,
} from '@backstage/backend-defaults/urlReader';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import { createReadStream } from 'node:fs';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localPublishingDirectory } from './localPublishingDirectory';

/**
 * Reads the `file:` URLs of repositories that `publish:local` wrote, and only
 * those: a URL outside localPublishingDirectory is not this reader's, so the
 * catalog cannot be pointed at any other file of the backend.
 */
export class LocalDirectoryUrlReader implements UrlReaderService {
  static factory: ReaderFactory = ({ config, treeResponseFactory }) => {
    const directory = localPublishingDirectory(config);
    if (!directory) return [];
    const reader = new LocalDirectoryUrlReader(directory, treeResponseFactory);
    return [{ reader, predicate: url => reader.owns(url) }];
  };

  constructor(
    private readonly directory: string,
    private readonly treeResponseFactory: ReadTreeResponseFactory,
  ) {}

  /** Whether a URL names a path inside the directory (no `..` escapes). */
  owns(url: URL): boolean {
    if (url.protocol !== 'file:') return false;
    return isInside(this.directory, fileURLToPath(url));
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const path = await this.resolve(url);
    const info = await stat(path);
    const etag = `${info.size}-${info.mtimeMs}`;
    if (options?.etag === etag) {
      throw new NotModifiedError();
    }
    if (options?.lastModifiedAfter && info.mtime <= options.lastModifiedAfter) {
      throw new NotModifiedError();
    }
    return {
      buffer: () => readFile(path),
      stream: () => createReadStream(path),
      etag,
      lastModifiedAt: info.mtime,
    };
  }

  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    const root = await this.resolve(url);
    const files = await Promise.all(
      (
        await listFiles(root)
      ).map(async path => ({
        path,
        info: await stat(join(root, path)),
      })),
    );
    return this.treeResponseFactory.fromReadableArray(
      files
        .filter(({ path, info }) => options?.filter?.(path, info) ?? true)
        .map(({ path, info }) => ({
          data: createReadStream(join(root, path)),
          path,
          lastModifiedAt: info.mtime,
        })),
    );
  }

  /** Reads one file; the local directory has no need for glob patterns. */
  async search(
    url: string,
    options?: UrlReaderServiceSearchOptions,
  ): Promise<UrlReaderServiceSearchResponse> {
    const { buffer, etag, lastModifiedAt } = await this.readUrl(url, options);
    return {
      files: [{ url, content: buffer, lastModifiedAt }],
      etag: etag!,
    };
  }

  toString() {
    return `local-directory{root=${this.directory}}`;
  }

  /** The file behind a URL, refusing symlinks that lead outside the directory. */
  private async resolve(url: string): Promise<string> {
    const path = fileURLToPath(url);
    const real = await realpath(path).catch(() => {
      throw new NotFoundError(`${url} does not exist`);
    });
    if (!isInside(await realpath(this.directory), real)) {
      throw new NotFoundError(`${url} does not exist`);
    }
    return real;
  }
}

function isInside(directory: string, path: string): boolean {
  const rel = relative(directory, path);
  return (
    rel !== '' &&
    rel !== '..' &&
    !rel.startsWith(`..${sep}`) &&
    !isAbsolute(rel)
  );
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter(entry => entry.isFile())
    .map(entry => relative(root, join(entry.parentPath, entry.name)));
}
