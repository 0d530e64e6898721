// Preview: pick a product, customer, coupon or order and see the Megaventory requests it would
// produce (the engine plans them and sends nothing).
import { h, replaceChildren, notice } from './dom.js';
import { t } from './strings.js';
import { entityText } from './jobs.js';

const KINDS = [
  { kind: 'product', route: 'products', label: 'kindProduct', name: (item) => `${item.name ?? ''}${item.sku ? ` (${item.sku})` : ''}` },
  { kind: 'customer', route: 'customers', label: 'kindCustomer', name: (item) => [[item.first_name, item.last_name].filter(Boolean).join(' ') || item.username, item.email ? `<${item.email}>` : ''].filter(Boolean).join(' ') },
  { kind: 'coupon', route: 'coupons', label: 'kindCoupon', name: (item) => String(item.code ?? '') },
  { kind: 'order', route: 'orders', label: 'kindOrder', name: (item) => `#${item.number ?? item.id} ${item.billing ? [item.billing.first_name, item.billing.last_name].filter(Boolean).join(' ') : ''}` },
];

export class PreviewPanel {
  constructor({ rest, engine }) {
    this.rest = rest;
    this.engine = engine;
    this.kind = h('select', { id: 'mvsync-preview-kind' }, KINDS.map((spec) => h('option', { value: spec.kind }, t(spec.label))));
    this.search = h('input', { type: 'search', id: 'mvsync-preview-search', className: 'regular-text', placeholder: t('previewSearch') });
    this.results = h('div', { className: 'mvsync-preview-results' });
    this.output = h('div', { className: 'mvsync-preview-output' });
    const find = (event) => { event.preventDefault(); this.find(); };
    this.element = h('div', { className: 'mvsync-preview', id: 'mvsync-preview' },
      h('h2', {}, t('previewTitle')),
      h('p', {}, t('previewIntro')),
      h('form', { className: 'mvsync-preview-form', onSubmit: find },
        h('label', { for: 'mvsync-preview-kind' }, `${t('previewKind')} `), this.kind, ' ',
        this.search, ' ',
        h('button', { type: 'submit', className: 'button' }, t('previewFind'))),
      this.results, this.output);
  }

  spec() {
    return KINDS.find((spec) => spec.kind === this.kind.value) || KINDS[0];
  }

  async find() {
    const spec = this.spec();
    replaceChildren(this.output);
    try {
      const { data } = await this.rest.wc(spec.route, { search: this.search.value.trim(), per_page: 20 });
      const items = Array.isArray(data) ? data : [];
      if (items.length === 0) {
        replaceChildren(this.results, h('p', {}, t('previewNone')));
        return;
      }
      replaceChildren(this.results, h('table', { className: 'widefat striped mvsync-preview-table' },
        h('tbody', {}, items.map((item) => h('tr', {},
          h('td', {}, `#${item.id}`),
          h('td', { className: 'mvsync-entity-name' }, spec.name(item)),
          h('td', {}, h('button', { type: 'button', className: 'button button-small', onClick: () => this.show(spec, item) }, t('previewShow'))))))));
    } catch (error) {
      replaceChildren(this.results, notice('error', t('requestFailed', error.message)));
    }
  }

  // Opens the preview of one entity by kind and WooCommerce id (links from the list screens).
  async open(kind, id) {
    const spec = KINDS.find((candidate) => candidate.kind === kind);
    if (!spec) {
      replaceChildren(this.output, notice('error', t('previewUnknownKind', kind)));
      return;
    }
    this.kind.value = spec.kind;
    replaceChildren(this.results);
    try {
      const { data } = await this.rest.wc(`${spec.route}/${id}`);
      await this.show(spec, data);
    } catch (error) {
      replaceChildren(this.output, notice('error', t('requestFailed', error.message)));
    }
  }

  async show(spec, item) {
    replaceChildren(this.output, h('p', {}, t('connectionChecking')));
    try {
      const preview = (await this.engine.call('preview', [spec.kind, JSON.stringify(item)])) || {};
      const requests = Array.isArray(preview.requests) ? preview.requests : [];
      const list = (title, entries, kind) => (Array.isArray(entries) && entries.length > 0
        ? [h('h4', {}, title), h('ul', { className: `mvsync-preview-${kind}` }, entries.map((entry) => h('li', {},
          typeof entry === 'string' ? entry : (entry.entity ? `${entityText(entry.entity)}: ${entry.message}` : String(entry.message ?? JSON.stringify(entry))))))]
        : []);
      replaceChildren(this.output,
        h('h3', {}, `${t(spec.label)}: ${spec.name(item)}`),
        requests.length === 0 ? h('p', {}, t('previewNoRequests')) : null,
        requests.map((request, index) => h('div', { className: 'mvsync-preview-request' },
          h('h4', {}, t('previewRequest', index + 1, String(request.operation ?? ''))),
          h('pre', { className: 'mvsync-json' }, JSON.stringify(request.body ?? null, null, 2)))),
        list(t('previewWarnings'), preview.warnings, 'warnings'),
        list(t('previewErrors'), preview.errors, 'errors'),
        list(t('previewNotes'), preview.notes, 'notes'));
    } catch (error) {
      replaceChildren(this.output, notice('error', error.entity ? `${error.message} (${entityText(error.entity)})` : error.message));
    }
  }
}
