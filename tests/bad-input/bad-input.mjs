// Runs the bad-input corpus (corpus.mjs) through the real layers; started by run.sh, which brings
// up the site, the simulator and passes their addresses. Prints the counts by kind, one line per
// case ("ok"/"not ok"), the global checks, and ends with "N passed, N failed".
//
// Order: the worker's initial sync; the worker `run` starts; the entities duplicates need are
// synced; canned answers and injected integration updates are set; every WooCommerce and
// Megaventory-answer case is saved in one stream with good products between them; after quiet
// (every expectation met, or a deadline) the worker is stopped and each case is judged; then the
// REST cases (the worker stopped, so the plugin's tables must stay exactly as they were); then
// one admin-page load in headless Chromium that must show every refused entity.
//
// Deadlines are correctness bounds, not timing measurements.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  restClient, runWorker, simState, site, startWorker, waitFor, workerEnv,
} from '../worker/helpers.mjs';
import {
  firstProducts, goodProducts, megaventoryAnswers, restRequests, woocommerce,
} from './corpus.mjs';

const QUIET_DEADLINE_MS = Number(process.env.MVSYNC_BAD_INPUT_DEADLINE_MS || 240000);
const WORK = process.env.MVSYNC_BAD_INPUT_WORK;
const HELPER = process.env.MVSYNC_BAD_INPUT_HELPER;
const admin = restClient(process.env.MVSYNC_E2E_ADMIN_USER, process.env.MVSYNC_E2E_ADMIN_PASSWORD_FILE);
const env = workerEnv({ MVSYNC_API_KEY: process.env.MVSYNC_E2E_API_KEY });

let passed = 0;
let failed = 0;
const failures = [];
function report(ok, name, detail = '') {
  if (ok) passed += 1; else { failed += 1; failures.push(`${name}: ${detail}`); }
  console.log(`${ok ? 'ok' : 'not ok'} ${name}${detail ? ` — ${detail}` : ''}`);
}

/** CHECKSUM TABLE of the plugin's five tables, straight from the site's MariaDB (fast). */
function tableFingerprint() {
  const tables = ['outbox', 'links', 'log', 'parked', 'checkpoints'].map((t) => `mvsync_site.wp_mvsync_${t}`).join(', ');
  const out = execFileSync('mariadb', ['--no-defaults', '-uroot', `--socket=${process.env.MVSYNC_BAD_INPUT_DB_SOCKET}`, '-N', '-e', `CHECKSUM TABLE ${tables}`], { encoding: 'utf8' });
  return Object.fromEntries(out.trim().split('\n').map((line) => line.split('\t')));
}

function helper(...args) {
  return JSON.parse(execFileSync('php', [HELPER, ...args], { encoding: 'utf8', env: process.env }));
}

async function sim(control, body) {
  const response = await fetch(`${site.simUrl}/_sim/${control}`, { method: 'POST', body: JSON.stringify(body) });
  const json = await response.json();
  if (!response.ok) throw new Error(`/_sim/${control}: ${JSON.stringify(json)}`);
  return json;
}

const live = (list) => (list || []).filter((e) => !e.deleted);
const byCaseId = new Map(); // case id → { wcId, entityKind, ... }
const productIds = new Map(); // SKU or case id → WooCommerce product id
const cannedMatches = new Map(); // case id → the request text its canned answer waits for

// ---------------------------------------------------------------- saving WooCommerce entities

async function createCustomer(spec) {
  const email = `bi-${spec.handle}@example.test`;
  const address = { first_name: spec.first_name || spec.handle, last_name: spec.last_name || 'Tester', company: '', address_1: '1 Test Road', address_2: '', city: 'Testville', state: '', postcode: '101', country: 'IS', ...(spec.billing || {}) };
  return admin('POST', 'wc/v3/customers', {
    email, username: `bi-${spec.handle}`, first_name: spec.first_name || spec.handle, last_name: spec.last_name || 'Tester', password: 'pw-bad-input-x9!Q',
    billing: { ...address, email, phone: '+354 555 0100' }, shipping: address,
  });
}

