import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { RenderedFile } from '../rendering/yamlDocuments';

/**
 * Checks that `targetPath` stays inside the workspace; throws an InputError
 * naming the field otherwise.
 */
export function resolveTarget(
  workspacePath: string,
  targetPath: string,
): string {
  try {
    return resolveSafeChildPath(workspacePath, targetPath);
  } catch {
    throw new InputError(
      `targetPath: '${targetPath}' points outside the workspace`,
    );
  }
}

/**
 * Writes every file, or none: the files go to a staging folder beside the
 * target first and are renamed into place only once all of them are written.
 * Writing the same files again (a retried task) gives the same bytes.
 * Returns the written paths relative to the workspace, in input order.
 */
export async function writeFilesAllOrNothing(
  workspacePath: string,
  targetPath: string,
  files: readonly RenderedFile[],
): Promise<string[]> {
  const target = resolveTarget(workspacePath, targetPath);
  const staging = path.join(
    workspacePath,
    `.supply-chain-staging-${randomUUID()}`,
  );
  try {
    for (const file of files) {
      const staged = resolveSafeChildPath(staging, file.path);
      await fs.mkdir(path.dirname(staged), { recursive: true });
      await fs.writeFile(staged, file.content, 'utf8');
    }
    for (const file of files) {
      const destination = resolveSafeChildPath(target, file.path);
      await fs.mkdir(path.dirname(destination), { recursive: true });
      await fs.rename(resolveSafeChildPath(staging, file.path), destination);
    }
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
  return files.map(f =>
    path
      .relative(workspacePath, resolveSafeChildPath(target, f.path))
      .split(path.sep)
      .join('/'),
  );
}
