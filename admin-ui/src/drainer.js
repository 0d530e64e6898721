// Background processing of pending changes, loaded on every wp-admin page for shop managers.
// A Web Lock makes it one worker per browser: the first tab runs the engine's continuous loop,
// every other tab waits for the lock and takes over when that tab closes.
import { Rest } from './rest.js';
import { EngineClient } from './engine-client.js';
import { DRAINER_CHANNEL, DRAINER_LOCK } from './drainer-shared.js';
import { rememberContact } from './contact.js';

const RETRY_AFTER_ERROR_SECONDS = 60;
const RECHECK_WITHOUT_KEY_SECONDS = 300;

function newLeaseToken() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function sleep(seconds) {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}

async function drain(config) {
  const rest = new Rest(config);
  const channel = 'BroadcastChannel' in window ? new BroadcastChannel(DRAINER_CHANNEL) : null;
  const announce = (message) => { if (channel) channel.postMessage(message); };
  // The engine dies with this page. It claims outbox rows under this page's own lease token,
  // so when the page is left its rows are handed back at once instead of waiting out their
  // lease, even a row whose claim was answered a moment before the page went.
  const leaseToken = newLeaseToken();
  const engine = new EngineClient({ ...config, leaseToken });
  let claiming = false;
  // The engine uses the same token for the poll lease (one poller at a time): handed back too,
  // so another worker's next poll need not wait for it to run out.
  window.addEventListener('pagehide', () => {
    if (!claiming) return;
    rest.sendOnExit('outbox/release', { lease_tokens: [leaseToken] });
    rest.sendOnExit('poll/release', { lease_token: leaseToken });
  });
  if (window.jQuery) {
    window.jQuery(document).on('heartbeat-tick', (event, data) => {
      if (data && data.rest_nonce) {
        rest.nonce = data.rest_nonce;
        engine.refreshNonce(data.rest_nonce);
      }
    });
  }
  for (;;) {
    let pause = RETRY_AFTER_ERROR_SECONDS;
    try {
      const settings = await rest.get('config');
      if (!settings.has_api_key) {
        pause = RECHECK_WITHOUT_KEY_SECONDS;
      } else {
        announce({ state: 'started' });
        claiming = true;
        await engine.call('runContinuous', [{ pollIntervalSeconds: settings.poll_interval_seconds }], (event) => {
          if (event && event.type === 'round') rememberContact();
          announce({ state: 'event', event });
        });
        pause = 1;
      }
    } catch (error) {
      if (error && error.code === 'engine_missing') return;
      console.warn('[Megaventory Sync] background processing paused:', error && error.message ? error.message : error);
    }
    announce({ state: 'idle' });
    await sleep(pause);
  }
}

function start() {
  const config = window.mvsyncDrainerConfig;
  if (!config || !window.Worker || !navigator.locks || typeof navigator.locks.request !== 'function') return;
  // The lock is held for as long as this page lives (drain() never settles unless the engine is missing).
  navigator.locks.request(DRAINER_LOCK, () => drain(config)).catch(() => {});
}

start();
