// The bad-input corpus: every hostile or broken input the suite pushes through the real layers,
// with the outcome it must have. Read by bad-input.mjs; data only.
//
// kind "woocommerce": an entity saved in WooCommerce (wc/v3, or the site helper where the REST
//   API refuses such data but imports and other plugins still write it).
//   expect.synced  — reaches Megaventory: `mv` names the simulator list, `match` finds it, `fields`
//                    are compared exactly, `check` names a property test in bad-input.mjs;
//                    `warning` = a warning code that must be logged naming the entity.
//   expect.error   — refused with that code; the plugin's log names the entity (`kind #id`).
//   expect.skipped — not sent, acknowledged with that warning code naming the entity.
// kind "megaventory-answer": a good entity whose Megaventory request gets a canned broken answer
//   (`canned`, see /_sim/canned-answers), or an integration update injected into the queue
//   (`inject`). expect.error: `codes` (any of) naming the entity and `operation`.
// kind "rest": one request to megaventory/v1 as the administrator; expect.status + expect.code;
//   every plugin table must be unchanged afterwards.

const long = (n, unit = 'x') => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
const product = (sku, name, extra = {}) => ({ name, type: 'simple', status: 'publish', sku, regular_price: '10.00', ...extra });

// Good entities saved between the bad ones: each must reach Megaventory (nothing held back).
export const goodProducts = Array.from({ length: 8 }, (_, i) => product(`BI-GOOD-${i + 1}`, `Good product ${i + 1}`, { regular_price: `${i + 1}.50` }));
// Saved and synced before the corpus: what duplicates and the order of a deleted product need.
export const firstProducts = [product('BI-DUP-ORIGINAL', 'Duplicate original'), product('BI-DOOMED', 'Doomed mug')];

