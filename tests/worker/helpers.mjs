// Shared by the worker's end-to-end tests and the latency script: the test site's REST API,
// the simulator's controls, and running the worker as a child process.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WORKER = path.join(here, '..', '..', 'worker', 'megaventory-worker.mjs');
export const FIXTURES = path.join(here, '..', '..', 'crates', 'sync-core', 'tests', 'fixtures', 'wc');

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests/worker/run.sh`);
  return value;
}

export const site = {
  restRoot: required('MVSYNC_E2E_REST_ROOT'),
  siteUrl: required('MVSYNC_E2E_SITE_URL'),
  simUrl: required('MVSYNC_E2E_SIM_URL'),
  user: required('MVSYNC_E2E_USER'),
  passwordFile: required('MVSYNC_E2E_PASSWORD_FILE'),
  wasmDir: required('MVSYNC_E2E_WASM_DIR'),
};

/** REST calls to the site as one user, whose application password is in a file read per call. */
export function restClient(user, passwordFile) {
  const password = () => fs.readFileSync(passwordFile, 'utf8').trim();
  return async function call(method, route, body) {
    // With a ?rest_route= root the route's own query string continues it.
    const relative = route.replace(/^\//, '');
    const url = site.restRoot + (site.restRoot.includes('?') ? relative.replace('?', '&') : relative);
    const response = await fetch(url, {
      method,
      headers: {
        Authorization: 'Basic ' + Buffer.from(`${user}:${password().replace(/ /g, '')}`).toString('base64'),
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    let json;
    try { json = JSON.parse(text); } catch { json = text; }
    if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return json;
  };
}

/** A call to the site's REST API as the shop manager. */
export const wp = restClient(site.user, site.passwordFile);

export async function simState() {
  const response = await fetch(`${site.simUrl}/_sim/state?account=m1`);
  const state = await response.json();
  return state.accounts[0];
}

export async function simProduct(sku) {
  const account = await simState();
  return (account.mvProducts || []).find((p) => p.ProductSKU === sku && !p.deleted);
}

/** The environment that configures the worker for the test site (direct mode to the simulator). */
export function workerEnv(extra = {}) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    MVSYNC_SITE_URL: site.siteUrl,
    MVSYNC_REST_ROOT: site.restRoot,
    MVSYNC_USER: site.user,
    MVSYNC_APP_PASSWORD_FILE: site.passwordFile,
    MVSYNC_MEGAVENTORY_URL: `${site.simUrl}/v2017a/`,
    MVSYNC_API_KEY: 'worker-e2e@m1',
    MVSYNC_WASM_DIR: site.wasmDir,
    ...extra,
  };
}

/** Starts the worker; `done` resolves to {code, signal, stdout, stderr}. */
export function startWorker(args, env = workerEnv()) {
  const child = spawn(process.execPath, [WORKER, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const done = new Promise((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done, output: () => ({ stdout, stderr }) };
}

export async function runWorker(args, env) {
  return startWorker(args, env).done;
}

export async function waitFor(what, check, { timeoutMs = 30000, intervalMs = 50 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function createProduct(sku, price) {
  return wp('POST', 'wc/v3/products', {
    name: `e2e ${sku}`, type: 'simple', status: 'publish', sku, regular_price: price,
    manage_stock: true, stock_quantity: 5,
  });
}
