// Stored XSS in headless Chromium: after xss-seed.php put script-bearing text into every entity
// name and message the plugin can render (products, customer, coupon, order, link label, failed
// changes and their hover titles, log lines, parked updates, a checkpoint) and the
// simulator answers with script in the account description and the currency, every tab and panel
// of the admin page and the plugin's parts of WooCommerce's screens are opened: no payload may run
// (window.__xss stays unset, no dialog opens) and the text must be shown literally.
// Run by tests/admin-ui/run.sh after browser-test.cjs, with BASE_URL, SIM_URL, XSS_SEED (the
// seed's JSON line), SCREENSHOT_DIR. Prints one line per check and ends with "N passed, N failed".
const { chromium } = require('playwright-core');

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const BASE_URL = env('BASE_URL');
const SIM_URL = env('SIM_URL');
const SEED = JSON.parse(env('XSS_SEED'));
const SCREENSHOT_DIR = env('SCREENSHOT_DIR');
const API_KEY = process.env.API_KEY || 'admin-ui-test@m1';
const PAYLOADS = Object.values(SEED.payloads);
const PAGE_PATH = '/wp-admin/admin.php?page=mvsync';

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) passed += 1; else failed += 1;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
  return ok;
}

// Megaventory itself answers with markup: the account description and the default currency.
async function simulatorAnswersWithScript() {
  const answers = [
    {
      operation: 'APIKeyGet', times: 200,
      json: { ResponseStatus: { ErrorCode: '0', Message: `Valid API Key. User role: Administrator ${SEED.payloads.img}` } },
    },
    {
      operation: 'CurrencyGet', times: 200,
      json: {
        mvCurrencies: [{ CurrencyId: 1, CurrencyCode: SEED.payloads.svg, CurrencyDescription: SEED.payloads.script, CurrencySymbol: SEED.payloads.details, CurrencyIsDefault: true, CurrencyInReports: true }],
        ResponseStatus: { ErrorCode: '0', Message: '' },
      },
    },
  ];
  const response = await fetch(`${SIM_URL}/_sim/canned-answers`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ answers }) });
  check('the simulator takes the canned answers', response.ok, String(response.status));
  return response.ok;
  // A location named with markup, in the simulator's data (the admin page lists no location names
  // today; if it ever does, it is exercised here).
  await fetch(`${SIM_URL}/v2017a/json/reply/InventoryLocationUpdate`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ APIKEY: API_KEY, mvInventoryLocation: { InventoryLocationName: SEED.payloads.details, InventoryLocationAbbreviation: 'XSS' }, mvRecordAction: 'Insert' }),
  }).catch(() => {});
}

async function settle(page) {
  await page.waitForLoadState('load');
  // Let scripts, the app's REST calls and any late event handlers (onload, ontoggle) run.
  await page.waitForTimeout(1200);
}