function orderBody(spec, status) {
  const billing = { first_name: 'Olga', last_name: 'Orderer', company: spec.marker || '', address_1: '3 Order Lane', city: 'Reykjavik', postcode: '101', country: 'IS', email: 'olga@example.test', phone: '+354 555 0199', ...(spec.billing || {}) };
  return {
    status, currency: 'USD', payment_method: 'bacs', payment_method_title: 'Bank transfer', customer_note: spec.marker || '',
    billing, shipping: { ...billing, email: undefined, phone: undefined },
    line_items: spec.lines.map((line) => ({ product_id: productIds.get(line.product), quantity: line.quantity })),
  };
}

/** Saves the entity of one case; returns {wcId, kind (the engine's entity kind), ...}. */
async function save(testCase) {
  const input = testCase.input;
  if (input.canned) {
    const match = input.canned.match ?? input.product?.sku ?? input.marker ?? `BI-ORDER-${testCase.id}`;
    const { match: _unused, ...canned } = input.canned;
    await sim('canned-answers', { ...canned, when_request_contains: match });
    cannedMatches.set(testCase.id, match);
  }
  if (input.product) {
    const created = await admin('POST', 'wc/v3/products', input.product);
    productIds.set(input.product.sku, created.id); productIds.set(testCase.id, created.id);
    return { wcId: created.id, kind: 'product', sku: input.product.sku };
  }
  if (input.helperProduct) {
    const created = helper('product-create', JSON.stringify(input.helperProduct));
    productIds.set(testCase.id, created.id);
    return { wcId: created.id, kind: 'product' };
  }
  if (input.variable) {
    const parent = await admin('POST', 'wc/v3/products', {
      type: 'variable', status: 'publish', ...input.variable,
      attributes: [{ name: 'Size', options: ['S', 'M'], visible: true, variation: true }],
    });
    let last;
    for (const variation of input.variations) last = await admin('POST', `wc/v3/products/${parent.id}/variations`, variation);
    return { wcId: last.id, kind: 'variation', parentId: parent.id };
  }
  if (input.customer) {
    const created = await createCustomer(input.customer);
    return { wcId: created.id, kind: 'customer', email: created.email };
  }
  if (input.coupon) return { wcId: (await admin('POST', 'wc/v3/coupons', input.coupon)).id, kind: 'coupon' };
  if (input.tax) return { wcId: (await admin('POST', 'wc/v3/taxes', input.tax)).id, kind: 'tax rate' };
  if (input.order) {
    const marker = `BI-ORDER-${testCase.id}`;
    const spec = { ...input.order, marker };
    const needsDraft = input.deleteProduct || input.zeroLine !== undefined;
    const order = await admin('POST', 'wc/v3/orders', orderBody(spec, needsDraft ? 'checkout-draft' : 'processing'));
    if (input.deleteProduct) await admin('DELETE', `wc/v3/products/${productIds.get(input.deleteProduct)}?force=true`);
    if (input.zeroLine !== undefined) helper('order-line-quantity', String(order.id), String(input.zeroLine), '0');
    if (needsDraft) await admin('PUT', `wc/v3/orders/${order.id}`, { status: 'processing' });
    return { wcId: order.id, kind: 'order' };
  }
  if (input.canned && Object.keys(input).length === 1) return { kind: 'integration update queue', match: input.canned.match };
  if (input.inject) {
    const answer = await sim('integration-updates', { updates: [{ application: 'Woocommerce', ...input.inject }] });
    return { updateId: answer.IntegrationUpdateIDs[0], kind: 'integration update' };
  }
  throw new Error(`case ${testCase.id}: nothing to save`);
}

// ---------------------------------------------------------------- reading the outcome

async function allLogs() {
  const items = [];
  for (let page = 1; ; page += 1) {
    const answer = await admin('GET', `megaventory/v1/logs?per_page=100&page=${page}`);
    items.push(...answer.items);
    if (answer.items.length < 100) return items;
  }
}

