// Megaventory inside WooCommerce's own screens on real WooCommerce (the wc-rig): the status column
// on the products, orders (HPOS or legacy, whichever the rig uses) and users lists, the order and
// product boxes, and the purchase price field. Read-only: the background drainer script is
// blocked, so this browser processes nothing of the shared rig's queue, and nothing is clicked
// that writes.
//   BASE_URL, WP_USER, WP_PASS, SCREENSHOT_DIR, LABEL (file name part, e.g. "hpos"); prints
//   "N passed, N failed".
const { chromium } = require('playwright-core');

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) passed += 1; else failed += 1;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}

const statusesOf = (page) => page.locator('.mvsync-cell').evaluateAll((cells) => cells.map((cell) => ({
  id: cell.dataset.mvsyncId,
  status: cell.querySelector('.mvsync-status').dataset.mvsyncStatus,
})));
const tally = (rows) => JSON.stringify(rows.reduce((n, row) => ({ ...n, [row.status]: (n[row.status] || 0) + 1 }), {}));

(async () => {
  const { BASE_URL, WP_USER, WP_PASS, SCREENSHOT_DIR } = process.env;
  const label = process.env.LABEL || 'rig';
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const errors = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.route(/drainer\.js/, (route) => route.abort());
    await page.goto(`${BASE_URL}/wp-login.php`);
    await page.fill('#user_login', WP_USER);
    await page.fill('#user_pass', WP_PASS);
    await Promise.all([page.waitForURL(/wp-admin/), page.click('#wp-submit')]);

    await page.goto(`${BASE_URL}/wp-admin/edit.php?post_type=product`);
    const products = await statusesOf(page);
    check('products list: a status per row', products.length > 0 && await page.locator('th#mvsync_status, th.column-mvsync_status').count() > 0, `${products.length} rows ${tally(products)}`);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/rig-${label}-products-list.png`, fullPage: true });

    const hpos = label.includes('nohpos') ? false : true;
    await page.goto(`${BASE_URL}/wp-admin/${hpos ? 'admin.php?page=wc-orders' : 'edit.php?post_type=shop_order'}`);
    const orders = await statusesOf(page);
    check(`orders list (${hpos ? 'HPOS' : 'legacy'}): a status per row`, orders.length > 0, `${orders.length} rows ${tally(orders)}`);
    const bulk = await page.locator('select[name="action"] option[value="mvsync_bulk_sync"]').count();
    check('orders list offers the bulk action "Sync to Megaventory"', bulk > 0);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/rig-${label}-orders-list.png`, fullPage: true });

    if (orders.length > 0) {
      const id = orders[0].id;
      await page.goto(`${BASE_URL}/wp-admin/${hpos ? `admin.php?page=wc-orders&action=edit&id=${id}` : `post.php?post=${id}&action=edit`}`);
      const box = await page.locator('#mvsync-box').count();
      const boxText = box ? (await page.locator('#mvsync-box').textContent()).replace(/\s+/g, ' ').trim() : '';
      check('order screen: the Megaventory box', box === 1 && /Sync attempts/.test(boxText), boxText.slice(0, 160));
      await page.screenshot({ path: `${SCREENSHOT_DIR}/rig-${label}-order-box.png`, fullPage: true });
    }

    if (products.length > 0) {
      await page.goto(`${BASE_URL}/wp-admin/post.php?post=${products[0].id}&action=edit`);
      const field = await page.locator('#mvsync_purchase_price').count();
      check('product screen: the purchase price field in the pricing area', field === 1 && await page.locator('.pricing #mvsync_purchase_price, .options_group #mvsync_purchase_price').count() === 1);
      check('product screen: the Megaventory box', await page.locator('#mvsync-box .mvsync-status').count() === 1);
      await page.locator('#woocommerce-product-data').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SCREENSHOT_DIR}/rig-${label}-product-edit.png`, fullPage: true });
    }

    await page.goto(`${BASE_URL}/wp-admin/users.php?role=customer`);
    const users = await statusesOf(page);
    check('users list: customers have a status', users.length > 0, `${users.length} rows ${tally(users)}`);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/rig-${label}-users-list.png`, fullPage: true });

    check('no JavaScript errors', errors.length === 0, errors.slice(0, 3).join(' | '));
  } catch (error) {
    check('rig screens ran to the end', false, String(error && error.stack ? error.stack.split('\n').slice(0, 3).join(' ') : error));
  } finally {
    await browser.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
})();
