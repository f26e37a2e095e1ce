import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTemplateRenderer } from 'nunjitsu';
import yaml from 'yaml';

/** templates/ at the repository root. */
export const TEMPLATES_DIR = path.resolve(
  __dirname,
  '../../../../../templates',
);

/** github.com and the sandbox's Gitea, as the portal configures them. */
export const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [{ host: 'github.com' }],
      // the sandbox's git server, as app-config.sandbox.yaml configures it
      gitea: [{ host: '127.0.0.1:46418', baseUrl: 'http://127.0.0.1:46418' }],
    },
  }),
);

const withoutUndefined = (o: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined),
  ) as any;

/**
 * The renderer the scaffolder uses (nunjitsu, `${{ }}`), with the default
 * filters templates here rely on, built on the same functions.
 */
export const renderer = createTemplateRenderer({
  allowRegexExecution: true,
  filters: {
    parseRepoUrl: input =>
      withoutUndefined(parseRepoUrl(String(input), integrations)),
  },
});

export function loadTemplate(name: string): any {
  return yaml.parse(
    fs.readFileSync(path.join(TEMPLATES_DIR, name, 'template.yaml'), 'utf8'),
  );
}

/**
 * Renders every string of `value` like the workflow runner renders step
 * inputs - including its habit of keeping a string as written when rendering
 * it fails (so a failing filter leaves `${{ ... }}` in the input).
 */
export function renderStepValue(
  value: unknown,
  context: Record<string, any>,
): any {
  const prepared = renderer.prepareContext(JSON.parse(JSON.stringify(context)));
  return JSON.parse(JSON.stringify(value), (_key, v) => {
    if (typeof v !== 'string') return v;
    try {
      return renderer.renderValue(v, prepared, { coercion: 'json' });
    } catch {
      return v;
    }
  });
}

/**
 * What `fetch:template` does with the skeleton: render paths and contents into
 * a new folder. Like it, a path that renders empty, absolute or with an empty
 * segment (`internal/{% if values.grpc %}grpcserver{% endif %}/x.go` without
 * gRPC) is skipped.
 */
export function renderSkeleton(
  templateName: string,
  values: Record<string, unknown>,
  copyWithoutTemplating: string[] = [],
  target = fs.mkdtempSync(path.join(os.tmpdir(), `${templateName}-`)),
  /** the template's folder fetch:template renders (its `url`) */
  folder = 'skeleton',
): string {
  const skeleton = path.join(TEMPLATES_DIR, templateName, folder);
  const prepared = renderer.prepareContext(
    JSON.parse(JSON.stringify({ values })),
  );
  const files = fs
    .readdirSync(skeleton, { recursive: true, withFileTypes: true })
    .filter(e => e.isFile());
  for (const file of files) {
    const rel = path.relative(skeleton, path.join(file.parentPath, file.name));
    const verbatim = copyWithoutTemplating.some(glob =>
      path.matchesGlob(rel, glob),
    );
    const renderedPath = verbatim ? rel : renderer.render(rel, prepared);
    if (
      renderedPath === '' ||
      renderedPath.startsWith('/') ||
      renderedPath.includes('//')
    ) {
      continue;
    }
    const content = fs.readFileSync(path.join(skeleton, rel), 'utf8');
    const out = path.join(target, renderedPath);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(
      out,
      verbatim ? content : renderer.render(content, prepared),
    );
  }
  return target;
}

/**
 * Every string in a rendered value that shows an unbound variable: `undefined`,
 * `null`, `[object Object]`, an unrendered `${{`, an empty path segment
 * (`https://github.com//x`, `a//b`, a trailing `/`) or an empty `?x=` parameter.
 */
export function unboundStrings(value: unknown, where = ''): string[] {
  if (typeof value === 'string') {
    const afterScheme = value.replace(/^[a-z][a-z0-9+.-]*:\/\/\/?/i, '');
    const bad =
      /\b(undefined|null)\b|\[object Object\]|\$\{\{/.test(value) ||
      /(^|[^:])\/\//.test(afterScheme) ||
      (value.includes('/') &&
        !value.includes(' ') &&
        afterScheme.endsWith('/')) ||
      /[?&][\w-]+=(&|$)/.test(value);
    return bad ? [`${where || '(root)'}: ${JSON.stringify(value)}`] : [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => unboundStrings(v, `${where}[${i}]`));
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      unboundStrings(v, where ? `${where}.${k}` : k),
    );
  }
  return [];
}