export const woocommerce = [
  // Products refused.
  { id: 'wc-product-no-sku', what: 'product without SKU', input: { product: product('', 'No SKU mug') }, expect: { error: 'product.missing_sku', entity: 'product' } },
  { id: 'wc-product-empty-title', what: 'product with an empty title', input: { product: product('BI-EMPTY-TITLE', '') }, expect: { error: 'product.missing_title', entity: 'product' } },
  { id: 'wc-product-spaces-title', what: 'product whose title is spaces', input: { product: product('BI-SPACES-TITLE', '    ') }, expect: { error: 'product.missing_title', entity: 'product' } },
  { id: 'wc-product-tags-only-title', what: 'product whose title is only tags', input: { product: product('BI-TAGS-TITLE', '<b></b><i> </i>') }, expect: { error: 'product.missing_title', entity: 'product' } },
  { id: 'wc-product-negative-price', what: 'negative price', input: { product: product('BI-NEG-PRICE', 'Negative mug', { regular_price: '-5.00' }) }, expect: { error: 'product.negative_price', entity: 'product' } },
  { id: 'wc-product-price-abc', what: 'non-numeric price "abc"', input: { product: product('BI-PRICE-ABC', 'Price abc mug', { regular_price: 'abc' }) }, expect: { error: 'product.invalid_price', entity: 'product' } },
  { id: 'wc-product-price-exponent', what: 'price "1e3"', input: { product: product('BI-PRICE-EXP', 'Price exponent mug', { regular_price: '1e3' }) }, expect: { error: 'product.invalid_price', entity: 'product' } },
  { id: 'wc-product-price-two-dots', what: 'price "12.3.4"', input: { product: product('BI-PRICE-DOTS', 'Price dots mug', { regular_price: '12.3.4' }) }, expect: { error: 'product.invalid_price', entity: 'product' } },
  { id: 'wc-product-price-currency', what: 'price "$5"', input: { product: product('BI-PRICE-DOLLAR', 'Price dollar mug', { regular_price: '$5' }) }, expect: { error: 'product.invalid_price', entity: 'product' } },
  { id: 'wc-product-duplicate-sku', what: 'two products with one SKU (the second set behind the REST API, as an import does)', input: { helperProduct: { name: 'Duplicate twin', sku: 'BI-DUP-ORIGINAL', regular_price: '11.00', status: 'publish' }, after: 'BI-DUP-ORIGINAL' }, expect: { error: 'product.duplicate_sku', entity: 'product' } },
  { id: 'wc-product-duplicate-sku-case', what: 'SKU equal to another but for case and spaces', input: { product: product(' bi-dup-original ', 'Duplicate by case'), after: 'BI-DUP-ORIGINAL' }, expect: { error: 'product.duplicate_sku', entity: 'product' } },
  { id: 'wc-variation-no-attributes', what: 'variation without attributes', input: { variable: { name: 'Tee without sizes', sku: 'BI-TEE-NOATTR' }, variations: [{ sku: 'BI-TEE-NOATTR-1', regular_price: '9.00', attributes: [] }] }, expect: { error: 'variation.missing_attributes', entity: 'variation' } },

  // Products accepted, as the mapping rules say.
  { id: 'wc-product-10000-char-title', what: '10,000-character title', input: { product: product('BI-LONG-TITLE', long(10000, 'Very long title ')) }, expect: { synced: { mv: 'product', sku: 'BI-LONG-TITLE', check: 'title-400' }, warning: 'product.title_truncated', entity: 'product' } },
  { id: 'wc-product-emoji-title', what: 'emoji in the title', input: { product: product('BI-EMOJI', 'Mug ☕😀 👍🏽 family 👨‍👩‍👧') }, expect: { synced: { mv: 'product', sku: 'BI-EMOJI', fields: { ProductDescription: 'Mug ☕😀 👍🏽 family 👨‍👩‍👧' } } } },
  { id: 'wc-product-hebrew-title', what: 'right-to-left Hebrew title', input: { product: product('BI-HEBREW', 'ספל קפה גדול') }, expect: { synced: { mv: 'product', sku: 'BI-HEBREW', fields: { ProductDescription: 'ספל קפה גדול' } } } },
  { id: 'wc-product-arabic-title', what: 'right-to-left Arabic title mixed with digits', input: { product: product('BI-ARABIC', 'كوب قهوة 250 مل') }, expect: { synced: { mv: 'product', sku: 'BI-ARABIC', fields: { ProductDescription: 'كوب قهوة 250 مل' } } } },
  { id: 'wc-product-script-title', what: '<script> in the title', input: { product: product('BI-SCRIPT', 'Mug<script>alert(1)</script> deluxe') }, expect: { synced: { mv: 'product', sku: 'BI-SCRIPT', check: 'no-markup' } } },
  { id: 'wc-product-html-entities', what: 'HTML tags and entities in title and description', input: { product: product('BI-ENTITIES', 'Fish &amp; <em>Chips</em> &quot;best&quot;', { description: '<p onclick="x()">Hot &amp; <b>fresh</b></p>' }) }, expect: { synced: { mv: 'product', sku: 'BI-ENTITIES', fields: { ProductDescription: 'Fish & Chips "best"', ProductLongDescription: 'Hot & fresh' } } } },
  { id: 'wc-product-special-characters', what: 'characters the incumbent stripped (? $ @ ! * #)', input: { product: product('BI-SPECIAL', 'Deal! #1 @home $5* ok?') }, expect: { synced: { mv: 'product', sku: 'BI-SPECIAL', fields: { ProductDescription: 'Deal! #1 @home $5* ok?' } } } },
  { id: 'wc-product-quote-sku', what: 'quotes, braces and commas in the SKU', input: { product: product('BI-Q\'"{},:', 'Quoted SKU mug') }, expect: { synced: { mv: 'product', sku: 'BI-Q\'"{},:', fields: { ProductDescription: 'Quoted SKU mug' } } } },
  { id: 'wc-product-bad-weight', what: 'non-numeric weight and dimensions', input: { product: product('BI-BAD-WEIGHT', 'Heavy mug', { weight: 'heavy', dimensions: { length: 'long', width: '8', height: '-' } }) }, expect: { synced: { mv: 'product', sku: 'BI-BAD-WEIGHT', fields: { ProductDescription: 'Heavy mug' } }, warning: 'product.invalid_measure', entity: 'product' } },

  // Customers.
  { id: 'wc-customer-html-address', what: 'HTML and script in a customer address', input: { customer: { handle: 'htmladdr', billing: { address_1: '<script>alert(1)</script>1 <b>Main</b> St', city: 'Town &amp; Country' } } }, expect: { synced: { mv: 'client', email: 'bi-htmladdr@example.test', check: 'client-no-markup' } } },
  { id: 'wc-customer-rtl-emoji-name', what: 'RTL and emoji in a customer name', input: { customer: { handle: 'rtl', first_name: 'דוד 😀', last_name: 'محمد' } }, expect: { synced: { mv: 'client', email: 'bi-rtl@example.test', check: 'client-name-kept' } } },
  { id: 'wc-customer-invisible-characters', what: 'bidi-override and zero-width characters in an address', input: { customer: { handle: 'bidi', billing: { address_1: '1 Main\u202E St\u200B', city: 'Reykja\u0000vik' } } }, expect: { synced: { mv: 'client', email: 'bi-bidi@example.test' }, warning: 'text.invisible_characters', entity: 'customer' } },
  { id: 'wc-customer-long-address', what: '1,000-character address line', input: { customer: { handle: 'longaddr', billing: { address_1: long(1000, 'Long Road ') } } }, expect: { synced: { mv: 'client', email: 'bi-longaddr@example.test' }, warning: 'text.truncated', entity: 'customer' } },

  // Coupons and tax rates.
  { id: 'wc-coupon-fixed-cart', what: 'fixed-cart coupon (no Megaventory equivalent)', input: { coupon: { code: 'bi-fixed', discount_type: 'fixed_cart', amount: '5' } }, expect: { skipped: 'coupon.not_percentage', entity: 'coupon' } },
  { id: 'wc-coupon-over-100', what: 'percentage coupon of 150 %', input: { coupon: { code: 'bi-too-much', discount_type: 'percent', amount: '150' } }, expect: { error: 'coupon.invalid_amount', entity: 'coupon' } },
  // WooCommerce itself stores a non-numeric rate as 0.0000 (so does the stand-in): a 0 % tax.
  { id: 'wc-tax-non-numeric', what: 'non-numeric tax rate (WooCommerce stores 0)', input: { tax: { country: 'IS', rate: 'abc', name: 'BI broken tax', priority: 1, shipping: true, class: 'standard' } }, expect: { synced: { mv: 'tax', name: 'BI broken tax', fields: { TaxValue: 0 } } } },
  { id: 'wc-tax-emoji-name', what: 'tax rate named with emoji and RTL text', input: { tax: { country: 'FO', rate: '7.5', name: 'מס ☂ tax', priority: 1, shipping: true, class: 'standard' } }, expect: { synced: { mv: 'tax', name: 'מס ☂ tax', fields: { TaxValue: 7.5 } } } },

  // Orders.
  { id: 'wc-order-deleted-product', what: 'order whose product was deleted', input: { order: { lines: [{ product: 'BI-DOOMED', quantity: 1 }] }, deleteProduct: 'BI-DOOMED' }, expect: { error: 'order.line_deleted_product', entity: 'order' } },
  { id: 'wc-order-1000-lines', what: '1,000-line order', input: { order: { lines: Array.from({ length: 1000 }, (_, i) => ({ product: `BI-GOOD-${(i % 8) + 1}`, quantity: (i % 3) + 1 })) } }, expect: { synced: { mv: 'sales order', check: 'rows-1000' } } },
  { id: 'wc-order-zero-quantity-line', what: 'order with a zero-quantity line', input: { order: { lines: [{ product: 'BI-GOOD-1', quantity: 1 }, { product: 'BI-GOOD-2', quantity: 1 }] }, zeroLine: 1 }, expect: { synced: { mv: 'sales order', check: 'rows-1' } } },
  { id: 'wc-order-line-without-sku', what: 'order of a product without SKU', input: { order: { lines: [{ product: 'wc-product-no-sku', quantity: 1 }] } }, expect: { error: 'order.line_missing_sku', entity: 'order' } },
  { id: 'wc-order-html-emoji-address', what: 'order with HTML, emoji and RTL text in the addresses', input: { order: { lines: [{ product: 'BI-GOOD-3', quantity: 2 }], billing: { first_name: '<img src=x onerror=alert(1)>Ann', address_1: 'רחוב 5 🏠', city: 'مدينة' } } }, expect: { synced: { mv: 'sales order', check: 'order-address-text' } } },
];

