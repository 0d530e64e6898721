#!/usr/bin/env node
// Megaventory Sync headless worker: the same WebAssembly engine as the admin page, run by
// Node 20 (no npm dependencies). See worker/README.md for commands, configuration and exit codes.

import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const EXIT = Object.freeze({
  OK: 0,
  FAILURE: 1,
  USAGE: 2,
  AUTH_OR_CONFIG: 3,
  MEGAVENTORY_UNUSABLE: 4,
  ITEMS_FAILED: 5,
  INTERRUPTED_TWICE: 130,
});

const USAGE = `Usage: megaventory-worker <command> [options]

Commands:
  run                          continuous sync: drain the outbox, poll Megaventory (until SIGTERM)
  initial-sync                 account checks, then what must exist in Megaventory
  import clients|products|discounts
  import quantity [--direction to_megaventory|from_megaventory] [--location-id N] [--approve]
  status                       outbox counts, checkpoints, Megaventory account check (JSON)
  preview <kind> <file.json>   the Megaventory request(s) an entity would produce (no site needed)
                               kind: product, customer, coupon, tax_rate, order
  help

Options (flags > environment > --config file):
  --site-url URL               MVSYNC_SITE_URL        WordPress site, e.g. https://shop.example
  --user NAME                  MVSYNC_USER            WordPress user (shop manager or administrator)
  --app-password-file FILE     MVSYNC_APP_PASSWORD    application password (file: first line)
  --megaventory-url URL        MVSYNC_MEGAVENTORY_URL Megaventory API base (direct mode)
  --api-key-file FILE          MVSYNC_API_KEY         Megaventory API key (direct mode; file: first line)
  --relay                      MVSYNC_MEGAVENTORY_MODE=relay  call Megaventory through the plugin (no key here)
  --rest-root URL              MVSYNC_REST_ROOT       default {site}/wp-json/
  --poll-interval SECONDS      MVSYNC_POLL_INTERVAL   Megaventory poll interval for run (default: the plugin's)
  --outbox-interval-ms MS      MVSYNC_OUTBOX_INTERVAL_MS  idle outbox check interval for run (default 1000)
  --concurrency N              MVSYNC_CONCURRENCY     Megaventory calls in flight during imports
  --page-size N                MVSYNC_PAGE_SIZE       WooCommerce items per page in imports (1..100, default 50)
  --wasm-dir DIR               MVSYNC_WASM_DIR        folder holding sync_wasm.js and sync_wasm_bg.wasm
  --config FILE                JSON file with the same settings (camelCase keys, see README)
  --json                       machine-readable output (one JSON object per line)
`;

class UsageError extends Error {}

/** Parses argv into {command, args, flags}. Flags take a value unless listed as boolean. */
export function parseArgs(argv) {
  const booleans = new Set(['relay', 'approve', 'json', 'help']);
  const flags = {};
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') { positional.push(...argv.slice(i + 1)); break; }
    if (!arg.startsWith('--')) { positional.push(arg); continue; }
    let [name, value] = arg.slice(2).split(/=(.*)/s, 2);
    if (booleans.has(name)) { flags[name] = value === undefined ? true : value !== 'false'; continue; }
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
    }
    flags[name] = value;
  }
  const [command, ...args] = positional;
  return { command, args, flags };
}

