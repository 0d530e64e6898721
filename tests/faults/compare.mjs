// Natural-key views of a run's end state, and the checks on them: duplicates, the script's model
// (no change lost) and equality with the reference run. Megaventory ids differ between runs, so
// every id, date and generated number is left out and entities are keyed by SKU, client name,
// discount name, tax name + rate and sales-order reference (the WooCommerce order number).

const live = (list) => (list || []).filter((e) => !e.deleted);
const num = (v) => (v === null || v === undefined || v === '' ? null : Number(v));

/** Drops ids, dates and generated numbers; sorts nested lists so that order does not matter. */
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical).map((v) => JSON.stringify(v)).sort().map((v) => JSON.parse(v));
  if (value && typeof value === 'object') {
    const out = {};
    for (const key of Object.keys(value).sort()) {
      // SalesOrderReferenceNo is the WooCommerce order number, which differs between runs;
      // orders are matched through the script instead (see naturalState).
      // A row's product description is Megaventory's copy of the product title when the order
      // was inserted: with several drainers a rename may reach Megaventory before or after the
      // order, and both are right. The current title is checked on the product itself.
      if (/(ID|Id|Ids|IDs)$/.test(key) || /Date|Time|^SalesOrderNo$|^SalesOrderReferenceNo$|^SalesOrderRowProductDescription$|deleted|CreationDate|LastUpdate/i.test(key)) continue;
      out[key] = canonical(value[key]);
    }
    return out;
  }
  return value;
}

function groupBy(list, key) {
  const map = {};
  for (const e of list) (map[key(e)] ||= []).push(e);
  return map;
}

/**
 * Sales orders and WooCommerce orders are keyed by the script's order (its ref, O12), found
 * through the order number each run got: WordPress numbers orders by post id, and a run with the
 * admin page open (its dashboard makes an auto-draft post) numbers them differently.
 */
export function naturalState(account, wcState, orderNumbers, finalDiscounts = null) {
  const refOf = new Map([...orderNumbers].map(([ref, number]) => [String(number), ref]));
  const orderKey = (number) => refOf.get(String(number)) || `order #${number} (not the script's)`;
  wcState = { ...wcState, orders: Object.fromEntries(Object.entries(wcState.orders).map(([number, status]) => [orderKey(number), status])) };
  const products = groupBy(live(account.mvProducts), (p) => p.ProductSKU);
  const skuById = new Map(live(account.mvProducts).map((p) => [String(p.ProductID), p.ProductSKU]));
  const state = { products: {}, clients: {}, discounts: {}, taxes: {}, salesOrders: {}, stock: {}, wc: wcState };
  for (const [sku, list] of Object.entries(products)) state.products[sku] = canonical(list[0]);
  for (const [name, list] of Object.entries(groupBy(live(account.mvSupplierClients), (c) => c.SupplierClientName))) state.clients[name] = canonical(list[0]);
  // Megaventory discounts cannot be edited: a coupon whose percentage changed twice between two
  // reads by the worker leaves one discount, read in between it leaves two. How many of those
  // intermediate values a run sees depends on timing, so they are counted, not compared; what
  // is compared is each coupon's last value (finalDiscounts) and every discount an order uses.
  const usedDiscountIds = new Set(live(account.mvSalesOrders).flatMap((o) => (o.SalesOrderDetails || []).map((d) => String(d.SalesOrderRowDiscountID || 0))));
  state.discountHistory = 0;
  for (const [name, list] of Object.entries(groupBy(live(account.mvDiscounts), (d) => `${d.DiscountName} ${num(d.DiscountValue)}`))) {
    const kept = !finalDiscounts || finalDiscounts.has(name) || list.some((d) => usedDiscountIds.has(String(d.DiscountID)));
    if (kept) state.discounts[name] = canonical(list[0]);
    else state.discountHistory += 1;
  }
  for (const [key, list] of Object.entries(groupBy(live(account.mvTaxes), (t) => `${t.TaxName} ${num(t.TaxValue)}`))) state.taxes[key] = canonical(list[0]);
  for (const [ref, list] of Object.entries(groupBy(live(account.mvSalesOrders), (o) => orderKey(o.SalesOrderReferenceNo)))) {
    const order = list[0];
    const client = (account.mvSupplierClients || []).find((c) => String(c.SupplierClientID) === String(order.SalesOrderClientID));
    state.salesOrders[ref] = { ...canonical(order), client: client ? client.SupplierClientName : null };
  }
  for (const item of account.mvProductStockList || []) {
    const sku = skuById.get(String(item.productID ?? item.ProductID));
    if (sku) state.stock[sku] = canonical(item);
  }
  state.raw = account;
  return state;
}

/** Natural keys held by more than one live entity. */
export function duplicates(account) {
  const found = [];
  const check = (what, list, key) => {
    for (const [k, group] of Object.entries(groupBy(list, key))) if (group.length > 1) found.push(`${what} ${k} ×${group.length}`);
  };
  check('product', live(account.mvProducts), (p) => p.ProductSKU);
  check('client', live(account.mvSupplierClients), (c) => c.SupplierClientName);
  // Megaventory discounts are immutable: a new value is a new discount, so the key is name + value.
  check('discount', live(account.mvDiscounts), (d) => `${d.DiscountName} ${num(d.DiscountValue)}`);
  check('tax', live(account.mvTaxes), (t) => `${t.TaxName} ${num(t.TaxValue)}`);
  check('sales order', (account.mvSalesOrders || []).filter((o) => !o.deleted), (o) => `reference ${o.SalesOrderReferenceNo}`);
  return found;
}

