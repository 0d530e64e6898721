// The log: paged (server), filtered by level (server) and by text (on the page shown).
import { h, replaceChildren, notice } from './dom.js';
import { t } from './strings.js';

const LOG_PER_PAGE = 50;
const LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical'];

export class LogPanel {
  constructor({ rest }) {
    this.rest = rest;
    this.page = 1;
    this.items = [];
    this.total = 0;
    this.level = h('select', { id: 'mvsync-log-level' },
      h('option', { value: '' }, t('logAllLevels')),
      LEVELS.map((level) => h('option', { value: level }, level)));
    this.search = h('input', { type: 'search', id: 'mvsync-log-search', placeholder: t('logSearch'), onInput: () => this.render() });
    this.body = h('div', { className: 'mvsync-log-body' });
    this.element = h('div', { className: 'mvsync-log', id: 'mvsync-log' },
      h('h2', {}, t('logTitle')),
      h('div', { className: 'tablenav top' },
        h('div', { className: 'alignleft actions' },
          h('label', { className: 'screen-reader-text', for: 'mvsync-log-level' }, t('logLevel')), this.level, ' ',
          h('button', { type: 'button', className: 'button', onClick: () => { this.page = 1; this.load(); } }, t('logFilter'))),
        h('p', { className: 'search-box' }, h('label', { className: 'screen-reader-text', for: 'mvsync-log-search' }, t('logSearch')), this.search)),
      this.body);
  }

  // Only the newest request renders: clicking "Older" twice, or a filter and then a page,
  // must not leave an earlier answer on screen. aria-busy tells the user (and tests) it is loading.
  async load() {
    const request = (this.requests = (this.requests || 0) + 1);
    this.element.setAttribute('aria-busy', 'true');
    try {
      const answer = await this.rest.get('logs', { page: this.page, per_page: LOG_PER_PAGE, level: this.level.value });
      if (request !== this.requests) return;
      this.items = (answer && answer.items) || [];
      this.total = Number(answer && answer.total) || 0;
      this.render();
    } catch (error) {
      if (request !== this.requests) return;
      replaceChildren(this.body, notice('error', t('requestFailed', error.message)));
    } finally {
      if (request === this.requests) this.element.removeAttribute('aria-busy');
    }
  }

  render() {
    const needle = this.search.value.trim().toLowerCase();
    const shown = needle ? this.items.filter((item) => String(item.message).toLowerCase().includes(needle)) : this.items;
    const pages = Math.max(1, Math.ceil(this.total / LOG_PER_PAGE));
    replaceChildren(this.body,
      shown.length === 0 ? h('p', {}, t('logEmpty')) : h('table', { className: 'widefat striped mvsync-log-table' },
        h('thead', {}, h('tr', {}, [t('colTime'), t('colLevel'), t('colOrigin'), t('colMessage')].map((label) => h('th', { scope: 'col' }, label)))),
        h('tbody', {}, shown.map((item) => h('tr', { dataset: { level: String(item.level) } },
          h('td', {}, String(item.created_at ?? '')),
          h('td', {}, h('span', { className: `mvsync-level mvsync-level-${String(item.level).replace(/[^a-z]/g, '')}` }, String(item.level ?? ''))),
          h('td', {}, String(item.origin ?? '')),
          h('td', {}, String(item.message ?? '')))))),
      needle ? h('p', { className: 'description' }, t('logFilterNote')) : null,
      h('div', { className: 'tablenav bottom' }, h('div', { className: 'tablenav-pages' },
        h('button', { type: 'button', className: 'button', disabled: this.page <= 1, onClick: () => { this.page -= 1; this.load(); } }, t('newer')), ' ',
        h('span', { className: 'paging-input' }, t('pageOf', this.page, pages)), ' ',
        h('button', { type: 'button', className: 'button', disabled: this.page >= pages, onClick: () => { this.page += 1; this.load(); } }, t('older')))));
  }
}
