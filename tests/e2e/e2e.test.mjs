// The end-to-end suite: every scenario goes through WooCommerce's wc/v3 REST API, the plugin's
// hooks and outbox, the WASM engine in the Node worker, and the Megaventory simulator, and asserts
// on the simulator's state and on what WooCommerce answers. Started by tests/e2e/run.sh, against
// the WooCommerce stand-in or (E2E_WOOCOMMERCE=rig) real WooCommerce.
//
// Deadlines ("within seconds") are correctness bounds, not timing measurements.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  restClient, runWorker, simState, site, startWorker, waitFor, wp, workerEnv,
} from '../worker/helpers.mjs';

const MODE = process.env.MVSYNC_E2E_MODE || 'standin';
const STAMP = process.env.MVSYNC_E2E_STAMP || `E2E${Date.now().toString(36).toUpperCase()}`;
const stamp = STAMP.toLowerCase();
const HELPER = JSON.parse(process.env.MVSYNC_E2E_HELPER || '[]');
// Real WooCommerce answers one save in a few hundred ms and the worker's rows queue behind each
// other (and behind other users of the shared rig), so its deadline is wider.
const WITHIN_MS = MODE === 'rig' ? 45000 : 15000;
// The shop is edited as an administrator would (shop managers may not create customers); the
// worker acts as the shop manager (`wp`).
const wc = restClient(process.env.MVSYNC_E2E_ADMIN_USER, process.env.MVSYNC_E2E_ADMIN_PASSWORD_FILE);
const env = (extra = {}) => workerEnv({ MVSYNC_API_KEY: process.env.MVSYNC_E2E_API_KEY, ...extra });

/** Runs tests/e2e/site-helper.php on the site under test (stand-in or rig). */
function siteHelper(...args) {
  const out = execFileSync(HELPER[0], [...HELPER.slice(1), ...args], { encoding: 'utf8', env: process.env });
  return JSON.parse(out);
}

const within = (what, check) => waitFor(what, check, { timeoutMs: WITHIN_MS, intervalMs: 100 });
const live = (list) => (list || []).filter((e) => !e.deleted);
const num = (v) => Number(v);
const sim = async (control, body) => {
  const response = await fetch(`${site.simUrl}/_sim/${control}`, { method: 'POST', body: JSON.stringify(body) });
  const json = await response.json();
  if (!response.ok) throw new Error(`/_sim/${control}: ${JSON.stringify(json)}`);
  return json;
};
const simProductsBySku = async (sku) => live((await simState()).mvProducts).filter((p) => p.ProductSKU === sku);
const simProduct = async (sku) => (await simProductsBySku(sku))[0];
const simClients = async (name) => live((await simState()).mvSupplierClients).filter((c) => c.SupplierClientName === name);
const simSalesOrders = async (orderNumber) => ((await simState()).mvSalesOrders || [])
  .filter((o) => String(o.SalesOrderReferenceNo) === String(orderNumber));

// Everything the suite creates in WooCommerce, deleted at the end (the rig is shared).
const created = { products: [], customers: [], coupons: [], taxes: [], orders: [] };
const remember = (kind, entity) => { created[kind].push(entity.id); return entity; };

async function createTaxRate(name, rate, country, extra = {}) {
  return remember('taxes', await wc('POST', 'wc/v3/taxes', {
    country, state: '', rate: String(rate), name, priority: 1, compound: false, shipping: true, class: 'standard', ...extra,
  }));
}

async function createSimple(sku, name, price, extra = {}) {
  return remember('products', await wc('POST', 'wc/v3/products', {
    name, type: 'simple', status: 'publish', sku, regular_price: price, manage_stock: true, stock_quantity: 10, ...extra,
  }));
}

async function createVariable(sku, name, sizes) {
  const parent = remember('products', await wc('POST', 'wc/v3/products', {
    name, type: 'variable', status: 'publish', sku,
    attributes: [{ name: 'Size', options: sizes.map((s) => s.size), visible: true, variation: true }],
  }));
  const variations = [];
  for (const { size, price } of sizes) {
    variations.push(await wc('POST', `wc/v3/products/${parent.id}/variations`, {
      sku: `${sku}-${size}`, regular_price: price, manage_stock: true, stock_quantity: 4,
      attributes: [{ name: 'Size', option: size }],
    }));
  }
  return { parent, variations };
}

