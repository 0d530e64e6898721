// The fault suite's driver (started by tests/faults/run.sh, which brings up the site): a reference
// run of the scripted shop without faults, then the same script under each fault scenario, each
// compared with the reference by natural keys. Prints the table, writes it to
// target/faults/table.md, then scans every place the API key must not appear.

import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildScript, rng } from './script.mjs';
import { compareStates, checkModel, duplicates, finalDiscountKeys, naturalState } from './compare.mjs';
import { scanForKey } from './scan.mjs';

const execFileAsync = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(here, '..', '..');
const E = process.env;
const FULL = E.FAULTS_FULL === '1';
const SEED = Number(E.FAULTS_SEED || 20261127);
const SIZE = FULL
  ? { wcChanges: 2000, mvChanges: 500, rounds: 40, workerKills: 20 }
  // CI: the whole suite near 10 minutes on 2 cores; large enough that more than 100 integration
  // updates wait at once and that kills strand full claim batches.
  : { wcChanges: Number(E.FAULTS_WC_CHANGES || 200), mvChanges: Number(E.FAULTS_MV_CHANGES || 50), rounds: Number(E.FAULTS_ROUNDS || 10), workerKills: Number(E.FAULTS_KILLS || 10) };
const OUT = E.FAULTS_OUT_DIR;
const SIM_PORT = Number(E.FAULTS_SIM_PORT || 3342);
const SIM_URL = `http://127.0.0.1:${SIM_PORT}`;
const API_KEY = E.FAULTS_API_KEY;
// A correctness bound, not a timing: on a loaded 2-core machine the worker drains well under one row a second.
const QUIET_DEADLINE_MS = Number(E.FAULTS_QUIET_DEADLINE_S || (FULL ? 3600 : 600)) * 1000;
const ONLY = (E.FAULTS_SCENARIOS || '').split(',').filter(Boolean);

