// Latency through every real layer with the Node worker's `run` going (tests/bench/worker.sh):
//   saves   a product price saved through wc/v3 → the simulator's product shows that price
//   stock   a stock change in the simulator (/_sim/stock) → WooCommerce's stock_quantity shows it
//   orders  an order placed through wc/v3 (as tests/e2e does) → its sales order in the simulator
// plus the worker's resident memory idle and after the run. Figures, not assertions.
//
// Environment: MVSYNC_BENCH_SAVES (200), MVSYNC_BENCH_STOCK_SAMPLES (40), MVSYNC_BENCH_ORDERS (40),
// MVSYNC_BENCH_POLL_SECONDS (5, the worker's Megaventory poll interval), MVSYNC_BENCH_IDLE_SECONDS (5).

import { simProduct, wp } from '../worker/helpers.mjs';
import {
  memoryOf, percentile, record, sim, simAccount, sleep, startBenchWorker, stopWorker, waitForOutput,
} from './worker-lib.mjs';

const saves = Number(process.env.MVSYNC_BENCH_SAVES ?? 200);
const stockSamples = Number(process.env.MVSYNC_BENCH_STOCK_SAMPLES ?? 40);
const orders = Number(process.env.MVSYNC_BENCH_ORDERS ?? 40);
const pollSeconds = Number(process.env.MVSYNC_BENCH_POLL_SECONDS ?? 5);
const idleSeconds = Number(process.env.MVSYNC_BENCH_IDLE_SECONDS ?? 5);
const STATE_POLL_MS = 10;
const stamp = `L${Date.now().toString(36).toUpperCase()}`;

const summary = (samples) => ({
  count: samples.length,
  p50Ms: percentile(samples, 0.5),
  p95Ms: percentile(samples, 0.95),
  maxMs: Math.max(...samples),
});

async function until(what, check, timeoutMs = 120000, intervalMs = STATE_POLL_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

async function createProduct(sku, price, stock = 5) {
  return wp('POST', 'wc/v3/products', {
    name: `bench ${sku}`, type: 'simple', status: 'publish', sku, regular_price: price,
    manage_stock: true, stock_quantity: stock,
  });
}

async function measureSaves() {
  const sku = `${stamp}-SAVE`;
  const product = await createProduct(sku, '1.00');
  await until(`${sku} in the simulator`, () => simProduct(sku), 60000, 50);
  const samples = [];
  for (let i = 0; i < saves; i++) {
    const price = (2 + i / 100).toFixed(2);
    await wp('PUT', `wc/v3/products/${product.id}`, { regular_price: price });
    const saved = performance.now();
    await until(`price ${price} of ${sku}`, async () => {
      const sent = await simProduct(sku);
      return sent && Number(sent.ProductSellingPrice) === Number(price);
    });
    samples.push(performance.now() - saved);
  }
  return samples;
}

// Changes arrive at random moments (gaps uniform in 0..2 s), so they fall at every phase of the
// worker's poll cycle; one WooCommerce list read every 100 ms watches all of them at once.
async function measureStock() {
  const products = [];
  for (let i = 0; i < stockSamples; i++) products.push(await createProduct(`${stamp}-STK${i}`, '3.00'));
  await until('the stock products in the simulator', async () => {
    const live = new Set(((await simAccount()).mvProducts || []).filter((p) => !p.deleted).map((p) => p.ProductSKU));
    return products.every((p) => live.has(p.sku));
  }, 120000, 200);
  const pending = new Map(); // product id → {expected, changedAt}
  const samples = [];
  let watching = true;
  const include = products.map((p) => p.id).join(',');
  const watcher = (async () => {
    while (watching || pending.size) {
      const list = await wp('GET', `wc/v3/products?include=${include}&per_page=100`);
      const now = performance.now();
      for (const p of list) {
        const change = pending.get(p.id);
        if (change && p.stock_quantity === change.expected) {
          samples.push(now - change.changedAt);
          pending.delete(p.id);
        }
      }
      if (!watching && pending.size && now - Math.max(...[...pending.values()].map((c) => c.changedAt)) > 120000) {
        throw new Error(`stock changes never reached WooCommerce: ${[...pending.keys()].join(', ')}`);
      }
      await sleep(100);
    }
  })();
  for (const [i, product] of products.entries()) {
    await sleep(Math.random() * 2000);
    const expected = 100 + i;
    await sim('stock', { sku: product.sku, location: 'Main', physical: expected });
    pending.set(product.id, { expected, changedAt: performance.now() });
  }
  watching = false;
  await watcher;
  return samples;
}

async function measureOrders() {
  const sku = `${stamp}-ORD`;
  const product = await createProduct(sku, '7.00', 100000);
  await until(`${sku} in the simulator`, () => simProduct(sku), 60000, 50);
  const samples = [];
  for (let i = 0; i < orders; i++) {
    const order = await wp('POST', 'wc/v3/orders', {
      status: 'processing', payment_method: 'bacs', payment_method_title: 'Direct bank transfer',
      billing: { first_name: 'Bench', last_name: `Buyer ${i}`, email: `bench-${i}@example.test`, country: 'US', address_1: '1 Bench Road', city: 'Testville', postcode: '10001' },
      line_items: [{ product_id: product.id, quantity: 1 + (i % 3) }],
    });
    const placed = performance.now();
    await until(`the sales order of order ${order.number}`, async () => ((await simAccount()).mvSalesOrders || [])
      .some((o) => String(o.SalesOrderReferenceNo) === String(order.number)));
    samples.push(performance.now() - placed);
  }
  return samples;
}

const worker = startBenchWorker(['run', '--poll-interval', String(pollSeconds)]);
try {
  await waitForOutput(worker, /continuous sync/);
  await sleep(idleSeconds * 1000);
  const idle = memoryOf(worker.child.pid);
  record('idle', { seconds: idleSeconds, rssKb: idle.rssKb, hwmKb: idle.hwmKb });
  console.log(`worker idle for ${idleSeconds} s: RSS ${(idle.rssKb / 1024).toFixed(1)} MB`);

  if (saves > 0) {
    const s = summary(await measureSaves());
    record('saves', s);
    console.log(`save → simulator over ${s.count} saves: p50 ${s.p50Ms.toFixed(0)} ms, p95 ${s.p95Ms.toFixed(0)} ms, max ${s.maxMs.toFixed(0)} ms`);
  }
  if (stockSamples > 0) {
    const s = { ...summary(await measureStock()), pollSeconds };
    record('stock', s);
    console.log(`simulator stock → WooCommerce over ${s.count} changes (poll ${pollSeconds} s): p50 ${s.p50Ms.toFixed(0)} ms, p95 ${s.p95Ms.toFixed(0)} ms, max ${s.maxMs.toFixed(0)} ms`);
  }
  if (orders > 0) {
    const s = summary(await measureOrders());
    record('orders', s);
    console.log(`order placed → sales order over ${s.count} orders: p50 ${s.p50Ms.toFixed(0)} ms, p95 ${s.p95Ms.toFixed(0)} ms, max ${s.maxMs.toFixed(0)} ms`);
  }
  const after = memoryOf(worker.child.pid);
  record('after-latency', { rssKb: after.rssKb, hwmKb: after.hwmKb });
  console.log(`worker after the latency runs: RSS ${(after.rssKb / 1024).toFixed(1)} MB, peak ${(after.hwmKb / 1024).toFixed(1)} MB`);
} finally {
  const done = await stopWorker(worker);
  if (done.code !== 0) console.error(`the worker exited with ${done.code}: ${done.stderr.slice(-1000)}`);
}
