// The Node worker draining an outbox backlog (tests/bench/worker.sh): MVSYNC_BENCH_DRAIN_EVENTS
// "created" product rows were recorded by tests/bench/lib/bulk-products.php --outbox for products
// whose SKUs start with MVSYNC_BENCH_DRAIN_PREFIX. Times `run` from its start until the simulator
// has received a ProductUpdate per row, then checks the simulator holds every product and the
// outbox has nothing left. Figures, not assertions.
//
// Environment: MVSYNC_BENCH_DRAIN_SECONDS — stop the worker after this many seconds even if rows
// are left (the figure is then the rate over the part drained); 0 = drain everything.

import { memoryOf, record, sim, simAccount, sleep, startBenchWorker, stopWorker, waitForOutput } from './worker-lib.mjs';

const backlog = Number(process.env.MVSYNC_BENCH_DRAIN_EVENTS);
const prefix = process.env.MVSYNC_BENCH_DRAIN_PREFIX;
const capSeconds = Number(process.env.MVSYNC_BENCH_DRAIN_SECONDS ?? 0);
if (!(backlog > 0) || !prefix) throw new Error('MVSYNC_BENCH_DRAIN_EVENTS and MVSYNC_BENCH_DRAIN_PREFIX must be set');

async function outboxCounts() {
  const status = await startBenchWorker(['status']).done;
  if (status.code !== 0) throw new Error(`worker status failed (${status.code}): ${status.stderr.slice(-500)}`);
  return JSON.parse(status.stdout).outbox.counts;
}

const before = await outboxCounts();
await sim('stats/reset', {});
const worker = startBenchWorker(['run', '--poll-interval', '3600']);
const started = performance.now();
let sent = 0;
let hwmKb = 0;
let finishedAt = null;
while (worker.child.exitCode === null) {
  const memory = memoryOf(worker.child.pid);
  if (memory) hwmKb = Math.max(hwmKb, memory.hwmKb);
  const stats = await sim('stats');
  sent = (stats.requests_per_operation || {}).ProductUpdate || 0;
  const seconds = (performance.now() - started) / 1000;
  if (sent >= backlog) { finishedAt = seconds; break; }
  if (capSeconds > 0 && seconds >= capSeconds) break;
  await sleep(250);
}
const elapsed = finishedAt ?? (performance.now() - started) / 1000;
const rssAtEnd = memoryOf(worker.child.pid);
const result = await stopWorker(worker);
if (result.code !== 0) console.error(`the worker exited with ${result.code}: ${result.stderr.slice(-1000)}`);
// What the worker finished after the stop request counts too, for the completeness checks.
const after = await outboxCounts();
const stats = await sim('stats');
const productUpdates = (stats.requests_per_operation || {}).ProductUpdate || 0;
const account = await simAccount();
const inSimulator = (account.mvProducts || []).filter((p) => !p.deleted && String(p.ProductSKU).startsWith(`${prefix}-`)).length;
const figures = {
  backlog, drained: sent, seconds: elapsed, eventsPerSecond: sent / elapsed, complete: finishedAt !== null,
  productUpdates, inSimulator, outboxBefore: before, outboxAfter: after,
  outboxDone: after.done - before.done, peakRssKb: hwmKb, rssAtEndKb: rssAtEnd ? rssAtEnd.rssKb : null,
  projectedSecondsForBacklog: backlog / (sent / elapsed),
};
record('drain', figures);
console.log(`drain: ${sent} of ${backlog} outbox rows in ${elapsed.toFixed(1)} s = ${figures.eventsPerSecond.toFixed(1)} events/s` +
  `${figures.complete ? '' : ` (stopped at the ${capSeconds} s cap; all ${backlog} would take ≈ ${(figures.projectedSecondsForBacklog / 60).toFixed(0)} min)`}; ` +
  `simulator holds ${inSimulator} of the products, ${productUpdates} ProductUpdate calls, outbox rows done ${figures.outboxDone}, left pending ${after.pending}, dead ${after.dead}; ` +
  `worker peak RSS ${(hwmKb / 1024).toFixed(1)} MB`);