const SETTINGS = {
  // key: [flag, env, config-file key]
  siteUrl: ['site-url', 'MVSYNC_SITE_URL', 'siteUrl'],
  user: ['user', 'MVSYNC_USER', 'user'],
  appPassword: [null, 'MVSYNC_APP_PASSWORD', 'appPassword'],
  appPasswordFile: ['app-password-file', 'MVSYNC_APP_PASSWORD_FILE', 'appPasswordFile'],
  megaventoryUrl: ['megaventory-url', 'MVSYNC_MEGAVENTORY_URL', 'megaventoryUrl'],
  apiKey: [null, 'MVSYNC_API_KEY', 'apiKey'],
  apiKeyFile: ['api-key-file', 'MVSYNC_API_KEY_FILE', 'apiKeyFile'],
  megaventoryMode: [null, 'MVSYNC_MEGAVENTORY_MODE', 'megaventoryMode'],
  restRoot: ['rest-root', 'MVSYNC_REST_ROOT', 'restRoot'],
  pollInterval: ['poll-interval', 'MVSYNC_POLL_INTERVAL', 'pollIntervalSeconds'],
  outboxIntervalMs: ['outbox-interval-ms', 'MVSYNC_OUTBOX_INTERVAL_MS', 'outboxIntervalMs'],
  concurrency: ['concurrency', 'MVSYNC_CONCURRENCY', 'concurrency'],
  pageSize: ['page-size', 'MVSYNC_PAGE_SIZE', 'pageSize'],
  wasmDir: ['wasm-dir', 'MVSYNC_WASM_DIR', 'wasmDir'],
};

function firstLine(file, what) {
  try {
    return fs.readFileSync(file, 'utf8').split(/\r?\n/)[0].trim();
  } catch (e) {
    throw Object.assign(new Error(`cannot read ${what} from ${file}: ${e.code || e.message}`), { code: 'config.invalid' });
  }
}

/** Settings with precedence flags > environment > config file. Secrets only from env, files or the config file. */
export function resolveSettings(flags, env = process.env) {
  let file = {};
  if (flags.config) {
    try {
      file = JSON.parse(fs.readFileSync(flags.config, 'utf8'));
    } catch (e) {
      throw Object.assign(new Error(`cannot read the config file ${flags.config}: ${e.message}`), { code: 'config.invalid' });
    }
    if (file === null || typeof file !== 'object' || Array.isArray(file)) {
      throw Object.assign(new Error(`the config file ${flags.config} must hold a JSON object`), { code: 'config.invalid' });
    }
  }
  const settings = {};
  for (const [key, [flag, envName, fileKey]] of Object.entries(SETTINGS)) {
    const value = (flag && flags[flag] !== undefined) ? flags[flag]
      : (env[envName] !== undefined && env[envName] !== '') ? env[envName]
        : file[fileKey];
    if (value !== undefined && value !== null && value !== '') settings[key] = String(value);
  }
  if (flags.relay) settings.megaventoryMode = 'relay';
  if (settings.appPasswordFile && !flags['app-password'] && (flags['app-password-file'] || !settings.appPassword)) {
    settings.appPassword = firstLine(settings.appPasswordFile, 'the application password');
  }
  if (settings.apiKeyFile && (flags['api-key-file'] || !settings.apiKey)) {
    settings.apiKey = firstLine(settings.apiKeyFile, 'the API key');
  }
  for (const key of ['pollInterval', 'concurrency', 'outboxIntervalMs', 'pageSize']) {
    if (settings[key] !== undefined) {
      const n = Number(settings[key]);
      if (!Number.isFinite(n) || n <= 0) {
        throw Object.assign(new Error(`${key} must be a positive number, got ${JSON.stringify(settings[key])}`), { code: 'config.invalid' });
      }
      settings[key] = n;
    }
  }
  return settings;
}