const say = (...a) => process.stderr.write(`[faults] ${a.join(' ')}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const phpEnv = { ...process.env, MVSYNC_WP_LOAD: E.FAULTS_WP_LOAD, HTTP_HOST: E.FAULTS_HTTP_HOST };

// ------------------------------------------------------------------ the site
function siteQuery(...args) {
  return JSON.parse(execFileSync('php', [path.join(here, 'site-query.php'), ...args], { env: phpEnv, encoding: 'utf8', maxBuffer: 64 << 20 }));
}

let batchCounter = 0;
async function runBatch(refs, ops) {
  const file = path.join(OUT, `batch-${++batchCounter}.json`);
  fs.writeFileSync(file, JSON.stringify({ refs, ops }));
  const { stdout } = await execFileAsync('php', [path.join(here, 'shop-batch.php'), file], { env: phpEnv, maxBuffer: 64 << 20 });
  fs.unlinkSync(file);
  return JSON.parse(stdout);
}

function bash(fn) {
  execFileSync('bash', ['-c', `source "${REPO}/tests/lib/wp-site.sh"; source "${REPO}/tests/faults/db-snapshot.sh"; ${fn}`], { env: process.env, stdio: ['ignore', 'ignore', 'inherit'] });
}

// ------------------------------------------------------------------ the simulator
let sim = null;
function startSim(fresh) {
  const state = path.join(OUT, 'sim-state', 'megaventory.json');
  if (fresh) { fs.rmSync(path.dirname(state), { recursive: true, force: true }); fs.mkdirSync(path.dirname(state), { recursive: true }); }
  const log = fs.openSync(path.join(OUT, 'logs', 'simulator.log'), 'a');
  const child = spawn(E.FAULTS_SIM_BIN, ['--listen', `127.0.0.1:${SIM_PORT}`, '--accounts', E.FAULTS_ACCOUNTS, '--state', state], { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  sim = child;
  return waitUntil('the simulator', async () => (await fetch(`${SIM_URL}/_sim/clock`).then((r) => r.ok).catch(() => false)), 20000);
}
async function stopSim(signal = 'SIGTERM') {
  if (!sim || sim.exitCode !== null) return;
  const exited = new Promise((r) => sim.once('exit', r));
  sim.kill(signal);
  await exited;
}
async function simGet(route) { return (await fetch(`${SIM_URL}/_sim/${route}`)).json(); }
async function simPost(control, body) {
  const response = await fetch(`${SIM_URL}/_sim/${control}`, { method: 'POST', body: JSON.stringify(body) });
  const json = await response.json();
  if (!response.ok) throw new Error(`/_sim/${control} ${JSON.stringify(body)}: ${JSON.stringify(json)}`);
  return json;
}
const simAccount = async () => (await simGet('state?account=m1')).accounts[0];

// ------------------------------------------------------------------ workers
const workers = new Set();
let workerRuns = 0;
function startWorker(args, extraEnv = {}) {
  const n = ++workerRuns;
  const out = fs.openSync(path.join(OUT, 'logs', `worker-${n}.stdout`), 'w');
  const err = fs.openSync(path.join(OUT, 'logs', `worker-${n}.stderr`), 'w');
  const child = spawn(process.execPath, [path.join(REPO, 'worker', 'megaventory-worker.mjs'), ...args], {
    env: {
      PATH: E.PATH, HOME: E.HOME,
      MVSYNC_SITE_URL: E.FAULTS_SITE_URL, MVSYNC_REST_ROOT: E.FAULTS_REST_ROOT,
      MVSYNC_USER: 'shopmanager', MVSYNC_APP_PASSWORD_FILE: E.FAULTS_MANAGER_PASSWORD_FILE,
      MVSYNC_MEGAVENTORY_URL: `${SIM_URL}/v2017a/`, MVSYNC_API_KEY: API_KEY,
      MVSYNC_WASM_DIR: E.FAULTS_WASM_DIR, MVSYNC_POLL_INTERVAL: '1', MVSYNC_OUTBOX_INTERVAL_MS: '250',
      ...extraEnv,
    },
    stdio: ['ignore', out, err],
  });
  fs.closeSync(out); fs.closeSync(err);
  const done = new Promise((resolve) => child.on('exit', (code, signal) => { workers.delete(child); resolve({ code, signal }); }));
  child.done = done;
  child.runNo = n;
  workers.add(child);
  return child;
}
async function runWorkerCommand(args) {
  const child = startWorker([...args, '--json']);
  const { code } = await child.done;
  if (code !== 0) {
    throw new Error(`worker ${args.join(' ')} exited ${code}: ${fs.readFileSync(path.join(OUT, 'logs', `worker-${child.runNo}.stderr`), 'utf8').slice(-1500)}`);
  }
}
async function stopWorkers() {
  await Promise.all([...workers].map((w) => { w.kill('SIGTERM'); return Promise.race([w.done, sleep(15000).then(() => w.kill('SIGKILL'))]); }));
}

// ------------------------------------------------------------------ the browser worker
async function startBrowser() {
  const { createRequire } = await import('node:module');
  const require = createRequire(path.join(E.FAULTS_UI_TOOLS_DIR, 'node_modules', 'x.js'));
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: E.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const page = await (await browser.newContext()).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${E.FAULTS_SITE_URL}/wp-login.php`);
  await page.fill('#user_login', 'shopmanager');
  await page.fill('#user_pass', 'shopmanager-password');
  await Promise.all([page.waitForURL(/wp-admin/), page.click('#wp-submit')]);
  // Any wp-admin page runs the background drainer for a manage_woocommerce user.
  await page.goto(`${E.FAULTS_SITE_URL}/wp-admin/index.php`);
  const held = await waitUntil('the browser drainer to hold its lock', async () => page.evaluate(async () => (await navigator.locks.query()).held.some((l) => l.name === 'mvsync-drainer')), 30000)
    .then(() => true, () => false);
  return { browser, page, errors, held };
}

// ------------------------------------------------------------------ helpers
async function waitUntil(what, check, timeoutMs, intervalMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => false);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(intervalMs);
  }
}

const liveUpdates = (account) => (account.mvIntegrationUpdates || []).filter((u) => !u.deleted);

