// After the fault runs: the Megaventory API key must appear in no REST answer, admin HTML, asset,
// log line, error message or exported setting. Each place is fetched or read and searched for the
// key (and its URL-encoded and JSON-escaped forms); a hit names the place.

import fs from 'node:fs';
import path from 'node:path';

const E = process.env;

function restUrl(route) {
  const root = E.FAULTS_REST_ROOT;
  return root + (root.includes('?') ? route.replace('?', '&') : route);
}

function basic(user, passwordFile) {
  const password = fs.readFileSync(passwordFile, 'utf8').trim().replace(/ /g, '');
  return 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
}

/** Logs in through wp-login.php and returns the cookie header. */
async function login(user, password) {
  const response = await fetch(`${E.FAULTS_SITE_URL}/wp-login.php`, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: 'wordpress_test_cookie=WP%20Cookie%20check' },
    body: new URLSearchParams({ log: user, pwd: password, 'wp-submit': 'Log In', testcookie: '1' }),
  });
  const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]);
  if (!cookies.some((c) => c.startsWith('wordpress_logged_in'))) throw new Error(`login as ${user} failed (HTTP ${response.status})`);
  return cookies.join('; ');
}

export async function scanForKey({ apiKey, out, siteQuery, workerLogs }) {
  const needles = [apiKey, encodeURIComponent(apiKey), JSON.stringify(apiKey).slice(1, -1), apiKey.split('@')[0]];
  const hits = [];
  let scanned = 0;
  const look = (where, text) => {
    scanned++;
    if (needles.some((n) => n && String(text).includes(n))) hits.push(where);
  };
  const adminAuth = basic('admin', E.FAULTS_ADMIN_PASSWORD_FILE);
  const managerAuth = basic('shopmanager', E.FAULTS_MANAGER_PASSWORD_FILE);

  // Every GET route of megaventory/v1 that needs no path parameter, as the administrator.
  const index = await (await fetch(restUrl('megaventory/v1'), { headers: { Authorization: adminAuth } })).json();
  look('REST megaventory/v1 (the namespace index)', JSON.stringify(index));
  const examples = { '(?P<job>[a-z0-9_.\\-]+)': 'import.products', '(?P<wc_type>[a-z_]+)': 'product', '(?P<wc_id>\\d+)': '1' };
  for (const [route, spec] of Object.entries(index.routes || {})) {
    if (!(spec.methods || []).includes('GET')) continue;
    let concrete = route.replace(/^\//, '');
    for (const [pattern, value] of Object.entries(examples)) concrete = concrete.split(pattern).join(value);
    if (concrete.includes('(?P<')) continue;
    const response = await fetch(restUrl(concrete), { headers: { Authorization: adminAuth } });
    look(`REST GET /${concrete} (HTTP ${response.status})`, await response.text());
  }
  // The relay's answers (what the page's and relay workers' calls return), and its error answers.
  for (const [operation, body] of [['APIKeyGet', {}], ['ProductGet', {}], ['AccountSettingsGet', {}], ['SupplierClientGet', {}], ['NoSuchOperation', {}], ['ProductUpdate', { mvProduct: {} }]]) {
    const response = await fetch(restUrl(`megaventory/v1/relay/${operation}`), {
      method: 'POST', headers: { Authorization: managerAuth, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    look(`REST POST /megaventory/v1/relay/${operation} (HTTP ${response.status})`, await response.text());
  }
  // The admin page's HTML and every script and style it loads.
  const cookie = await login('admin', 'admin-password');
  const page = await (await fetch(`${E.FAULTS_SITE_URL}/wp-admin/admin.php?page=mvsync`, { headers: { Cookie: cookie } })).text();
  look('the admin page HTML (wp-admin/admin.php?page=mvsync)', page);
  const assets = new Set();
  for (const m of page.matchAll(/<(?:script[^>]+src|link[^>]+href)=["']([^"']+)["']/g)) {
    const url = m[1].replace(/&amp;/g, '&');
    if (url.startsWith(E.FAULTS_SITE_URL) && /\.(js|css|mjs)(\?|$)/.test(url)) assets.add(url);
  }
  // The engine's own files, loaded by the page's scripts rather than by tags.
  for (const file of fs.readdirSync(path.join(E.FAULTS_REPO, 'plugin-php', 'assets'), { recursive: true })) {
    if (/\.(js|css|mjs|wasm)$/.test(file)) assets.add(`${E.FAULTS_SITE_URL}/wp-content/plugins/megaventory-sync/assets/${file}`);
  }
  for (const url of assets) look(`asset ${url}`, Buffer.from(await (await fetch(url, { headers: { Cookie: cookie } })).arrayBuffer()).toString('latin1'));

  // Logs, exports and settings on the site.
  const exportDir = path.join(out, 'export');
  fs.mkdirSync(exportDir, { recursive: true });
  siteQuery('export', exportDir);
  look('wp_options (every row but mvsync_api_key)', fs.readFileSync(path.join(exportDir, 'options.json'), 'utf8'));
  look('export of the plugin tables (outbox, links, checkpoints, log, parked)', fs.readFileSync(path.join(exportDir, 'tables.sql'), 'utf8'));
  look("the plugin's log table", fs.readFileSync(path.join(exportDir, 'log.json'), 'utf8'));
  const config = await (await fetch(restUrl('megaventory/v1/config'), { headers: { Authorization: adminAuth } })).text();
  look('the exported settings (GET megaventory/v1/config)', config);
  const files = [
    path.join(E.FAULTS_WP_LOG_DIR, 'http.log'), path.join(E.FAULTS_WP_LOG_DIR, 'wp-debug.log'),
    path.join(E.FAULTS_WP_LOG_DIR, 'mariadb.err'),
  ];
  const wcLogs = path.join(E.FAULTS_WP_SITE_ROOT, 'wp-content', 'uploads', 'wc-logs');
  if (fs.existsSync(wcLogs)) for (const f of fs.readdirSync(wcLogs)) files.push(path.join(wcLogs, f));
  for (const f of fs.readdirSync(workerLogs)) if (/^worker-/.test(f)) files.push(path.join(workerLogs, f));
  for (const f of files) if (fs.existsSync(f)) look(`log file ${f}`, fs.readFileSync(f, 'latin1'));
  return { hits, scanned };
}
