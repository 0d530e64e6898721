// The admin page in headless Chromium (Debian's, driven by playwright-core) against the test
// site and the Megaventory simulator. Run by tests/admin-ui/run.sh, which passes:
//   BASE_URL, SIM_URL, PRODUCT_COUNT, XSS_PRODUCT_ID, DEAD_ROW_ID, SCREENSHOT_DIR
// Prints one line per check and ends with "N passed, N failed".
const fs = require('node:fs');
const { chromium } = require('playwright-core');

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const BASE_URL = env('BASE_URL');
const SIM_URL = env('SIM_URL');
const PRODUCT_COUNT = Number(env('PRODUCT_COUNT'));
const XSS_PRODUCT_ID = Number(env('XSS_PRODUCT_ID'));
const DEAD_ROW_ID = Number(env('DEAD_ROW_ID'));
const ORDER_ID = Number(env('ORDER_ID'));
const SCREENSHOT_DIR = env('SCREENSHOT_DIR');
const PAGE_PATH = '/wp-admin/admin.php?page=mvsync';
const JOB_TIMEOUT_MS = Number(process.env.JOB_TIMEOUT_MS || 300000);

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) passed += 1; else failed += 1;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
  return ok;
}

async function simProducts() {
  const response = await fetch(`${SIM_URL}/v2017a/json/reply/ProductGet`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ APIKEY: process.env.API_KEY || 'admin-ui-test@m1' }),
  });
  const body = await response.json();
  return (body.mvProducts || []).filter((product) => /^UI-/.test(product.ProductSKU || ''));
}

const card = (page, job) => page.locator(`.mvsync-job[data-job="${job}"]`);
async function cardInfo(page, job) {
  return card(page, job).evaluate((element) => ({
    state: element.dataset.state,
    done: Number(element.dataset.done || 0),
    total: Number(element.dataset.total || 0),
    progressValue: element.querySelector('progress').value,
    progressMax: element.querySelector('progress').max,
    figures: element.querySelector('.mvsync-figures').textContent,
    messages: element.querySelector('.mvsync-job-messages').textContent,
  }));
}

async function waitForState(page, job, states, timeout = JOB_TIMEOUT_MS) {
  await page.waitForFunction(([selector, wanted]) => {
    const element = document.querySelector(selector);
    return element && wanted.includes(element.dataset.state);
  }, [`.mvsync-job[data-job="${job}"]`, states], { timeout, polling: 200 });
  return cardInfo(page, job);
}

