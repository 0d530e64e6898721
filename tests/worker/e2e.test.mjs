// The Node worker end to end: WordPress + plugin + WooCommerce stand-in, the simulator, and the
// worker's commands as a user runs them. Started by tests/worker/run.sh (node --test).

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import {
  createProduct, FIXTURES, runWorker, simProduct, simState, site, startWorker, waitFor, wp, workerEnv,
} from './helpers.mjs';

const stamp = Date.now().toString(36).toUpperCase();

test('usage errors exit 2 and name the problem', async () => {
  const result = await runWorker(['import', 'planets'], workerEnv());
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /import what\?/);
  const secretFlag = await runWorker(['status', '--api-key', 'worker-e2e@m1'], workerEnv());
  assert.equal(secretFlag.code, 2);
  assert.doesNotMatch(secretFlag.stderr + secretFlag.stdout, /worker-e2e@m1/);
});

test('preview prints the Megaventory request of a fixture without any site', async () => {
  const result = await runWorker(['preview', 'product', path.join(FIXTURES, 'products', 'simple.json')], {
    PATH: process.env.PATH, MVSYNC_WASM_DIR: site.wasmDir,
  });
  assert.equal(result.code, 0, result.stderr);
  const preview = JSON.parse(result.stdout);
  assert.equal(preview.requests.length, 1);
  assert.equal(preview.requests[0].operation, 'ProductUpdate');
  assert.equal(preview.requests[0].body.mvProduct.ProductSKU, 'FX-MUG-001');
  const noSku = await runWorker(['preview', 'product', path.join(FIXTURES, 'products', 'no-sku.json')], {
    PATH: process.env.PATH, MVSYNC_WASM_DIR: site.wasmDir,
  });
  assert.equal(noSku.code, 5, 'an entity that cannot be sent: exit 5');
  assert.equal(JSON.parse(noSku.stdout).errors[0].code, 'product.missing_sku');
});

test('a wrong application password exits 3 without printing it', async () => {
  const result = await runWorker(['import', 'clients'], workerEnv({
    MVSYNC_APP_PASSWORD_FILE: '', MVSYNC_APP_PASSWORD: 'wrong pass word xxxx',
  }));
  assert.equal(result.code, 3, result.stderr);
  assert.match(result.stderr, /woocommerce\.forbidden/);
  assert.doesNotMatch(result.stderr + result.stdout, /wrong pass word/);
});

test('status through the relay reports the outbox and a usable Megaventory account', async () => {
  const result = await runWorker(['status'], workerEnv({ MVSYNC_API_KEY: '', MVSYNC_MEGAVENTORY_MODE: 'relay' }));
  assert.equal(result.code, 0, result.stderr);
  const status = JSON.parse(result.stdout);
  assert.deepEqual(status.megaventory, { ok: true });
  assert.equal(typeof status.outbox.counts.pending, 'number');
  assert.doesNotMatch(result.stdout + result.stderr, /worker-e2e@m1/);
});

test('initial sync creates the service products and the guest client', async () => {
  const result = await runWorker(['initial-sync'], workerEnv());
  assert.equal(result.code, 0, result.stderr);
  const config = await wp('GET', 'megaventory/v1/config');
  assert.ok(await simProduct(config.shipping_service_sku), `shipping service product ${config.shipping_service_sku}`);
  assert.ok(await simProduct(config.fee_service_sku), `fee service product ${config.fee_service_sku}`);
  const account = await simState();
  assert.ok((account.mvSupplierClients || []).some((c) => c.SupplierClientName === 'WooCommerce_Guest'), 'guest client');
});

test('import products sends every published product and is idempotent', async () => {
  const skus = [1, 2, 3].map((n) => `E2E-${stamp}-${n}`);
  for (const [i, sku] of skus.entries()) await createProduct(sku, `${10 + i}.50`);
  const first = await runWorker(['import', 'products', '--json'], workerEnv());
  assert.equal(first.code, 0, first.stderr);
  const report = JSON.parse(first.stdout.trim().split('\n').pop());
  assert.equal(report.type, 'report');
  assert.equal(report.failed, 0);
  assert.ok(report.created >= 3, JSON.stringify(report));
  for (const sku of skus) {
    const product = await simProduct(sku);
    assert.ok(product, `${sku} in Megaventory`);
  }
  const again = await runWorker(['import', 'products', '--json'], workerEnv());
  assert.equal(again.code, 0, again.stderr);
  const second = JSON.parse(again.stdout.trim().split('\n').pop());
  assert.equal(second.created + second.updated, 0, 'nothing changed: nothing sent');
});

