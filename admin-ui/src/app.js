// Entry point of the Megaventory admin page (WooCommerce → Megaventory): mounts into #mvsync-app.
import { h, replaceChildren, notice } from './dom.js';
import { t } from './strings.js';
import { Rest } from './rest.js';
import { EngineClient } from './engine-client.js';
import { ConnectionPanel } from './connection.js';
import { JobsPanel } from './jobs.js';
import { QueuePanel } from './queue.js';
import { LogPanel } from './log.js';
import { PreviewPanel } from './preview.js';
import { injectStyles } from './styles.js';
import { DRAINER_CHANNEL, DRAINER_LOCK } from './drainer-shared.js';

const QUEUE_REFRESH_MS = 15000;

function adminUrlOf(config) {
  if (config.adminUrl) return config.adminUrl;
  const path = window.location.pathname;
  const index = path.indexOf('/wp-admin/');
  return `${window.location.origin}${index >= 0 ? path.slice(0, index) : ''}/wp-admin/`;
}

async function drainerIsRunning() {
  if (!navigator.locks || typeof navigator.locks.query !== 'function') return null;
  const state = await navigator.locks.query();
  return (state.held || []).some((lock) => lock.name === DRAINER_LOCK);
}

function views(panels) {
  const overview = h('div', { className: 'mvsync-view', dataset: { view: 'overview' } },
    h('div', { className: 'mvsync-top' }, panels.connection.element, h('div', {}, panels.queue.element)),
    panels.jobs.element);
  return {
    overview,
    log: h('div', { className: 'mvsync-view', dataset: { view: 'log' } }, panels.log.element),
    preview: h('div', { className: 'mvsync-view', dataset: { view: 'preview' } }, panels.preview.element),
  };
}

async function main() {
  const config = window.mvsyncConfig;
  const root = document.getElementById('mvsync-app');
  if (!config || !root) return;
  injectStyles();
  root.dataset.ready = '0';
  const rest = new Rest(config);
  const engineNotice = h('div', { className: 'mvsync-engine-notice' });
  let engine;
  try {
    engine = new EngineClient(config);
    engine.ready.catch((error) => {
      replaceChildren(engineNotice, notice('error', error.code === 'engine_missing' ? t('engineMissing') : t('engineFailed', error.message)));
    });
  } catch (error) {
    replaceChildren(engineNotice, notice('error', t('engineFailed', error.message)));
    engine = { call: () => Promise.reject(error), control() {}, refreshNonce() {}, ready: Promise.reject(error) };
    engine.ready.catch(() => {});
  }

  const panels = {};
  panels.connection = new ConnectionPanel({ rest, engine });
  panels.queue = new QueuePanel({ rest, adminUrl: adminUrlOf(config) });
  panels.jobs = new JobsPanel({ rest, engine, onJobFinished: () => panels.queue.load().catch(() => {}) });
  panels.log = new LogPanel({ rest });
  panels.preview = new PreviewPanel({ rest, engine });
  const sections = views(panels);

  const links = {};
  const nav = h('ul', { className: 'subsubsub' }, [['overview', 'viewOverview'], ['log', 'viewLog'], ['preview', 'viewPreview']].map(([view, label], index) => {
    links[view] = h('a', { href: `#${view}` }, t(label));
    return h('li', {}, links[view], index < 2 ? ' | ' : '');
  }));
  const show = () => {
    const hash = window.location.hash.replace('#', '');
    // "#preview=product:12" (the Preview links on WooCommerce's screens) opens that entity's preview.
    const target = /^preview=([a-z_]+):(\d+)$/.exec(hash);
    const wanted = target ? 'preview' : hash;
    const current = sections[wanted] ? wanted : 'overview';
    if (target) panels.preview.open(target[1], Number(target[2]));
    for (const [view, element] of Object.entries(sections)) element.hidden = view !== current;
    for (const [view, link] of Object.entries(links)) link.className = view === current ? 'current' : '';
    if (current === 'log') panels.log.load();
  };
  window.addEventListener('hashchange', show);
  replaceChildren(root, nav, h('br', { className: 'clear' }), engineNotice, Object.values(sections));
  show();

  const loadErrors = h('div');
  root.insertBefore(loadErrors, engineNotice);
  const [settings, , checkpoints] = await Promise.all([
    panels.connection.load().catch((error) => { loadErrors.appendChild(notice('error', t('requestFailed', error.message))); return null; }),
    panels.queue.load().catch((error) => { loadErrors.appendChild(notice('error', t('requestFailed', error.message))); }),
    rest.get('checkpoints').then((answer) => answer.checkpoints || []).catch(() => []),
  ]);
  panels.jobs.setEnabled(Boolean(settings && settings.has_api_key));
  panels.jobs.restore(checkpoints);
  root.dataset.ready = '1';
  if (window.performance && performance.mark) performance.mark('mvsync-interactive');
  if (settings && settings.has_api_key) panels.connection.check();

  const updateDrainer = async () => {
    if (!settings || !settings.has_api_key) {
      panels.queue.setDrainerState('nokey');
      return;
    }
    const running = await drainerIsRunning().catch(() => null);
    if (running !== null) panels.queue.setDrainerState(running ? 'active' : 'none');
  };
  updateDrainer();
  if ('BroadcastChannel' in window) {
    new BroadcastChannel(DRAINER_CHANNEL).onmessage = () => {
      updateDrainer();
      panels.queue.load().catch(() => {});
    };
  }
  window.setInterval(() => {
    if (document.visibilityState === 'visible' && !sections.overview.hidden) {
      panels.queue.load().catch(() => {});
      updateDrainer();
    }
  }, QUEUE_REFRESH_MS);

  // WordPress's heartbeat hands out a fresh REST nonce before the old one expires.
  if (window.jQuery) {
    window.jQuery(document).on('heartbeat-tick', (event, data) => {
      if (data && data.rest_nonce) {
        rest.nonce = data.rest_nonce;
        engine.refreshNonce(data.rest_nonce);
      }
    });
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
else main();
