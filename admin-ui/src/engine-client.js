// The page's side of the worker protocol: promises for calls, callbacks for progress.

export function engineOptionsFrom(config) {
  const wpRestRoot = config.restRoot.replace(/megaventory\/v1\/?$/, '');
  return {
    assetsUrl: config.assetsUrl,
    siteUrl: config.siteUrl || wpRestRoot.replace(/(\/wp-json\/?|\/?(index\.php)?\?rest_route=\/?)$/, ''),
    wpRestRoot,
    nonce: config.restNonce,
    concurrency: config.concurrency || 4,
    leaseToken: config.leaseToken,
  };
}

export class EngineClient {
  constructor(config) {
    this.worker = new Worker(new URL('engine-worker.js', config.assetsUrl).href, { type: 'module', name: 'mvsync-engine' });
    this.nextId = 1;
    this.pending = new Map();
    this.worker.onmessage = (event) => this.receive(event.data || {});
    this.worker.onerror = (event) => {
      const error = Object.assign(new Error(event.message || 'the engine worker failed to load'), { code: 'worker_error' });
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    this.ready = this.send({ type: 'init', options: engineOptionsFrom(config) });
  }

  receive(message) {
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    if (message.type === 'progress') {
      if (waiting.onProgress) waiting.onProgress(message.event);
    } else if (message.type === 'result') {
      this.pending.delete(message.id);
      waiting.resolve(message.value);
    } else if (message.type === 'error') {
      this.pending.delete(message.id);
      const error = new Error(message.error.message);
      error.code = message.error.code;
      error.entity = message.error.entity;
      waiting.reject(error);
    }
  }

  send(message, onProgress) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ ...message, id });
    });
  }

  async call(method, args, onProgress) {
    await this.ready;
    return this.send({ type: 'call', method, args: args || [] }, onProgress);
  }

  control(action, job) {
    this.worker.postMessage({ type: 'control', action, job });
  }

  refreshNonce(nonce) {
    this.worker.postMessage({ type: 'nonce', nonce });
  }
}
