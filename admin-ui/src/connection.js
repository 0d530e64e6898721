// Connection panel: key status, account, currency check, last contact.
import { h, replaceChildren, notice } from './dom.js';
import { t } from './strings.js';
import { rememberContact, lastContactTime } from './contact.js';

// Reads the first present field among several spellings (camelCase from the engine, snake_case from PHP).
export function field(object, ...names) {
  if (!object || typeof object !== 'object') return undefined;
  for (const name of names) {
    if (object[name] !== undefined && object[name] !== null) return object[name];
  }
  return undefined;
}

function describeAccount(account) {
  if (account === undefined) return t('unknown');
  if (typeof account !== 'object') return String(account);
  return [field(account, 'name', 'accountName', 'companyName'), field(account, 'email', 'userEmail'), field(account, 'role')]
    .filter((part) => part !== undefined && part !== '')
    .join(' · ') || t('unknown');
}

function formatTime(value) {
  if (!value) return t('never');
  const date = typeof value === 'number' ? new Date(value < 1e12 ? value * 1000 : value) : new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString();
}

export class ConnectionPanel {
  constructor({ rest, engine }) {
    this.rest = rest;
    this.engine = engine;
    this.config = null;
    this.body = h('div', { className: 'mvsync-connection-body' }, t('appLoading'));
    this.checkButton = h('button', { type: 'button', className: 'button', onClick: () => this.check() }, t('connectionCheck'));
    this.element = h('div', { className: 'card mvsync-card', id: 'mvsync-connection' },
      h('h2', { className: 'title' }, t('connectionTitle')), this.body, h('p', {}, this.checkButton));
  }

  async load() {
    this.config = await this.rest.get('config');
    this.render(null, null);
    return this.config;
  }

  // The engine's account checks (key, administrator, integration, currency), plus the key's
  // own description and the default currency read through the relay for display.
  async check() {
    if (!this.config) return;
    this.checkButton.disabled = true;
    this.checkButton.textContent = t('connectionChecking');
    try {
      const [status, keyInfo, currencies] = await Promise.allSettled([
        this.engine.call('status'),
        this.rest.post('relay/APIKeyGet', {}),
        this.rest.post('relay/CurrencyGet', {}),
      ]);
      if (status.status === 'rejected') throw status.reason;
      const megaventory = (status.value && status.value.megaventory) || {};
      const keyStatus = keyInfo.status === 'fulfilled' ? keyInfo.value && keyInfo.value.ResponseStatus : null;
      const list = currencies.status === 'fulfilled' && currencies.value ? currencies.value.mvCurrencies || [] : [];
      const currency = list.find((item) => item.CurrencyIsDefault === true) || list[0];
      if (megaventory.ok) rememberContact();
      this.render({
        keyValid: megaventory.ok ? true : (megaventory.code === 'account.invalid_key' ? false : undefined),
        problem: megaventory.ok ? null : megaventory,
        account: keyStatus && keyStatus.Message ? String(keyStatus.Message) : undefined,
        megaventoryCurrency: currency ? currency.CurrencyCode : undefined,
      }, null);
    } catch (error) {
      this.render(null, error);
    } finally {
      this.checkButton.disabled = false;
      this.checkButton.textContent = t('connectionCheck');
    }
  }

  render(status, error) {
    const config = this.config || {};
    const shopCurrency = field(status, 'shopCurrency', 'shop_currency') ?? config.currency;
    const mvCurrency = field(status, 'megaventoryCurrency', 'megaventory_currency', 'currency');
    let key = config.has_api_key ? t('keyStored') : t('keyMissing');
    const keyValid = field(status, 'keyValid', 'key_valid', 'ok');
    if (keyValid === true) key = t('keyValid');
    if (keyValid === false) key = t('keyInvalid');
    let currency = shopCurrency ? String(shopCurrency) : t('unknown');
    if (mvCurrency) {
      currency = String(mvCurrency) === String(shopCurrency)
        ? t('currencyMatch', mvCurrency)
        : t('currencyMismatch', mvCurrency, shopCurrency ?? t('unknown'));
    }
    const lastContact = lastContactTime();
    const rows = [
      [t('keyStatus'), key, 'key'],
      [t('account'), status ? describeAccount(field(status, 'account')) : t('unknown'), 'account'],
      [t('currency'), currency, 'currency'],
      [t('lastContact'), formatTime(lastContact), 'last-contact'],
      [t('pluginVersion'), String(config.plugin_version ?? t('unknown')), 'version'],
    ];
    const problem = status && status.problem;
    replaceChildren(this.body,
      error ? notice('error', t('requestFailed', error.message)) : null,
      problem && problem.message ? notice('error', `${problem.message}${problem.code ? ` (${problem.code})` : ''}`) : null,
      mvCurrency && String(mvCurrency) !== String(shopCurrency) ? notice('warning', currency) : null,
      h('table', { className: 'form-table mvsync-compact', role: 'presentation' },
        h('tbody', {}, rows.map(([label, value, name]) => h('tr', { dataset: { field: name } }, h('th', { scope: 'row' }, label), h('td', {}, value))))));
  }
}