const entityText = (saved) => `${saved.kind} #${saved.wcId}`;

function logEntriesFor(logs, saved, code, levels) {
  return logs.filter((item) => levels.includes(item.level)
    && (code === null || (item.context && item.context.code === code))
    && String(item.message).includes(entityText(saved)));
}

function mvEntity(state, synced, saved) {
  switch (synced.mv) {
    case 'product': return live(state.mvProducts).find((p) => p.ProductSKU === synced.sku);
    case 'client': return live(state.mvSupplierClients).find((c) => c.SupplierClientEmail === synced.email);
    case 'tax': return live(state.mvTaxes).find((t) => t.TaxName === synced.name);
    case 'sales order': return (state.mvSalesOrders || []).find((o) => String(o.SalesOrderReferenceNo) === String(saved.wcId));
    default: throw new Error(`unknown Megaventory list ${synced.mv}`);
  }
}

const propertyChecks = {
  // Cut at 400 characters; the cut may end on a space, which is then trimmed.
  'title-400': (p) => ([...p.ProductDescription].length <= 400 && [...p.ProductDescription].length >= 395 && 'Very long title '.repeat(30).startsWith(p.ProductDescription)) || `title of ${[...p.ProductDescription].length} characters`,
  'no-markup': (p) => (!/[<>]/.test(p.ProductDescription) && /Mug/.test(p.ProductDescription) && /deluxe/.test(p.ProductDescription)) || `title ${JSON.stringify(p.ProductDescription)}`,
  'client-no-markup': (c) => (!/<script|<b>|&amp;/i.test(JSON.stringify(c)) && /Main/.test(JSON.stringify(c))) || `client ${JSON.stringify(c).slice(0, 400)}`,
  'client-name-kept': (c) => JSON.stringify(c).includes('דוד 😀') || `client ${JSON.stringify(c).slice(0, 400)}`,
  'rows-1000': (o) => (o.SalesOrderDetails || []).filter((r) => /^BI-GOOD-/.test(r.SalesOrderRowProductSKU)).length === 1000 || `${(o.SalesOrderDetails || []).length} rows`,
  'rows-1': (o) => (o.SalesOrderDetails || []).filter((r) => /^BI-GOOD-/.test(r.SalesOrderRowProductSKU)).length === 1 || `rows ${JSON.stringify((o.SalesOrderDetails || []).map((r) => [r.SalesOrderRowProductSKU, r.SalesOrderRowQuantity]))}`,
  'order-address-text': (o) => (!/<img|onerror=/.test(JSON.stringify(o)) && JSON.stringify(o).includes('רחוב 5 🏠')) || `order ${JSON.stringify(o).slice(0, 400)}`,
};

