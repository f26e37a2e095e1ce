// Fails when node_modules holds more than one copy of any @backstage/* package.
// Nested copies of frontend packages split React contexts and crash the app in the
// browser ("App context is not available") while every endpoint still answers 200.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const copies = new Map(); // package name -> [{ dir, version }]

function scan(nodeModules) {
  if (!existsSync(nodeModules)) return;
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    if (entry.name.startsWith('@')) {
      for (const scoped of readdirSync(join(nodeModules, entry.name), {
        withFileTypes: true,
      })) {
        if (scoped.isDirectory())
          visit(join(nodeModules, entry.name, scoped.name));
      }
    } else {
      visit(join(nodeModules, entry.name));
    }
  }
}

function visit(dir) {
  const manifest = join(dir, 'package.json');
  if (existsSync(manifest)) {
    const { name, version } = JSON.parse(readFileSync(manifest, 'utf8'));
    if (name?.startsWith('@backstage/')) {
      copies.set(name, [...(copies.get(name) ?? []), { dir, version }]);
    }
  }
  scan(join(dir, 'node_modules'));
}

scan('node_modules');
for (const root of ['packages', 'plugins', 'sandbox']) {
  if (!existsSync(root)) continue;
  for (const pkg of readdirSync(root)) scan(join(root, pkg, 'node_modules'));
}

const duplicated = [...copies].filter(([, list]) => list.length > 1);
if (duplicated.length > 0) {
  for (const [name, list] of duplicated) {
    console.error(
      `${name}: ${list.map(c => `${c.version} (${c.dir})`).join(', ')}`,
    );
  }
  console.error(
    `${duplicated.length} @backstage/* package(s) installed more than once; move every @backstage/* dependency to the release in backstage.json ('yarn up "@backstage/*"') and run 'yarn dedupe'.`,
  );
  process.exit(1);
}
console.log(`one copy of each of ${copies.size} @backstage/* packages`);
