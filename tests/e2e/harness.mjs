// What every browser test starts with: the real samtal binary (the demo configuration, a
// data folder of its own, a free loopback port read from its "listening" line) and Debian's
// Chromium, headless; and the checks and screenshots the test files share.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const root = new URL('../..', import.meta.url).pathname;
const binary = process.env.SAMTAL_BINARY ?? join(root, 'build/test/samtal');
const demo_config = join(root, 'config/samtal.example.toml');
const artefacts = join(root, 'tests/e2e/artefacts');
const axe_source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// The demo configuration, with abuse limits that a suite booking dozens of times from
// 127.0.0.1 does not reach (tests/integration/abuse_limits_test.cpp tests the limits), changed
// further by `edit` (text in, text out) when given.
function config_in(folder, edit = (text) => text) {
  const generous = '[abuse_limits]\nbooking_attempts_per_hour = 100000\nbookings_per_day = 100000\n' +
    'wrong_codes_per_hour = 100000\n\n';
  const text = readFileSync(demo_config, 'utf8').replace(/^\[abuse_limits\][\s\S]*?(?=^\[)/m, generous);
  if (!text.includes('bookings_per_day = 100000')) throw new Error('no [abuse_limits] in the demo configuration');
  const file = join(folder, 'samtal.toml');
  writeFileSync(file, edit(text));
  return file;
}

// A loopback port nobody listens on at the moment, for servers that must know each other's
// address before they start (samtal and its OpenID provider).
export function free_port() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Starts `command` and waits for `ready` (a regular expression) on its standard output; the
// answer's stop() ends it with SIGTERM.
async function start_process(command, args, ready, name) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => { log += chunk; });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${log}`)), 20000);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`${name} exited (${code}):\n${log}`)));
  });
  return {
    log: () => log,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// A real OpenID provider (oidc-provider, tests/fakes/oidc_provider.mjs) on `port` that sends
// people back to `redirect_uri`; it signs in the person the request's login_hint names (or
// "coordinator", anna.coordinator@example.org) without a login form.
export const oidc_client_secret = 'staff-client-secret';
export async function start_oidc_provider(port, redirect_uri) {
  const provider = await start_process(
    'node', [join(root, 'tests/fakes/oidc_provider.mjs'), String(port), redirect_uri, oidc_client_secret],
    /listening on/, 'the OpenID provider');
  return { ...provider, issuer: `http://127.0.0.1:${port}` };
}

// A real mail server (aiosmtpd, tests/fakes/smtp_mailbox.py) that keeps what it receives in a
// maildir; messages() reads them.
export async function start_mail_server() {
  const parent = mkdtempSync(join(tmpdir(), 'samtal-e2e-mail-'));
  const folder = join(parent, 'maildir');  // made by the server, with its cur, new and tmp
  const port = await free_port();
  const server = await start_process(
    '/usr/bin/python3', [join(root, 'tests/fakes/smtp_mailbox.py'), String(port), folder],
    /listening on/, 'the mail server');
  return {
    port,
    messages() {
      const found = [];
      for (const sub of ['new', 'cur']) {
        let names = [];
        try { names = readdirSync(join(folder, sub)); } catch { names = []; }
        for (const name of names) found.push(readFileSync(join(folder, sub, name), 'utf8'));
      }
      return found;
    },
    async stop() {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

function launch_browser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    // The machine has no network: no background connections, no first-run work.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
}

// Started, and stopped with SIGTERM by stop(); on `port` (0: any free one), with the demo
// configuration changed by `edit_config`.
async function start_service({ port = 0, edit_config } = {}) {
  const data_dir = mkdtempSync(join(tmpdir(), 'samtal-e2e-'));
  const config = config_in(data_dir, edit_config);
  const child = spawn(binary, ['serve', '--config', config, '--listen', `127.0.0.1:${port}`, '--data-dir', data_dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (chunk) => { log += chunk; });
  const base_url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`samtal did not start:\n${log}`)), 20000);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening on (http:\/\/[0-9.]+:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`samtal exited (${code}):\n${log}`)));
  });
  return {
    base_url,
    data_dir,
    config,
    binary,
    log: () => log,
    async stop() {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(data_dir, { recursive: true, force: true });
    },
  };
}

// Starts samtal and Chromium before the calling file's tests and stops both after them; the
// answer's `service` (base_url, data_dir, config) and `browser` are there while the tests run.
// `options` (port, edit_config) go to start_service, or come from `options()` when that is a
// function that prepares what samtal needs first.
export function start_service_and_browser(options = {}) {
  const running = {};
  before(async () => {
    running.service = await start_service(typeof options === 'function' ? await options() : options);
    running.browser = await launch_browser();
  });
  after(async () => {
    await running.browser?.close();
    await running.service?.stop();
  });
  return running;
}

// Where a screenshot called `name` is kept for people to look at (tests/e2e/artefacts/).
export function artefact(name) {
  mkdirSync(artefacts, { recursive: true });
  return join(artefacts, name);
}

// The errors the page's own scripts throw from now on.
export function script_errors_of(page) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

// The page's violations of the WCAG 2.1 A and AA rules, by axe-core, each as one line. The
// context needs bypassCSP for axe to be let in.
export async function axe_violations(page) {
  await page.addScriptTag({ content: axe_source });
  const result = await page.evaluate(() => axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  assert.ok(result.passes.length > 10, 'axe checked next to nothing');
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

// Fills in and sends the booking form the way a parent does: one question at a time when the
// page shows it so (JavaScript on a narrow screen), all on one page otherwise. `on_step` is
// called with each step's name while that step is on the screen (with "days" while the time
// step lists the days, and with "review").
export async function book_on_form(page, { channel = 'phone', phone = '070-123 45 67', platform = 'zoom', join_link,
                                           language, interpreter = false, time_index = 0, on_step } = {}) {
  const stepping = (await page.locator('form.booking-form.stepping').count()) > 0;
  const done = async (step) => {
    if (on_step) await on_step(step);
    if (stepping) await page.click(`.step[data-step="${step}"] .step-next`);
  };
  await page.check(`#channel-${channel}`);
  await done('channel');
  if (channel === 'phone') {
    await page.fill('#phone', phone);
  } else {
    await page.check(`#platform-${platform}`);
    await page.fill('#join_link', join_link);
  }
  await done('contact');
  if (language) await page.check(`#language-${language}`);
  if (interpreter) await page.check('#interpreter');
  await done('language');
  // On a phone the days come first as a list, then the chosen day's times.
  if (await page.locator('.day-picker').isVisible()) {
    if (on_step) await on_step('days');
    await page.locator('.day-button').first().click();
  }
  await page.locator('input[name="start"]').nth(time_index).check();
  await done('time');
  await done('about');
  if (on_step) await on_step('review');
  await page.click('form[action="/book"] button[type="submit"]');
}

// Fails when the page is wider than its window (WCAG 1.4.10: no scrolling in two directions).
export async function assert_no_horizontal_scroll(page) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth,
                                                          client: document.documentElement.clientWidth }));
  assert.ok(scroll <= client, `the page scrolls sideways: ${scroll} > ${client}`);
}