/** Quiet: no outbox row pending or leased and no integration update waiting, twice in a row. */
async function waitForQuiet(scenario, { orphanedLeases }) {
  const deadline = Date.now() + QUIET_DEADLINE_MS;
  let calm = 0;
  let forcedLeases = 0;
  let leasedSince = null;
  let lastReport = Date.now();
  for (;;) {
    const outbox = siteQuery('outbox');
    const pending = outbox.counts.pending || 0;
    const leased = outbox.counts.leased || 0;
    const updates = liveUpdates(await simAccount()).length;
    if (Date.now() - lastReport > 10000) { lastReport = Date.now(); say(`  waiting for quiet: pending ${pending}, leased ${leased}, integration updates ${updates}`); }
    if (pending === 0 && leased === 0 && updates === 0) {
      if (++calm >= 3) return { forcedLeases };
    } else calm = 0;
    // Rows leased by a SIGKILLed worker wait for their lease (300 s) to end. With the live
    // workers idle for 5 s, the suite ends those leases early instead of sleeping (counted).
    if (orphanedLeases && pending === 0 && leased > 0) {
      leasedSince ??= Date.now();
      if (Date.now() - leasedSince > 5000) { forcedLeases += siteQuery('expire-leases').expired; leasedSince = null; }
    } else leasedSince = null;
    if (Date.now() > deadline) throw new Error(`${scenario}: not quiet after ${QUIET_DEADLINE_MS / 1000} s (pending ${pending}, leased ${leased}, integration updates ${updates})`);
    await sleep(500);
  }
}

// ------------------------------------------------------------------ one scenario
const SCENARIOS = [
  { name: 'reference (no faults)' },
  { name: '10 % HTTP 5xx + 5 % timeouts', faults: (round) => ({ http_5xx_rate: 0.1, timeout_rate: 0.05, timeout_ms: 2000, fail_after_apply: round % 2 === 1, seed: SEED + round }) },
  { name: 'rate limiting (8 req/s)', faults: () => ({ rate_limit_per_sec: 8 }) },
  { name: 'simulator restarted twice', simRestarts: true },
  { name: `worker SIGKILLed ${SIZE.workerKills}×`, workerKills: SIZE.workerKills },
  { name: 'MariaDB restarted once', dbRestart: true },
  { name: 'two Node workers + browser worker', twoWorkersAndBrowser: true },
];

async function runScenario(scenario, script) {
  say(`— ${scenario.name}`);
  bash('wp_db_restore_snapshot');
  await stopSim();
  await startSim(true);
  const r = rng(SEED ^ 0x5bd1e995);
  let refs = {};
  refs = (await runBatch(refs, script.shopOps)).refs;
  await runWorkerCommand(['initial-sync']);
  for (const kind of ['clients', 'products', 'discounts']) await runWorkerCommand(['import', kind]);
  await simPost('stats/reset', {});
  const outboxBefore = siteQuery('outbox');

  const relayEnv = { MVSYNC_MEGAVENTORY_MODE: 'relay', MVSYNC_API_KEY: '', MVSYNC_MEGAVENTORY_URL: '' };
  const startRun = () => startWorker(['run', '--json']);
  let main = startRun();
  let browser = null;
  if (scenario.twoWorkersAndBrowser) {
    startWorker(['run', '--json'], relayEnv);
    browser = await startBrowser();
    if (!browser.held) throw new Error('the browser drainer never took its lock');
  }
  const rounds = script.rounds;
  const killRounds = new Set();
  while (scenario.workerKills && killRounds.size < Math.min(scenario.workerKills, rounds.length * 2)) killRounds.add(r.int(0, rounds.length * 2 - 1));
  const simRestartRounds = [Math.floor(rounds.length / 3), Math.floor((2 * rounds.length) / 3)];
  const dbRestartRound = Math.floor(rounds.length / 2);
  const orderNumbers = new Map();
  let kills = 0;
  let leasesEndedAtKill = 0;
  let simRestarts = 0;
  let dbRestarts = 0;

  const killAndRestart = async () => {
    await sleep(r.int(0, 1500));
    main.kill('SIGKILL');
    await main.done;
    kills++;
    // The only worker is dead: every leased row is its own and would wait out the 300 s lease.
    // End those leases now, as if the time had passed (counted in the table).
    leasesEndedAtKill += siteQuery('expire-leases').expired;
    main = startRun();
  };

  for (let i = 0; i < rounds.length; i++) {
    const round = rounds[i];
    if (scenario.faults) await simPost('faults', scenario.faults(i));
    const pendingKills = [0, 1].filter((half) => killRounds.has(i * 2 + half)).length;
    const batch = runBatch(refs, round.ops);
    // Kills land while the round's changes are being written and drained.
    for (let k = 0; k < pendingKills; k++) await killAndRestart();
    const result = await batch;
    round.ops.forEach((op, j) => { if (op.ref && result.results[j].number) orderNumbers.set(op.ref, result.results[j].number); });
    refs = result.refs;
    if (scenario.simRestarts && simRestartRounds.includes(i)) {
      await sleep(r.int(200, 1500));
      await stopSim('SIGKILL');
      simRestarts++;
      await startSim(false);
    }
    if (scenario.dbRestart && i === dbRestartRound) {
      await sleep(r.int(200, 1500));
      bash('wp_db_restart');
      dbRestarts++;
    }
    const salesOrderOf = (orderRef) => {
      const number = orderNumbers.get(orderRef);
      return waitUntil(`the sales order of WooCommerce order ${number}`, async () => {
        const found = ((await simAccount()).mvSalesOrders || []).filter((o) => String(o.SalesOrderReferenceNo) === String(number));
        return found[0];
      }, QUIET_DEADLINE_MS, 300);
    };
    if (round.cancels.length > 0) {
      for (const cancel of round.cancels) await salesOrderOf(cancel.orderRef);
      refs = (await runBatch(refs, round.cancels)).refs;
    }
    for (const change of round.mv) {
      if (change.control === 'sales-order-status') {
        const so = await salesOrderOf(change.orderRef);
        await simPost('sales-order-status', { sales_order_id: so.SalesOrderId, status: change.status });
      } else {
        await simPost(change.control, change.body);
      }
    }
  }
  const scriptEnd = Date.now();
  const { forcedLeases } = await waitForQuiet(scenario.name, { orphanedLeases: kills > 0 });
  const timeToQuiet = (Date.now() - scriptEnd) / 1000;
  const simStats = await simGet('stats');
  if (scenario.faults) await simPost('faults', {});
  const account = await simAccount();
  fs.writeFileSync(path.join(OUT, `state-${SCENARIOS.indexOf(scenario)}.json`), JSON.stringify(account, null, 1));
  const outbox = siteQuery('outbox');
  const wcState = siteQuery('wc-state');
  const browserErrors = browser ? browser.errors : [];
  if (browser) await browser.browser.close();
  await stopWorkers();
  return {
    scenario, account, outbox, outboxBefore, wcState, simStats, timeToQuiet, forcedLeases: forcedLeases + leasesEndedAtKill, kills, simRestarts, dbRestarts,
    orderNumbers, browserErrors,
    events: outbox.max_id - outboxBefore.max_id,
  };
}


