// The Node worker's memory during `import products` from the stand-in site to the simulator
// (tests/bench/worker.sh): peak resident set (VmHWM from /proc, read every 100 ms) and the
// resident set against items done, to tell a streamed import (flat) from one whose memory grows
// with the number of products. Figures, not assertions.
//
// Environment: MVSYNC_BENCH_IMPORT_SECONDS — stop the import (SIGTERM: it finishes the items in
// flight and keeps its checkpoint) after this many seconds; 0 = run it to the end.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWorker } from '../worker/helpers.mjs';
import { benchEnv, memoryOf, record, sleep, stopWorker } from './worker-lib.mjs';

const capSeconds = Number(process.env.MVSYNC_BENCH_IMPORT_SECONDS ?? 0);
const here = path.dirname(fileURLToPath(import.meta.url));
const memlog = `${process.env.MVSYNC_BENCH_RESULTS}.memlog`;
fs.rmSync(memlog, { force: true });

// The real worker CLI, with the memory probe preloaded (it only samples; see the probe).
const worker = startWorker(['import', 'products', '--json'], benchEnv({
  NODE_OPTIONS: `--import=${path.join(here, 'worker-memory-probe.mjs')}`,
  MVSYNC_BENCH_MEMLOG: memlog,
}));
const started = performance.now();
let progress = { done: 0, total: 0 };
let report = null;
let buffered = '';
worker.child.stdout.on('data', (chunk) => {
  buffered += chunk;
  let newline;
  while ((newline = buffered.indexOf('\n')) >= 0) {
    const line = buffered.slice(0, newline);
    buffered = buffered.slice(newline + 1);
    try {
      const event = JSON.parse(line);
      // The last event after a stop says done 0 of 0: keep the counts before it.
      if (event.type === 'progress' && event.job === 'import.products' && event.total > 0) progress = event;
      if (event.type === 'report') report = event;
    } catch { /* not a JSON line */ }
  }
});

let hwmKb = 0;
let lastSampleAt = 0;
const samples = []; // [seconds, items done, RSS kB]
let stopping = false;
while (worker.child.exitCode === null) {
  const memory = memoryOf(worker.child.pid);
  const seconds = (performance.now() - started) / 1000;
  if (memory) {
    hwmKb = Math.max(hwmKb, memory.hwmKb);
    if (seconds - lastSampleAt >= 1) {
      samples.push([seconds, progress.done, memory.rssKb]);
      lastSampleAt = seconds;
    }
  }
  if (!stopping && capSeconds > 0 && seconds >= capSeconds) {
    stopping = true;
    worker.child.kill('SIGTERM');
  }
  await sleep(100);
}
const result = await stopWorker(worker);
const seconds = (performance.now() - started) / 1000;
const done = report ? report.done : progress.done;
const total = progress.total;

// What could grow with the number of products: the engine's wasm linear memory (it never
// shrinks) and the floor of V8's heap in use (its lows between collections). Both are read past
// the warm-up (start-up, the first pages, V8's heap sizing and the JIT settle in the first few
// hundred products); the resident set itself saws up and down with V8's collections.
// Wasm memory grows in steps (the allocator asks for more in chunks), so a slope needs a long
// stretch of products: below PROJECT_SPAN past the warm-up nothing is projected.
const WARM_UP_ITEMS = 600;
const PROJECT_SPAN = 2000;
const doneAt = (t) => {
  let items = 0;
  for (const [seconds, d] of samples) { if (seconds <= t) items = d; else break; }
  return items;
};
const probe = fs.existsSync(memlog) ? fs.readFileSync(memlog, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l))
  .filter((m) => m.wasmKb !== null).map((m) => ({ ...m, items: doneAt(m.t) })) : [];
const steady = probe.filter((m) => m.items >= WARM_UP_ITEMS);
let memory = null;
if (steady.length >= 4 && steady[steady.length - 1].items - steady[0].items >= 200) {
  const first = steady[0];
  const last = steady[steady.length - 1];
  const span = last.items - first.items;
  const half = first.items + span / 2;
  const floor = (list) => Math.min(...list.map((m) => m.heapUsedKb));
  const early = steady.filter((m) => m.items < half);
  const late = steady.filter((m) => m.items >= half);
  const heapFloorEarlyKb = floor(early);
  const heapFloorLateKb = floor(late);
  const wasmGrowthKbPer10k = ((last.wasmKb - first.wasmKb) / span) * 10000;
  const heapFloorGrowthKbPer10k = ((heapFloorLateKb - heapFloorEarlyKb) / (span / 2)) * 10000;
  memory = {
    fromItems: first.items, toItems: last.items,
    wasmStartKb: probe[0].wasmKb, wasmAtWarmUpKb: first.wasmKb, wasmEndKb: last.wasmKb,
    heapFloorEarlyKb, heapFloorLateKb, wasmGrowthKbPer10k, heapFloorGrowthKbPer10k,
    projectable: span >= PROJECT_SPAN,
  };
}
const lastRssKb = samples.length ? samples[samples.length - 1][2] : 0;
const figures = {
  total, done, seconds, itemsPerSecond: done / seconds, finished: Boolean(report) && done >= total,
  exitCode: result.code, peakRssKb: hwmKb, lastRssKb, memory,
  projectedPeakKb: done >= total ? hwmKb : memory === null || !memory.projectable ? null
    : hwmKb + Math.max(0, memory.wasmGrowthKbPer10k + Math.max(0, memory.heapFloorGrowthKbPer10k)) * ((total - done) / 10000),
  samples: samples.filter((_, i) => i % Math.max(1, Math.floor(samples.length / 40)) === 0),
};
record('import', figures);
console.log(`import products: ${done} of ${total} in ${seconds.toFixed(0)} s (${figures.itemsPerSecond.toFixed(1)}/s), exit ${result.code}; ` +
  `peak RSS ${(hwmKb / 1024).toFixed(1)} MB, last ${(lastRssKb / 1024).toFixed(1)} MB; ` +
  (memory === null ? 'too few products past the warm-up to split the memory' :
    `wasm memory ${(memory.wasmStartKb / 1024).toFixed(1)} → ${(memory.wasmEndKb / 1024).toFixed(1)} MB, ` +
    `V8 heap floor ${(memory.heapFloorEarlyKb / 1024).toFixed(1)} → ${(memory.heapFloorLateKb / 1024).toFixed(1)} MB ` +
    `(products ${memory.fromItems}–${memory.toItems}); projected peak at ${total}: ` +
    (figures.projectedPeakKb === null ? `not projected (fewer than ${PROJECT_SPAN} products past the warm-up)` : `${(figures.projectedPeakKb / 1024).toFixed(1)} MB`)));
if (result.code !== 0) console.error(result.stderr.slice(-1500));