/** Name + value of each percentage coupon's last value in the script: the discounts that must exist. */
export function finalDiscountKeys(script) {
  return new Set([...script.model.coupons.values()].filter((k) => k.type === 'percent').map((k) => `${k.code} ${k.amount}`));
}

/** Every change of the script visible in the end state (on both sides). */
export function checkModel(script, state, orderNumbers) {
  const lost = [];
  const { model, expected } = script;
  for (const p of model.products.values()) {
    const mv = state.products[p.sku];
    if (!p.live) { if (mv) lost.push(`product ${p.sku} was deleted in WooCommerce but lives in Megaventory`); continue; }
    if (!mv) { lost.push(`product ${p.sku} missing in Megaventory`); continue; }
    if (num(mv.ProductSellingPrice) !== p.price) lost.push(`product ${p.sku}: selling price ${mv.ProductSellingPrice}, expected ${p.price}`);
    if (mv.ProductDescription !== p.name) lost.push(`product ${p.sku}: description "${mv.ProductDescription}", expected "${p.name}"`);
    if (expected.purchase.has(p.sku)) {
      const want = expected.purchase.get(p.sku);
      if (num(mv.ProductPurchasePrice) !== want) lost.push(`product ${p.sku}: Megaventory purchase price ${mv.ProductPurchasePrice}, expected ${want}`);
      const wc = state.wc.products[p.sku];
      if (!wc || wc.purchase_price !== want) lost.push(`product ${p.sku}: WooCommerce purchase price ${wc && wc.purchase_price}, expected ${want}`);
    }
  }
  for (const c of model.customers.values()) {
    const mv = state.clients[c.handle];
    if (!c.live) { if (mv) lost.push(`client ${c.handle} was deleted in WooCommerce but lives in Megaventory`); continue; }
    if (!mv) { lost.push(`client ${c.handle} missing in Megaventory`); continue; }
    if (mv.SupplierClientEmail !== c.email) lost.push(`client ${c.handle}: e-mail ${mv.SupplierClientEmail}`);
    if (mv.SupplierClientPhone1 !== c.phone) lost.push(`client ${c.handle}: phone ${mv.SupplierClientPhone1}, expected ${c.phone}`);
  }
  for (const k of model.coupons.values()) {
    const mv = state.discounts[`${k.code} ${k.amount}`];
    if (k.type !== 'percent') { if (Object.keys(state.discounts).some((d) => d.startsWith(`${k.code} `))) lost.push(`fixed coupon ${k.code} became a discount`); continue; }
    if (!mv) lost.push(`discount ${k.code} with the coupon's last value ${k.amount} missing`);
  }
  for (const t of model.taxes.values()) {
    if (!state.taxes[`${t.name} ${t.rate}`]) lost.push(`tax ${t.name} ${t.rate} missing`);
  }
  const statusName = (s) => String(s);
  for (const o of model.orders.values()) {
    const number = orderNumbers.get(o.ref);
    const so = state.salesOrders[o.ref];
    if (!so) { lost.push(`sales order for WooCommerce order ${number} missing`); continue; }
    if (!new RegExp(o.mvStatus, 'i').test(statusName(so.SalesOrderStatus))) lost.push(`sales order ${number}: status ${so.SalesOrderStatus}, expected ${o.mvStatus}`);
    const rows = (state.raw.mvSalesOrders.find((x) => String(x.SalesOrderReferenceNo) === String(number)).SalesOrderDetails || [])
      .map((d) => `${d.SalesOrderRowProductSKU}×${num(d.SalesOrderRowQuantity)}`);
    for (const line of o.lines) if (!rows.includes(`${line.sku}×${line.quantity}`)) lost.push(`sales order ${number}: no row ${line.sku}×${line.quantity} (rows ${rows.join(', ')})`);
    const wcStatus = state.wc.orders[o.ref];
    if (wcStatus !== o.wcStatus) lost.push(`WooCommerce order ${number}: status ${wcStatus}, expected ${o.wcStatus}`);
  }
  for (const [sku, physical] of expected.stock) {
    const item = state.raw.mvProductStockList.find((s) => state.products[sku] && live(state.raw.mvProducts).some((p) => p.ProductSKU === sku && String(p.ProductID) === String(s.productID ?? s.ProductID)));
    if (!item) lost.push(`stock of ${sku} missing in Megaventory`);
    void physical;
  }
  return lost;
}

function diffObjects(prefix, a, b, out) {
  const keys = new Set([...Object.keys(a || {}), ...Object.keys(b || {})]);
  for (const k of [...keys].sort()) {
    const x = JSON.stringify(a ? a[k] : undefined);
    const y = JSON.stringify(b ? b[k] : undefined);
    if (x !== y) out.push(`${prefix}${k}: reference ${(x || 'absent').slice(0, 300)}, here ${(y || 'absent').slice(0, 300)}`);
  }
}

export function compareStates(reference, state) {
  const out = [];
  for (const part of ['products', 'clients', 'discounts', 'taxes', 'salesOrders', 'stock']) {
    const a = reference[part];
    const b = state[part];
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of [...keys].sort()) {
      if (!(k in b)) { out.push(`${part} ${k} absent`); continue; }
      if (!(k in a)) { out.push(`${part} ${k} not in the reference`); continue; }
      diffObjects(`${part} ${k}: `, a[k], b[k], out);
    }
  }
  diffObjects('WooCommerce products: ', reference.wc.products, state.wc.products, out);
  diffObjects('WooCommerce orders: ', reference.wc.orders, state.wc.orders, out);
  return out;
}
