// After the conversation, as seed 003 describes it: parents book, the advisor marks the
// conversation held, each parent answers the unit's three follow-up questions in Somali on a
// phone without JavaScript, and the manager's statistics page and its CSV show the answers as
// the same counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axe_violations, book_on_form, start_service_and_browser } from './harness.mjs';
import {
  add_account, add_around_the_clock_advisor, api, config_edits, conversations_on, coordinator_token,
  late_morning_zone, unit,
} from './unit_side.mjs';

const running = start_service_and_browser({
  edit_config: config_edits([['time_zone = "Europe/Stockholm"', `time_zone = "${late_morning_zone()}"`]]),
});

// Three parents, so that the counts are large enough to be shown (1 and 2 show as "<3").
const parents = 3;

async function phone_page() {
  const context = await running.browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
  return context.newPage();
}

test('parents answer the follow-up in Somali without JavaScript once the conversation was held', async () => {
  const { service } = running;
  await add_around_the_clock_advisor(service, 'lina', 'Lina');
  const codes = [];
  for (let i = 0; i < parents; ++i) {
    const page = await phone_page();
    await page.goto(`${service.base_url}/?lang=so`);
    await book_on_form(page, { phone: `070-123 45 6${i}` });
    codes.push((await page.locator('.booking-code').textContent()).trim());
    await page.context().close();
  }
  const today = (await api(service, 'GET', '/api/v1/bookings/self', { token: codes[0] })).body.start.slice(0, 10);
  const held = (await conversations_on(service, today)).filter((c) => c.status !== 'cancelled');
  assert.equal(held.length, parents, `the first free times are today (${today})`);

  // Before the conversation has started and before it was marked held, nothing to answer.
  const early = await phone_page();
  await early.goto(`${service.base_url}/booking?lang=so`);
  await early.fill('input[name="code"]', codes[0]);
  await early.click('form[action="/booking"] button[type="submit"]');
  assert.equal(await early.locator('form[action="/booking/feedback"]').count(), 0);
  await early.context().close();

  for (const conversation of held) {
    const marked = await api(service, 'POST', `/api/v1/staff/conversations/${conversation.id}/outcome`,
                             { token: coordinator_token, body: { outcome: 'held' } });
    assert.equal(marked.status, 200, JSON.stringify(marked.body));
  }

  for (const code of codes) {
    const page = await phone_page();
    await page.goto(`${service.base_url}/booking?lang=so`);
    await page.fill('input[name="code"]', code);
    await page.click('form[action="/booking"] button[type="submit"]');
    await page.check('#right_topics-5');
    await page.check('#helpful-4');
    await page.check('#easy_to_reach-dont_know');
    await page.click('form[action="/booking/feedback"] button[type="submit"]');
    assert.equal(await page.locator('form[action="/booking/feedback"]').count(), 0, 'answered once only');
    assert.equal(await page.locator('.panel-success[role="status"]').count(), 1);
    await page.context().close();
  }

  const statistics = await api(service, 'GET', `/api/v1/staff/statistics?from=${today}&to=${today}&by=week`,
                               { token: coordinator_token });
  assert.equal(statistics.status, 200, JSON.stringify(statistics.body));
  const [period] = statistics.body.periods;
  assert.equal(period.held, parents);
  assert.deepEqual(period.feedback.right_topics, { 5: parents });
  assert.deepEqual(period.feedback.helpful, { 4: parents });
  assert.deepEqual(period.feedback.easy_to_reach, { dont_know: parents });

  // The manager's page: the answers in the chart's table, the same numbers in its CSV.
  const link = add_account(service, '--email', 'maja@example.org', '--role', 'manager', '--unit', unit);
  const context = await running.browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${service.base_url}/staff/password?lang=en&link=${link}`);
  await page.fill('#password', 'maja has a long password');
  await page.click('form[action="/staff/password"] button[type="submit"]');
  await page.fill('#email', 'maja@example.org');
  await page.fill('#password', 'maja has a long password');
  await page.click('form[action="/staff/signin"] button[type="submit"]');
  await page.waitForURL((url) => url.pathname === '/staff');
  await page.click('a[href^="/staff/statistics"]');
  await page.fill('#statistics-from', today);
  await page.fill('#statistics-to', today);
  await page.selectOption('#statistics-by', 'week');
  await page.click('form[action="/staff/statistics"] button[type="submit"]');
  const table_of = (chart) => page.locator(`section[aria-labelledby="${chart}-heading"] table`);
  const headers = await table_of('feedback-right_topics').locator('thead th').allTextContents();
  const cells = await table_of('feedback-right_topics').locator('tbody tr td').allTextContents();
  const answered_5 = headers.slice(1).findIndex((label) => label.trim().startsWith('5'));
  assert.ok(answered_5 >= 0, `no column for 5 in ${JSON.stringify(headers)}`);
  assert.equal(cells[answered_5].trim(), String(parents), JSON.stringify({ headers, cells }));
  assert.equal(await page.locator('section[aria-labelledby="feedback-right_topics-heading"] svg[role="img"]').count(), 1);
  assert.deepEqual(await axe_violations(page), []);

  const csv = await context.request.get(await page.locator('a[download]').getAttribute('href', {}).then((href) => `${service.base_url}${href}`));
  assert.equal(csv.status(), 200);
  // RFC 4180: lines end in CRLF.
  const rows = (await csv.text()).trim().split('\r\n').map((line) => line.split(','));
  assert.deepEqual(rows[0], ['period', 'from', 'to', 'dimension', 'value', 'count']);
  const count_of = (dimension, value) => rows.find((row) => row[3] === dimension && row[4] === value)?.[5];
  assert.equal(count_of('feedback.right_topics', '5'), String(parents));
  assert.equal(count_of('feedback.helpful', '4'), String(parents));
  assert.equal(count_of('total', 'held'), String(period.held));
  await context.close();
});
