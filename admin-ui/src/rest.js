// Calls the plugin's REST API (and WooCommerce's) as the logged-in user: cookie + wp_rest nonce.

export class RestError extends Error {
  constructor(message, code, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export class Rest {
  constructor(config) {
    this.root = config.restRoot;
    this.nonce = config.restNonce;
    // WordPress's REST root (…/wp-json/ or …?rest_route=/) for WooCommerce's own routes.
    this.wpRoot = config.restRoot.replace(/megaventory\/v1\/?$/, '');
  }

  url(root, path, query) {
    const base = root + path.replace(/^\//, '');
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query || {})) {
      if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
    }
    const search = params.toString();
    if (!search) return base;
    return base + (base.includes('?') ? '&' : '?') + search;
  }

  // The fetch options of every call: the user's cookie and nonce, JSON in and out.
  init(method, body) {
    const headers = { 'X-WP-Nonce': this.nonce, Accept: 'application/json' };
    const init = { method, headers, credentials: 'same-origin' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return init;
  }

  async request(method, url, body) {
    const init = this.init(method, body);
    let response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      throw new RestError(String(error && error.message ? error.message : error), 'network', 0);
    }
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (error) {
      throw new RestError(`HTTP ${response.status}: the answer is not JSON`, 'invalid_json', response.status);
    }
    if (!response.ok) {
      const message = data && typeof data.message === 'string' ? data.message : `HTTP ${response.status}`;
      throw new RestError(message, data && data.code ? data.code : 'http_error', response.status);
    }
    return { data, total: Number(response.headers.get('X-WP-Total') || 0) };
  }

  /**
   * A POST that outlives the page (fetch keepalive): for `pagehide`, when nothing can be awaited.
   * Its answer is not read.
   */
  sendOnExit(path, body) {
    try {
      fetch(this.url(this.root, path), { ...this.init('POST', body), keepalive: true }).catch(() => {});
    } catch (error) {
      // Nothing to report to: the page is going away.
    }
  }

  async get(path, query) {
    return (await this.request('GET', this.url(this.root, path, query))).data;
  }

  async post(path, body) {
    return (await this.request('POST', this.url(this.root, path), body)).data;
  }

  async put(path, body) {
    return (await this.request('PUT', this.url(this.root, path), body)).data;
  }

  // WooCommerce's REST API (wc/v3), e.g. wc('products', {search}).
  async wc(path, query) {
    return this.request('GET', this.url(this.wpRoot, `wc/v3/${path}`, query));
  }
}
