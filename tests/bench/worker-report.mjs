// Turns the figures tests/bench/worker.sh collected (one JSON object per line) into the Markdown
// fragment $BENCH_OUT/worker.md. Usage: node worker-report.mjs RESULTS.jsonl

import fs from 'node:fs';

const phases = {};
for (const line of fs.readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (line.trim()) { const r = JSON.parse(line); phases[r.phase] = r; }
}
const ms = (v) => (v >= 10000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v).toLocaleString('en-US')} ms`);
const mbOf = (kb) => `${(kb / 1024).toFixed(1)} MB`;
const n = (v) => Math.round(v).toLocaleString('en-US');
const verdict = (ok) => (ok ? 'met' : 'missed');
const rows = [];

const { saves, stock, orders, idle, import: imp, drain, machine, end } = phases;
if (saves) {
  rows.push([`product saved (\`PUT wc/v3/products/{id}\`) → its ProductUpdate in the simulator, p50 / p95 / max of ${n(saves.count)} saves`,
    `${ms(saves.p50Ms)} / ${ms(saves.p95Ms)} / ${ms(saves.maxMs)}`, 'p95 < 2 s', verdict(saves.p95Ms < 2000)]);
}
if (stock) {
  const target = (stock.pollSeconds + 1) * 1000;
  rows.push([`stock changed in the simulator (\`/_sim/stock\`) → WooCommerce \`stock_quantity\`, p50 / p95 / max of ${n(stock.count)} changes at random moments, worker polling every ${stock.pollSeconds} s`,
    `${ms(stock.p50Ms)} / ${ms(stock.p95Ms)} / ${ms(stock.maxMs)}`, `p95 < poll + 1 s = ${stock.pollSeconds + 1} s`, verdict(stock.p95Ms < target)]);
}
if (orders) {
  rows.push([`order placed (\`POST wc/v3/orders\`, processing, guest) → its sales order in the simulator, p50 / p95 / max of ${n(orders.count)} orders`,
    `${ms(orders.p50Ms)} / ${ms(orders.p95Ms)} / ${ms(orders.maxMs)}`, 'none set', '–']);
}
if (drain) {
  const what = drain.complete
    ? `all ${n(drain.backlog)} rows in ${ms(drain.seconds * 1000)}`
    : `${n(drain.drained)} of ${n(drain.backlog)} rows in ${ms(drain.seconds * 1000)} (stopped at the cap; all would take ≈ ${n(drain.projectedSecondsForBacklog / 60)} min)`;
  rows.push([`outbox backlog of ${n(drain.backlog)} product rows drained by \`run\`: ${what}`,
    `${drain.eventsPerSecond.toFixed(1)} events/s`, 'none set', '–']);
  rows.push(['… every drained row reached the simulator (products there / ProductUpdate calls / outbox rows done; rows left pending, dead)',
    `${n(drain.inSimulator)} / ${n(drain.productUpdates)} / ${n(drain.outboxDone)}; ${n(drain.outboxAfter.pending)} pending, ${n(drain.outboxAfter.dead)} dead`,
    'all equal, 0 dead', verdict(drain.inSimulator === drain.outboxDone && drain.outboxAfter.dead === 0)]);
  rows.push(['worker peak RSS while draining', mbOf(drain.peakRssKb), '–', '–']);
}
if (imp) {
  const what = imp.finished
    ? `all ${n(imp.total)} in ${ms(imp.seconds * 1000)}`
    : `${n(imp.done)} of ${n(imp.total)} in ${ms(imp.seconds * 1000)}, stopped at the cap`;
  rows.push([`\`import products\` of a ${n(imp.total)}-product shop (${what}, ${imp.itemsPerSecond.toFixed(1)} products/s): worker peak RSS (VmHWM)`,
    mbOf(imp.peakRssKb), '≤ 200 MB', verdict(imp.peakRssKb <= 200 * 1024)]);
  const m = imp.memory;
  if (!m) {
    rows.push(['… what could grow with the products (wasm memory, V8 heap floor)', `too few products past the warm-up (600) to tell`, '–', '–']);
  } else {
    rows.push([`… engine wasm linear memory (never shrinks): at start / at product ${n(m.fromItems)} / at product ${n(m.toItems)}`,
      `${mbOf(m.wasmStartKb)} / ${mbOf(m.wasmAtWarmUpKb)} / ${mbOf(m.wasmEndKb)}`, '–', '–']);
    rows.push([`… V8 heap in use, lowest between collections, first / second half of products ${n(m.fromItems)}–${n(m.toItems)}`,
      `${mbOf(m.heapFloorEarlyKb)} / ${mbOf(m.heapFloorLateKb)}`, '–', '–']);
    if (!imp.finished) {
      rows.push([`… peak projected at ${n(imp.total)} products (measured peak + wasm and heap-floor growth per product × products left)`,
        imp.projectedPeakKb === null ? `not projected: fewer than 2,000 products past the warm-up` : mbOf(imp.projectedPeakKb),
        '≤ 200 MB', imp.projectedPeakKb === null ? '–' : `${verdict(imp.projectedPeakKb <= 200 * 1024)} (projected)`]);
    }
  }
}
if (idle) rows.push([`worker RSS idle (\`run\`, ${idle.seconds} s after start, nothing to do); peak during start-up`, `${mbOf(idle.rssKb)}; ${mbOf(idle.hwmKb)}`, '–', '–']);

