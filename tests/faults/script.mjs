// The fault suite's deterministic script: from a seed, the sample shop, then rounds of WooCommerce
// changes (wc/v3 operations run by shop-batch.php) interleaved with Megaventory changes (/_sim/
// controls). Generated once per suite run and replayed identically in every scenario, so that
// Megaventory's final state can be compared between scenarios by natural keys. The generator also
// keeps the model of what the shop should look like at the end (the "no event lost" check).

/** mulberry32: small, seedable, good enough to pick changes. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

const money = (n) => n.toFixed(2);
const address = (first, country, email) => ({
  first_name: first, last_name: 'Fault', company: '', address_1: '1 Queue Lane', address_2: '',
  city: 'Retryville', state: '', postcode: '101', country, ...(email ? { email, phone: '+354 555 0000' } : {}),
});

// Countries for new tax rates (one rate per country, so every order pays at most one of them).
const TAX_COUNTRIES = ['SE', 'NO', 'DK', 'FI', 'EE', 'LV', 'LT', 'PL', 'CZ', 'SK', 'HU', 'SI', 'HR', 'RO', 'BG', 'GR', 'CY', 'MT', 'PT', 'ES'];
const MV_STATUSES = ['FullyShipped', 'FullyInvoiced', 'Closed'];

/**
 * @param {number} seed
 * @param {{wcChanges: number, mvChanges: number, rounds: number}} size
 */