// Polls a function in the page until it returns something truthy (waitForFunction would take the
// promise of an async function as truthy at once).
async function until(page, fn, arg, timeout = 30000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    let value;
    try {
      value = await page.evaluate(fn, arg);
    } catch (error) {
      // A navigation in progress destroys the context: look again on the new page.
      if (!/context was destroyed|navigat/i.test(String(error))) throw error;
    }
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting after ${timeout} ms for ${String(fn).slice(0, 100)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function openPage(page) {
  await page.goto(`${BASE_URL}${PAGE_PATH}`);
  await page.waitForSelector('#mvsync-app[data-ready="1"]', { timeout: 60000 });
}

// The statuses of a list page, by WooCommerce id: {id: status}.
async function listStatuses(page) {
  return page.locator('.mvsync-cell').evaluateAll((cells) => Object.fromEntries(cells.map((cell) => [cell.dataset.mvsyncId, cell.querySelector('.mvsync-status').dataset.mvsyncStatus])));
}

// Waits (without reloading, so the drainer is never interrupted) until the entity is linked and
// nothing is queued, then reloads the list and returns the entity's status there.
async function waitUntilSynced(page, wcType, id) {
  // A row action navigates (admin-post, then back to the list): wait for the list to load.
  await page.waitForLoadState('load');
  await until(page, async ([type, wcId]) => {
    const config = window.mvsyncDrainerConfig;
    if (!config) return false; // still between pages
    // restRoot may already carry a query (?rest_route=… without pretty permalinks).
    const get = (path, query = {}) => {
      const url = new URL(`${config.restRoot}${path}`);
      for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
      return fetch(url, { headers: { 'X-WP-Nonce': config.restNonce } }).then((r) => r.json());
    };
    const [links, stats] = await Promise.all([get('links', { wc_type: type, wc_ids: wcId }), get('outbox/stats')]);
    const counts = stats.counts || {};
    return (links.links || []).length === 1 && counts.pending === 0 && counts.leased === 0;
  }, [wcType, id], 90000);
  await page.reload();
  return (await listStatuses(page))[String(id)];
}

// Row actions show on hover, as WordPress's own do.
async function clickRowAction(page, id, action) {
  const cell = page.locator(`.mvsync-cell[data-mvsync-id="${id}"]`);
  await cell.hover();
  // The list may already carry mvsync_queued=1 (a second click): wait for the new document.
  await Promise.all([page.waitForEvent('load'), cell.locator(`.${action} a`).click()]);
  await page.waitForURL(/mvsync_queued=1/);
}

async function listScreens(page, shot) {
  // Products: every product was imported above, so the page shows them synced.
  await page.goto(`${BASE_URL}/wp-admin/edit.php?post_type=product`);
  await page.waitForSelector('.column-mvsync_status .mvsync-status');
  const productStatuses = await listStatuses(page);
  const productIds = Object.keys(productStatuses);
  check('the products list shows a Megaventory status per row', productIds.length >= 20, `${productIds.length} rows`);
  check('imported products show as synced', productIds.filter((id) => productStatuses[id] === 'synced').length >= productIds.length - 1, JSON.stringify(Object.values(productStatuses).reduce((n, s) => ({ ...n, [s]: (n[s] || 0) + 1 }), {})));
  const syncedTitle = await page.locator('.mvsync-status-synced').first().textContent();
  check('a synced product shows its Megaventory id', /Synced: #\d+/.test(syncedTitle), syncedTitle);
  await shot('07-products-list');

  // "Sync now" on a product: queued at the head (pending), then synced again by the drainer.
  const productId = productIds[0];
  await clickRowAction(page, productId, 'mvsync-sync-now');
  const queuedNotice = await page.locator('.mvsync-queued-notice').textContent();
  check('"Sync now" reports the product queued', /1 item queued/.test(queuedNotice), queuedNotice.trim());
  const productAfter = await waitUntilSynced(page, 'product', productId);
  check('the product turns to synced after "Sync now"', productAfter === 'synced', productAfter);

  // Orders (legacy screen on the stand-in): the seeded order is not linked until "Sync now".
  await page.goto(`${BASE_URL}/wp-admin/edit.php?post_type=shop_order`);
  await page.waitForSelector('.column-mvsync_status .mvsync-status');
  const orderBefore = (await listStatuses(page))[String(ORDER_ID)];
  check('the orders list shows the order as not linked', orderBefore === 'not_linked', orderBefore);
  await shot('08-orders-list-before');
  await clickRowAction(page, ORDER_ID, 'mvsync-sync-now');
  const orderQueued = (await listStatuses(page))[String(ORDER_ID)];
  check('after "Sync now" the order is pending or already synced', ['pending', 'synced'].includes(orderQueued), orderQueued);
  const orderAfter = await waitUntilSynced(page, 'order', ORDER_ID);
  check('the order turns to synced after "Sync now"', orderAfter === 'synced', orderAfter);
  const orderLabel = await page.locator(`.mvsync-cell[data-mvsync-id="${ORDER_ID}"] .mvsync-status`).textContent();
  check('the synced order names its sales order', /Synced: sales order \d+/.test(orderLabel), orderLabel);
  const resend = await page.locator(`.mvsync-cell[data-mvsync-id="${ORDER_ID}"] .mvsync-sync-now a`).textContent();
  check('a synced order offers "Resend to Megaventory"', resend === 'Resend to Megaventory', resend);
  await shot('09-orders-list-synced');

  // Resend cannot duplicate: the engine finds the link (or the reference) and creates nothing.
  const salesOrders = async () => {
    const response = await fetch(`${SIM_URL}/v2017a/json/reply/SalesOrderGet`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ APIKEY: process.env.API_KEY || 'admin-ui-test@m1' }),
    });
    return ((await response.json()).mvSalesOrders || []).length;
  };
  const ordersBefore = await salesOrders();
  await clickRowAction(page, ORDER_ID, 'mvsync-sync-now');
  const afterResend = await waitUntilSynced(page, 'order', ORDER_ID);
  const ordersAfter = await salesOrders();
  check('"Resend to Megaventory" creates no second sales order', afterResend === 'synced' && ordersAfter === ordersBefore, `${ordersBefore} → ${ordersAfter} sales orders`);

  // A page left while its drainer holds a change hands the change back (pagehide →
  // outbox/release): the next page's drainer finishes it at once, not after the 300 s lease.
  // Megaventory is made slow so that the drainer is surely holding the row when the page goes.
  const setSimFaults = (faults) => fetch(`${SIM_URL}/_sim/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(faults) });
  // The queue's counts once they match `want` ('held': a row leased; 'idle': nothing queued).
  const queueWhen = (want, timeout) => until(page, async (wanted) => {
    const config = window.mvsyncDrainerConfig;
    if (!config) return null; // still between pages
    const stats = await fetch(new URL(`${config.restRoot}outbox/stats`), { headers: { 'X-WP-Nonce': config.restNonce } }).then((r) => r.json());
    const counts = stats.counts || {};
    const matches = wanted === 'held' ? counts.leased >= 1 : counts.pending === 0 && counts.leased === 0;
    return matches ? counts : null;
  }, want, timeout).catch(() => null);
  await setSimFaults({ latency_ms: 8000 });
  let heldWhenLeft = null;
  let leftAt = Date.now();
  try {
    await page.goto(`${BASE_URL}/wp-admin/edit.php?post_type=product`);
    await clickRowAction(page, productId, 'mvsync-sync-now');
    heldWhenLeft = await queueWhen('held', 30000);
    await page.goto(`${BASE_URL}/wp-admin/edit.php?post_type=shop_order`);
    leftAt = Date.now();
  } finally {
    await setSimFaults({ latency_ms: 20 });
  }
  const handedBack = await queueWhen('idle', 60000);
  const seconds = ((Date.now() - leftAt) / 1000).toFixed(1);
  // Seen once on a machine loaded far beyond CI (not reproduced since): say where the row stood.
  const whereItStood = handedBack !== null ? '' : await page.evaluate(async () => {
    const config = window.mvsyncDrainerConfig;
    if (!config) return 'no drainer on the page';
    const get = (path, query) => {
      const url = new URL(`${config.restRoot}${path}`);
      Object.entries(query || {}).forEach(([key, value]) => url.searchParams.set(key, value));
      return fetch(url, { headers: { 'X-WP-Nonce': config.restNonce } }).then((r) => r.json());
    };
    const [stats, logs] = await Promise.all([get('outbox/stats'), get('logs', { per_page: '8' })]);
    return JSON.stringify({ counts: stats.counts, log: (logs.items || []).map((item) => `${item.created_at} ${item.level} ${String(item.message).slice(0, 160)}`) });
  }).catch((error) => String(error));
  check('a page left while its drainer holds a change hands it back: the next page finishes it long before the 300 s lease',
    heldWhenLeft !== null && handedBack !== null,
    heldWhenLeft === null ? 'the drainer never held the row' : `${handedBack ? 'done' : 'still queued'} ${seconds} s after leaving ${whereItStood}`);

  // Preview link: the admin page opens the preview of that order.
  await page.goto(`${BASE_URL}${PAGE_PATH}#preview=order:${ORDER_ID}`);
  await page.waitForSelector('#mvsync-app[data-ready="1"]');
  await page.waitForSelector('.mvsync-preview-output h3, .mvsync-preview-output .notice', { timeout: 60000 });
  const previewTitle = await page.locator('.mvsync-preview-output').textContent();
  check('the Preview link opens that order in the preview', previewTitle.includes(`#${ORDER_ID}`), previewTitle.slice(0, 120));
  await shot('10-preview-from-list');
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  // Failed loads of outside resources (avatars: the machine has no network) are not our errors.
  page.on('console', (message) => { if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) pageErrors.push(message.text()); });
  page.on('dialog', (dialog) => dialog.accept());
  const shot = (name) => page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });

  try {
    // Log in as a shop manager (manage_woocommerce, not an administrator).
    await page.goto(`${BASE_URL}/wp-login.php`);
    await page.fill('#user_login', 'shopmanager');
    await page.fill('#user_pass', 'shopmanager-password');
    await Promise.all([page.waitForURL(/wp-admin/), page.click('#wp-submit')]);
    check('shop manager logs in', /wp-admin/.test(page.url()), page.url());
    // php -S does not map /wp-admin/ to its index.php: name the dashboard's file.
    await page.goto(`${BASE_URL}/wp-admin/index.php`);

    // One background drainer per browser: a second wp-admin tab waits for the lock.
    const drainerLock = async (kind) => (await navigator.locks.query())[kind].filter((lock) => lock.name === 'mvsync-drainer').length;
    await until(page, drainerLock, 'held');
    const second = await context.newPage();
    await second.goto(`${BASE_URL}/wp-admin/index.php`);
    await until(second, drainerLock, 'pending');
    const locks = { held: await second.evaluate(drainerLock, 'held'), pending: await second.evaluate(drainerLock, 'pending') };
    check('one drainer holds the lock, the second tab waits', locks.held === 1 && locks.pending === 1, JSON.stringify(locks));
    await second.close();

    // The page: time to interactive = navigation start → the app has loaded config, queue and checkpoints.
    await openPage(page);
    const interactiveMs = await page.evaluate(() => {
      const mark = performance.getEntriesByName('mvsync-interactive')[0];
      return mark ? Math.round(mark.startTime) : null;
    });
    console.log(`admin page time to interactive: ${interactiveMs} ms (navigation start → panels loaded)`);
    // For ./build.sh bench: repeated loads give a median and p95 instead of one sample.
    const ttiSamples = Number(process.env.TTI_SAMPLES || 0);
    if (ttiSamples > 0) {
      const loads = [];
      for (let i = 0; i < ttiSamples; i++) {
        await openPage(page);
        loads.push(await page.evaluate(() => performance.getEntriesByName('mvsync-interactive')[0].startTime));
      }
      loads.sort((a, b) => a - b);
      const at = (q) => Math.round(loads[Math.min(loads.length - 1, Math.ceil(q * loads.length) - 1)]);
      console.log(`admin page time to interactive over ${ttiSamples} loads: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`);
    }
    check('the page becomes interactive', interactiveMs !== null);
    const looksNative = await page.evaluate(() => Boolean(document.querySelector('.wrap h1') && document.querySelector('.nav-tab-wrapper') && document.querySelector('#adminmenu') && document.querySelector('#mvsync-app .card')));
    check('the page sits in wp-admin with its own classes', looksNative);
    const keyText = await page.locator('#mvsync-connection [data-field="key"] td').textContent();
    check('connection panel shows the stored key', /Stored|Valid/.test(keyText), keyText);
    const engineNotice = await page.locator('.mvsync-engine-notice').textContent();
    check('the engine loads in its worker', engineNotice.trim() === '', engineNotice.trim());

    // Queue panel: counts, the failed change with its error as text, the link to the product.
    const deadCount = await page.locator('.mvsync-count[data-status="dead"] .mvsync-count-value').textContent();
    check('queue panel shows one failed change', deadCount.trim() === '1', deadCount);
    const errorText = await page.locator('.mvsync-dead-table .mvsync-error-text').first().textContent();
    check('the error is shown as text', errorText.includes('<img src=x onerror='), errorText);
    const href = await page.locator('.mvsync-dead-table a').first().getAttribute('href');
    check('the failed change links to its product', href.includes(`post.php?post=${XSS_PRODUCT_ID}&action=edit`), href);
    await shot('01-overview');

    // Initial synchronisation to the end.
    await card(page, 'initial').locator('button.button-primary').click();
    const initial = await waitForState(page, 'initial', ['done', 'failed']);
    check('initial synchronisation finishes', initial.state === 'done', `${initial.state}: ${initial.messages}`);

    // Product import: reload in the middle, see it continue from the checkpoint, then 100 %.
    await card(page, 'products').locator('button.button-primary').click();
    const midway = await until(page, () => {
      const element = document.querySelector('.mvsync-job[data-job="products"]');
      if (!element) return null;
      if (['failed', 'done', 'cancelled'].includes(element.dataset.state)) return element.dataset.state;
      return Number(element.dataset.done) > 0 && Number(element.dataset.done) < Number(element.dataset.total) ? 'midway' : null;
    }, null, JOB_TIMEOUT_MS);
    if (midway !== 'midway') throw new Error(`the product import ended before it could be reloaded: ${midway} ${JSON.stringify(await cardInfo(page, 'products'))}`);
    // Wait for a saved checkpoint so the reload has something to resume from.
    await until(page, async () => {
      const answer = await fetch(`${window.mvsyncConfig.restRoot}checkpoints`, { headers: { 'X-WP-Nonce': window.mvsyncConfig.restNonce } }).then((r) => r.json());
      return (answer.checkpoints || []).some((c) => c.job === 'import.products' && c.state && c.state.done > 0);
    }, null, JOB_TIMEOUT_MS);
    const before = await cardInfo(page, 'products');
    await shot('02-import-running');
    await page.reload();
    await page.waitForSelector('#mvsync-app[data-ready="1"]');
    const afterReload = await cardInfo(page, 'products');
    check('after a reload the import shows its checkpoint', afterReload.done > 0 && afterReload.total === PRODUCT_COUNT, `before ${before.done}/${before.total}, after reload ${afterReload.done}/${afterReload.total} (${afterReload.state})`);
    const initialAfterReload = await cardInfo(page, 'initial');
    check('after a reload the initial synchronisation shows as finished', initialAfterReload.state === 'done', `${initialAfterReload.state}: ${initialAfterReload.messages}`);
    check('after a reload the import continues by itself', ['running', 'done'].includes(afterReload.state), afterReload.state);
    // Pause and resume the continued import (when it is still running).
    if ((await cardInfo(page, 'products')).state === 'running') {
      await card(page, 'products').locator('button', { hasText: 'Pause' }).click();
      const paused = await cardInfo(page, 'products');
      check('pause shows the import paused', paused.state === 'paused' || paused.state === 'done', paused.state);
      if (paused.state === 'paused') await card(page, 'products').locator('button', { hasText: 'Resume' }).click();
    }
    const finished = await waitForState(page, 'products', ['done', 'failed', 'cancelled']);
    check('product import reaches 100 %', finished.state === 'done' && finished.done === PRODUCT_COUNT && finished.total === PRODUCT_COUNT
      && finished.progressValue === finished.progressMax, `${finished.state} ${finished.done}/${finished.total}, bar ${finished.progressValue}/${finished.progressMax}; ${finished.figures}`);
    check('the progress line says 100 %', finished.figures.includes('(100 %)'), finished.figures);
    const products = await simProducts();
    const skus = new Set(products.map((product) => product.ProductSKU));
    check('every product reached Megaventory exactly once', products.length === PRODUCT_COUNT && skus.size === PRODUCT_COUNT, `${products.length} products, ${skus.size} SKUs`);
    await shot('03-import-done');

    // Retry the failed change from the queue panel.
    await page.locator(`.mvsync-dead-table input[value="${DEAD_ROW_ID}"]`).check();
    await page.locator('.mvsync-queue button.button-primary', { hasText: 'Retry' }).click();
    await page.waitForSelector('.mvsync-queue-feedback .notice-success');
    const feedback = await page.locator('.mvsync-queue-feedback').textContent();
    check('retry puts the failed change back in the queue', /1 change queued/.test(feedback), feedback.trim());
    // The background drainer (this browser's lock holder) processes the retried change.
    const drained = await until(page, async () => {
      const stats = await fetch(`${window.mvsyncConfig.restRoot}outbox/stats`, { headers: { 'X-WP-Nonce': window.mvsyncConfig.restNonce } }).then((r) => r.json());
      const counts = stats.counts || {};
      return counts.pending === 0 && counts.leased === 0 && counts.dead === 0 && counts.done >= 1 ? counts : null;
    }, null, 60000).catch((error) => error.message);
    check('the background drainer synchronises the retried change', typeof drained === 'object', JSON.stringify(drained));
    await page.locator('.mvsync-queue button', { hasText: 'Refresh' }).click();
    await page.waitForSelector('.mvsync-dead p');
    await shot('04-queue-drained');

    // Preview: the product named <script>…</script> is shown as text and never runs.
    await page.goto(`${BASE_URL}${PAGE_PATH}#preview`);
    await page.waitForSelector('#mvsync-app[data-ready="1"]');
    await page.fill('#mvsync-preview-search', 'pwned');
    await page.click('.mvsync-preview-form button[type="submit"]');
    await page.waitForSelector('.mvsync-preview-results tr, .mvsync-preview-results .notice, .mvsync-preview-results p');
    const listed = await page.locator('.mvsync-preview-results').textContent();
    check('a name with a script tag is listed as text', listed.includes('<script>window.__pwned=1</script>'), listed.slice(0, 120));
    const showButton = page.locator('.mvsync-preview-results button').first();
    if (await showButton.count()) {
      await showButton.click();
      await page.waitForSelector('.mvsync-preview-request, .mvsync-preview-output .notice, .mvsync-preview-output p:not(:empty)', { timeout: 60000 });
      await page.waitForFunction(() => !/Checking/.test(document.querySelector('.mvsync-preview-output').textContent), null, { timeout: 60000 });
      const output = await page.locator('.mvsync-preview-output').textContent();
      check('preview shows the Megaventory request of the product', /ProductUpdate/.test(output), output.slice(0, 160));
    } else {
      check('preview shows the Megaventory request of the product', false, 'no product found to preview');
    }
    await shot('05-preview');

    const pwned = await page.evaluate(() => window.__pwned);
    check('no injected script ran', pwned === undefined, String(pwned));

    // Log: paged and filterable.
    await page.goto(`${BASE_URL}${PAGE_PATH}#log`);
    await page.waitForSelector('.mvsync-log-table, .mvsync-log-body p');
    const rows = await page.locator('.mvsync-log-table tbody tr').count();
    check('the log lists entries', rows > 0, `${rows} rows`);
    await page.selectOption('#mvsync-log-level', 'error');
    await Promise.all([
      page.waitForResponse((response) => /logs/.test(response.url()) && /level=error/.test(response.url())),
      page.click('.mvsync-log .tablenav.top button'),
    ]);
    // The old rows stay until the answer is rendered: wait for the panel to stop being busy.
    await page.waitForFunction(() => !document.querySelector('.mvsync-log').hasAttribute('aria-busy'));
    const levels = await page.locator('.mvsync-log-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.level));
    check('the level filter shows only that level', levels.every((level) => level === 'error'), JSON.stringify([...new Set(levels)]));
    await shot('06-log');

    // WooCommerce's own screens: the status column on the products and orders lists, and
    // "Sync now", which the background drainer (running on every wp-admin page) carries out.
    await listScreens(page, shot);

    check('no JavaScript errors on the page', pageErrors.length === 0, pageErrors.slice(0, 3).join(' | '));

    // A server that sends the .wasm as text/plain: the worker falls back from streaming
    // compilation to fetch + initSync. A fresh browser context, so nothing comes from the cache.
    const flag = process.env.MVSYNC_WRONG_WASM_MIME;
    fs.writeFileSync(flag, '');
    const fresh = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const freshPage = await fresh.newPage();
    await freshPage.goto(`${BASE_URL}/wp-login.php`);
    await freshPage.fill('#user_login', 'shopmanager');
    await freshPage.fill('#user_pass', 'shopmanager-password');
    await Promise.all([freshPage.waitForURL(/wp-admin/), freshPage.click('#wp-submit')]);
    await openPage(freshPage);
    const keyState = await until(freshPage, () => {
      const text = document.querySelector('#mvsync-connection [data-field="key"] td').textContent;
      const failed = document.querySelector('.mvsync-engine-notice').textContent.trim();
      return failed || (/Valid/.test(text) ? text : null);
    }, null, 60000).catch((error) => error.message);
    const served = fs.readFileSync(flag, 'utf8').split('\n').filter(Boolean).length;
    fs.unlinkSync(flag);
    check('the engine loads although the .wasm comes as text/plain', served > 0 && keyState === 'Valid', `${served} wasm answers as text/plain; key: ${keyState}`);
    await fresh.close();
  } catch (error) {
    check('browser test ran to the end', false, String(error && error.stack ? error.stack.split('\n').slice(0, 3).join(' ') : error));
    await shot('99-failure').catch(() => {});
  } finally {
    await browser.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main();