const SIZE_LABEL = E.FAULTS_WC_CHANGES || E.FAULTS_MV_CHANGES ? 'custom' : (FULL ? 'full' : 'CI');

function renderTable(rows, wcOps, mvOps, script) {
  return [
    `Fault suite, ${SIZE_LABEL} size: ${wcOps} WooCommerce + ${mvOps} Megaventory changes after a sample shop of ${script.shopOps.length}, seed ${SEED}, ${new Date().toISOString()}`,
    '',
    '| scenario | events | retries (outbox) | faulted requests (simulator) | API requests | dead letters | duplicates | lost | time to quiet (s) | leases ended early | notes | result |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((w) => (w.failed ? `| ${w.name} | – | – | – | – | – | – | – | – | – | did not finish | FAIL |`
      : `| ${w.name} | ${w.events} | ${w.retries} | ${w.faulted} | ${w.requests} | ${w.dead} | ${w.duplicates} | ${w.lost} | ${w.quiet.toFixed(1)} | ${w.forced} | ${w.extra} | ${w.problems.length ? 'FAIL' : 'pass'} |`)),
  ].join('\n');
}

/** The table so far (rewritten after each scenario, so that a stopped run keeps its rows). */
function writeTable(table) {
  fs.mkdirSync(path.join(REPO, 'target', 'faults'), { recursive: true });
  const name = SIZE_LABEL === 'full' ? 'table.md' : SIZE_LABEL === 'CI' ? 'table-ci.md' : 'table-custom.md';
  fs.writeFileSync(path.join(REPO, 'target', 'faults', name), `${table}\n`);
}