/** Judges one case; returns true when met, or a string saying what is missing. */
function judge(testCase, saved, state, logs, parked, canned) {
  const expect = testCase.expect;
  if (saved.error) return `could not be saved: ${saved.error}`;
  if (expect.retried) {
    const answer = canned.find((a) => (a.when_request_contains ?? '') === (cannedMatches.get(testCase.id) ?? ''));
    if (!answer || answer.served < 1) return 'the canned answer was never served';
  }
  if (expect.pollRecovers) {
    // A failed poll must not stop the sync: the next poll drains the queue. (The failure itself
    // is not reported anywhere yet: see the suite's README, "Known gaps".)
    const answer = canned.find((a) => a.operation === expect.pollRecovers.operation);
    if (!answer || answer.served < 1) return 'the canned answer was never served';
    const left = live(state.mvIntegrationUpdates);
    return left.length === 0 || `${left.length} integration updates left in the queue`;
  }
  if (expect.synced) {
    const found = mvEntity(state, expect.synced, saved);
    if (!found) return `not in Megaventory (${expect.synced.mv})`;
    for (const [field, want] of Object.entries(expect.synced.fields || {})) {
      if (found[field] !== want) return `${field} is ${JSON.stringify(found[field])}, expected ${JSON.stringify(want)}`;
    }
    if (expect.synced.check) {
      const result = propertyChecks[expect.synced.check](found);
      if (result !== true) return result;
    }
    if (expect.warning && logEntriesFor(logs, saved, expect.warning, ['warning']).length === 0) return `no warning ${expect.warning} naming ${entityText(saved)} in the log`;
    if (logEntriesFor(logs, saved, null, ['error']).length > 0) return `an error was logged: ${logEntriesFor(logs, saved, null, ['error'])[0].message}`;
    return true;
  }
  if (typeof expect.error === 'string') {
    return logEntriesFor(logs, saved, expect.error, ['error']).length > 0 || `no error ${expect.error} naming ${entityText(saved)} in the log`;
  }
  if (expect.skipped) {
    return logEntriesFor(logs, saved, expect.skipped, ['warning']).length > 0 || `no warning ${expect.skipped} naming ${entityText(saved)} in the log`;
  }
  if (expect.error) {
    const entries = logs.filter((item) => item.level === 'error' && String(item.message).includes(entityText(saved))
      && expect.error.codes.includes(item.context && item.context.code));
    if (entries.length === 0) return `no error (${expect.error.codes.join(' or ')}) naming ${entityText(saved)} in the log`;
    const named = entries.filter((item) => String(item.message).includes(expect.error.operation));
    return named.length > 0 || `the error does not name ${expect.error.operation}: ${entries[0].message}`;
  }
  if (expect.consumed || expect.parked) {
    const left = live(state.mvIntegrationUpdates).filter((u) => Number(u.IntegrationUpdateID) === saved.updateId);
    if (left.length) return 'still in the integration-update queue';
    const parkedHere = parked.filter((p) => p.update && Number(p.update.IntegrationUpdateID) === saved.updateId);
    if (expect.parked) return parkedHere.some((p) => p.error && p.error.code === expect.parked) || `not parked with ${expect.parked}: ${JSON.stringify(parked).slice(0, 300)}`;
    return parkedHere.length === 0 || `parked: ${JSON.stringify(parkedHere[0]).slice(0, 300)}`;
  }
  return `no expectation for ${testCase.id}`;
}

// ---------------------------------------------------------------- REST cases

async function restCase(testCase) {
  const { method, route, body, contentType, raw } = testCase.input;
  const url = site.restRoot.includes('?')
    ? `${site.restRoot}${(raw ? route : `megaventory/v1/${route}`).replace('?', '&')}`
    : `${site.restRoot}${raw ? route : `megaventory/v1/${route}`}`;
  let payload;
  if (body && typeof body === 'object' && body.huge) payload = `{"filler": "${'x'.repeat(body.huge)}"}`;
  else if (typeof body === 'string') payload = body;
  else if (body) payload = JSON.stringify(body);
  const password = fs.readFileSync(process.env.MVSYNC_E2E_ADMIN_PASSWORD_FILE, 'utf8').trim().replace(/ /g, '');
  const response = await fetch(url, {
    method,
    headers: {
      Authorization: 'Basic ' + Buffer.from(`${process.env.MVSYNC_E2E_ADMIN_USER}:${password}`).toString('base64'),
      ...(payload !== undefined ? { 'Content-Type': contentType || 'application/json' } : {}),
    },
    body: payload,
  });
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* judged below */ }
  return { status: response.status, json, text };
}

// ---------------------------------------------------------------- the run

const kinds = { woocommerce: woocommerce.length, 'megaventory-answer': megaventoryAnswers.length, rest: restRequests.length };
console.log(`bad inputs by kind: woocommerce ${kinds.woocommerce}, megaventory-answer ${kinds['megaventory-answer']}, rest ${kinds.rest} — ${woocommerce.length + megaventoryAnswers.length + restRequests.length} in all`);

