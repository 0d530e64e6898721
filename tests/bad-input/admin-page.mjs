// One admin-page load in headless Chromium (Debian's, driven by playwright-core from NODE_PATH,
// installed by tests/admin-ui/run.sh): the text of the log panel for the error and warning
// levels, every page of each, as an administrator sees it.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function playwright() {
  const paths = (process.env.NODE_PATH || '').split(':').filter(Boolean);
  return require(require.resolve('playwright-core', { paths }));
}

export async function pageTexts(siteUrl) {
  const { chromium } = playwright();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const pageErrors = [];
  try {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => { if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) pageErrors.push(message.text()); });
    await page.goto(`${siteUrl}/wp-login.php`);
    await page.fill('#user_login', 'admin');
    await page.fill('#user_pass', 'admin-password');
    await Promise.all([page.waitForURL(/wp-admin/), page.click('#wp-submit')]);
    await page.goto(`${siteUrl}/wp-admin/admin.php?page=mvsync#log`);
    await page.waitForSelector('.mvsync-log-table, .mvsync-log-body p', { timeout: 30000 });
    let log = '';
    for (const level of ['error', 'warning']) {
      await page.selectOption('#mvsync-log-level', level);
      await Promise.all([
        page.waitForResponse((r) => /logs/.test(r.url()) && r.url().includes(`level=${level}`)),
        page.click('.mvsync-log .tablenav.top button'),
      ]);
      for (let pageNo = 1; pageNo <= 40; pageNo += 1) {
        // The answer has arrived; wait until it is on screen. "Page 1 of 2" already holds a 2, so
        // the page number is matched where it stands, and only once the panel is no longer busy.
        await page.waitForFunction((n) => {
          const panel = document.querySelector('.mvsync-log');
          const paging = (panel && panel.querySelector('.paging-input')) || {};
          return panel && !panel.hasAttribute('aria-busy') && new RegExp(`^\\D*${n}\\D+\\d+\\D*$`).test(paging.textContent || '');
        }, pageNo, { timeout: 15000 });
        log += await page.locator('.mvsync-log-body').innerText();
        const older = page.locator('.mvsync-log .tablenav.bottom button').nth(1);
        if (await older.isDisabled()) break;
        await Promise.all([page.waitForResponse((r) => /logs/.test(r.url()) && r.url().includes(`page=${pageNo + 1}`)), older.click()]);
      }
    }
    return { log, pageErrors };
  } finally {
    await browser.close();
  }
}