// ------------------------------------------------------------------ main
async function main() {
  fs.mkdirSync(path.join(OUT, 'logs'), { recursive: true });
  const script = buildScript(SEED, SIZE);
  const wcOps = script.rounds.reduce((s, round) => s + round.ops.length + round.cancels.length, 0);
  const mvOps = script.rounds.reduce((s, round) => s + round.mv.length, 0);
  say(`${FULL ? 'full' : 'CI'} size: sample shop of ${script.shopOps.length} creations, then ${wcOps} WooCommerce and ${mvOps} Megaventory changes in ${script.rounds.length} rounds (seed ${SEED})`);
  const rows = [];
  const failures = [];
  let reference = null;
  for (const scenario of SCENARIOS) {
    if (ONLY.length && !ONLY.some((o) => scenario.name.toLowerCase().includes(o.toLowerCase())) && scenario !== SCENARIOS[0]) continue;
    const started = Date.now();
    let run;
    try {
      // A fresh copy of the script's model per run (the generator mutates nothing afterwards).
      run = await runScenario(scenario, script);
    } catch (e) {
      failures.push(`${scenario.name}: ${e.message}`);
      say(`FAILED: ${e.message}`);
      await stopWorkers();
      rows.push({ name: scenario.name, failed: true });
      continue;
    }
    const state = naturalState(run.account, run.wcState, run.orderNumbers, finalDiscountKeys(script));
    const problems = [];
    const dups = duplicates(run.account);
    problems.push(...dups.map((d) => `duplicate ${d}`));
    const lost = checkModel(script, state, run.orderNumbers);
    problems.push(...lost.map((l) => `lost: ${l}`));
    const dead = run.outbox.dead || [];
    for (const d of dead) {
      if (!d.last_error || /transient|timeout|timed out|cannot be reached|HTTP 5\d\d|HTTP 429|rate|lease|stopped before answering/i.test(d.last_error)) {
        problems.push(`dead letter without a permanent reason: ${d.entity_type} ${d.entity_id} ${d.action}: ${d.last_error}`);
      }
    }
    if (reference) problems.push(...compareStates(reference, state).map((d) => `differs from the reference: ${d}`));
    else reference = state;
    if (run.browserErrors.length) problems.push(`browser errors: ${run.browserErrors.slice(0, 3).join(' | ')}`);
    const faults = run.simStats.faults_injected || {};
    const row = {
      name: scenario.name,
      events: run.events,
      retries: run.outbox.extra_attempts - run.outboxBefore.extra_attempts,
      faulted: (faults.http_5xx || 0) + (faults.timeout || 0) + (faults.rate_limited || 0),
      requests: run.simStats.requests_total,
      dead: dead.length,
      duplicates: dups.length,
      lost: lost.length,
      quiet: run.timeToQuiet,
      forced: run.forcedLeases,
      extra: [run.kills && `${run.kills} kills`, run.simRestarts && `${run.simRestarts} simulator restarts`, run.dbRestarts && `${run.dbRestarts} MariaDB restart`, state.discountHistory && `${state.discountHistory} intermediate coupon value(s) as discounts`].filter(Boolean).join(', '),
      total: (Date.now() - started) / 1000,
      problems,
    };
    rows.push(row);
    say(`${scenario.name}: ${problems.length === 0 ? 'ok' : `${problems.length} problem(s)`} (${row.total.toFixed(0)} s)`);
    for (const p of problems.slice(0, 20)) say(`  ${p}`);
    if (problems.length) failures.push(`${scenario.name}: ${problems.length} problem(s), first: ${problems[0]}`);
    writeTable(renderTable(rows, wcOps, mvOps, script));
  }
  const table = renderTable(rows, wcOps, mvOps, script);
  process.stdout.write(`${table}\n`);
  writeTable(table);

  // The API key must appear nowhere the shop or its logs show.
  const found = await scanForKey({ apiKey: API_KEY, out: OUT, siteQuery, workerLogs: path.join(OUT, 'logs'), simUrl: SIM_URL });
  await stopSim();
  for (const f of found.hits) failures.push(`the API key appears in ${f}`);
  say(`API-key scan: ${found.scanned} places scanned, ${found.hits.length} with the key`);
  const passed = rows.filter((w) => !w.failed && w.problems.length === 0).length + (found.hits.length === 0 ? 1 : 0);
  process.stdout.write(`${passed} passed, ${rows.length + 1 - passed} failed\n`);
  if (failures.length) {
    say('FAILURES:');
    for (const f of failures) say(`  ${f}`);
    process.exit(1);
  }
}

main().catch(async (e) => {
  say(`the suite broke: ${e.stack || e}`);
  for (const w of workers) w.kill('SIGKILL');
  if (sim) sim.kill('SIGKILL');
  process.exit(1);
});