const initial = await runWorker(['initial-sync', '--json'], env);
report(initial.code === 0, 'worker initial-sync succeeds', initial.code === 0 ? '' : `exit ${initial.code}: ${initial.stderr.slice(-800)}`);

const worker = startWorker(['run', '--poll-interval', '2', '--outbox-interval-ms', '300'], env);
let workerExit = null;
worker.done.then((result) => { workerExit = result; });

for (const body of firstProducts) productIds.set(body.sku, (await admin('POST', 'wc/v3/products', body)).id);
await waitFor('the products duplicates and deleted-product orders refer to', async () => {
  const state = await simState();
  return firstProducts.every((p) => live(state.mvProducts).some((m) => m.ProductSKU === p.sku));
}, { timeoutMs: 30000, intervalMs: 200 });

// One stream: corpus entries with a good product after every fourth.
const stream = [...woocommerce.map((c) => ({ kind: 'woocommerce', c })), ...megaventoryAnswers.map((c) => ({ kind: 'megaventory-answer', c }))];
const goodQueue = [...goodProducts];
const goodSaved = [];
const saved = new Map();
async function saveGood() {
  const body = goodQueue.shift();
  if (!body) return;
  const created = await admin('POST', 'wc/v3/products', body);
  productIds.set(body.sku, created.id);
  goodSaved.push(body.sku);
}
// Orders refer to the good products: save those first.
for (let i = 0; i < 4; i += 1) await saveGood();
for (let index = 0; index < stream.length; index += 1) {
  const { c } = stream[index];
  if (c.input.order && goodQueue.length) {
    // Orders are claimed before products; with their products already in Megaventory, a long
    // order is about its size, not about sending its products first (engine test large_orders).
    while (goodQueue.length) await saveGood();
    await waitFor('the good products before the orders', async () => {
      const current = await simState();
      return goodSaved.every((sku) => live(current.mvProducts).some((p) => p.ProductSKU === sku));
    }, { timeoutMs: 120000, intervalMs: 1000 });
  }
  try {
    saved.set(c.id, await save(c));
  } catch (error) {
    saved.set(c.id, { error: String(error.message || error).slice(0, 300) });
  }
  if (index % 4 === 3) await saveGood();
}
while (goodQueue.length) await saveGood();

// Quiet: every case judged true (or the deadline), and the good products all in Megaventory.
let state; let logs; let parked; let verdicts;
const deadline = Date.now() + QUIET_DEADLINE_MS;
for (;;) {
  state = await simState();
  logs = await allLogs();
  parked = (await admin('GET', 'megaventory/v1/parked?per_page=100')).items || [];
  const canned = (await (await fetch(`${site.simUrl}/_sim/canned-answers`)).json()).canned_answers;
  verdicts = stream.map(({ c }) => judge(c, saved.get(c.id), state, logs, parked, canned));
  const goodIn = goodSaved.every((sku) => live(state.mvProducts).some((p) => p.ProductSKU === sku));
  if ((verdicts.every((v) => v === true) && goodIn) || Date.now() > deadline) break;
  // Not too often: these reads share the site's PHP workers with the worker being judged.
  await new Promise((r) => setTimeout(r, 2000));
}

stream.forEach(({ kind, c }, i) => report(verdicts[i] === true, `${kind} ${c.id}: ${c.what}`, verdicts[i] === true ? '' : verdicts[i]));
const missingGood = goodSaved.filter((sku) => !live(state.mvProducts).some((p) => p.ProductSKU === sku));
report(missingGood.length === 0, `every good product saved among the bad ones reached Megaventory (${goodSaved.length})`, missingGood.join(', '));

// Stop the worker; it must exit cleanly and never have panicked.
worker.child.kill('SIGTERM');
const exited = await Promise.race([worker.done, new Promise((r) => setTimeout(() => r(null), 30000))]);
if (!exited) worker.child.kill('SIGKILL');
const result = exited || workerExit || { code: null, stdout: '', stderr: '' };
fs.writeFileSync(path.join(WORK, 'worker.log'), `${result.stdout}\n--- stderr ---\n${result.stderr}`);
report(result.code === 0, 'the worker exited 0 after SIGTERM', `exit ${result.code} ${result.signal || ''}`);
const panic = /panicked|unreachable|RuntimeError/i.exec(result.stderr + result.stdout);
report(!panic, 'no panic, unreachable or wasm RuntimeError in the worker output', panic ? panic[0] : '');