test('SIGTERM stops an import after its items in flight; the same command resumes it', async () => {
  const skus = Array.from({ length: 8 }, (_, n) => `E2E-${stamp}-TERM${n}`);
  for (const sku of skus) await createProduct(sku, '3.00');
  await fetch(`${site.simUrl}/_sim/faults`, { method: 'POST', body: JSON.stringify({ latency_ms: 150 }) });
  try {
    const args = ['import', 'products', '--page-size', '2', '--concurrency', '1', '--json'];
    const first = startWorker(args, workerEnv());
    await waitFor('the first progress event', () => /"type":"progress"/.test(first.output().stdout), { timeoutMs: 30000 });
    first.child.kill('SIGTERM');
    const stopped = await first.done;
    assert.equal(stopped.code, 0, stopped.stderr);
    const last = JSON.parse(stopped.stdout.trim().split('\n').pop());
    assert.equal(last.type, 'cancelled', stopped.stdout);
    assert.match(last.message, /run the same command again to resume/);
    const checkpoint = await wp('GET', 'megaventory/v1/checkpoints/import.products');
    assert.ok(checkpoint.state.next_page > 1, `checkpoint kept: ${JSON.stringify(checkpoint.state)}`);
    const resumed = await runWorker(args, workerEnv());
    assert.equal(resumed.code, 0, resumed.stderr);
    const report = JSON.parse(resumed.stdout.trim().split('\n').pop());
    assert.ok(report.startedAtPage > 1, `resumed at page ${report.startedAtPage}`);
    assert.equal(report.done, report.total);
  } finally {
    await fetch(`${site.simUrl}/_sim/faults`, { method: 'POST', body: '{}' });
  }
  const account = await simState();
  for (const sku of skus) {
    assert.equal((account.mvProducts || []).filter((p) => p.ProductSKU === sku).length, 1, `${sku} sent once`);
  }
});

test('run drains saved products within seconds and SIGTERM stops it cleanly', async () => {
  const worker = startWorker(['run', '--poll-interval', '5', '--outbox-interval-ms', '200'], workerEnv());
  try {
    await waitFor('the worker to start', () => /continuous sync/.test(worker.output().stderr), { timeoutMs: 20000 });
    const sku = `E2E-${stamp}-RUN`;
    const created = await createProduct(sku, '21.00');
    await waitFor(`${sku} to reach the simulator`, () => simProduct(sku), { timeoutMs: 30000 });
    await wp('PUT', `wc/v3/products/${created.id}`, { regular_price: '23.40' });
    const updated = await waitFor(`${sku}'s new price`, async () => {
      const product = await simProduct(sku);
      return product && Number(product.ProductSellingPrice) === 23.4 ? product : null;
    }, { timeoutMs: 30000 });
    assert.equal(Number(updated.ProductSellingPrice), 23.4);
    const stats = await wp('GET', 'megaventory/v1/outbox/stats');
    assert.equal(stats.counts.dead, 0, 'no dead rows');
  } finally {
    worker.child.kill('SIGTERM');
  }
  const result = await worker.done;
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /SIGTERM: finishing the work in hand/);
  assert.match(result.stderr, /stopped: \d+ outbox rows done/);
});

test('two workers share the outbox without handling a row twice', async () => {
  const skus = [1, 2, 3, 4, 5, 6].map((n) => `E2E-${stamp}-PAIR${n}`);
  const a = startWorker(['run', '--poll-interval', '60', '--outbox-interval-ms', '100', '--json'], workerEnv());
  const b = startWorker(['run', '--poll-interval', '60', '--outbox-interval-ms', '100', '--json'], workerEnv());
  try {
    for (const sku of skus) await createProduct(sku, '5.00');
    for (const sku of skus) await waitFor(`${sku} in the simulator`, () => simProduct(sku), { timeoutMs: 30000 });
    await waitFor('an empty outbox', async () => {
      const stats = await wp('GET', 'megaventory/v1/outbox/stats');
      return stats.counts.pending === 0 && stats.counts.leased === 0;
    }, { timeoutMs: 30000 });
  } finally {
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
  }
  const [ra, rb] = await Promise.all([a.done, b.done]);
  assert.equal(ra.code, 0, ra.stderr);
  assert.equal(rb.code, 0, rb.stderr);
  const done = (r) => r.stdout.trim().split('\n').map((l) => JSON.parse(l))
    .filter((e) => e.type === 'round').reduce((n, e) => n + e.round.eventsDone, 0);
  const account = await simState();
  for (const sku of skus) {
    const copies = (account.mvProducts || []).filter((p) => p.ProductSKU === sku);
    assert.equal(copies.length, 1, `${sku} exists once`);
  }
  assert.ok(done(ra) + done(rb) >= skus.length, `rows done: ${done(ra)} + ${done(rb)}`);
});
