// The only way the UI builds elements. Strings become text nodes (never HTML), so an entity
// name like `<script>…</script>` is shown as text and never runs.

export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') element.className = value;
    else if (name === 'text') element.textContent = String(value);
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'value' || name === 'checked' || name === 'disabled' || name === 'selected' || name === 'max') element[name] = value;
    else if (name === 'href') element.setAttribute('href', safeHref(value));
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function replaceChildren(parent, ...children) {
  parent.textContent = '';
  return append(parent, children);
}

// Links we build point into wp-admin; anything that is not http(s) or relative is dropped.
function safeHref(value) {
  const url = String(value);
  return /^(https?:\/\/|\/|\?|#|[a-z0-9_-]+\.php)/i.test(url) ? url : '#';
}

export function notice(kind, message) {
  return h('div', { className: `notice notice-${kind} inline` }, h('p', {}, message));
}
