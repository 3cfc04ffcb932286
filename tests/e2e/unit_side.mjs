// What the tests of the unit's side share: the demo unit's clock set to late morning, its
// staff API with the demo coordinator's token, staff accounts made with `samtal staff add`,
// and bookings made through the parent's API.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

export const unit = 'rinkeby-kista';
export const coordinator_token = 'demo-coordinator';

// "Etc/GMT-9" and the like: the zone where it is now about 10 in the morning. Tests set the
// demo unit's time zone to it so that "today" always has bookable evening times left (minimum
// notice: four hours) whenever they run.
export function late_morning_zone() {
  let offset = 10 - new Date().getUTCHours();
  if (offset < -12) offset += 24;
  if (offset > 14) offset -= 24;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

// A function that makes each [from, to] replacement in the configuration text, failing when a
// `from` is not there.
export function config_edits(edits) {
  return (text) => edits.reduce((changed, [from, to]) => {
    if (!changed.includes(from)) throw new Error(`the demo configuration has no ${JSON.stringify(from)}`);
    return changed.replace(from, to);
  }, text);
}

// The service's API, as JSON: { status, body }.
export async function api(service, method, path, { body, token } = {}) {
  const headers = { Accept: 'application/json' };
  if (body) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const answer = await fetch(`${service.base_url}${path}`, {
    method, headers, body: body ? JSON.stringify(body) : undefined,
  });
  const text = await answer.text();
  return { status: answer.status, body: text ? JSON.parse(text) : null };
}

// `samtal staff add` on the running service's store: the one-time link's secret.
export function add_account(service, ...args) {
  const out = execFileSync(service.binary, ['staff', 'add', ...args, '--config', service.config,
                                            '--data-dir', service.data_dir], { encoding: 'utf8' });
  return out.match(/\/staff\/password\?link=([0-9a-f]{64})/)[1];
}

// Adds an advisor who works every hour of every day, through the staff API.
export async function add_around_the_clock_advisor(service, id, name) {
  const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['00:00-24:00']]));
  const added = await api(service, 'POST', '/api/v1/staff/advisors', {
    token: coordinator_token,
    body: { id, name, site: 'rinkeby', email: `${id}@rinkeby-kista.example`, languages: ['sv', 'en'], hours },
  });
  assert.equal(added.status, 201, JSON.stringify(added.body));
}

// The free phone times of the coming week (of `day` only, when given: "2026-12-08").
export async function free_times(service, language, day) {
  const query = new URLSearchParams({ unit, channel: 'phone', language });
  const answer = await api(service, 'GET', `/api/v1/availability?${query}`);
  assert.equal(answer.status, 200, `${query}: ${JSON.stringify(answer.body)}`);
  return answer.body.times.filter((time) => !day || time.start.startsWith(day));
}

export async function book_phone(service, start, phone, language) {
  const answer = await api(service, 'POST', '/api/v1/bookings', {
    body: { unit, start, channel: 'phone', phone, language, locale: 'sv' },
  });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body;
}

// The unit's conversations of `day`, as the coordinator's API lists them.
export async function conversations_on(service, day) {
  const answer = await api(service, 'GET', `/api/v1/staff/conversations?day=${day}`, { token: coordinator_token });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.conversations;
}

// Presses Tab until `selector` has the focus: it can be reached with the keyboard alone.
export async function tab_to(page, selector) {
  for (let presses = 0; presses < 80; ++presses) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`the keyboard never reaches ${selector}`);
}
