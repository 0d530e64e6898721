// The worker's argument parsing, configuration precedence and exit codes (no site needed).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { engineOptions, exitCodeFor, parseArgs, resolveSettings } from '../../worker/megaventory-worker.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mvsync-worker-config-'));
const write = (name, text) => { const file = path.join(tmp, name); fs.writeFileSync(file, text); return file; };

test('flags beat the environment, which beats the config file', () => {
  const config = write('config.json', JSON.stringify({
    siteUrl: 'https://file.example', user: 'file-user', appPassword: 'file pass', pollIntervalSeconds: 30, concurrency: 2,
  }));
  const { flags } = parseArgs(['run', '--config', config, '--site-url', 'https://flag.example']);
  const settings = resolveSettings(flags, { MVSYNC_SITE_URL: 'https://env.example', MVSYNC_USER: 'env-user' });
  assert.equal(settings.siteUrl, 'https://flag.example');
  assert.equal(settings.user, 'env-user');
  assert.equal(settings.appPassword, 'file pass');
  assert.equal(settings.pollInterval, 30);
  assert.equal(settings.concurrency, 2);
});

test('secrets come from files when asked, and empty variables count as unset', () => {
  const password = write('password', 'from file\nsecond line ignored\n');
  const { flags } = parseArgs(['status', `--app-password-file=${password}`]);
  const settings = resolveSettings(flags, { MVSYNC_APP_PASSWORD: 'from env', MVSYNC_USER: '' });
  assert.equal(settings.appPassword, 'from file');
  assert.equal(settings.user, undefined);
  assert.throws(() => resolveSettings(parseArgs(['status', '--app-password-file', path.join(tmp, 'missing')]).flags, {}),
    (e) => e.code === 'config.invalid' && /cannot read the application password/.test(e.message));
});

test('the Megaventory mode follows the key unless relay is asked for', () => {
  const base = { siteUrl: 'https://s.example', user: 'u', appPassword: 'p' };
  assert.deepEqual(engineOptions(base).megaventory, { mode: 'relay' });
  const direct = engineOptions({ ...base, apiKey: 'abcdefgh@m1' }).megaventory;
  assert.equal(direct.mode, 'direct');
  assert.equal(direct.baseUrl, 'https://api.megaventory.com/v2017a/');
  assert.deepEqual(engineOptions({ ...base, apiKey: 'abcdefgh@m1', megaventoryMode: 'relay' }).megaventory, { mode: 'relay' });
  assert.throws(() => engineOptions({ siteUrl: 'https://s.example' }), (e) => e.code === 'config.invalid' && /MVSYNC_USER/.test(e.message));
  assert.throws(() => engineOptions({ ...base, megaventoryMode: 'carrier-pigeon' }), /direct or relay/);
});

test('bad numbers and bad config files are configuration errors', () => {
  assert.throws(() => resolveSettings({ 'poll-interval': 'soon' }, {}), (e) => e.code === 'config.invalid');
  const bad = write('bad.json', '[1, 2]');
  assert.throws(() => resolveSettings({ config: bad }, {}), (e) => e.code === 'config.invalid' && /JSON object/.test(e.message));
  assert.throws(() => parseArgs(['run', '--site-url']), /needs a value/);
});

test('exit codes follow the error code', () => {
  assert.equal(exitCodeFor({ code: 'job.cancelled' }), 0);
  assert.equal(exitCodeFor({ code: 'woocommerce.unavailable' }), 1);
  assert.equal(exitCodeFor({ code: 'preview.bad_input' }), 2);
  assert.equal(exitCodeFor({ code: 'config.invalid' }), 3);
  assert.equal(exitCodeFor({ code: 'woocommerce.forbidden' }), 3);
  assert.equal(exitCodeFor({ code: 'account.invalid_key' }), 3);
  assert.equal(exitCodeFor({ code: 'account.currency_mismatch' }), 4);
  assert.equal(exitCodeFor({ code: 'megaventory.unavailable' }), 4);
  assert.equal(exitCodeFor(new Error('boom')), 1);
});
