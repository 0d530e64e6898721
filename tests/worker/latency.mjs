// Save → simulator latency with the Node worker running: N product saves through wc/v3, each
// timed from the end of the save request to the first simulator state showing the new price.
// Prints median, 95th percentile and max. A figure, not a test. Usage: node latency.mjs [N]

import { createProduct, simProduct, startWorker, waitFor, wp, workerEnv } from './helpers.mjs';

const saves = Number(process.argv[2] || 100);
const pollMs = 10;

const worker = startWorker(['run', '--poll-interval', '60', '--outbox-interval-ms', '200'], workerEnv());
try {
  await waitFor('the worker to start', () => /continuous sync/.test(worker.output().stderr), { timeoutMs: 20000 });
  const sku = `LAT-${Date.now().toString(36).toUpperCase()}`;
  const product = await createProduct(sku, '1.00');
  await waitFor(`${sku} in the simulator`, () => simProduct(sku), { timeoutMs: 30000 });
  const samples = [];
  for (let i = 0; i < saves; i++) {
    const price = (2 + i / 100).toFixed(2);
    await wp('PUT', `wc/v3/products/${product.id}`, { regular_price: price });
    const saved = performance.now();
    await waitFor(`price ${price}`, async () => {
      const sent = await simProduct(sku);
      return sent && Number(sent.ProductSellingPrice) === Number(price);
    }, { timeoutMs: 60000, intervalMs: pollMs });
    samples.push(performance.now() - saved);
  }
  samples.sort((a, b) => a - b);
  const at = (q) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)];
  console.log(`save -> simulator over ${saves} saves (worker outbox interval 200 ms, state polled every ${pollMs} ms): ` +
    `median ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms, max ${samples[samples.length - 1].toFixed(0)} ms`);
} finally {
  worker.child.kill('SIGTERM');
  await worker.done;
}
