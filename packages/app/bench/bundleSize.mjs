/*
 * `yarn workspace app bench` (part of `make bench`): the size of the frontend a
 * user downloads, from the production build in packages/app/dist (built here
 * when missing). Prints, never asserts:
 *   - every chunk (total) and the initial ones (the <script>/<link> tags of
 *     index.html, which a first visit loads before anything renders), raw and gzip;
 *   - the largest chunks, each with the packages its source map says fill it
 *     (share of the chunk's original source text, not of its minified bytes).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/** a bench's output is its report */
const print = line => process.stdout.write(`${line}\n`);

const app = resolve(import.meta.dirname, '..');
const dist = join(app, 'dist');
if (!existsSync(join(dist, 'index.html'))) {
  print('bundle: no production build yet, building packages/app');
  execFileSync('yarn', ['backstage-cli', 'package', 'build'], {
    cwd: app,
    stdio: 'inherit',
  });
}

const kb = n => `${(n / 1024).toFixed(0)} KiB`;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = new Set(
  [...html.matchAll(/(?:src|href)="\/?(static\/[^"]+\.(?:js|css))"/g)].map(
    m => m[1],
  ),
);

const assets = readdirSync(join(dist, 'static'))
  .filter(f => /\.(js|css)$/.test(f))
  .map(f => {
    const path = join(dist, 'static', f);
    const bytes = readFileSync(path);
    return {
      file: `static/${f}`,
      raw: statSync(path).size,
      gzip: gzipSync(bytes).length,
    };
  });

const sum = (list, key) => list.reduce((n, a) => n + a[key], 0);
const first = assets.filter(a => initial.has(a.file));
print(
  `bundle: ${assets.length} chunks, ${kb(sum(assets, 'raw'))} (gzip ${kb(
    sum(assets, 'gzip'),
  )})`,
);
print(
  `bundle: initial (loaded by index.html): ${first.length} chunks, ${kb(
    sum(first, 'raw'),
  )} (gzip ${kb(sum(first, 'gzip'))}), ${(
    (100 * sum(first, 'gzip')) /
    sum(assets, 'gzip')
  ).toFixed(0)} % of all gzip bytes`,
);

/** `node_modules/@scope/name/...` → `@scope/name`; a workspace path → its folder */
function packageOf(source) {
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = source.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const ws = /(plugins|packages)\/[^/]+/.exec(source);
  return ws ? ws[0] : 'other';
}

print('bundle: largest chunks (gzip), and what fills them');
for (const a of [...assets].sort((x, y) => y.gzip - x.gzip).slice(0, 10)) {
  let fill = '';
  const map = join(dist, `${a.file}.map`);
  if (existsSync(map)) {
    const { sources = [], sourcesContent = [] } = JSON.parse(
      readFileSync(map, 'utf8'),
    );
    const byPackage = new Map();
    sources.forEach((s, i) => {
      const p = packageOf(s);
      byPackage.set(
        p,
        (byPackage.get(p) ?? 0) + (sourcesContent[i]?.length ?? 0),
      );
    });
    const total = [...byPackage.values()].reduce((n, v) => n + v, 0) || 1;
    fill = [...byPackage.entries()]
      .sort((x, y) => y[1] - x[1])
      .slice(0, 3)
      .map(([p, v]) => `${p} ${((100 * v) / total).toFixed(0)} %`)
      .join(', ');
  }
  print(
    `  ${kb(a.gzip).padStart(9)}  ${kb(a.raw).padStart(9)} raw  ${
      initial.has(a.file) ? 'initial ' : 'lazy    '
    } ${a.file}${fill ? `  (${fill})` : ''}`,
  );
}
