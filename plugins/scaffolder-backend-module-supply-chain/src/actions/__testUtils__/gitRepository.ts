import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@t',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@t',
};
export const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    env: gitEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
    .toString()
    .trim();

/** A real bare repository with one commit on main (what Argo CD reads in the sandbox). */
export function createBareRepo() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-test-'));
  const bare = path.join(root, 'gitops.git');
  const work = path.join(root, 'work');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  git(root, 'clone', '--quiet', bare, work);
  fs.mkdirSync(path.join(work, 'apps/order-service'), { recursive: true });
  fs.writeFileSync(
    path.join(work, 'apps/order-service/deployment.yaml'),
    'kind: Deployment\n',
  );
  git(work, 'add', '.');
  git(work, 'commit', '--quiet', '-m', 'initial');
  git(work, 'push', '--quiet', 'origin', 'HEAD:main');
  return { root, url: `file://${bare}`, bare };
}

export function workspaceWithManifests() {
  const ctxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-ws-'));
  fs.mkdirSync(path.join(ctxDir, 'k8s/base'), { recursive: true });
  fs.writeFileSync(
    path.join(ctxDir, 'k8s/base/deployment.yaml'),
    'kind: Deployment\nmetadata:\n  name: returns-service\n',
  );
  return ctxDir;
}
