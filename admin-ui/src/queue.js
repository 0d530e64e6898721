// The queue: pending, leased and dead-lettered counts, background-drainer state, and the table
// of failed changes with their error, a link to the WooCommerce entity, retry and discard.
import { h, replaceChildren, notice } from './dom.js';
import { t, tn, formatNumber, formatDuration } from './strings.js';

const DEAD_PER_PAGE = 20;

// wp-admin screen of an outbox row's entity.
export function entityAdminUrl(adminUrl, row) {
  const id = Number(row.entity_id);
  switch (row.entity_type) {
    case 'product': return `${adminUrl}post.php?post=${id}&action=edit`;
    case 'variation': {
      const parent = row.payload && Number(row.payload.parent_id);
      return parent ? `${adminUrl}post.php?post=${parent}&action=edit` : `${adminUrl}edit.php?post_type=product`;
    }
    case 'coupon': return `${adminUrl}post.php?post=${id}&action=edit`;
    case 'customer': return `${adminUrl}user-edit.php?user_id=${id}`;
    // WooCommerce 8 sends the legacy order URL on to its HPOS screen when HPOS is on.
    case 'order': return `${adminUrl}post.php?post=${id}&action=edit`;
    case 'tax_rate': return `${adminUrl}admin.php?page=wc-settings&tab=tax`;
    default: return null;
  }
}

export class QueuePanel {
  constructor({ rest, adminUrl }) {
    this.rest = rest;
    this.adminUrl = adminUrl;
    this.page = 1;
    this.drainerState = 'unknown';
    this.counts = h('div', { className: 'mvsync-counts' });
    this.drainerLine = h('p', { className: 'mvsync-drainer' });
    this.feedback = h('div', { className: 'mvsync-queue-feedback' });
    this.deadBody = h('div', { className: 'mvsync-dead' });
    this.refreshButton = h('button', { type: 'button', className: 'button', onClick: () => this.load() }, t('refresh'));
    this.element = h('div', { className: 'mvsync-queue', id: 'mvsync-queue' },
      h('h2', {}, t('queueTitle'), ' ', this.refreshButton),
      this.counts, this.drainerLine, this.feedback,
      h('h3', {}, t('failedTitle')), this.deadBody);
  }

  async load() {
    const [stats, dead] = await Promise.all([
      this.rest.get('outbox/stats'),
      this.rest.get('outbox/dead', { page: this.page, per_page: DEAD_PER_PAGE }),
    ]);
    this.renderCounts(stats);
    this.renderDead(dead);
    return stats;
  }

  renderCounts(stats) {
    const counts = (stats && stats.counts) || {};
    const box = (key, label) => h('div', { className: `mvsync-count mvsync-count-${key}`, dataset: { status: key }, 'data-nonzero': Number(counts[key]) > 0 },
      h('span', { className: 'mvsync-count-value' }, formatNumber(counts[key] ?? 0)),
      h('span', { className: 'mvsync-count-label' }, label));
    replaceChildren(this.counts,
      box('pending', t('queuePending')), box('leased', t('queueLeased')), box('dead', t('queueDead')), box('done', t('queueDone')),
      stats && stats.oldest_pending_age_seconds ? h('p', { className: 'description' }, t('queueOldest', formatDuration(stats.oldest_pending_age_seconds))) : null);
  }

  setDrainerState(state) {
    this.drainerState = state;
    const label = { active: 'drainerActive', none: 'drainerNone', nokey: 'drainerNoKey' }[state];
    this.drainerLine.textContent = label ? t('queueBackground', t(label)) : '';
    this.drainerLine.dataset.state = state;
  }

  renderDead(dead) {
    const items = (dead && dead.items) || [];
    const total = Number(dead && dead.total) || 0;
    if (items.length === 0) {
      replaceChildren(this.deadBody, h('p', {}, t('failedEmpty')));
      return;
    }
    const selectAll = h('input', { type: 'checkbox', 'aria-label': t('selectAll') });
    const boxes = [];
    const rows = items.map((row) => {
      const label = t('entityLabel', row.entity_type, row.entity_id);
      const box = h('input', { type: 'checkbox', value: String(row.id), 'aria-label': t('select', label) });
      boxes.push(box);
      const url = entityAdminUrl(this.adminUrl, row);
      return [box,
        h('span', {}, url ? h('a', { href: url }, label) : label, ` ${row.action}`),
        formatNumber(row.attempts),
        h('span', { className: 'mvsync-error-text' }, String(row.last_error ?? '')),
        String(row.updated_at ?? '')];
    });
    selectAll.addEventListener('change', () => boxes.forEach((box) => { box.checked = selectAll.checked; }));
    const selected = () => boxes.filter((box) => box.checked).map((box) => Number(box.value));
    const pages = Math.max(1, Math.ceil(total / DEAD_PER_PAGE));
    replaceChildren(this.deadBody,
      h('table', { className: 'widefat striped mvsync-dead-table' },
        h('thead', {}, h('tr', {}, h('td', { className: 'check-column' }, selectAll),
          [t('colChange'), t('colAttempts'), t('colError'), t('colWhen')].map((label) => h('th', { scope: 'col' }, label)))),
        h('tbody', {}, rows.map((cells) => h('tr', {}, h('th', { scope: 'row', className: 'check-column' }, cells[0]), cells.slice(1).map((cell) => h('td', {}, cell)))))),
      h('p', {},
        h('button', { type: 'button', className: 'button button-primary', onClick: () => this.act('retry', selected()) }, t('retrySelected')), ' ',
        h('button', { type: 'button', className: 'button', onClick: () => this.act('discard', selected()) }, t('discardSelected'))),
      pages > 1 ? h('p', { className: 'tablenav-pages' },
        this.page > 1 ? h('button', { type: 'button', className: 'button', onClick: () => { this.page -= 1; this.load(); } }, t('newer')) : null, ' ',
        t('pageOf', this.page, pages), ' ',
        this.page < pages ? h('button', { type: 'button', className: 'button', onClick: () => { this.page += 1; this.load(); } }, t('older')) : null) : null);
  }

  async act(action, ids) {
    if (ids.length === 0) {
      replaceChildren(this.feedback, notice('warning', t('nothingSelected')));
      return;
    }
    if (action === 'discard' && !window.confirm(t('confirmDiscard', ids.length))) return;
    try {
      const answer = await this.rest.post(`outbox/${action}`, { ids });
      const message = action === 'retry' ? tn('retriedOne', 'retried', Number(answer.retried ?? 0)) : tn('discardedOne', 'discarded', Number(answer.discarded ?? 0));
      replaceChildren(this.feedback, notice('success', message));
    } catch (error) {
      replaceChildren(this.feedback, notice('error', t('requestFailed', error.message)));
    }
    await this.load().catch(() => {});
  }
}