// REST cases, each must leave the plugin's tables as they were.
for (const c of restRequests) {
  const before = tableFingerprint();
  let verdict;
  try {
    const answer = await restCase(c);
    const after = tableFingerprint();
    const changed = Object.keys(before).filter((table) => JSON.stringify(before[table]) !== JSON.stringify(after[table]));
    if (answer.status !== c.expect.status) verdict = `HTTP ${answer.status}, expected ${c.expect.status}: ${answer.text.slice(0, 200)}`;
    else if (c.expect.code && (!answer.json || answer.json.code !== c.expect.code)) verdict = `code ${answer.json && answer.json.code}, expected ${c.expect.code}: ${answer.text.slice(0, 200)}`;
    else if (!answer.json || typeof answer.json.message !== 'string' || !answer.json.message) verdict = `no error message: ${answer.text.slice(0, 200)}`;
    else if (changed.length) verdict = `tables changed: ${changed.join(', ')}`;
    else verdict = true;
  } catch (error) {
    verdict = `request failed: ${error.message}`;
  }
  report(verdict === true, `rest ${c.id}: ${c.what}`, verdict === true ? '' : verdict);
}

// The admin page: every refused entity (errors and skipped ones) shown in the log panel.
const shownOnPage = stream.filter(({ c }) => (typeof c.expect.error === 'string' || c.expect.skipped || (c.expect.error && c.expect.error.codes)) && saved.get(c.id) && !saved.get(c.id).error)
  .map(({ c }) => ({ id: c.id, text: entityText(saved.get(c.id)) }));
if (process.env.MVSYNC_BAD_INPUT_BROWSER !== '0') {
  let verdict;
  try {
    const { pageTexts } = await import('./admin-page.mjs');
    const texts = await pageTexts(site.siteUrl);
    // "product #12" must not match "product #123": the entity text ends at a non-digit.
    const missing = shownOnPage.filter(({ text }) => !new RegExp(`${text.replace(/[#]/g, '\\#')}(?!\\d)`).test(texts.log));
    verdict = missing.length === 0 || `not shown on the admin page's log: ${missing.map((m) => `${m.id} (${m.text})`).join(', ')}`;
    report(texts.pageErrors.length === 0, 'no JavaScript errors on the admin page', texts.pageErrors.slice(0, 3).join(' | '));
  } catch (error) {
    verdict = `the page could not be checked: ${error.message}`;
  }
  report(verdict === true, `the admin page's log shows every refused entity (${shownOnPage.length})`, verdict === true ? '' : verdict);
}

// No PHP fatal or uncaught exception anywhere in the site's logs during the run.
const skip = Number(process.env.MVSYNC_BAD_INPUT_PHP_LOG_SKIP || 0);
const phpProblems = [];
for (const file of (process.env.MVSYNC_BAD_INPUT_PHP_LOGS || '').split(':').filter(Boolean)) {
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
  const from = file.endsWith('wp-debug.log') ? skip : 0;
  phpProblems.push(...lines.slice(from).filter((l) => /PHP Fatal|Uncaught|Allowed memory size/.test(l)));
}
report(phpProblems.length === 0, 'no PHP fatal error or uncaught exception in the site logs', phpProblems.slice(0, 3).join(' | '));

fs.writeFileSync(path.join(WORK, 'plugin-log.json'), JSON.stringify(logs, null, 1));
fs.writeFileSync(path.join(WORK, 'parked.json'), JSON.stringify(parked, null, 1));
if (failures.length) console.log(`\nfailures:\n${failures.map((f) => `  ${f}`).join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
