// Initial-sync wizard and the four manual imports: progress bar (done/total, failed, rate, ETA),
// pause, resume, cancel; resume after a reload from the server-side checkpoint.
import { h, replaceChildren, notice } from './dom.js';
import { t, formatNumber, formatDuration } from './strings.js';
import { field } from './connection.js';

// The initial synchronisation keeps no checkpoint of its own; the page records when it last
// finished (per site, as a checkpoint row the engine never reads) so every admin sees it.
const INITIAL_DONE_JOB = 'ui.initial_sync_finished';

// Which job this tab was running, so that a reload continues it instead of only offering it.
const ACTIVE_JOB_KEY = 'mvsync.activeJob';

export const JOB_SPECS = [
  { key: 'initial', jobs: ['initial'], method: 'initialSync', title: 'jobInitialSync', help: 'jobInitialSyncHelp' },
  { key: 'clients', jobs: ['import.clients'], method: 'importClients', title: 'jobClients', help: 'jobClientsHelp' },
  { key: 'products', jobs: ['import.products'], method: 'importProducts', title: 'jobProducts', help: 'jobProductsHelp' },
  { key: 'discounts', jobs: ['import.discounts'], method: 'importDiscounts', title: 'jobDiscounts', help: 'jobDiscountsHelp' },
  { key: 'quantity', jobs: ['import.quantity_to_megaventory', 'import.quantity_from_megaventory'], method: 'importQuantity', title: 'jobQuantity', help: 'jobQuantityHelp' },
];

function rememberActiveJob(entry) {
  try {
    if (entry) sessionStorage.setItem(ACTIVE_JOB_KEY, JSON.stringify(entry));
    else sessionStorage.removeItem(ACTIVE_JOB_KEY);
  } catch (error) { /* storage disabled: the page still offers the resume */ }
}

function activeJobBeforeReload() {
  try {
    return JSON.parse(sessionStorage.getItem(ACTIVE_JOB_KEY) || 'null');
  } catch (error) {
    return null;
  }
}

function count(value) {
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? number : 0;
}

class JobCard {
  constructor(spec, panel, step) {
    this.spec = spec;
    this.panel = panel;
    this.state = 'idle';
    this.job = spec.jobs[0];
    this.progress = h('progress', { max: 1, value: 0, className: 'mvsync-progress' });
    this.progress.value = 0;
    this.figures = h('span', { className: 'mvsync-figures' }, t('stateIdle'));
    this.stateLabel = h('strong', { className: 'mvsync-state' }, t('stateIdle'));
    this.messages = h('div', { className: 'mvsync-job-messages' });
    this.startButton = h('button', { type: 'button', className: 'button button-primary', onClick: () => this.start() }, t('start'));
    this.pauseButton = h('button', { type: 'button', className: 'button', onClick: () => this.pause() }, t('pause'));
    this.resumeButton = h('button', { type: 'button', className: 'button', onClick: () => this.resume() }, t('resume'));
    this.cancelButton = h('button', { type: 'button', className: 'button button-link-delete', onClick: () => this.cancel() }, t('cancel'));
    this.options = spec.key === 'quantity' ? this.quantityOptions() : null;
    this.element = h('div', { className: 'card mvsync-card mvsync-job', dataset: { job: spec.key, state: 'idle' } },
      h('h3', {}, `${step}. ${t(spec.title)}`),
      h('p', { className: 'description' }, t(spec.help)),
      this.options,
      h('div', { className: 'mvsync-progress-row' }, this.progress, ' ', this.stateLabel),
      h('p', { className: 'mvsync-figures-line' }, this.figures),
      h('p', { className: 'mvsync-job-buttons' }, this.startButton, ' ', this.pauseButton, ' ', this.resumeButton, ' ', this.cancelButton),
      this.messages);
    this.setState('idle');
  }

  quantityOptions() {
    this.direction = h('select', { className: 'mvsync-quantity-direction', onChange: () => this.syncQuantityControls() },
      h('option', { value: 'to_megaventory' }, t('quantityToMegaventory')),
      h('option', { value: 'from_megaventory' }, t('quantityFromMegaventory')),
      h('option', { value: 'skip' }, t('quantitySkip')));
    this.approve = h('input', { type: 'checkbox' });
    this.approveLabel = h('label', {}, this.approve, ' ', t('quantityApprove'));
    return h('div', {}, h('p', {}, h('label', {}, `${t('quantityDirection')} `, this.direction)), h('p', {}, this.approveLabel));
  }

  syncQuantityControls() {
    if (!this.direction) return;
    this.approveLabel.hidden = this.direction.value !== 'to_megaventory';
    this.job = this.direction.value === 'from_megaventory' ? 'import.quantity_from_megaventory' : 'import.quantity_to_megaventory';
  }

  callArguments() {
    if (this.spec.key !== 'quantity') return [];
    return [this.direction.value, { approve: this.approve.checked }];
  }

