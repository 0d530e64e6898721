// Preloaded into the worker process by tests/bench/worker-import.mjs (NODE_OPTIONS=--import=…):
// every 500 ms it appends the process's memory split to MVSYNC_BENCH_MEMLOG — resident set, V8
// heap in use and reserved, and the engine's wasm linear memory — so that a resident set that
// grows can be told apart: wasm memory never shrinks (a Rust structure growing with the products),
// while V8's heap rises and falls with its collections. The worker itself is unchanged.

import fs from 'node:fs';

const file = process.env.MVSYNC_BENCH_MEMLOG;
if (file) {
  let wasmMemory = null;
  // The engine's glue instantiates its module with `new WebAssembly.Instance`: keep its memory.
  const Instance = WebAssembly.Instance;
  const Watched = function Instance_(module, imports) {
    const instance = new Instance(module, imports);
    if (instance.exports.memory instanceof WebAssembly.Memory) wasmMemory = instance.exports.memory;
    return instance;
  };
  Watched.prototype = Instance.prototype;
  WebAssembly.Instance = Watched;
  const started = Date.now();
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    const line = {
      t: (Date.now() - started) / 1000,
      rssKb: Math.round(m.rss / 1024),
      heapUsedKb: Math.round(m.heapUsed / 1024),
      heapTotalKb: Math.round(m.heapTotal / 1024),
      wasmKb: wasmMemory ? Math.round(wasmMemory.buffer.byteLength / 1024) : null,
    };
    fs.appendFileSync(file, JSON.stringify(line) + '\n');
  }, 500);
  timer.unref();
}
