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

/** The catalog-info.yaml of a service's GitOps folder. */
export const catalogInfo = (
  name = 'returns-service',
  owner = 'group:default/fulfillment-team',
  annotations: Record<string, string> = {
    'backstage.io/kubernetes-id': name,
  },
) =>
  [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${name}`,
    '  annotations:',
    ...Object.entries(annotations).map(([k, v]) => `    ${k}: ${v}`),
    'spec:',
    '  type: service',
    '  lifecycle: experimental',
    `  owner: ${owner}`,
    '',
  ].join('\n');

export function workspaceWithManifests(
  catalogInfoYaml: string | null = catalogInfo(),
) {
  const ctxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-ws-'));
  fs.mkdirSync(path.join(ctxDir, 'k8s/base'), { recursive: true });
  fs.writeFileSync(
    path.join(ctxDir, 'k8s/base/deployment.yaml'),
    'kind: Deployment\nmetadata:\n  name: returns-service\n',
  );
  if (catalogInfoYaml !== null) {
    fs.writeFileSync(
      path.join(ctxDir, 'k8s/catalog-info.yaml'),
      catalogInfoYaml,
    );
  }
  return ctxDir;
}

/** Commits files into the bare repository (as another writer would). */
export function commitToRepo(
  repo: { root: string; bare: string },
  files: Record<string, string>,
) {
  const work = fs.mkdtempSync(path.join(repo.root, 'edit-'));
  git(repo.root, 'clone', '--quiet', repo.bare, work);
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
    fs.writeFileSync(path.join(work, file), content);
  }
  git(work, 'add', '.');
  git(work, 'commit', '--quiet', '-m', 'another writer');
  git(work, 'push', '--quiet', 'origin', 'HEAD:main');
}