// Canned broken answers for the upsert of one good product each (matched by its SKU).
const cannedProduct = (id, what, canned, codes) => ({
  id, what, input: { product: product(`BI-${id.toUpperCase()}`, `Answer test ${id}`), canned: { operation: 'ProductUpdate', ...canned } },
  expect: { error: { codes, operation: 'ProductUpdate' }, entity: 'product' },
});

// Transient failures (5xx): the client retries within the call, so the product still arrives.
const retriedProduct = (id, what, canned) => ({
  id, what, input: { product: product(`BI-${id.toUpperCase()}`, `Answer test ${id}`), canned: { operation: 'ProductUpdate', ...canned } },
  expect: { retried: true, synced: { mv: 'product', sku: `BI-${id.toUpperCase()}` } },
});

export const megaventoryAnswers = [
  cannedProduct('mv-malformed-json', 'malformed JSON', { body: '{"ResponseStatus": {"ErrorCode": "0", "Mess' }, ['megaventory.bad_answer']),
  cannedProduct('mv-html-200', 'HTML page with status 200', { body: '<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>' }, ['megaventory.bad_answer', 'megaventory.unavailable']),
  retriedProduct('mv-html-503', 'HTML error page with status 503', { status: 503, body: '<html><body><h1>503 Service Unavailable</h1></body></html>' }),
  retriedProduct('mv-html-500', 'HTML error page with status 500', { status: 500, body: '<html><body>Runtime Error</body></html>' }),
  cannedProduct('mv-empty-200', 'empty body with status 200', { body: '' }, ['megaventory.bad_answer']),
  retriedProduct('mv-empty-502', 'empty body with status 502', { status: 502, body: '', content_type: 'none' }),
  cannedProduct('mv-unknown-error-code', 'unknown ErrorCode', { json: { ResponseStatus: { ErrorCode: '777', Message: 'Something new went wrong' }, InternalErrorCode: 'NeverSeenBefore' } }, ['megaventory.refused']),
  cannedProduct('mv-unknown-internal-code', 'ErrorCode 500 with an unknown InternalErrorCode', { json: { ResponseStatus: { ErrorCode: '500', Message: 'Strange failure' }, InternalErrorCode: 'BrandNewCode' } }, ['megaventory.refused']),
  cannedProduct('mv-error-without-message', 'error envelope without a message', { json: { ResponseStatus: { ErrorCode: '500' } } }, ['megaventory.refused', 'megaventory.bad_answer']),
  cannedProduct('mv-entity-id-string', 'wrong type: entityID is a string', { json: { ResponseStatus: { ErrorCode: '0', Message: '' }, entityID: 'forty-two', mvProduct: { ProductID: 'forty-two' } } }, ['megaventory.bad_answer']),
  cannedProduct('mv-product-as-list', 'wrong type: mvProduct is a list', { json: { ResponseStatus: { ErrorCode: '0', Message: '' }, mvProduct: [] } }, ['megaventory.bad_answer']),
  cannedProduct('mv-status-as-string', 'wrong type: ResponseStatus is a string', { json: { ResponseStatus: 'OK' } }, ['megaventory.bad_answer']),
  cannedProduct('mv-answer-is-list', 'wrong type: the answer is a JSON list', { json: [] }, ['megaventory.bad_answer']),
  cannedProduct('mv-answer-is-null', 'wrong type: the answer is null', { json: null }, ['megaventory.bad_answer']),
  {
    id: 'mv-client-html-502', what: 'HTML 502 for a client upsert (retried)',
    input: { customer: { handle: 'mvclient' }, canned: { operation: 'SupplierClientUpdate', status: 502, body: '<html>Bad Gateway</html>', match: 'bi-mvclient@example.test' } },
    expect: { retried: true, synced: { mv: 'client', email: 'bi-mvclient@example.test' } },
  },
  {
    id: 'mv-client-wrong-types', what: 'wrong types for a client upsert (mvSupplierClient is a number)',
    input: { customer: { handle: 'mvclienttypes' }, canned: { operation: 'SupplierClientUpdate', json: { ResponseStatus: { ErrorCode: '0' }, mvSupplierClient: 17 }, match: 'bi-mvclienttypes@example.test' } },
    expect: { error: { codes: ['megaventory.bad_answer'], operation: 'SupplierClientUpdate' }, entity: 'customer' },
  },
  {
    id: 'mv-poll-malformed', what: 'malformed JSON for the integration-update poll (the next poll drains the queue)',
    input: { canned: { operation: 'IntegrationUpdateGet', body: '{"mvIntegrationUpdates": [{"IntegrationUpdateID": ', match: '' } },
    expect: { pollRecovers: { operation: 'IntegrationUpdateGet' } },
  },
  {
    id: 'mv-order-malformed', what: 'malformed JSON for a sales order insert',
    input: { order: { lines: [{ product: 'BI-GOOD-4', quantity: 1 }] }, canned: { operation: 'SalesOrderUpdate', body: '{"mvSalesOrder": {"SalesOrderId": ' } },
    expect: { error: { codes: ['megaventory.bad_answer'], operation: 'SalesOrderUpdate' }, entity: 'order' },
  },
  // Integration updates (injected into the simulator's queue for the worker's poll).
  { id: 'mv-update-unknown-product', what: 'stock update for a product that is not in WooCommerce', input: { inject: { entity: 'stock', action: 'update', entity_ids: '987654', json_data: [{ productID: 987654, productSKU: 'BI-NOWHERE', inventory_location_id: 1, stock_physical: 5 }] } }, expect: { consumed: true } },
  { id: 'mv-update-unknown-order', what: 'status update for a sales order we never created', input: { inject: { entity: 'document', action: 'update', entity_ids: '876543', json_data: { DocumentId: 876543, DocumentTypeId: 3, DocumentTypeAbbreviation: 'SO', DocumentNo: 99999, DocumentStatus: 10, DocumentReferenceNo: '99999', DocumentReferenceApplication: 'Woocommerce' } } }, expect: { consumed: true } },
  { id: 'mv-update-undecodable', what: 'integration update whose JsonData is not JSON', input: { inject: { entity: 'stock', action: 'update', entity_ids: '1', json_data: '{not json' } }, expect: { parked: 'integration.undecodable' } },
  { id: 'mv-update-string-for-list', what: 'stock update whose JsonData is a string where a list belongs', input: { inject: { entity: 'stock', action: 'update', entity_ids: '2', json_data: '"five"' } }, expect: { parked: 'integration.undecodable' } },
  // Stock rows only name products (the stock is re-read): unreadable fields fall back to EntityIDs.
  { id: 'mv-update-wrong-element-types', what: 'stock update whose list holds an object where a number belongs', input: { inject: { entity: 'stock', action: 'update', entity_ids: '3', json_data: [{ productID: { id: 3 }, stock_physical: [] }] } }, expect: { consumed: true } },
];

