// The Web Worker that runs the WebAssembly engine, so the page never freezes. Protocol: see
// admin-ui/README.md ("Page ↔ worker protocol"). One `Engine` is made per call (the engine
// caches per job); controls (pause/resume/cancel/stop) go to the engine running that job.

const CALLS = new Set(['status', 'initialSync', 'importClients', 'importProducts', 'importDiscounts', 'importQuantity', 'preview', 'runContinuous']);
const CONTROLS = new Set(['pause', 'resume', 'cancel']);

let wasmModule = null;
let engineOptions = null;
// job name → engine running it; call id → engine (for stop of runContinuous).
const enginesByJob = new Map();
const enginesByCall = new Map();

function post(message) {
  self.postMessage(message);
}

// The engine may hand out Maps (serde-wasm-bindgen's default); the page wants plain data.
function plain(value) {
  if (value instanceof Map) {
    const object = {};
    for (const [key, item] of value) object[key] = plain(item);
    return object;
  }
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'bigint') return Number(value);
  if (value && typeof value === 'object') {
    const object = {};
    for (const key of Object.keys(value)) object[key] = plain(value[key]);
    return object;
  }
  return value;
}

function describeError(error) {
  if (error instanceof Error || (error && typeof error === 'object')) {
    return {
      message: String(error.message || error),
      code: error.code ? String(error.code) : 'engine_error',
      entity: error.entity ? plain(error.entity) : null,
    };
  }
  return { message: String(error), code: 'engine_error', entity: null };
}

async function loadWasm(assetsUrl) {
  const base = new URL('wasm/', assetsUrl);
  const glueUrl = new URL('sync_wasm.js', base).href;
  const wasmUrl = new URL('sync_wasm_bg.wasm', base).href;
  let glue;
  try {
    glue = await import(glueUrl);
  } catch (error) {
    const missing = new Error(`engine files not found at ${glueUrl}`);
    missing.code = 'engine_missing';
    throw missing;
  }
  try {
    await glue.default({ module_or_path: wasmUrl });
  } catch (error) {
    // A server that sends .wasm with the wrong MIME type breaks streaming compilation.
    const response = await fetch(wasmUrl, { credentials: 'same-origin' });
    if (!response.ok) {
      const missing = new Error(`engine binary not found at ${wasmUrl} (HTTP ${response.status})`);
      missing.code = 'engine_missing';
      throw missing;
    }
    glue.initSync({ module: await response.arrayBuffer() });
  }
  return glue;
}

function newEngine() {
  return new wasmModule.Engine({
    siteUrl: engineOptions.siteUrl,
    restRoot: engineOptions.wpRestRoot,
    auth: { kind: 'nonce', nonce: engineOptions.nonce },
    megaventory: { mode: 'relay' },
    concurrency: engineOptions.concurrency,
    // A page's worker dies whenever the admin navigates. The page hands its leased rows back
    // on pagehide (drainer.js, with this token), but a tab that crashes or is killed cannot:
    // claim few rows at a time, so that strands few of them until their lease ends (the Node
    // worker claims 20).
    claimBatch: 3,
    leaseToken: engineOptions.leaseToken,
  });
}

function jobOf(method, args) {
  switch (method) {
    case 'initialSync': return 'initial';
    case 'importClients': return 'import.clients';
    case 'importProducts': return 'import.products';
    case 'importDiscounts': return 'import.discounts';
    case 'importQuantity': return args[0] === 'from_megaventory' ? 'import.quantity_from_megaventory' : 'import.quantity_to_megaventory';
    case 'runContinuous': return 'continuous';
    default: return null;
  }
}

async function runCall(id, method, args) {
  const engine = newEngine();
  const job = jobOf(method, args);
  if (job) enginesByJob.set(job, engine);
  enginesByCall.set(id, engine);
  const onProgress = (event) => post({ type: 'progress', id, event: plain(event) });
  try {
    switch (method) {
      case 'status': return await engine.status();
      case 'initialSync': return await engine.initialSync(onProgress);
      case 'importClients': return await engine.importClients(onProgress);
      case 'importProducts': return await engine.importProducts(onProgress);
      case 'importDiscounts': return await engine.importDiscounts(onProgress);
      case 'importQuantity': return await engine.importQuantity(args[0], args[1] || {}, onProgress);
      case 'preview': return await engine.preview(args[0], args[1]);
      case 'runContinuous': return await engine.runContinuous(args[0] || {}, onProgress);
      default: throw new Error(`unknown call ${method}`);
    }
  } finally {
    if (job && enginesByJob.get(job) === engine) enginesByJob.delete(job);
    enginesByCall.delete(id);
    if (typeof engine.free === 'function') engine.free();
  }
}

self.onmessage = async (messageEvent) => {
  const message = messageEvent.data || {};
  const { id } = message;
  try {
    if (message.type === 'init') {
      engineOptions = message.options;
      if (!wasmModule) wasmModule = await loadWasm(message.options.assetsUrl);
      post({ type: 'result', id, value: { ready: true } });
    } else if (message.type === 'nonce') {
      // A fresh wp_rest nonce (heartbeat); engines made from now on use it.
      if (engineOptions) engineOptions.nonce = message.nonce;
    } else if (message.type === 'call') {
      if (!wasmModule) throw Object.assign(new Error('the engine is not initialised'), { code: 'engine_not_ready' });
      if (!CALLS.has(message.method)) throw Object.assign(new Error(`unknown call ${message.method}`), { code: 'unknown_call' });
      const value = await runCall(id, message.method, message.args || []);
      post({ type: 'result', id, value: plain(value) });
    } else if (message.type === 'control') {
      if (message.action === 'stop') {
        const engine = enginesByCall.get(message.callId) || enginesByJob.get('continuous');
        if (engine) engine.stop();
      } else if (CONTROLS.has(message.action)) {
        const engine = enginesByJob.get(message.job);
        if (engine) engine[message.action](message.job);
      }
    }
  } catch (error) {
    post({ type: 'error', id, error: describeError(error) });
  }
};