const out = [];
out.push('## Node worker: latency, backlog drain, import memory');
out.push('');
out.push('Measured through every real layer: WordPress (Debian 6.1, `php -S` with 4 workers) + MariaDB + the plugin + the '
  + 'WooCommerce stand-in + the Node worker (`worker/megaventory-worker.mjs`, the real `.wasm` from `target/wasm-pkg`, direct mode) '
  + '+ the Megaventory simulator (`target/native/megaventory-sim`). Latencies are timed from the end of the triggering request to the '
  + 'first read showing the result (the simulator\'s `/_sim/state` every 10 ms; WooCommerce every 100 ms). The backlog rows and the '
  + 'import\'s products are written in bulk the way the stand-in stores products (`tests/bench/lib/bulk-products.php`); only the '
  + 'drain and the import are timed. Memory is `/proc/<pid>/status` of the worker process, and for the import also its own split (V8 heap, wasm linear memory) sampled by `tests/bench/worker-memory-probe.mjs`, preloaded with `NODE_OPTIONS=--import`.');
out.push('');
out.push('| figure | measured | target | |');
out.push('| --- | ---: | --- | --- |');
for (const row of rows) out.push(`| ${row.join(' | ')} |`);
out.push('');
if (machine) {
  out.push(`Machine: ${machine.cores} cores, shared with other jobs (load average ${machine.loadBefore.toFixed(1)} at the start`
    + `${end ? `, ${end.loadAfter.toFixed(1)} at the end; ${n(end.seconds)} s in all` : ''}), ${machine.date.slice(0, 16).replace('T', ' ')} UTC.`
    + ' Rates are bound by WordPress requests: the drain makes five per row (read the product, read its link, store the link, log, acknowledge), the import one per product (store the link).');
  out.push('');
}
if (imp && imp.samples && imp.samples.length) {
  out.push(`Import resident set against products done: ${imp.samples.map(([, done, rss]) => `${n(done)} → ${mbOf(rss)}`).filter((_, i, all) => i % Math.ceil(all.length / 12) === 0).join(', ')}.`);
  out.push('');
}
out.push(`Reproduce: \`${process.env.MVSYNC_BENCH_COMMAND || 'tests/bench/worker.sh'}\` (sizes and caps: see the head of \`tests/bench/worker.sh\`; \`MVSYNC_BENCH_IMPORT_SECONDS=0 MVSYNC_BENCH_DRAIN_SECONDS=0\` runs the import and the drain to the end).`);
console.log(out.join('\n'));