const address = (first, country, extra = {}) => ({
  first_name: first, last_name: 'Tester', company: `${STAMP} Co`, address_1: '1 Test Road', address_2: '',
  city: 'Testville', state: '', postcode: '101', country, ...extra,
});

async function createCustomer(handle, country = 'IS') {
  const email = `${stamp}-${handle}@example.test`;
  return remember('customers', await wc('POST', 'wc/v3/customers', {
    email, username: `${stamp}-${handle}`, first_name: handle, last_name: 'Tester', password: `pw-${STAMP}-x9!Q`,
    billing: { ...address(handle, country), email, phone: '+354 555 0100' },
    shipping: address(handle, country, { address_1: '2 Ship Street' }),
  }));
}

async function createCoupon(code, type, amount) {
  return remember('coupons', await wc('POST', 'wc/v3/coupons', { code, discount_type: type, amount: String(amount) }));
}

async function placeOrder(body) {
  return remember('orders', await wc('POST', 'wc/v3/orders', body));
}

// The sample shop: every kind of entity an import handles, with names unique to this run.
const shop = {};

before(async () => {
  shop.vat = await createTaxRate(`${STAMP} VSK`, '24.0000', 'IS');
  shop.mvg = await createTaxRate(`${STAMP} MVG`, '25.0000', 'FO');
  shop.mug = await createSimple(`${STAMP}-MUG`, `${STAMP} Mug & <b>Cup</b>`, '12.50', {
    weight: '0.4', dimensions: { length: '10', width: '8', height: '12' }, description: '<p>A <em>big</em> mug</p>',
  });
  shop.tee = await createVariable(`${STAMP}-TEE`, `${STAMP} Tee`, [{ size: 'S', price: '20.00' }, { size: 'M', price: '22.00' }]);
  shop.ann = await createCustomer('ann');
  shop.bob = await createCustomer('bob', 'FO');
  shop.percent = await createCoupon(`${stamp}-ten`, 'percent', '12.5');
  shop.fixed = await createCoupon(`${stamp}-five`, 'fixed_cart', '5');
});

async function cleanUp() {
  // Orders first (they reference the rest); force = delete for good, not trash.
  for (const id of created.orders) await wc('DELETE', `wc/v3/orders/${id}?force=true`).catch(() => {});
  for (const id of created.products) await wc('DELETE', `wc/v3/products/${id}?force=true`).catch(() => {});
  for (const id of created.customers) await wc('DELETE', `wc/v3/customers/${id}?force=true`).catch(() => {});
  for (const id of created.coupons) await wc('DELETE', `wc/v3/coupons/${id}?force=true`).catch(() => {});
  for (const id of created.taxes) await wc('DELETE', `wc/v3/taxes/${id}?force=true`).catch(() => {});
  for (const list of Object.values(created)) list.length = 0;
}

after(cleanUp);

/** The last JSON report line of a worker command run with --json. */
function reportOf(result) {
  const lines = result.stdout.trim().split('\n').filter(Boolean);
  return JSON.parse(lines[lines.length - 1]);
}

/** A worker command must succeed; on the shared rig, failures of other users' entities are tolerated. */
function assertCommandSucceeded(result, what) {
  if (result.code === 0) return;
  if (MODE === 'rig' && result.code === 5) {
    const ours = (reportOf(result).errors || []).filter((e) => JSON.stringify(e).toLowerCase().includes(stamp));
    assert.deepEqual(ours, [], `${what}: our entities failed`);
    return;
  }
  assert.fail(`${what} exited ${result.code}: ${result.stderr.slice(-1500)}`);
}