/** The options of `new Engine(...)` for these settings. */
export function engineOptions(settings, { needSite = true } = {}) {
  const options = {};
  if (settings.concurrency) options.concurrency = Math.floor(settings.concurrency);
  if (settings.pageSize) options.pageSize = Math.floor(settings.pageSize);
  if (!needSite) return options;
  const missing = ['siteUrl', 'user', 'appPassword'].filter((k) => !settings[k]);
  if (missing.length) {
    const names = { siteUrl: 'MVSYNC_SITE_URL (--site-url)', user: 'MVSYNC_USER (--user)', appPassword: 'MVSYNC_APP_PASSWORD (--app-password-file)' };
    throw Object.assign(new Error(`missing settings: ${missing.map((k) => names[k]).join(', ')}`), { code: 'config.invalid' });
  }
  options.siteUrl = settings.siteUrl;
  if (settings.restRoot) options.restRoot = settings.restRoot;
  options.auth = { kind: 'application_password', user: settings.user, password: settings.appPassword };
  const mode = settings.megaventoryMode || (settings.apiKey ? 'direct' : 'relay');
  if (mode === 'direct') {
    if (!settings.apiKey) {
      throw Object.assign(new Error('direct mode needs MVSYNC_API_KEY (or --api-key-file); use --relay to go through the plugin'), { code: 'config.invalid' });
    }
    options.megaventory = {
      mode: 'direct',
      baseUrl: settings.megaventoryUrl || 'https://api.megaventory.com/v2017a/',
      apiKey: settings.apiKey,
    };
  } else if (mode === 'relay') {
    options.megaventory = { mode: 'relay' };
  } else {
    throw Object.assign(new Error(`MVSYNC_MEGAVENTORY_MODE must be direct or relay, got ${JSON.stringify(mode)}`), { code: 'config.invalid' });
  }
  return options;
}

/** Exit code for an error thrown by the engine (its `code`). */
export function exitCodeFor(error) {
  const code = (error && error.code) || '';
  if (error instanceof UsageError) return EXIT.USAGE;
  if (code === 'job.cancelled') return EXIT.OK;
  if (code === 'preview.bad_input') return EXIT.USAGE;
  if (code === 'config.invalid' || code === 'woocommerce.forbidden' || code === 'account.invalid_key') return EXIT.AUTH_OR_CONFIG;
  if (code.startsWith('account.') || code.startsWith('megaventory.')) return EXIT.MEGAVENTORY_UNUSABLE;
  return EXIT.FAILURE;
}

async function loadEngine(settings) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = settings.wasmDir ? [settings.wasmDir]
    : [path.join(here, 'pkg'), path.join(here, '..', 'target', 'wasm-pkg')];
  const dir = candidates.find((d) => fs.existsSync(path.join(d, 'sync_wasm_bg.wasm')));
  if (!dir) {
    throw Object.assign(new Error(`sync_wasm_bg.wasm not found in ${candidates.join(' or ')} (build it with ./build.sh build, or set MVSYNC_WASM_DIR)`), { code: 'config.invalid' });
  }
  const glue = await import(pathToFileURL(path.join(dir, 'sync_wasm.js')).href);
  // The web-target glue would fetch a file: URL, which Node refuses: hand it the bytes.
  glue.initSync({ module: fs.readFileSync(path.join(dir, 'sync_wasm_bg.wasm')) });
  return glue;
}

