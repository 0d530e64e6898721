// Read-only check of the admin page on real WooCommerce (the wc-rig, see /work/shared/wc-rig):
// logs in, opens the page, prints its time to interactive, checks that the engine loads in its
// worker (nginx must serve the .wasm), previews the first customer or product through the real
// wc/v3 routes, and screenshots both views. Nothing is written to the shop.
//   BASE_URL, WP_USER, WP_PASS, SCREENSHOT_DIR; prints "N passed, N failed".
const { chromium } = require('playwright-core');

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) passed += 1; else failed += 1;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}

(async () => {
  const { BASE_URL, WP_USER, WP_PASS, SCREENSHOT_DIR } = process.env;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const errors = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${BASE_URL}/wp-login.php`);
    await page.fill('#user_login', WP_USER);
    await page.fill('#user_pass', WP_PASS);
    await Promise.all([page.waitForURL(/wp-admin/), page.click('#wp-submit')]);
    await page.goto(`${BASE_URL}/wp-admin/admin.php?page=mvsync`);
    await page.waitForSelector('#mvsync-app[data-ready="1"]', { timeout: 60000 });
    const interactive = await page.evaluate(() => Math.round(performance.getEntriesByName('mvsync-interactive')[0].startTime));
    console.log(`admin page time to interactive on the rig: ${interactive} ms`);
    check('the page is in WooCommerce’s menu', await page.locator('#adminmenu a[href*="page=mvsync"]').count() > 0);
    await page.waitForTimeout(1000);
    const engineNotice = (await page.locator('.mvsync-engine-notice').textContent()).trim();
    check('the engine loads in its worker', engineNotice === '', engineNotice);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/rig-overview.png`, fullPage: true });

    await page.goto(`${BASE_URL}/wp-admin/admin.php?page=mvsync#preview`);
    await page.waitForSelector('#mvsync-app[data-ready="1"]');
    let shown = false;
    for (const kind of ['product', 'customer']) {
      await page.selectOption('#mvsync-preview-kind', kind);
      await page.click('.mvsync-preview-form button[type="submit"]');
      await page.waitForSelector('.mvsync-preview-results > *');
      const button = page.locator('.mvsync-preview-results button').first();
      if (!(await button.count())) continue;
      await button.click();
      await page.waitForSelector('.mvsync-preview-request, .mvsync-preview-output .notice', { timeout: 30000 });
      const output = await page.locator('.mvsync-preview-output').textContent();
      check(`preview of a real ${kind}`, /Update/.test(output), output.slice(0, 120));
      shown = true;
      break;
    }
    if (!shown) console.log('(the rig has no product or customer to preview)');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/rig-preview.png`, fullPage: true });
    check('no JavaScript errors', errors.length === 0, errors.slice(0, 2).join(' | '));
  } catch (error) {
    check('rig check ran to the end', false, String(error));
  } finally {
    await browser.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
})();