test('initial sync and each manual import put every product, variation, client, percentage discount and tax in Megaventory once, with the right fields', async () => {
  const initial = await runWorker(['initial-sync', '--json'], env());
  assertCommandSucceeded(initial, 'initial-sync');
  for (const kind of ['clients', 'products', 'discounts']) {
    const result = await runWorker(['import', kind, '--json'], env());
    assertCommandSucceeded(result, `import ${kind}`);
  }
  const account = await simState();
  const once = (list, pred, what) => {
    const found = live(list).filter(pred);
    assert.equal(found.length, 1, `${what} exists once in Megaventory (found ${found.length})`);
    return found[0];
  };

  const mug = once(account.mvProducts, (p) => p.ProductSKU === `${STAMP}-MUG`, 'the mug');
  assert.equal(mug.ProductDescription, `${STAMP} Mug & Cup`, 'title as plain text');
  assert.equal(num(mug.ProductSellingPrice), 12.5);
  assert.equal(mug.ProductLongDescription, 'A big mug');
  assert.equal(num(mug.ProductWeight), 0.4);
  assert.deepEqual([num(mug.ProductLength), num(mug.ProductBreadth), num(mug.ProductHeight)], [10, 8, 12]);
  for (const [size, price] of [['S', 20], ['M', 22]]) {
    const variation = once(account.mvProducts, (p) => p.ProductSKU === `${STAMP}-TEE-${size}`, `variation ${size}`);
    assert.equal(variation.ProductDescription, `${STAMP} Tee`, 'a variation carries its parent title');
    assert.equal(variation.ProductVersion, `Size: ${size}`);
    assert.equal(num(variation.ProductSellingPrice), price);
  }
  assert.equal(live(account.mvProducts).filter((p) => p.ProductSKU === `${STAMP}-TEE`).length, 0,
    'a variable product is sent as its variations only');

  for (const customer of [shop.ann, shop.bob]) {
    const client = once(account.mvSupplierClients, (c) => c.SupplierClientEmail === customer.email, `client ${customer.username}`);
    assert.equal(client.SupplierClientName, customer.username);
    assert.equal(client.SupplierClientPhone1, '+354 555 0100');
    assert.match(String(client.SupplierClientType), /Client|1/);
  }

  const discount = once(account.mvDiscounts, (d) => d.DiscountName === shop.percent.code, 'the percentage discount');
  assert.equal(num(discount.DiscountValue), 12.5);
  assert.equal(live(account.mvDiscounts).filter((d) => d.DiscountName === shop.fixed.code).length, 0,
    'a fixed coupon is not a Megaventory discount');

  const vat = once(account.mvTaxes, (t) => t.TaxName === shop.vat.name, 'the IS tax');
  assert.equal(num(vat.TaxValue), 24);
  const mvg = once(account.mvTaxes, (t) => t.TaxName === shop.mvg.name, 'the FO tax');
  assert.equal(num(mvg.TaxValue), 25);

  const config = await wp('GET', 'megaventory/v1/config');
  once(account.mvProducts, (p) => p.ProductSKU === config.shipping_service_sku, 'the shipping service product');
  once(account.mvProducts, (p) => p.ProductSKU === config.fee_service_sku, 'the fee service product');
  once(account.mvSupplierClients, (c) => c.SupplierClientName === 'WooCommerce_Guest', 'the guest client');
});

test('manual quantity imports send WooCommerce stock to one Megaventory location and bring Megaventory stock of the included locations back', async () => {
  assertCommandSucceeded(await runWorker(['import', 'products', '--json'], env()), 'import products');
  const mugStock = (await wc('GET', `wc/v3/products/${shop.mug.id}`)).stock_quantity;
  const toMegaventory = await runWorker(['import', 'quantity', '--direction', 'to_megaventory', '--location-id', '2', '--approve', '--json'], env());
  assertCommandSucceeded(toMegaventory, 'import quantity to Megaventory');
  const stockOf = async (sku) => {
    const account = await simState();
    const product = live(account.mvProducts).find((p) => p.ProductSKU === sku);
    assert.ok(product, `${sku} in Megaventory`);
    const item = (account.mvProductStockList || []).find((i) => num(i.productID) === num(product.ProductID));
    return Object.fromEntries(((item && item.mvStock) || []).map((row) => [num(row.InventoryLocationID), row]));
  };
  const mugAtSecond = (await stockOf(`${STAMP}-MUG`))[2];
  assert.ok(mugAtSecond, 'the mug has stock at location 2');
  assert.equal(num(mugAtSecond.StockPhysical), mugStock, 'WooCommerce stock sent to location 2');

  const sku = `${STAMP}-TEE-M`;
  await sim('stock', { sku, location: 'MAIN', physical: 6, non_shipped: 1 });
  await sim('stock', { sku, location: 'EXCL', physical: 50 });
  const perLocation = await stockOf(sku);
  // Included locations 1 and 2: physical − non-shipped − non-allocated WOs; location 3 is left out.
  const expected = [1, 2].reduce((sum, id) => {
    const row = perLocation[id];
    return row ? sum + num(row.StockPhysical) - num(row.StockNonShipped) - num(row.StockNonAllocatedWOs) : sum;
  }, 0);
  assert.ok(perLocation[3] && num(perLocation[3].StockPhysical) === 50, 'the excluded location holds stock');
  const fromMegaventory = await runWorker(['import', 'quantity', '--direction', 'from_megaventory', '--json'], env());
  assertCommandSucceeded(fromMegaventory, 'import quantity from Megaventory');
  const variation = await wc('GET', `wc/v3/products/${shop.tee.parent.id}/variations/${shop.tee.variations[1].id}`);
  assert.equal(variation.stock_quantity, expected, 'WooCommerce stock = the included locations\' stock');
});