  setState(state) {
    this.state = state;
    this.element.dataset.state = state;
    const labels = { idle: 'stateIdle', running: 'stateRunning', paused: 'statePaused', cancelled: 'stateCancelled', done: 'stateDone', failed: 'stateFailed', interrupted: 'statePaused', waiting: 'stateWaiting' };
    this.stateLabel.textContent = t(labels[state] || 'stateIdle');
    const busy = state === 'running' || state === 'paused' || state === 'waiting';
    this.startButton.hidden = busy;
    this.startButton.disabled = !this.panel.enabled || Boolean(this.panel.running && this.panel.running !== this);
    this.pauseButton.hidden = state !== 'running';
    this.resumeButton.hidden = state !== 'paused';
    this.cancelButton.hidden = !busy && state !== 'interrupted';
    if (this.direction) this.direction.disabled = busy;
  }

  showProgress(done, total, failed, rate, eta) {
    this.progress.max = Math.max(total, 1);
    this.progress.value = Math.min(done, Math.max(total, 1));
    this.element.dataset.done = String(done);
    this.element.dataset.total = String(total);
    const percent = total > 0 ? Math.floor((done / total) * 100) : 0;
    const parts = [`${t('progressLine', done, total)} (${percent} %)`];
    if (failed > 0) parts.push(t('progressFailed', failed));
    if (rate > 0) parts.push(t('progressRate', formatNumber(Math.round(rate * 10) / 10)));
    if (eta !== undefined && eta !== null && this.state === 'running' && done < total) parts.push(t('progressEta', formatDuration(eta)));
    this.figures.textContent = parts.join(' · ');
  }

  onProgress(event) {
    if (!event || typeof event !== 'object') return;
    if (event.job && this.spec.jobs.includes(event.job)) this.job = event.job;
    const state = field(event, 'state');
    // Only Resume leaves the paused state: events of items already in flight still say running.
    if (state === 'paused' && this.state === 'running') this.setState('paused');
    this.showProgress(count(event.done), count(event.total), count(event.failed),
      Number(field(event, 'ratePerSecond', 'rate_per_second')) || 0, field(event, 'etaSeconds', 'eta_seconds'));
  }

  // A checkpoint found on the server: the job was interrupted (reload, closed tab, crash).
  showCheckpoint(job, state) {
    this.job = job;
    if (this.direction) {
      this.direction.value = job === 'import.quantity_from_megaventory' ? 'from_megaventory' : 'to_megaventory';
      this.syncQuantityControls();
    }
    const done = count(field(state, 'done'));
    const total = count(field(state, 'total'));
    this.setState('interrupted');
    this.showProgress(done, total, count(field(state, 'failed')), 0, null);
    this.startButton.textContent = t('resumeFromCheckpoint', done, total);
    replaceChildren(this.messages, notice('info', t('interrupted', done, total)));
  }

  async start() {
    if (this.spec.key === 'quantity' && this.direction.value === 'skip') {
      this.setState('done');
      replaceChildren(this.messages, notice('info', t('quantitySkipped')));
      return { skipped: true };
    }
    if (this.panel.running || !this.panel.enabled) return null;
    if (navigator.locks && typeof navigator.locks.request === 'function') {
      // One run of a job per browser: a second tab offering the same resume must not start it twice.
      return navigator.locks.request(`mvsync-job:${this.spec.key}`, { ifAvailable: true }, (lock) => {
        if (!lock) {
          replaceChildren(this.messages, notice('warning', t('runningElsewhere')));
          return null;
        }
        return this.run();
      });
    }
    return this.run();
  }

  async run() {
    const args = this.callArguments();
    this.panel.running = this;
    this.panel.refreshButtons();
    rememberActiveJob({ key: this.spec.key, args });
    this.setState('running');
    replaceChildren(this.messages);
    this.startButton.textContent = t('start');
    try {
      const report = await this.panel.engine.call(this.spec.method, args, (event) => this.onProgress(event));
      const cancelled = report && (report.state === 'cancelled' || report.cancelled === true);
      this.finish(cancelled ? 'cancelled' : 'done', report || {});
      return report;
    } catch (error) {
      this.finish(error.code === 'cancelled' || error.code === 'job.cancelled' ? 'cancelled' : 'failed', null, error);
      return null;
    }
  }

