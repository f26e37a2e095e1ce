import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { JsonValue } from '@backstage/types';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_USER } from './policy';

/**
 * A scaffolder action context for tests, in the shape of
 * `createMockActionContext` from @backstage/plugin-scaffolder-node-test-utils
 * (that package has no release matching this repository's Backstage release
 * on the registry). Differences: `checkpoint` stores results like the task
 * engine does, so a second run with the same `checkpoints` map replays them -
 * exactly what a retried task sees.
 */
export function createTestActionContext(options: {
  // loosely typed on purpose: tests also pass input the action must refuse
  input: Record<string, any>;
  workspacePath?: string;
  isDryRun?: boolean;
  checkpoints?: Map<string, JsonValue | void>;
  /** the task's user; default a platform-team member (admin); null for none */
  user?: { ref: string; entity: any } | null;
}): ActionContext<any, any> & {
  outputs: Record<string, JsonValue>;
  checkpoints: Map<string, JsonValue | void>;
  logs: string[];
} {
  const workspacePath =
    options.workspacePath ??
    fs.mkdtempSync(path.join(os.tmpdir(), 'supply-chain-action-'));
  const outputs: Record<string, JsonValue> = {};
  const checkpoints = options.checkpoints ?? new Map();
  const logs: string[] = [];
  const log = (level: string) => (message: string) => {
    logs.push(`${level}: ${message}`);
  };
  const logger: any = {
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    debug: log('debug'),
    child: () => logger,
  };
  const user = options.user === undefined ? ADMIN_USER : options.user;
  return {
    input: options.input,
    user: user ?? undefined,
    workspacePath,
    isDryRun: options.isDryRun,
    logger,
    outputs,
    checkpoints,
    logs,
    output: (name, value) => {
      outputs[name as string] = value as JsonValue;
    },
    async checkpoint<T extends JsonValue | void>(opts: {
      key: string;
      fn: () => Promise<T> | T;
    }): Promise<T> {
      if (checkpoints.has(opts.key)) {
        return checkpoints.get(opts.key) as T;
      }
      const value = await opts.fn();
      // the task engine stores the JSON form
      checkpoints.set(
        opts.key,
        value === undefined ? undefined : JSON.parse(JSON.stringify(value)),
      );
      return value;
    },
    createTemporaryDirectory: async () =>
      fs.promises.mkdtemp(path.join(os.tmpdir(), 'supply-chain-tmp-')),
    getInitiatorCredentials: async () =>
      ({
        $$type: '@backstage/BackstageCredentials',
        principal: {
          type: 'user',
          userEntityRef: user?.ref ?? 'user:default/mock',
        },
      } as any),
    task: { id: 'test-task' },
  };
}