describe('with the worker running', () => {
  let worker;
  before(async () => {
    // Idempotent: makes this group runnable on its own (service products, guest client).
    assertCommandSucceeded(await runWorker(['initial-sync', '--json'], env()), 'initial-sync');
    worker = startWorker(['run', '--poll-interval', '5', '--outbox-interval-ms', '200'], env());
    await waitFor('the worker to start', () => /continuous sync/.test(worker.output().stderr), { timeoutMs: 30000 });
  });
  after(async () => {
    if (!worker) return;
    // Clean up while the worker runs, so that the deletions it records are drained too.
    await cleanUp();
    await waitFor('the outbox to drain', async () => {
      const stats = await wp('GET', 'megaventory/v1/outbox/stats');
      return stats.counts.pending === 0 && stats.counts.leased === 0;
    }, { timeoutMs: WITHIN_MS }).catch(() => {});
    worker.child.kill('SIGTERM');
    const result = await worker.done;
    if (process.env.MVSYNC_E2E_LOG_DIR) {
      // For run.sh to show when a scenario failed: what the worker said and what it logged.
      const logs = await wp('GET', 'megaventory/v1/logs?per_page=100').catch((e) => ({ error: String(e) }));
      fs.writeFileSync(path.join(process.env.MVSYNC_E2E_LOG_DIR, 'worker.stderr'), result.stderr);
      fs.writeFileSync(path.join(process.env.MVSYNC_E2E_LOG_DIR, 'plugin-log.json'), JSON.stringify(logs, null, 1));
    }
    assert.equal(result.code, 0, result.stderr.slice(-1500));
  });

  test('a product created, edited, trashed and deleted in WooCommerce follows in Megaventory within seconds', async () => {
    const sku = `${STAMP}-LIFE`;
    const product = await createSimple(sku, `${STAMP} Lifecycle`, '9.99');
    await within(`${sku} created in Megaventory`, () => simProduct(sku));
    await wc('PUT', `wc/v3/products/${product.id}`, { regular_price: '11.25', name: `${STAMP} Lifecycle v2` });
    const edited = await within(`${sku} edited`, async () => {
      const p = await simProduct(sku);
      return p && num(p.ProductSellingPrice) === 11.25 ? p : null;
    });
    assert.equal(edited.ProductDescription, `${STAMP} Lifecycle v2`);
    assert.equal((await simProductsBySku(sku)).length, 1, 'edited in place, not duplicated');

    await wc('DELETE', `wc/v3/products/${product.id}`); // without force: to the trash
    await within(`${sku} gone after the trash`, async () => !(await simProduct(sku)));

    const sku2 = `${STAMP}-GONE`;
    const doomed = await createSimple(sku2, `${STAMP} Doomed`, '1.00');
    await within(`${sku2} created`, () => simProduct(sku2));
    await wc('DELETE', `wc/v3/products/${doomed.id}?force=true`);
    await within(`${sku2} deleted`, async () => !(await simProduct(sku2)));
    const all = (await simState()).mvProducts.filter((p) => p.ProductSKU === sku2);
    assert.ok(all.length === 1 && all[0].deleted, 'deleted in Megaventory (kept as deleted), not duplicated');
  });

  test('a customer created, edited and deleted in WooCommerce follows in Megaventory within seconds', async () => {
    const customer = await createCustomer('cy');
    const client = await within('the client', async () => (await simClients(customer.username))[0]);
    assert.equal(client.SupplierClientEmail, customer.email);
    await wc('PUT', `wc/v3/customers/${customer.id}`, { billing: { phone: '+354 555 0199' } });
    await within('the new phone', async () => {
      const c = (await simClients(customer.username))[0];
      return c && c.SupplierClientPhone1 === '+354 555 0199';
    });
    assert.equal((await simClients(customer.username)).length, 1, 'edited in place');
    await wc('DELETE', `wc/v3/customers/${customer.id}?force=true`);
    await within('the client deleted', async () => (await simClients(customer.username)).length === 0);
  });

  test('a coupon created, edited and used follows in Megaventory within seconds', async () => {
    const code = `${stamp}-cup`;
    const coupon = await createCoupon(code, 'percent', '15');
    const discounts = async () => live((await simState()).mvDiscounts).filter((d) => d.DiscountName === code);
    await within('the discount', async () => (await discounts()).length === 1);
    await wc('PUT', `wc/v3/coupons/${coupon.id}`, { amount: '17.5' });
    await within('the edited value', async () => (await discounts()).some((d) => num(d.DiscountValue) === 17.5));

    const order = await placeOrder({
      status: 'processing', customer_id: shop.ann.id, billing: { ...shop.ann.billing }, shipping: { ...shop.ann.shipping },
      payment_method: 'bacs', payment_method_title: 'Direct bank transfer',
      line_items: [{ product_id: shop.mug.id, quantity: 2 }], coupon_lines: [{ code }],
    });
    const salesOrder = await within('the order using the coupon', async () => (await simSalesOrders(order.number))[0]);
    const [current] = (await discounts()).filter((d) => num(d.DiscountValue) === 17.5);
    assert.ok(current, 'the edited discount exists');
    const row = salesOrder.SalesOrderDetails.find((r) => r.SalesOrderRowProductSKU === `${STAMP}-MUG`);
    assert.equal(num(row.SalesOrderRowDiscountID), num(current.DiscountID), 'the order row carries the discount');
    const usedBy = await wc('GET', `wc/v3/coupons/${coupon.id}`);
    assert.equal(usedBy.usage_count, 1, `WooCommerce counted the use: ${JSON.stringify({ usage_count: usedBy.usage_count, used_by: usedBy.used_by, order: (await wc('GET', `wc/v3/orders/${order.id}`)).coupon_lines })}`);
    assert.equal(live((await simState()).mvDiscounts).filter((d) => d.DiscountName === code && num(d.DiscountValue) === 17.5).length, 1,
      'the use creates no second discount');
  });

  test('a tax rate added in WooCommerce appears in Megaventory within seconds', async () => {
    const rate = await createTaxRate(`${STAMP} NEW`, '7.5000', 'GL');
    const tax = await within('the tax', async () => live((await simState()).mvTaxes).find((t) => t.TaxName === rate.name));
    assert.equal(num(tax.TaxValue), 7.5);
  });

  test('an order placed becomes a sales order with its rows, shipping, fees, discount, taxes, addresses and payment method', async () => {
    const order = await placeOrder({
      status: 'processing', customer_id: shop.ann.id, customer_note: `${STAMP} leave at the door`,
      billing: { ...shop.ann.billing }, shipping: { ...shop.ann.shipping },
      payment_method: 'bacs', payment_method_title: 'Direct bank transfer',
      line_items: [
        { product_id: shop.mug.id, quantity: 2 },
        { product_id: shop.tee.parent.id, variation_id: shop.tee.variations[1].id, quantity: 1 },
      ],
      shipping_lines: [{ method_id: 'flat_rate', method_title: 'Flat rate', total: '5.00' }],
      fee_lines: [{ name: 'Gift wrap', total: '2.50', tax_status: 'none' }, { name: 'Loyalty', total: '-3.00', tax_status: 'none' }],
      coupon_lines: [{ code: shop.percent.code }],
    });
    const wcOrder = await wc('GET', `wc/v3/orders/${order.id}`);
    const so = await within('the sales order', async () => (await simSalesOrders(wcOrder.number))[0]);
    const account = await simState();
    const config = await wp('GET', 'megaventory/v1/config');
    assert.equal((await simSalesOrders(wcOrder.number)).length, 1, 'one sales order');
    assert.equal(String(so.SalesOrderReferenceApplication).toLowerCase(), 'woocommerce');
    assert.equal(so.SalesOrderCurrencyCode, wcOrder.currency);
    assert.equal(so.SalesOrderStatus, 'Verified', 'processing → Verified');
    assert.equal(so.SalesOrderPaymentMethod, 'BankTransfer', 'bacs mapped by the settings');
    assert.equal(num(so.SalesOrderInventoryLocationID), 1, 'the default location for orders');
    assert.match(so.SalesOrderComments || '', /leave at the door/);
    const client = live(account.mvSupplierClients).find((c) => c.SupplierClientEmail === shop.ann.email);
    assert.equal(num(so.SalesOrderClientID), num(client.SupplierClientID), 'the customer\'s client');

    const discount = live(account.mvDiscounts).find((d) => d.DiscountName === shop.percent.code);
    // The rate WooCommerce applied (real WooCommerce may tax by the store's address, not the
    // customer's), as the order itself reports it.
    const taxOfLine = (line) => {
      assert.equal(line.taxes.filter((t) => t.total !== '' && num(t.total) !== 0).length, 1, `${line.sku}: one rate`);
      const taxLine = wcOrder.tax_lines.find((t) => t.rate_id === line.taxes.find((x) => num(x.total) !== 0).id);
      const tax = live(account.mvTaxes).find((t) => t.TaxName === taxLine.label && num(t.TaxValue) === num(taxLine.rate_percent));
      assert.ok(tax, `a Megaventory tax ${taxLine.label} ${taxLine.rate_percent} %`);
      return tax;
    };
    const rows = so.SalesOrderDetails;
    const bySku = (sku) => rows.filter((r) => r.SalesOrderRowProductSKU === sku);
    for (const line of wcOrder.line_items) {
      const [row] = bySku(line.sku);
      assert.ok(row, `a row for ${line.sku}`);
      assert.equal(num(row.SalesOrderRowQuantity), line.quantity);
      // One percent coupon explains the line: the gross unit price and the discount.
      assert.equal(num(row.SalesOrderRowUnitPriceWithoutTaxOrDiscount), num(line.subtotal) / line.quantity);
      assert.equal(num(row.SalesOrderRowDiscountID), num(discount.DiscountID));
      assert.equal(num(row.SalesOrderRowTaxID), num(taxOfLine(line).TaxID), 'the line\'s single rate');
    }
    const [shipping] = bySku(config.shipping_service_sku);
    assert.ok(shipping, 'a shipping row');
    assert.equal(num(shipping.SalesOrderRowUnitPriceWithoutTaxOrDiscount), num(wcOrder.shipping_lines[0].total));
    assert.match(shipping.SalesOrderRowProductDescription || '', /Flat rate/);
    const fees = bySku(config.fee_service_sku).map((r) => num(r.SalesOrderRowUnitPriceWithoutTaxOrDiscount) * num(r.SalesOrderRowQuantity));
    assert.deepEqual(fees.sort((a, b) => a - b), [-3, 2.5], 'both fees, the negative one included');
    assert.equal(rows.length, wcOrder.line_items.length + 1 + 2, 'lines + shipping + fees, nothing else');

    const addresses = JSON.stringify(so.SalesOrderAddresses || []) + (so.SalesOrderBillingAddress || '') + (so.SalesOrderShippingAddress || '');
    assert.match(addresses, /1 Test Road/, 'billing address');
    assert.match(addresses, /2 Ship Street/, 'shipping address');
    assert.match(addresses, new RegExp(shop.ann.email.replace(/[.+]/g, '\\$&')), 'e-mail with the address');
  });

  test('with an order delay configured, the sales order is not created before the delay', async () => {
    const delaySeconds = 4;
    siteHelper('settings', JSON.stringify({ order_delay_seconds: delaySeconds }));
    let order;
    try {
      const placedAt = Date.now();
      order = await placeOrder({
        status: 'processing', customer_id: shop.bob.id, billing: { ...shop.bob.billing }, shipping: { ...shop.bob.shipping },
        payment_method: 'cod', payment_method_title: 'Cash on delivery',
        line_items: [{ product_id: shop.mug.id, quantity: 1 }],
      });
      // Until the delay (minus a margin for the clock of the request) the order must stay in WooCommerce only.
      while (Date.now() < placedAt + (delaySeconds - 1) * 1000) {
        assert.equal((await simSalesOrders(order.number)).length, 0, 'no sales order before the delay');
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      siteHelper('settings', JSON.stringify({ order_delay_seconds: 0 }));
    }
    const so = await within('the delayed sales order', async () => (await simSalesOrders(order.number))[0]);
    assert.equal(so.SalesOrderPaymentMethod, 'Cash');
  });

  test('an order cancelled in WooCommerce cancels its sales order', async () => {
    const order = await placeOrder({
      status: 'processing', customer_id: shop.ann.id, billing: { ...shop.ann.billing }, shipping: { ...shop.ann.shipping },
      payment_method: 'bacs', line_items: [{ product_id: shop.mug.id, quantity: 1 }],
    });
    await within('the sales order', async () => (await simSalesOrders(order.number))[0]);
    await wc('PUT', `wc/v3/orders/${order.id}`, { status: 'cancelled' });
    const so = await within('the sales order cancelled', async () => {
      const [o] = await simSalesOrders(order.number);
      return o && o.SalesOrderStatus === 'Cancelled' ? o : null;
    });
    assert.equal(so.SalesOrderStatus, 'Cancelled');
  });

  test('a Megaventory stock change over several locations sets WooCommerce stock and stock status, without the excluded location', async () => {
    const sku = `${STAMP}-STOCK`;
    const product = await createSimple(sku, `${STAMP} Stocked`, '4.00');
    await within(`${sku} in Megaventory`, () => simProduct(sku));
    await sim('stock', { sku, location: 'MAIN', physical: 7, non_shipped: 1 });
    await sim('stock', { sku, location: 'SECOND', physical: 5 });
    await sim('stock', { sku, location: 'EXCL', physical: 100 });
    // Included: (7 − 1) + 5; the excluded location's 100 must not count.
    const read = await within('stock 11 in WooCommerce', async () => {
      const p = await wc('GET', `wc/v3/products/${product.id}`);
      return p.stock_quantity === 11 ? p : null;
    });
    assert.equal(read.stock_status, 'instock');
    await sim('stock', { sku, location: 'MAIN', physical: 0, non_shipped: 0 });
    await sim('stock', { sku, location: 'SECOND', physical: 0 });
    const empty = await within('stock 0 in WooCommerce', async () => {
      const p = await wc('GET', `wc/v3/products/${product.id}`);
      return p.stock_quantity === 0 ? p : null;
    });
    assert.equal(empty.stock_status, 'outofstock');
  });

  test('a Megaventory stock change of a variation sets the variation\'s stock', async () => {
    const sku = `${STAMP}-TEE-S`;
    await within(`${sku} in Megaventory`, () => simProduct(sku));
    await sim('stock', { sku, location: 'MAIN', physical: 3 });
    await sim('stock', { sku, location: 'SECOND', physical: 2 });
    const variationId = shop.tee.variations[0].id;
    await within('variation stock 5', async () => {
      const v = await wc('GET', `wc/v3/products/${shop.tee.parent.id}/variations/${variationId}`);
      return v.stock_quantity === 5;
    });
  });

  test('a Megaventory purchase price change reaches WooCommerce', async () => {
    const sku = `${STAMP}-COST`;
    const product = await createSimple(sku, `${STAMP} Costed`, '30.00');
    await within(`${sku} in Megaventory`, () => simProduct(sku));
    await sim('product-edit', { sku, changes: { ProductPurchasePrice: 13.75 } });
    await within('the purchase price in WooCommerce', async () => {
      const p = await wc('GET', `wc/v3/products/${product.id}`);
      const meta = (p.meta_data || []).find((m) => m.key === '_mvsync_purchase_price');
      return meta && num(meta.value) === 13.75;
    });
  });

  test('each Megaventory sales order status becomes the mapped WooCommerce status', async () => {
    // Pending→on-hold; Verified/PartiallyShipped/FullyShipped→processing; FullyInvoiced/Closed→completed; Cancelled→cancelled.
    const order = await placeOrder({
      status: 'processing', customer_id: shop.bob.id, billing: { ...shop.bob.billing }, shipping: { ...shop.bob.shipping },
      payment_method: 'cheque', line_items: [{ product_id: shop.mug.id, quantity: 3 }],
    });
    const so = await within('the sales order', async () => (await simSalesOrders(order.number))[0]);
    const steps = [
      ['Pending', 'on-hold'], ['Verified', 'processing'], ['PartiallyShipped', 'processing'],
      ['FullyShipped', 'processing'], ['FullyInvoiced', 'completed'], ['Closed', 'completed'],
    ];
    // A step may keep the WooCommerce status (Verified then PartiallyShipped: processing both),
    // so each one waits until the worker has consumed Megaventory's update, then reads the status.
    const documentUpdatesLeft = async () => live((await simState()).mvIntegrationUpdates)
      .filter((u) => u.Entity === 'document' && new RegExp(`"DocumentId":${so.SalesOrderId}\\b`).test(String(u.JsonData))).length;
    for (const [mvStatus, wcStatus] of steps) {
      await sim('sales-order-status', { sales_order_id: so.SalesOrderId, status: mvStatus });
      await within(`${mvStatus} → ${wcStatus}`, async () => (await documentUpdatesLeft()) === 0
        && (await wc('GET', `wc/v3/orders/${order.id}`)).status === wcStatus);
    }
    const second = await placeOrder({
      status: 'processing', customer_id: shop.bob.id, billing: { ...shop.bob.billing }, shipping: { ...shop.bob.shipping },
      payment_method: 'cheque', line_items: [{ product_id: shop.mug.id, quantity: 1 }],
    });
    const so2 = await within('the second sales order', async () => (await simSalesOrders(second.number))[0]);
    await sim('sales-order-status', { sales_order_id: so2.SalesOrderId, status: 'Cancelled' });
    await within('Cancelled → cancelled', async () => (await wc('GET', `wc/v3/orders/${second.id}`)).status === 'cancelled');
  });

  test('the worker\'s own writes to WooCommerce (stock, purchase price, order status) do not come back as outbox rows', async () => {
    const sku = `${STAMP}-ECHO`;
    const product = await createSimple(sku, `${STAMP} Echo`, '6.00');
    const order = await placeOrder({
      status: 'processing', customer_id: shop.ann.id, billing: { ...shop.ann.billing }, shipping: { ...shop.ann.shipping },
      // Another product: an order's reservation would change this one's stock.
      payment_method: 'bacs', line_items: [{ product_id: shop.mug.id, quantity: 1 }],
    });
    const so = await within('the sales order', async () => (await simSalesOrders(order.number))[0]);
    await within('the outbox to be drained of our rows', async () => {
      const rows = siteHelper('outbox-since', String(0)).filter((r) =>
        (r.entity_type === 'product' && [product.id, shop.mug.id].includes(Number(r.entity_id)))
        || (r.entity_type === 'order' && Number(r.entity_id) === order.id));
      return rows.every((r) => r.status === 'done');
    });
    const since = siteHelper('outbox-max-id');

    await sim('stock', { sku, location: 'MAIN', physical: 40 });
    await sim('product-edit', { sku, changes: { ProductPurchasePrice: 2.2 } });
    await sim('sales-order-status', { sales_order_id: so.SalesOrderId, status: 'FullyInvoiced' });
    await within('stock 40 written to WooCommerce', async () => (await wc('GET', `wc/v3/products/${product.id}`)).stock_quantity === 40);
    await within('purchase price 2.2 written to WooCommerce', async () => {
      const meta = ((await wc('GET', `wc/v3/products/${product.id}`)).meta_data || []).find((m) => m.key === '_mvsync_purchase_price');
      return meta && num(meta.value) === 2.2;
    });
    await within('status completed written to WooCommerce', async () => (await wc('GET', `wc/v3/orders/${order.id}`)).status === 'completed');
    // One more poll round, so that any echo would have been recorded by now.
    await new Promise((r) => setTimeout(r, 6000));
    const echoes = siteHelper('outbox-since', String(since)).filter((r) =>
      (['product', 'variation'].includes(r.entity_type) && [product.id, shop.mug.id].includes(Number(r.entity_id)))
      || (r.entity_type === 'order' && Number(r.entity_id) === order.id));
    assert.deepEqual(echoes, [], 'no outbox row from our own writes');
    // Control: the same product edited by a person is recorded, so the check above can see rows.
    await wc('PUT', `wc/v3/products/${product.id}`, { regular_price: '6.50' });
    const recorded = siteHelper('outbox-since', String(since)).filter((r) => r.entity_type === 'product' && Number(r.entity_id) === product.id);
    assert.equal(recorded.length, 1, 'an edit by the shop is recorded');
  });
});