async function main() {
  const canned = await simulatorAnswersWithScript();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  const dialogs = [];
  page.on('dialog', (dialog) => { dialogs.push(`${dialog.type()}: ${dialog.message()}`); dialog.dismiss().catch(() => {}); });
  const executed = async () => page.evaluate(() => window.__xss);

  // Opens a page, then looks: payload flag, dialogs, and the literal texts expected there.
  async function visit(name, path, { ready, literal = [], before } = {}) {
    const dialogsBefore = dialogs.length;
    await page.goto(`${BASE_URL}${path}`);
    if (ready) await page.waitForSelector(ready, { timeout: 60000 });
    if (before) await before();
    await settle(page);
    const flag = await executed();
    check(`${name}: no injected script ran`, flag === undefined, String(flag));
    check(`${name}: no dialog opened`, dialogs.length === dialogsBefore, dialogs.slice(dialogsBefore).join(' | '));
    if (literal.length) {
      const text = await page.evaluate(() => document.body.innerText);
      const missing = literal.filter((wanted) => !text.includes(wanted));
      check(`${name}: the markup is shown as text`, missing.length === 0, missing.length ? `missing ${JSON.stringify(missing.map((m) => m.slice(0, 40)))}` : `${literal.length} texts`);
    }
    await page.screenshot({ path: `${SCREENSHOT_DIR}/xss-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`, fullPage: true });
  }

  try {
    // The detector itself: each payload, rendered as HTML, does set the flag (so "unset" below
    // means escaped, not "the payload could never have run").
    for (const [kind, payload] of Object.entries(SEED.payloads)) {
      await page.setContent(`<!doctype html><body><div title='x'>${payload}</div></body>`);
      await page.waitForTimeout(300);
      const ran = await executed();
      check(`the ${kind} payload runs when it is not escaped`, ran === kind, String(ran));
    }
    await page.goto(`${BASE_URL}/wp-login.php`);
    await page.fill('#user_login', 'admin');
    await page.fill('#user_pass', 'admin-password');
    await Promise.all([page.waitForURL(/wp-admin/), page.click('#wp-submit')]);
    check('administrator logs in', /wp-admin/.test(page.url()), page.url());

    const appReady = '#mvsync-app[data-ready="1"]';
    // Overview: connection (account and currency from Megaventory), queue with the failed changes, jobs.
    await visit('admin page overview', PAGE_PATH, {
      ready: appReady,
      before: async () => {
        await page.waitForFunction(() => /Valid API Key/.test((document.querySelector('#mvsync-connection') || {}).innerText || ''), null, { timeout: 60000 }).catch(() => {});
        await page.waitForSelector('.mvsync-dead-table', { timeout: 30000 }).catch(() => {});
      },
      literal: [...(canned ? [SEED.payloads.img, SEED.payloads.svg] : []), ...PAYLOADS.map((payload) => `product.invalid (${Object.keys(SEED.payloads).find((k) => SEED.payloads[k] === payload)}): ${payload}`)],
    });
    await visit('admin page log view', `${PAGE_PATH}#log`, {
      ready: appReady,
      before: async () => { await page.waitForSelector('#mvsync-log table, #mvsync-log .mvsync-log-body *', { timeout: 30000 }).catch(() => {}); },
      literal: Object.entries(SEED.payloads).map(([kind, payload]) => `log line (${kind}): ${payload}`),
    });
    const previewReady = '.mvsync-preview-output h3, .mvsync-preview-output .notice';
    for (const [kind, id, literal] of [
      ['product', SEED.products.script, [SEED.payloads.script]],
      ['product', SEED.products.svg, [SEED.payloads.svg]],
      // WordPress strips tags from user names when it stores them: nothing literal to look for.
      ['customer', SEED.customer, []],
      ['order', SEED.order, []],
      // WordPress strips the tag from a coupon code (a post title); the quote and ">" remain.
      ['coupon', SEED.coupon, ['Coupon: xss-coupon">']],
    ]) {
      await visit(`admin page preview of ${kind} ${id}`, `${PAGE_PATH}#preview=${kind}:${id}`, {
        ready: appReady,
        before: async () => { await page.waitForSelector(previewReady, { timeout: 60000 }).catch(() => {}); },
        literal,
      });
    }
    await visit('settings tab', `${PAGE_PATH}&tab=settings`, {});
    await visit('failed changes tab', `${PAGE_PATH}&tab=outbox`, {
      literal: [
        ...Object.entries(SEED.payloads).map(([kind, payload]) => `order.invalid (${kind}): ${payload}`),
        ...Object.entries(SEED.payloads).map(([kind, payload]) => `parked (${kind}): ${payload}`),
        `code-${SEED.payloads.script}`,
      ],
    });
    await visit('log tab', `${PAGE_PATH}&tab=log`, { literal: Object.entries(SEED.payloads).map(([kind, payload]) => `log line (${kind}): ${payload}`) });

    // WooCommerce's screens: the status column, its hover title, the boxes.
    await visit('products list', '/wp-admin/edit.php?post_type=product', { ready: '.column-mvsync_status .mvsync-status' });
    const badgeTitle = (id) => page.locator(`.mvsync-cell[data-mvsync-id="${id}"] .mvsync-status`).getAttribute('title').catch(() => null);
    const productTitle = await badgeTitle(SEED.products.img);
    check('a failed product\'s error is its badge\'s title, as text', productTitle === `product.invalid (details): ${SEED.payloads.details}`, String(productTitle).slice(0, 80));
    await visit('orders list', '/wp-admin/edit.php?post_type=shop_order', {
      ready: '.column-mvsync_status .mvsync-status',
      literal: [`(SO 10 · ${SEED.payloads.svg} · ${SEED.payloads.script})`],
    });
    const orderTitle = await badgeTitle(SEED.order);
    check('a failed order\'s error is its badge\'s title, as text', orderTitle === `order.invalid (details): ${SEED.payloads.details}`, String(orderTitle).slice(0, 80));
    await visit('users list', '/wp-admin/users.php', { ready: '.column-mvsync_status' });
    await visit('order edit screen', `/wp-admin/post.php?post=${SEED.order}&action=edit`, {
      ready: '#mvsync-box',
      literal: [`SO 9 · ${SEED.payloads.img} · ${SEED.payloads.details}`, `log line (svg): ${SEED.payloads.svg}`, `order.invalid (details): ${SEED.payloads.details}`],
    });
    await visit('product edit screen', `/wp-admin/post.php?post=${SEED.products.img}&action=edit`, { ready: '#mvsync-box' });
    await visit('coupon edit screen', `/wp-admin/post.php?post=${SEED.coupon}&action=edit`, {});
    await visit('user edit screen', `/wp-admin/user-edit.php?user_id=${SEED.customer}`, {});
    await visit('dashboard with the queue notice', '/wp-admin/index.php', { ready: '.mvsync-queue-notice' });
  } catch (error) {
    check('the XSS walk completed', false, String(error && error.stack || error).slice(0, 400));
  } finally {
    await fetch(`${SIM_URL}/_sim/canned-answers/clear`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).catch(() => {});
    await browser.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
