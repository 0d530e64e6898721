// Every user-visible string of the admin UI, in one place. WordPress's `wp.i18n` translates them
// when the page has it (text domain megaventory-sync); otherwise the English text is shown.
// `%s`/`%d` placeholders are filled in order by `format`.

const TEXT_DOMAIN = 'megaventory-sync';

const ENGLISH = {
  appLoading: 'Loading Megaventory Sync…',
  engineMissing: 'The synchronisation engine (WebAssembly) is not installed with this copy of the plugin. Rebuild the plugin with ./build.sh.',
  engineFailed: 'The synchronisation engine could not start: %s',
  requestFailed: 'The request failed: %s',
  viewOverview: 'Overview',
  viewQueue: 'Queue',
  viewLog: 'Log',
  viewPreview: 'Preview',

  connectionTitle: 'Connection',
  connectionCheck: 'Check connection',
  connectionChecking: 'Checking…',
  keyStatus: 'API key',
  keyStored: 'Stored',
  keyMissing: 'Not set — enter it on the Settings tab',
  keyValid: 'Valid',
  keyInvalid: 'Refused by Megaventory',
  account: 'Account',
  currency: 'Currency',
  currencyMatch: '%s (matches the shop)',
  currencyMismatch: 'Megaventory %s, shop %s — they must match',
  lastContact: 'Last contact',
  never: 'never',
  unknown: 'unknown',
  pluginVersion: 'Plugin version',

  syncTitle: 'Initial synchronisation and imports',
  syncIntro: 'Run the initial synchronisation once, then import what the shop already has. Each step can be paused, resumed or cancelled; an interrupted import continues from where it stopped.',
  jobInitialSync: 'Initial synchronisation',
  jobInitialSyncHelp: 'Checks the account, creates the location, service products, guest client and tax rates, and links products that already exist by SKU.',
  jobClients: 'Import clients',
  jobClientsHelp: 'WooCommerce customers become Megaventory clients.',
  jobProducts: 'Import products',
  jobProductsHelp: 'Products and variations with their categories and prices.',
  jobDiscounts: 'Import percentage discounts',
  jobDiscountsHelp: 'Percentage coupons become Megaventory discounts; fixed-amount coupons are reported.',
  jobQuantity: 'Quantity',
  jobQuantityHelp: 'Stock levels: send WooCommerce stock to Megaventory, take Megaventory stock into WooCommerce, or leave stock alone.',
  quantityDirection: 'Direction',
  quantityToMegaventory: 'WooCommerce → Megaventory',
  quantityFromMegaventory: 'Megaventory → WooCommerce',
  quantitySkip: 'Skip (do not touch stock)',
  quantityApprove: 'Approve the adjustment documents at once',
  quantitySkipped: 'Stock is left as it is.',
  needsKey: 'Store your Megaventory API key on the Settings tab to run these steps.',
  runAll: 'Run all steps',
  runAllHelp: 'Runs the steps one after another and stops at the first one that fails.',
  start: 'Start',
  runningElsewhere: 'This step is running in another tab of this browser.',
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel',
  resumeFromCheckpoint: 'Resume from %d of %d',
  interrupted: 'Interrupted at %d of %d. It continues from there.',
  stateIdle: 'Not started',
  stateRunning: 'Running',
  statePaused: 'Paused',
  stateCancelled: 'Cancelled',
  stateDone: 'Finished',
  finishedOn: 'Last finished %s. Running it again is safe: every step checks what exists first.',
  stateFailed: 'Stopped with an error',
  stateWaiting: 'Waiting for the engine…',
  progressLine: '%d of %d',
  progressFailed: '%d failed',
  progressRate: '%s per second',
  progressEta: 'about %s left',
  finishedSummary: 'Done: %d of %d, %d failed.',
  entityErrors: 'Items that were not sent',

  queueTitle: 'Queue',
  queuePending: 'Pending',
  queueLeased: 'In progress',
  queueDead: 'Failed (set aside)',
  queueDone: 'Synchronised',
  queueOldest: 'Oldest pending change: %s ago',
  queueBackground: 'Background processing: %s',
  drainerActive: 'running in this browser',
  drainerNone: 'not running (open any wp-admin page as a shop manager)',
  drainerNoKey: 'off until an API key is stored',
  refresh: 'Refresh',
  failedTitle: 'Failed changes',
  failedEmpty: 'No failed changes.',
  colChange: 'Change',
  colAttempts: 'Attempts',
  colError: 'Error',
  colWhen: 'Last attempt (UTC)',
  selectAll: 'Select all',
  select: 'Select %s',
  retrySelected: 'Retry selected',
  discardSelected: 'Discard selected',
  confirmDiscard: 'Discard %d failed changes? They will not be synchronised.',
  retriedOne: '%d change queued again.',
  retried: '%d changes queued again.',
  discardedOne: '%d change discarded.',
  discarded: '%d changes discarded.',
  nothingSelected: 'Select at least one change first.',
  newer: '‹ Newer',
  older: 'Older ›',
  pageOf: 'Page %d of %d',

  logTitle: 'Log',
  logLevel: 'Level',
  logAllLevels: 'All levels',
  logSearch: 'Search messages',
  logFilter: 'Filter',
  logEmpty: 'No log entries match.',
  colTime: 'Time (UTC)',
  colLevel: 'Level',
  colOrigin: 'From',
  colMessage: 'Message',
  logFilterNote: 'The text filter applies to the entries of the page shown.',

  previewTitle: 'Preview',
  previewIntro: 'Pick a product, customer, coupon or order to see the requests it would send to Megaventory. Nothing is sent.',
  previewKind: 'Type',
  kindProduct: 'Product',
  kindCustomer: 'Customer',
  kindCoupon: 'Coupon',
  kindOrder: 'Order',
  previewSearch: 'Search',
  previewFind: 'Find',
  previewPick: 'Choose',
  previewShow: 'Show requests',
  previewNone: 'Nothing found.',
  previewUnknownKind: 'Nothing to preview for "%s".',
  previewNoRequests: 'It would send no request.',
  previewWarnings: 'Warnings',
  previewErrors: 'Errors',
  previewNotes: 'Notes',
  previewRequest: 'Request %d: %s',
  entityLabel: '%s #%d',
};

function translate(text) {
  const i18n = window.wp && window.wp.i18n;
  return i18n && typeof i18n.__ === 'function' ? i18n.__(text, TEXT_DOMAIN) : text;
}

// Looks up a string by key and fills its placeholders.
export function t(key, ...values) {
  const english = Object.prototype.hasOwnProperty.call(ENGLISH, key) ? ENGLISH[key] : key;
  return format(translate(english), values);
}

// Singular/plural pair: keyOne when count is 1 (wp.i18n's _n picks the language's own rule).
export function tn(keyOne, keyMany, count, ...values) {
  const i18n = window.wp && window.wp.i18n;
  const one = ENGLISH[keyOne];
  const many = ENGLISH[keyMany];
  const template = i18n && typeof i18n._n === 'function' ? i18n._n(one, many, count, TEXT_DOMAIN) : (count === 1 ? one : many);
  return format(template, [count, ...values]);
}

export function format(template, values) {
  let next = 0;
  return template.replace(/%[sd]/g, (placeholder) => {
    const value = values[next++];
    if (value === undefined) return placeholder;
    return placeholder === '%d' ? formatNumber(value) : String(value);
  });
}

export function formatNumber(value) {
  const number = Number(value);
  return Number.isFinite(number) ? number.toLocaleString() : String(value);
}

export function formatDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return t('unknown');
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}
