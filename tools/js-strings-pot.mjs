// Writes the admin UI's user-visible strings (admin-ui/src/strings.js) as a gettext template, so
// that one translations template covers the PHP and the page. The page translates them at run
// time with wp.i18n (text domain megaventory-sync) from assets/admin-app.js; pairs passed to
// tn(one, many, count) become plural entries.
//
//   node tools/js-strings-pot.mjs OUT.pot
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(repo, 'admin-ui', 'src');
const source = readFileSync(join(sourceDir, 'strings.js'), 'utf8');

const start = source.indexOf('const ENGLISH = {');
const end = source.indexOf('\n};', start);
if (start < 0 || end < 0) {
  console.error('js-strings-pot: admin-ui/src/strings.js has no `const ENGLISH = {…};` table');
  process.exit(1);
}
// The table is a plain object literal of string values in our own source.
const english = Function(`"use strict"; return ${source.slice(start + 'const ENGLISH = '.length, end + 2)}`)();

const plurals = new Map();
for (const file of readdirSync(sourceDir).filter((name) => name.endsWith('.js'))) {
  const text = readFileSync(join(sourceDir, file), 'utf8');
  for (const match of text.matchAll(/\btn\(\s*'([A-Za-z0-9_]+)',\s*'([A-Za-z0-9_]+)'/g)) plurals.set(match[1], match[2]);
}
const pluralManyKeys = new Set(plurals.values());

const quote = (text) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
const seen = new Set();
const entries = [];
for (const [key, text] of Object.entries(english)) {
  if (typeof text !== 'string') {
    console.error(`js-strings-pot: string ${key} is not text`);
    process.exit(1);
  }
  if (pluralManyKeys.has(key) || seen.has(text)) continue;
  seen.add(text);
  const format = /%[sd]/.test(text) ? '#, javascript-format\n' : '';
  if (plurals.has(key)) {
    entries.push(`#: assets/admin-app.js\n${format}msgid ${quote(text)}\nmsgid_plural ${quote(english[plurals.get(key)])}\nmsgstr[0] ""\nmsgstr[1] ""\n`);
  } else {
    entries.push(`#: assets/admin-app.js\n${format}msgid ${quote(text)}\nmsgstr ""\n`);
  }
}
const header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n';
writeFileSync(process.argv[2], [header, ...entries].join('\n'));
console.error(`[zip] admin UI strings: ${entries.length}`);
