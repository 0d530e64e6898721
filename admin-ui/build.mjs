// Builds the admin UI without npm dependencies: each entry's ES modules are joined in dependency
// order into one script (imports dropped, `export` keywords removed, wrapped in a function so
// nothing leaks into wp-admin's globals), then the wasm package is copied next to them.
//
//   node admin-ui/build.mjs [--wasm-pkg DIR] [--out DIR]
//
// Outputs (build artifacts, ignored by git): plugin-php/assets/admin-app.js, drainer.js,
// engine-worker.js and plugin-php/assets/wasm/{sync_wasm.js, sync_wasm_bg.wasm}.
import { readFileSync, writeFileSync, mkdirSync, existsSync, copyFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 && args[index + 1] ? resolve(args[index + 1]) : fallback;
};
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(repo, 'target');
const wasmPkg = option('--wasm-pkg', join(targetDir, 'wasm-pkg'));
const outDir = option('--out', join(repo, 'plugin-php', 'assets'));

const ENTRIES = [
  ['app.js', 'admin-app.js'],
  ['drainer.js', 'drainer.js'],
  ['engine-worker.js', 'engine-worker.js'],
];

const IMPORT_LINE = /^import\s*\{[^}]*\}\s*from\s*'(\.\/[^']+)';[ \t]*$/gm;
const DECLARATION = /^(?:export\s+)?(?:async\s+)?(?:function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)/gm;

// Modules of one entry, dependencies first.
function collect(file, seen = new Set(), order = []) {
  if (seen.has(file)) return order;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  for (const match of source.matchAll(IMPORT_LINE)) collect(resolve(dirname(file), match[1]), seen, order);
  order.push(file);
  return order;
}

function bundle(entry) {
  const files = collect(join(here, 'src', entry));
  const declaredIn = new Map();
  const parts = files.map((file) => {
    const name = relative(here, file);
    let source = readFileSync(file, 'utf8').replace(IMPORT_LINE, '');
    source = source.replace(/^export\s+(?=(async\s+)?(function|class|const|let|var)\b)/gm, '');
    const leftover = source.match(/^\s*(import\s+[\w{*]|export\s)/m);
    if (leftover) throw new Error(`${name}: unsupported module syntax "${leftover[0].trim()}" (use single-line named imports and \`export function/const/class\`)`);
    for (const match of source.matchAll(DECLARATION)) {
      const previous = declaredIn.get(match[1]);
      if (previous) throw new Error(`${name}: top-level name ${match[1]} is also declared in ${previous}; names must be unique across modules of one bundle`);
      declaredIn.set(match[1], name);
    }
    return `// ---- ${name}\n${source.trim()}\n`;
  });
  return `// Megaventory Sync admin UI — built by admin-ui/build.mjs from admin-ui/src/${entry}. Do not edit.\n(() => {\n'use strict';\n${parts.join('\n')}})();\n`;
}

mkdirSync(outDir, { recursive: true });
for (const [entry, output] of ENTRIES) {
  const target = join(outDir, output);
  writeFileSync(target, bundle(entry));
  execFileSync(process.execPath, ['--check', target]);
  console.log(`admin-ui: wrote ${relative(repo, target)}`);
}

const wasmOut = join(outDir, 'wasm');
const wasmFiles = ['sync_wasm.js', 'sync_wasm_bg.wasm'];
if (wasmFiles.every((file) => existsSync(join(wasmPkg, file)))) {
  rmSync(wasmOut, { recursive: true, force: true });
  mkdirSync(wasmOut, { recursive: true });
  for (const file of wasmFiles) copyFileSync(join(wasmPkg, file), join(wasmOut, file));
  console.log(`admin-ui: copied the wasm package from ${relative(repo, wasmPkg) || wasmPkg}`);
} else {
  console.warn(`admin-ui: no wasm package in ${wasmPkg} (build crates/sync-wasm first); the page will say the engine is missing`);
}