const TOKEN = '0123456789abcdef0123456789abcdef';
const rest = (id, what, method, route, body, status, code, extra = {}) => ({ id, what, input: { method, route, body, ...extra }, expect: { status, code } });

export const restRequests = [
  rest('rest-claim-limit-string', 'claim: limit is a word', 'POST', 'outbox/claim', { limit: 'many' }, 400, 'rest_invalid_param'),
  rest('rest-claim-limit-negative', 'claim: negative limit', 'POST', 'outbox/claim', { limit: -5 }, 400, 'rest_invalid_param'),
  rest('rest-claim-limit-huge', 'claim: limit over 500', 'POST', 'outbox/claim', { limit: 100000 }, 400, 'rest_invalid_param'),
  rest('rest-claim-lease-short', 'claim: lease of 1 second', 'POST', 'outbox/claim', { lease_seconds: 1 }, 400, 'rest_invalid_param'),
  rest('rest-claim-body-list', 'claim: a JSON list as body', 'POST', 'outbox/claim', '[1,2,3]', 400, 'mvsync_invalid_json'),
  rest('rest-claim-body-not-json', 'claim: a body that is not JSON', 'POST', 'outbox/claim', '{"limit": 5', 400, 'rest_invalid_json'),
  rest('rest-claim-form-body', 'claim: a form body', 'POST', 'outbox/claim', 'limit=5', 415, 'mvsync_json_required', { contentType: 'application/x-www-form-urlencoded' }),
  rest('rest-claim-20mb', 'claim: a 20 MB body', 'POST', 'outbox/claim', { huge: 20 * 1024 * 1024 }, 413, 'mvsync_body_too_large'),
  rest('rest-ack-no-token', 'ack: lease token missing', 'POST', 'outbox/ack', { ids: [1] }, 400, 'rest_missing_callback_param'),
  rest('rest-ack-bad-token', 'ack: malformed lease token', 'POST', 'outbox/ack', { lease_token: "' OR 1=1 --", ids: [1] }, 400, 'rest_invalid_param'),
  rest('rest-ack-ids-words', 'ack: ids are words', 'POST', 'outbox/ack', { lease_token: TOKEN, ids: ['one', 'two'] }, 400, 'rest_invalid_param'),
  rest('rest-ack-ids-object', 'ack: ids is an object', 'POST', 'outbox/ack', { lease_token: TOKEN, ids: { a: 1 } }, 400, 'rest_invalid_param'),
  rest('rest-claim-bad-token', 'claim: a lease token that is not 32 hex digits', 'POST', 'outbox/claim', { limit: 1, lease_token: 'ABC' }, 400, 'rest_invalid_param'),
  rest('rest-release-bad-token', 'release: an SQL fragment as a lease token', 'POST', 'outbox/release', { lease_tokens: ["' OR 1=1 --"] }, 400, 'rest_invalid_param'),
  rest('rest-release-too-many', 'release: 101 lease tokens', 'POST', 'outbox/release', { lease_tokens: Array.from({ length: 101 }, () => TOKEN) }, 400, 'rest_invalid_param'),
  rest('rest-poll-lease-no-token', 'poll lease: no lease token', 'POST', 'poll/lease', { lease_seconds: 60 }, 400, 'rest_missing_callback_param'),
  rest('rest-poll-lease-bad-seconds', 'poll lease: a lease of 100,000 seconds', 'POST', 'poll/lease', { lease_token: TOKEN, lease_seconds: 100000 }, 400, 'rest_invalid_param'),
  rest('rest-poll-release-bad-token', 'poll release: an SQL fragment as a lease token', 'POST', 'poll/release', { lease_token: "' OR 1=1 --" }, 400, 'rest_invalid_param'),
  rest('rest-fail-unknown-lease', 'fail: a lease token that holds nothing', 'POST', 'outbox/fail', { lease_token: TOKEN, id: 1, error: 'x' }, 409, 'mvsync_lease_lost'),
  rest('rest-fail-empty-error', 'fail: empty error text', 'POST', 'outbox/fail', { lease_token: TOKEN, id: 1, error: '' }, 400, 'rest_invalid_param'),
  rest('rest-fail-dead-string', 'fail: dead is a word', 'POST', 'outbox/fail', { lease_token: TOKEN, id: 1, error: 'x', dead: 'perhaps' }, 400, 'rest_invalid_param'),
  rest('rest-retry-empty', 'retry: no ids', 'POST', 'outbox/retry', { ids: [] }, 400, 'rest_invalid_param'),
  rest('rest-retry-negative', 'retry: negative id', 'POST', 'outbox/retry', { ids: [-3] }, 400, 'rest_invalid_param'),
  rest('rest-discard-too-many', 'discard: 501 ids', 'POST', 'outbox/discard', { ids: Array.from({ length: 501 }, (_, i) => i + 1) }, 400, 'rest_invalid_param'),
  rest('rest-dead-per-page-zero', 'dead list: per_page 0', 'GET', 'megaventory/v1/outbox/dead?per_page=0', null, 400, 'rest_invalid_param', { raw: true }),
  rest('rest-dead-page-negative', 'dead list: page -1', 'GET', 'megaventory/v1/outbox/dead?page=-1', null, 400, 'rest_invalid_param', { raw: true }),
  rest('rest-links-bad-type', 'links: unknown entity type', 'POST', 'links', { links: [{ wc_type: 'spaceship', wc_id: 1, mv_id: 1 }] }, 400, 'rest_invalid_param'),
  rest('rest-links-extra-field', 'links: an unexpected field', 'POST', 'links', { links: [{ wc_type: 'product', wc_id: 1, mv_id: 1, admin: true }] }, 400, 'rest_invalid_param'),
  rest('rest-links-missing-mv-id', 'links: mv_id missing', 'POST', 'links', { links: [{ wc_type: 'product', wc_id: 1 }] }, 400, 'rest_invalid_param'),
  rest('rest-links-string-id', 'links: wc_id is a word', 'POST', 'links', { links: [{ wc_type: 'product', wc_id: 'abc', mv_id: 1 }] }, 400, 'rest_invalid_param'),
  rest('rest-links-get-no-ids', 'links: read without ids', 'GET', 'megaventory/v1/links?wc_type=product', null, 400, 'rest_missing_callback_param', { raw: true }),
  rest('rest-links-by-mv-id-word', 'links by Megaventory id: a word', 'GET', 'megaventory/v1/links/by-mv-id?wc_type=product&mv_id=abc', null, 400, 'rest_invalid_param', { raw: true }),
  rest('rest-links-delete-unknown-type', 'links: delete with an unknown type', 'DELETE', 'megaventory/v1/links/spaceship/5', null, 400, 'rest_invalid_param', { raw: true }),
  rest('rest-checkpoint-state-string', 'checkpoint: state is a string', 'PUT', 'checkpoints/import.products', { state: 'resume here' }, 400, 'rest_invalid_param'),
  rest('rest-checkpoint-state-huge', 'checkpoint: a 100 kB state', 'PUT', 'checkpoints/import.products', { state: { blob: long(100000) } }, 413, null),
  rest('rest-checkpoint-unknown', 'checkpoint: unknown job', 'GET', 'megaventory/v1/checkpoints/no-such-job', null, 404, null, { raw: true }),
  rest('rest-logs-empty', 'logs: no entries', 'POST', 'logs', { entries: [] }, 400, 'rest_invalid_param'),
  rest('rest-logs-bad-level', 'logs: unknown level', 'POST', 'logs', { entries: [{ level: 'shout', message: 'hi' }] }, 400, 'rest_invalid_param'),
  rest('rest-logs-long-message', 'logs: 5,000-character message', 'POST', 'logs', { entries: [{ level: 'info', message: long(5000) }] }, 400, 'rest_invalid_param'),
  rest('rest-logs-get-level', 'logs: read an unknown level', 'GET', 'megaventory/v1/logs?level=everything', null, 400, 'rest_invalid_param', { raw: true }),
  rest('rest-parked-no-error', 'parked: error missing', 'POST', 'parked', { update: { a: 1 } }, 400, 'rest_missing_callback_param'),
  rest('rest-parked-error-string', 'parked: error is a string', 'POST', 'parked', { update: {}, error: 'bad' }, 400, 'rest_invalid_param'),
  rest('rest-relay-huge', 'relay: a 20 MB body', 'POST', 'relay/ProductGet', { huge: 20 * 1024 * 1024 }, 413, null),
  rest('rest-relay-list-body', 'relay: a JSON list as body', 'POST', 'relay/ProductGet', '[]', 400, 'mvsync_invalid_json'),
];