/** Progress output: a redrawn bar on a terminal, plain lines (at most every 5 s or 10 %) otherwise. */
export function progressPrinter(stream, { json = false, tty = stream.isTTY } = {}) {
  let lastLine = 0;
  let lastFraction = -1;
  return (event) => {
    if (!event) return;
    if (json) { stream.write(JSON.stringify({ type: 'progress', ...event }) + '\n'); return; }
    const { job, state, done, total, failed } = event;
    const fraction = total > 0 ? Math.min(1, done / total) : (state === 'done' ? 1 : 0);
    const eta = event.etaSeconds == null ? '' : ` eta ${formatSeconds(event.etaSeconds)}`;
    const rate = event.ratePerSecond ? ` ${event.ratePerSecond.toFixed(1)}/s` : '';
    const text = `${job} ${state} ${done}/${total}${failed ? ` (${failed} failed)` : ''}${rate}${eta}`;
    if (tty) {
      const width = 24;
      const filled = Math.round(fraction * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K`);
      if (state !== 'running' && state !== 'paused') stream.write('\n');
      return;
    }
    const now = Date.now();
    const final = state !== 'running' && state !== 'paused';
    if (final || now - lastLine >= 5000 || fraction - lastFraction >= 0.1) {
      stream.write(text + '\n');
      lastLine = now;
      lastFraction = fraction;
    }
  };
}

function formatSeconds(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

function printJson(value) {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

function describeError(error) {
  const entity = error && error.entity ? ` [${error.entity.kind}${error.entity.wc_id ? ` #${error.entity.wc_id}` : ''}${error.entity.label ? ` ${error.entity.label}` : ''}]` : '';
  return `${error && error.code ? error.code : 'error'}${entity}: ${error && error.message ? error.message : String(error)}`;
}

/** Runs one command; resolves to the exit code. */
export async function main(argv, { env = process.env, signals = process } = {}) {
  let parsed;
  try {
    parsed = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`${e.message}\n\n${USAGE}`);
    return EXIT.USAGE;
  }
  const { command, args, flags } = parsed;
  if (!command || command === 'help' || flags.help) {
    process.stdout.write(USAGE);
    return command || flags.help ? EXIT.OK : EXIT.USAGE;
  }
  const known = ['run', 'initial-sync', 'import', 'status', 'preview'];
  if (!known.includes(command)) {
    process.stderr.write(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return EXIT.USAGE;
  }
  if (flags['app-password'] !== undefined || flags['api-key'] !== undefined) {
    process.stderr.write('secrets are not accepted on the command line (other users can read it): use the environment, a file flag or --config\n');
    return EXIT.USAGE;
  }
  const json = Boolean(flags.json);
  const log = (line) => { if (!json) process.stderr.write(line + '\n'); };

  let settings;
  let engine;
  try {
    settings = resolveSettings(flags, env);
    const glue = await loadEngine(settings);
    if (command === 'preview') {
      const [kind, file] = args;
      if (!kind || !file) throw new UsageError('preview needs <kind> <file.json>');
      let text;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (e) {
        throw Object.assign(new Error(`cannot read ${file}: ${e.code || e.message}`), { code: 'preview.bad_input' });
      }
      engine = new glue.Engine(engineOptions(settings, { needSite: false }));
      const preview = await engine.preview(kind, text);
      printJson(preview);
      return preview.errors && preview.errors.length ? EXIT.ITEMS_FAILED : EXIT.OK;
    }
    engine = new glue.Engine(engineOptions(settings));
  } catch (e) {
    process.stderr.write(`${describeError(e)}\n`);
    if (e instanceof UsageError) process.stderr.write(`\n${USAGE}`);
    return exitCodeFor(e);
  }

  // SIGTERM/SIGINT: stop claiming and finish the rows in hand (run), or stop an import after
  // its items in flight, keeping its checkpoint. A second signal exits at once; leases lapse.
  let stopping = false;
  let currentJob = null;
  const onSignal = (name) => {
    if (stopping) {
      process.stderr.write(`${name} again: exiting now; claimed outbox rows return to the queue when their lease ends\n`);
      process.exit(EXIT.INTERRUPTED_TWICE);
    }
    stopping = true;
    log(`${name}: finishing the work in hand, then exiting`);
    if (command === 'run') engine.stop();
    else if (currentJob) engine.cancel(currentJob);
  };
  const handlers = { SIGTERM: () => onSignal('SIGTERM'), SIGINT: () => onSignal('SIGINT') };
  for (const [name, handler] of Object.entries(handlers)) signals.on(name, handler);

  const progress = progressPrinter(json ? process.stdout : process.stderr, { json });
  try {
    switch (command) {
      case 'status': {
        printJson(await engine.status());
        return EXIT.OK;
      }
      case 'initial-sync': {
        currentJob = 'initial';
        const report = await engine.initialSync(progress);
        if (json) process.stdout.write(JSON.stringify({ type: 'report', job: 'initial', ...report }) + '\n');
        else printJson(report);
        return report.errors.length ? EXIT.ITEMS_FAILED : EXIT.OK;
      }
      case 'import': {
        const [what] = args;
        let promise;
        switch (what) {
          case 'clients': currentJob = 'import.clients'; promise = engine.importClients(progress); break;
          case 'products': currentJob = 'import.products'; promise = engine.importProducts(progress); break;
          case 'discounts': currentJob = 'import.discounts'; promise = engine.importDiscounts(progress); break;
          case 'quantity': {
            const direction = flags.direction || 'from_megaventory';
            if (!['to_megaventory', 'from_megaventory'].includes(direction)) {
              throw new UsageError(`--direction must be to_megaventory or from_megaventory, got ${JSON.stringify(direction)}`);
            }
            const opts = { approve: Boolean(flags.approve) };
            if (flags['location-id'] !== undefined) {
              opts.locationId = Number(flags['location-id']);
              if (!Number.isInteger(opts.locationId) || opts.locationId <= 0) throw new UsageError('--location-id must be a positive integer');
            }
            currentJob = `import.quantity_${direction}`;
            promise = engine.importQuantity(direction, opts, progress);
            break;
          }
          default:
            throw new UsageError(`import what? clients, products, discounts or quantity (got ${JSON.stringify(what)})`);
        }
        const report = await promise;
        if (json) process.stdout.write(JSON.stringify({ type: 'report', ...report }) + '\n');
        else printJson(report);
        return report.failed > 0 ? EXIT.ITEMS_FAILED : EXIT.OK;
      }
      case 'run': {
        const opts = {};
        if (settings.pollInterval) opts.pollIntervalSeconds = settings.pollInterval;
        if (settings.outboxIntervalMs) opts.outboxIntervalMs = settings.outboxIntervalMs;
        log(`continuous sync against ${settings.siteUrl} (Megaventory ${engineOptions(settings).megaventory.mode}); SIGTERM to stop`);
        const totals = await engine.runContinuous(opts, (event) => {
          if (json) { process.stdout.write(JSON.stringify(event) + '\n'); return; }
          if (event.type === 'round') {
            const r = event.round;
            const parts = [`${r.eventsDone} done`];
            if (r.eventsRetried) parts.push(`${r.eventsRetried} to retry`);
            if (r.eventsDead) parts.push(`${r.eventsDead} failed for good`);
            if (r.updatesApplied || r.updatesParked) parts.push(`${r.updatesApplied} Megaventory updates applied, ${r.updatesParked} parked`);
            if (r.stockWritten) parts.push(`${r.stockWritten} stock values written`);
            log(`${new Date().toISOString()} outbox: ${parts.join(', ')}`);
            for (const e of r.errors) log(`  ${describeError(e)}`);
          } else if (event.type === 'error') {
            log(`${new Date().toISOString()} ${event.code}: ${event.message} (retrying in ${Math.round(event.retryInMs / 1000)} s)`);
          }
        });
        if (json) process.stdout.write(JSON.stringify({ type: 'stopped', totals }) + '\n');
        else log(`stopped: ${totals.eventsDone} outbox rows done, ${totals.eventsRetried} retried, ${totals.eventsDead} failed, ${totals.updatesApplied} Megaventory updates applied`);
        return EXIT.OK;
      }
      default:
        return EXIT.USAGE;
    }
  } catch (e) {
    if (e && e.code === 'job.cancelled') {
      const message = `${currentJob} stopped; run the same command again to resume from its checkpoint`;
      if (json) process.stdout.write(JSON.stringify({ type: 'cancelled', job: currentJob, message }) + '\n');
      else log(message);
      return EXIT.OK;
    }
    process.stderr.write(`${describeError(e)}\n`);
    if (e instanceof UsageError) process.stderr.write(`\n${USAGE}`);
    return exitCodeFor(e);
  } finally {
    for (const [name, handler] of Object.entries(handlers)) signals.off(name, handler);
  }
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Exit explicitly once the output is flushed: the engine's request timeouts are timers that
  // would otherwise keep Node alive until they fire.
  const exit = (code) => process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  main(process.argv.slice(2)).then(exit, (e) => {
    process.stderr.write(`unexpected failure: ${e && e.stack ? e.stack : e}\n`);
    exit(EXIT.FAILURE);
  });
}