export function buildScript(seed, { wcChanges, mvChanges, rounds }) {
  const r = rng(seed);
  let refCounter = 0;
  const newRef = (prefix) => `${prefix}${++refCounter}`;
  // The model: natural key → expected final state.
  const model = { products: new Map(), customers: new Map(), coupons: new Map(), taxes: new Map(), orders: new Map() };
  const shopOps = [];

  const addSimple = (ops, sku, name, price, mvManaged) => {
    const ref = newRef('P');
    ops.push({ method: 'POST', route: '/wc/v3/products', ref, body: {
      name, type: 'simple', status: 'publish', sku, regular_price: money(price), manage_stock: true, stock_quantity: 20,
    } });
    model.products.set(sku, { ref, sku, kind: 'simple', name, price, live: true, mvManaged, ordered: false });
  };
  const addVariable = (ops, sku, name, sizes, mvManaged) => {
    const ref = newRef('V');
    ops.push({ method: 'POST', route: '/wc/v3/products', ref, body: {
      name, type: 'variable', status: 'publish', sku,
      attributes: [{ name: 'Size', options: sizes.map((s) => s.size), visible: true, variation: true }],
    } });
    for (const { size, price } of sizes) {
      const vref = newRef('W');
      const vsku = `${sku}-${size}`;
      ops.push({ method: 'POST', route: `/wc/v3/products/{${ref}}/variations`, ref: vref, body: {
        sku: vsku, regular_price: money(price), manage_stock: true, stock_quantity: 20, attributes: [{ name: 'Size', option: size }],
      } });
      model.products.set(vsku, { ref: vref, parentRef: ref, sku: vsku, kind: 'variation', name, version: `Size: ${size}`, price, live: true, mvManaged, ordered: false });
    }
  };
  const addCustomer = (ops, handle) => {
    const ref = newRef('C');
    const email = `${handle}@faults.example.test`;
    const country = r.pick(['IS', 'FO']);
    ops.push({ method: 'POST', route: '/wc/v3/customers', ref, body: {
      email, username: handle, first_name: handle, last_name: 'Fault', password: `pw-${handle}-x9!Q`,
      billing: address(handle, country, email), shipping: address(handle, country),
    } });
    model.customers.set(handle, { ref, handle, email, country, phone: '+354 555 0000', live: true, orders: 0 });
  };
  const addCoupon = (ops, code, type, amount) => {
    const ref = newRef('K');
    ops.push({ method: 'POST', route: '/wc/v3/coupons', ref, body: { code, discount_type: type, amount: money(amount) } });
    model.coupons.set(code, { ref, code, type, amount, live: true });
  };
  const addTax = (ops, name, rate, country) => {
    const ref = newRef('T');
    ops.push({ method: 'POST', route: '/wc/v3/taxes', ref, body: {
      country, state: '', rate: rate.toFixed(4), name, priority: 1, compound: false, shipping: true, class: 'standard',
    } });
    model.taxes.set(name, { ref, name, rate, country });
  };

  // The sample shop. Products marked mvManaged are the targets of Megaventory-side changes
  // (stock, purchase price) and are never edited on the WooCommerce side afterwards, so that
  // the two sides never race on one field and every scenario must end in the same state.
  addTax(shopOps, 'Fault VSK', 24, 'IS');
  addTax(shopOps, 'Fault MVG', 25, 'FO');
  for (let i = 1; i <= 8; i++) addSimple(shopOps, `FLT-S${i}`, `Fault simple ${i}`, 5 + i * 1.25, i <= 4);
  addVariable(shopOps, 'FLT-TEE', 'Fault tee', [{ size: 'S', price: 20 }, { size: 'M', price: 21 }, { size: 'L', price: 22 }], true);
  addVariable(shopOps, 'FLT-CAP', 'Fault cap', [{ size: 'S', price: 9 }, { size: 'L', price: 11 }], false);
  for (let i = 1; i <= 5; i++) addCustomer(shopOps, `fault-c${i}`);
  addCoupon(shopOps, 'fault-ten', 'percent', 10);
  addCoupon(shopOps, 'fault-quarter', 'percent', 25);
  addCoupon(shopOps, 'fault-five', 'fixed_cart', 5);

  // The change mix.
  let productSeq = 100;
  let customerSeq = 100;
  let couponSeq = 100;
  let taxSeq = 0;
  let orderSeq = 0;
  const live = (map, extra = () => true) => [...map.values()].filter((e) => e.live && extra(e));
  const wcKinds = [
    ['product_create', 10], ['product_update', 16], ['product_delete', 4], ['variable_create', 3], ['variation_update', 6],
    ['customer_create', 7], ['customer_update', 8], ['customer_delete', 2], ['coupon_create', 3], ['coupon_update', 5],
    ['tax_create', 1], ['order_place', 18], ['order_coupon', 6], ['order_cancel', 5],
  ];
  const totalWeight = wcKinds.reduce((s, [, w]) => s + w, 0);
  const pickKind = () => {
    let x = r.next() * totalWeight;
    for (const [kind, w] of wcKinds) { x -= w; if (x < 0) return kind; }
    return wcKinds[0][0];
  };

  const orderLines = () => {
    const sellable = live(model.products);
    const lines = [];
    const count = r.int(1, 3);
    const used = new Set();
    for (let i = 0; i < count; i++) {
      const p = r.pick(sellable);
      if (used.has(p.sku)) continue;
      used.add(p.sku);
      p.ordered = true;
      const line = p.kind === 'variation'
        ? { product_id: `{${p.parentRef}}`, variation_id: `{${p.ref}}`, quantity: r.int(1, 3) }
        : { product_id: `{${p.ref}}`, quantity: r.int(1, 3) };
      lines.push({ line, sku: p.sku, quantity: line.quantity });
    }
    return lines;
  };

  const placeOrder = (ops, coupon) => {
    const ref = newRef('O');
    const guest = r.chance(0.2);
    const customer = guest ? null : r.pick(live(model.customers));
    if (customer) customer.orders++;
    const lines = orderLines();
    const email = customer ? customer.email : `guest${orderSeq + 1}@faults.example.test`;
    const country = customer ? customer.country : 'IS';
    const body = {
      status: 'processing', customer_id: customer ? `{${customer.ref}}` : 0,
      billing: address(customer ? customer.handle : 'guest', country, email), shipping: address(customer ? customer.handle : 'guest', country),
      payment_method: r.pick(['bacs', 'cod', 'cheque']), payment_method_title: 'Pay',
      line_items: lines.map((l) => l.line),
      ...(coupon ? { coupon_lines: [{ code: coupon.code }] } : {}),
    };
    ops.push({ method: 'POST', route: '/wc/v3/orders', ref, body });
    orderSeq++;
    model.orders.set(ref, { ref, seq: orderSeq, lines: lines.map(({ sku, quantity }) => ({ sku, quantity })), customer: customer ? customer.handle : null,
      coupon: coupon ? coupon.code : null, wcStatus: 'processing', mvStatus: 'Verified', cancelled: false, mvChanged: false });
  };

  const wcOp = (ops, ordersBefore, cancels) => {
    const kind = pickKind();
    switch (kind) {
      case 'product_create': {
        const n = ++productSeq;
        addSimple(ops, `FLT-N${n}`, `Fault new ${n}`, r.int(100, 9000) / 100, false);
        return kind;
      }
      case 'product_update': {
        const p = r.pick(live(model.products, (e) => e.kind === 'simple' && !e.mvManaged));
        if (!p) return null;
        p.price = r.int(100, 9000) / 100;
        if (r.chance(0.3)) p.name = `${p.name.replace(/ v\d+$/, '')} v${r.int(2, 99)}`;
        ops.push({ method: 'PUT', route: `/wc/v3/products/{${p.ref}}`, body: { name: p.name, regular_price: money(p.price) } });
        return kind;
      }
      case 'product_delete': {
        const p = r.pick(live(model.products, (e) => e.kind === 'simple' && !e.mvManaged && !e.ordered));
        if (!p) return null;
        p.live = false;
        ops.push({ method: 'DELETE', route: `/wc/v3/products/{${p.ref}}?force=true` });
        return kind;
      }
      case 'variable_create': {
        const n = ++productSeq;
        addVariable(ops, `FLT-V${n}`, `Fault variable ${n}`, [{ size: 'S', price: r.int(500, 3000) / 100 }, { size: 'L', price: r.int(500, 3000) / 100 }], false);
        return kind;
      }
      case 'variation_update': {
        const p = r.pick(live(model.products, (e) => e.kind === 'variation' && !e.mvManaged));
        if (!p) return null;
        p.price = r.int(500, 3000) / 100;
        ops.push({ method: 'PUT', route: `/wc/v3/products/{${p.parentRef}}/variations/{${p.ref}}`, body: { regular_price: money(p.price) } });
        return kind;
      }
      case 'customer_create':
        addCustomer(ops, `fault-c${++customerSeq}`);
        return kind;
      case 'customer_update': {
        const c = r.pick(live(model.customers));
        if (!c) return null;
        c.phone = `+354 555 ${String(r.int(1000, 9999))}`;
        ops.push({ method: 'PUT', route: `/wc/v3/customers/{${c.ref}}`, body: { billing: { phone: c.phone } } });
        return kind;
      }
      case 'customer_delete': {
        const c = r.pick(live(model.customers, (e) => e.orders === 0));
        if (!c) return null;
        c.live = false;
        ops.push({ method: 'DELETE', route: `/wc/v3/customers/{${c.ref}}?force=true` });
        return kind;
      }
      case 'coupon_create':
        addCoupon(ops, `fault-k${++couponSeq}`, 'percent', r.int(5, 40));
        return kind;
      case 'coupon_update': {
        const k = r.pick(live(model.coupons, (e) => e.type === 'percent'));
        if (!k) return null;
        k.amount = r.int(5, 40);
        ops.push({ method: 'PUT', route: `/wc/v3/coupons/{${k.ref}}`, body: { amount: money(k.amount) } });
        return kind;
      }
      case 'tax_create': {
        if (taxSeq >= TAX_COUNTRIES.length) return null;
        const country = TAX_COUNTRIES[taxSeq++];
        addTax(ops, `Fault tax ${country}`, r.int(50, 270) / 10, country);
        return kind;
      }
      case 'order_place':
        placeOrder(ops, null);
        return kind;
      case 'order_coupon':
        placeOrder(ops, r.pick(live(model.coupons, (e) => e.type === 'percent')));
        return kind;
      case 'order_cancel': {
        // Only an order of an earlier round, and the driver cancels it once its sales order
        // exists: the engine does not send an order that is already cancelled when its event is
        // handled, so a cancel racing the first send would make the end state depend on timing.
        const o = r.pick(ordersBefore.filter((e) => !e.cancelled && !e.mvChanged));
        if (!o) return null;
        o.cancelled = true;
        o.wcStatus = 'cancelled';
        o.mvStatus = 'Cancelled';
        cancels.push({ method: 'PUT', route: `/wc/v3/orders/{${o.ref}}`, body: { status: 'cancelled' }, orderRef: o.ref });
        return kind;
      }
      default:
        return null;
    }
  };

  const mvManagedSkus = [...model.products.values()].filter((p) => p.mvManaged).map((p) => p.sku);
  const stock = new Map(); // sku → physical at MAIN (what the script last set)
  const purchase = new Map();
  const mvOp = (ordersBefore) => {
    const x = r.next();
    if (x < 0.3) {
      // Only orders placed in earlier rounds (their sales order can exist by now), never one the
      // shop cancels, at most one Megaventory status change each.
      const candidates = ordersBefore.filter((o) => !o.cancelled && !o.mvChanged);
      if (candidates.length > 0) {
        const o = r.pick(candidates);
        o.mvChanged = true;
        o.mvStatus = r.pick(MV_STATUSES);
        o.wcStatus = o.mvStatus === 'FullyShipped' ? 'processing' : 'completed';
        return { control: 'sales-order-status', orderRef: o.ref, status: o.mvStatus };
      }
    }
    const sku = r.pick(mvManagedSkus);
    if (x < 0.7) {
      const physical = r.int(0, 60);
      stock.set(sku, physical);
      return { control: 'stock', body: { sku, location: 'MAIN', physical } };
    }
    const price = r.int(100, 5000) / 100;
    purchase.set(sku, price);
    return { control: 'product-edit', body: { sku, changes: { ProductPurchasePrice: price } } };
  };

  const roundsOut = [];
  let wcLeft = wcChanges;
  let mvLeft = mvChanges;
  for (let i = 0; i < rounds; i++) {
    const roundsLeft = rounds - i;
    const wcCount = Math.ceil(wcLeft / roundsLeft);
    const mvCount = Math.ceil(mvLeft / roundsLeft);
    const ordersBefore = [...model.orders.values()];
    const ops = [];
    const cancels = [];
    const kinds = {};
    while (ops.length + cancels.length < wcCount) {
      const kind = wcOp(ops, ordersBefore, cancels);
      if (kind) kinds[kind] = (kinds[kind] || 0) + 1;
    }
    wcLeft -= ops.length + cancels.length;
    const mv = [];
    for (let j = 0; j < mvCount; j++) mv.push(mvOp(ordersBefore));
    mvLeft -= mv.length;
    roundsOut.push({ ops, cancels, mv, kinds });
  }
  return { shopOps, rounds: roundsOut, model, expected: { stock, purchase } };
}
