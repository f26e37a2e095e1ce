/*
 * Contract check: every request the plugin sends to Argo CD against Argo CD's
 * own OpenAPI document (assets/swagger.json of the Argo CD module the sandbox
 * builds, found in the Go module cache). Nothing of it is copied here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface RecordedRequest {
  method: string;
  url: string;
  body?: string;
}

type Swagger = {
  paths: Record<string, Record<string, { parameters?: any[] }>>;
  definitions: Record<string, { properties?: Record<string, any> }>;
};

/** The checkout: the nearest folder up from the working directory with sandbox/versions.env. */
export function repoRoot(): string {
  let dir = resolve(process.cwd());
  while (!existsSync(join(dir, 'sandbox', 'versions.env'))) {
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`no sandbox/versions.env above ${process.cwd()}`);
    }
    dir = parent;
  }
  return dir;
}

/** The swagger.json of the pinned Argo CD version (sandbox/versions.env). */
export function loadArgoCdSwagger(): { file: string; doc: Swagger } {
  const versions = readFileSync(
    join(repoRoot(), 'sandbox', 'versions.env'),
    'utf8',
  );
  const version = /^ARGOCD_VERSION=(\S+)/m.exec(versions)?.[1];
  if (!version)
    throw new Error('ARGOCD_VERSION not found in sandbox/versions.env');
  let modCache = process.env.GOMODCACHE;
  if (!modCache) {
    try {
      modCache = execFileSync('go', ['env', 'GOMODCACHE'], {
        encoding: 'utf8',
      }).trim();
    } catch {
      modCache = join(
        process.env.GOPATH ?? join(homedir(), 'go'),
        'pkg',
        'mod',
      );
    }
  }
  const file =
    process.env.ARGOCD_SWAGGER_FILE ??
    join(
      modCache,
      'github.com',
      'argoproj',
      'argo-cd',
      `v3@${version}`,
      'assets',
      'swagger.json',
    );
  if (!existsSync(file)) {
    throw new Error(
      `Argo CD's OpenAPI document is not at ${file}; 'make sandbox-build' downloads the Argo CD ${version} module (or set ARGOCD_SWAGGER_FILE)`,
    );
  }
  return { file, doc: JSON.parse(readFileSync(file, 'utf8')) };
}

/** What in a request Argo CD's API does not declare; empty when it conforms. */
export function contractViolations(
  doc: Swagger,
  request: RecordedRequest,
): string[] {
  const url = new URL(request.url);
  const method = request.method.toLowerCase();
  const label = `${request.method} ${url.pathname}`;
  const template = Object.keys(doc.paths).find(p => {
    const pattern = new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return pattern.test(url.pathname) && doc.paths[p][method];
  });
  if (!template) return [`${label}: no such operation in swagger.json`];
  const op = doc.paths[template][method];
  const params = op.parameters ?? [];
  const problems: string[] = [];
  for (const key of new Set(url.searchParams.keys())) {
    const p = params.find(x => x.in === 'query' && x.name === key);
    if (!p) {
      problems.push(`${label}: query parameter '${key}' is not declared`);
      continue;
    }
    for (const value of url.searchParams.getAll(key)) {
      const type = p.type === 'array' ? p.items?.type : p.type;
      if (
        (type === 'integer' && !/^-?\d+$/.test(value)) ||
        (type === 'boolean' && !/^(true|false)$/.test(value))
      ) {
        problems.push(
          `${label}: query parameter '${key}'='${value}' is not ${type}`,
        );
      }
    }
  }
  if (request.body) {
    const bodyParam = params.find(x => x.in === 'body');
    const ref: string | undefined = bodyParam?.schema?.$ref;
    if (!ref) {
      problems.push(`${label}: sends a body the operation does not take`);
    } else {
      const definition = doc.definitions[ref.replace('#/definitions/', '')];
      const body = JSON.parse(request.body);
      for (const [key, value] of Object.entries(body)) {
        const prop = definition?.properties?.[key];
        if (!prop) {
          problems.push(`${label}: body field '${key}' is not in ${ref}`);
          continue;
        }
        const expected = prop.type;
        const actual = Number.isInteger(value) ? 'integer' : typeof value;
        if (
          expected &&
          expected !== actual &&
          !(expected === 'number' && actual === 'integer')
        ) {
          problems.push(
            `${label}: body field '${key}' is ${actual}, swagger says ${expected}`,
          );
        }
      }
    }
  }
  return problems;
}
