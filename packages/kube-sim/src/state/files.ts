import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A saved JSON file, or undefined when there is none yet; unreadable ones are an error that says what to do. */
export async function readStateFile<T>(
  directory: string,
  file: string,
): Promise<T | undefined> {
  const path = join(directory, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new Error(
      `kube-sim cannot restore its state from ${path}: ${
        (e as Error).message
      }; delete ${directory} to start this cluster afresh`,
    );
  }
}

/** Writes a file whole or not at all (a crash mid-write leaves the previous one). */
export async function writeStateFile(
  directory: string,
  file: string,
  value: unknown,
) {
  // The directory holds the cluster's private key and tokens.
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const path = join(directory, file);
  const partial = `${path}.partial`;
  await writeFile(partial, JSON.stringify(value), { mode: 0o600 });
  await rename(partial, path);
}