  finish(state, report, error) {
    this.panel.running = null;
    rememberActiveJob(null);
    this.setState(state);
    this.panel.refreshButtons();
    if (report && report.total !== undefined) {
      this.showProgress(count(report.done), count(report.total), count(report.failed), 0, null);
    }
    if (state === 'done' && this.spec.key === 'initial') {
      this.panel.rest.put(`checkpoints/${INITIAL_DONE_JOB}`, { state: { finished_at: new Date().toISOString() } }).catch(() => {});
    }
    const children = [];
    if (error) children.push(notice('error', error.entity ? `${error.message} (${entityText(error.entity)})` : error.message));
    if (state === 'done' && report && report.total !== undefined) {
      children.push(notice('success', t('finishedSummary', count(report.done), count(report.total), count(report.failed))));
    } else if (state === 'done' && report && !report.skipped) {
      children.push(notice('success', t('stateDone')));
    }
    const errors = Array.isArray(report && report.errors) ? report.errors : [];
    if (errors.length > 0) {
      children.push(h('details', { className: 'mvsync-entity-errors' },
        h('summary', {}, `${t('entityErrors')} (${formatNumber(errors.length)})`),
        h('ul', {}, errors.slice(0, 200).map((item) => h('li', {}, item.entity ? `${entityText(item.entity)}: ${item.message}` : String(item.message ?? item))))));
    }
    replaceChildren(this.messages, children);
    this.panel.onJobFinished();
  }

  pause() {
    this.panel.engine.control('pause', this.job);
    this.setState('paused');
    rememberActiveJob(null);
  }

  resume() {
    this.panel.engine.control('resume', this.job);
    this.setState('running');
    rememberActiveJob({ key: this.spec.key, args: this.callArguments() });
  }

  cancel() {
    if (this.state === 'interrupted') {
      // Nothing runs: forget the checkpoint so the next start begins afresh.
      this.panel.rest.request('DELETE', this.panel.rest.url(this.panel.rest.root, `checkpoints/${this.job}`)).catch(() => {});
      this.setState('cancelled');
      this.startButton.textContent = t('start');
      replaceChildren(this.messages);
      return;
    }
    this.panel.engine.control('cancel', this.job);
    rememberActiveJob(null);
  }
}

export function entityText(entity) {
  const kind = field(entity, 'kind') ?? '';
  const id = field(entity, 'wcId', 'wc_id', 'id');
  const label = field(entity, 'label', 'name');
  return [kind, id !== undefined ? `#${id}` : '', label ? `“${label}”` : ''].filter(Boolean).join(' ');
}

export class JobsPanel {
  constructor({ rest, engine, onJobFinished }) {
    this.rest = rest;
    this.engine = engine;
    this.running = null;
    this.enabled = true;
    this.onJobFinished = onJobFinished || (() => {});
    this.cards = JOB_SPECS.map((spec, index) => new JobCard(spec, this, index + 1));
    this.keyNotice = h('div');
    this.runAllButton = h('button', { type: 'button', className: 'button button-secondary', onClick: () => this.runAll() }, t('runAll'));
    this.element = h('div', { className: 'mvsync-jobs', id: 'mvsync-jobs' },
      h('h2', {}, t('syncTitle')),
      h('p', {}, t('syncIntro')),
      this.keyNotice,
      h('p', {}, this.runAllButton, ' ', h('span', { className: 'description' }, t('runAllHelp'))),
      h('div', { className: 'mvsync-job-grid' }, this.cards.map((card) => card.element)));
  }

  refreshButtons() {
    for (const card of this.cards) card.setState(card.state);
    if (this.runAllButton) this.runAllButton.disabled = !this.enabled || Boolean(this.running);
  }

  // Without a stored key every step would fail at its first Megaventory call.
  setEnabled(enabled) {
    this.enabled = enabled;
    replaceChildren(this.keyNotice, enabled ? null : notice('warning', t('needsKey')));
    this.refreshButtons();
  }

  // The wizard: every step in order; a step that fails or is cancelled ends the run.
  async runAll() {
    if (this.running) return;
    for (const card of this.cards) {
      await card.start();
      if (card.state !== 'done') break;
    }
  }

  // Shows each checkpoint on its card; continues the one this tab was running before a reload.
  restore(checkpoints) {
    const active = activeJobBeforeReload();
    let toContinue = null;
    for (const checkpoint of checkpoints || []) {
      if (checkpoint.job === INITIAL_DONE_JOB) {
        const initial = this.cards[0];
        if (initial.state === 'idle') {
          initial.setState('done');
          initial.showProgress(1, 1, 0, 0, null);
          const when = new Date(checkpoint.state && checkpoint.state.finished_at);
          replaceChildren(initial.messages, notice('success', t('finishedOn', Number.isNaN(when.getTime()) ? t('unknown') : when.toLocaleString())));
        }
        continue;
      }
      const card = this.cards.find((candidate) => candidate.spec.jobs.includes(checkpoint.job));
      if (!card) continue;
      card.showCheckpoint(checkpoint.job, checkpoint.state || {});
      if (active && active.key === card.spec.key) toContinue = card;
    }
    // The initial synchronisation keeps no checkpoint: every step is idempotent, so it reruns.
    if (!toContinue && active && active.key === 'initial') toContinue = this.cards[0];
    if (!toContinue && active) rememberActiveJob(null);
    if (toContinue) toContinue.start();
    return toContinue;
  }
}
