// The unit's side in a browser: a coordinator signs in through a real OpenID provider
// (oidc-provider) and reports an advisor absent, and the conversations are handed over with
// invitations through a real mail server (aiosmtpd); an advisor with a local account sets a
// password, signs in on a phone-sized screen with the keyboard and without JavaScript, and marks
// their conversation held. axe checks every staff page in Swedish and English.
//
// The demo unit's clock reads late morning whenever the suite runs (unit_side.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assert_no_horizontal_scroll, axe_violations, free_port, oidc_client_secret, start_mail_server,
  start_oidc_provider, start_service_and_browser,
} from './harness.mjs';
import {
  add_account, add_around_the_clock_advisor, book_phone, config_edits, conversations_on, free_times,
  late_morning_zone, tab_to, unit,
} from './unit_side.mjs';

const zone = late_morning_zone();
const outside = {};

const running = start_service_and_browser(async () => {
  const port = await free_port();
  outside.mail = await start_mail_server();
  outside.provider = await start_oidc_provider(await free_port(),
                                               `http://127.0.0.1:${port}/staff/signin/callback`);
  process.env.SAMTAL_E2E_OIDC_SECRET = oidc_client_secret;
  const signin = `[signin.oidc]\nissuer = "${outside.provider.issuer}"\nclient_id = "samtal-staff"\n` +
    'client_secret_env = "SAMTAL_E2E_OIDC_SECRET"\n' +
    `redirect_uri = "http://127.0.0.1:${port}/staff/signin/callback"\nprovider_name = "Testkommun"\n\n`;
  const smtp = `  delivery = "smtp"\n  [units.invitations.smtp]\n  url = "smtp://127.0.0.1:${outside.mail.port}"\n` +
    '  tls = "none"\n  timeout_ms = 2000\n';
  const edits = [
    ['time_zone = "Europe/Stockholm"', `time_zone = "${zone}"`],
    ['allow_private_hosts = []', 'allow_private_hosts = ["127.0.0.1"]'],
    ['  delivery = "spool"\n  spool_folder = "spool"\n', smtp],
    ['[[units]]\n', `${signin}[[units]]\n`],
  ];
  return { port, edit_config: config_edits(edits) };
});

test.after(async () => {
  await outside.provider?.stop();
  await outside.mail?.stop();
});

// Waits until `check` holds (polling), or fails with `what`.
async function eventually(check, what, timeout_ms = 20000) {
  const until = Date.now() + timeout_ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) {
      assert.fail(`never happened: ${what}; the mail server holds ${JSON.stringify(invitations())}\n${running.service.log().slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// The invitations the mail server holds: each one's method and recipient.
function invitations() {
  return outside.mail.messages().map((text) => ({
    method: (text.match(/text\/calendar; method=(\w+)/) || [])[1],
    to: ((text.match(/^To: (.*)$/m) || [])[1]?.match(/[^<>\s"]+@[^<>\s"]+/) || [])[0],
  }));
}

async function sign_in_through_provider(page, lang) {
  await page.goto(`${running.service.base_url}/staff/signin?lang=${lang}`);
  await page.click('a[href^="/staff/signin/oidc"]');
  await page.waitForURL((url) => url.pathname === '/staff');
}

test('a coordinator signs in through the provider, reports an absence, and both conversations are handed over', async () => {
  add_account(running.service, '--email', 'anna.coordinator@example.org', '--role', 'coordinator', '--unit', unit);

  // Two Somali conversations on one day: only Amina speaks Somali, so both are hers.
  const speaker_times = (await free_times(running.service, 'so')).filter((time) => time.speaks_language);
  const tomorrow = speaker_times.find((time) => time.start.slice(0, 10) > speaker_times[0].start.slice(0, 10)) ?? speaker_times[0];
  const by_day = new Map();
  for (const time of speaker_times.filter((t) => t.start.slice(0, 10) >= tomorrow.start.slice(0, 10))) {
    const day = time.start.slice(0, 10);
    by_day.set(day, [...(by_day.get(day) ?? []), time.start]);
  }
  const [day, starts] = [...by_day].find(([, list]) => list.length >= 2);
  await book_phone(running.service, starts[0], '070-444 55 66', 'so');
  const second = (await free_times(running.service, 'so', day)).find((time) => time.speaks_language);
  assert.ok(second, `no second time with Amina on ${day}`);
  await book_phone(running.service, second.start, '070-444 55 67', 'so');
  const before = await conversations_on(running.service, day);
  assert.deepEqual(before.map((c) => c.advisor), ['advisor-amina', 'advisor-amina']);
  await eventually(() => invitations().filter((m) => m.method === 'REQUEST' && m.to === 'amina@rinkeby-kista.example').length === 2,
                   'Amina gets both invitations');

  const context = await running.browser.newContext();
  const page = await context.newPage();
  await sign_in_through_provider(page, 'en');
  assert.match(await page.locator('h1').textContent(), /conversations/i);
  assert.match(await page.locator('body').textContent(), /anna\.coordinator@example\.org/);

  await page.selectOption('#absent-advisor', 'advisor-amina');
  await page.fill('#absent-from', day);
  await page.fill('#absent-to', day);
  await page.click('form[action="/staff/absence"] button[type="submit"]');
  // The preview on Amina's schedule: both conversations and whom each would go to, nothing
  // saved yet.
  await page.waitForURL(/\/staff\/advisors\/advisor-amina\?.*absence_from=/);
  assert.equal(await page.locator('#preview-heading + p + ul li').count(), 2);
  assert.deepEqual((await conversations_on(running.service, day)).map((c) => c.advisor),
                   ['advisor-amina', 'advisor-amina']);
  await page.click('form[action="/staff/advisors/advisor-amina/absences"] input[name="step"][value="save"] ~ .actions button');
  await page.waitForURL(/done=absence/);
  assert.match(await page.locator('.notice').textContent(), /2/);

  const after = await conversations_on(running.service, day);
  assert.equal(after.length, 2);
  for (const conversation of after) assert.notEqual(conversation.advisor, 'advisor-amina');
  await eventually(() => {
    const sent = invitations();
    return sent.filter((m) => m.method === 'CANCEL' && m.to === 'amina@rinkeby-kista.example').length === 2 &&
      sent.filter((m) => m.method === 'REQUEST' && m.to !== 'amina@rinkeby-kista.example').length === 2;
  }, 'Amina gets two cancellations and the new advisors two invitations');
  // The parent's form no longer offers a Somali speaker that day.
  assert.deepEqual((await free_times(running.service, 'so', day)).filter((time) => time.speaks_language), []);
  await context.close();
});

test('an advisor with a local account signs in on a phone with the keyboard, without JavaScript, and marks a conversation held', async () => {
  // Lina works around the clock, so that today has times only she can take.
  await add_around_the_clock_advisor(running.service, 'lina', 'Lina');
  const link = add_account(running.service, '--email', 'lina@rinkeby-kista.example', '--role', 'advisor', '--unit', unit, '--advisor', 'lina');

  // Her conversation this evening (nobody else works after 20:00), and a colleague's: a
  // Somali one, which goes to Amina.
  const times = await free_times(running.service, 'sv');
  const today = times[0].start.slice(0, 10);
  const evening = times.find((time) => time.start.slice(0, 10) === today && time.start.slice(11, 13) >= '20');
  assert.ok(evening, `no evening time left today (${today}) in ${zone}`);
  await book_phone(running.service, evening.start, '070-111 22 33', 'sv');
  const colleague = (await free_times(running.service, 'so')).find((time) => time.speaks_language);
  await book_phone(running.service, colleague.start, '070-999 88 77', 'so');

  const context = await running.browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${running.service.base_url}/staff/password?lang=en&link=${link}`);
  await tab_to(page, '#password');
  await page.keyboard.type('lina has a long password');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/staff\/signin/);

  await tab_to(page, '#email');
  await page.keyboard.type('lina@rinkeby-kista.example');
  await tab_to(page, '#password');
  await page.keyboard.type('lina has a long password');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === '/staff');
  await assert_no_horizontal_scroll(page);

  const digits = async () => (await page.locator('main').textContent()).replace(/\D/g, '');
  assert.ok((await digits()).includes('701112233'), 'her own parent\'s number is shown');
  assert.ok(!(await digits()).includes('709998877'), 'a colleague\'s parent\'s number is not');

  await tab_to(page, 'form[action="/staff/outcome"] button[value="held"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/done=outcome/);
  const listed = await conversations_on(running.service, today);
  assert.equal(listed.find((c) => c.advisor === 'lina').outcome, 'held');
  await context.close();
});

test('the delivery problems page has no axe violations and fits a phone', async () => {
  const link = add_account(running.service, '--email', 'max@rinkeby-kista.example', '--role', 'manager', '--unit', unit);
  const context = await running.browser.newContext({ bypassCSP: true, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${running.service.base_url}/staff/password?lang=en&link=${link}`);
  await page.fill('#password', 'max has a long password');
  await page.click('form[action="/staff/password"] button[type="submit"]');
  await page.waitForURL(/\/staff\/signin/);
  await page.fill('#email', 'max@rinkeby-kista.example');
  await page.fill('#password', 'max has a long password');
  await page.click('form[action="/staff/signin"] button[type="submit"]');
  await page.waitForURL((url) => url.pathname === '/staff');
  for (const lang of ['sv', 'en']) {
    for (const path of ['/staff/problems', '/staff/advisors', '/staff/advisors/advisor-amina', '/staff/guide']) {
      await page.goto(`${running.service.base_url}${path}?lang=${lang}`);
      assert.deepEqual(await axe_violations(page), [], `${path} in ${lang}`);
      await assert_no_horizontal_scroll(page);
    }
  }
  await context.close();
});

test('every staff page has no axe violations in Swedish and English', async () => {
  for (const lang of ['sv', 'en']) {
    const context = await running.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${running.service.base_url}/staff/signin?lang=${lang}`);
    assert.deepEqual(await axe_violations(page), [], `/staff/signin in ${lang}`);
    await sign_in_through_provider(page, lang);
    const conversation = (await conversations_on(running.service, (await free_times(running.service, 'sv'))[0].start.slice(0, 10)))[0];
    const pages = ['/staff', '/staff/advisors', '/staff/advisors/advisor-amina', '/staff/interpreters', '/staff/audit',
                   '/staff/guide'];
    if (conversation) pages.push(`/staff/handover/${conversation.id}`);
    for (const path of pages) {
      await page.goto(`${running.service.base_url}${path}?lang=${lang}`);
      assert.deepEqual(await axe_violations(page), [], `${path} in ${lang}`);
    }
    // A schedule with an error at its field, and an absence's preview.
    await page.goto(`${running.service.base_url}/staff/advisors/advisor-amina?lang=${lang}`);
    await page.fill('#hours-mon', '9 to 5');
    await page.click('form[action="/staff/advisors/advisor-amina"] button[type="submit"]');
    assert.deepEqual(await axe_violations(page), [], `a schedule with an error in ${lang}`);
    await page.goto(`${running.service.base_url}/staff/advisors/advisor-amina?lang=${lang}&absence_from=2027-03-01&absence_to=2027-03-02`);
    assert.deepEqual(await axe_violations(page), [], `an absence's preview in ${lang}`);
    await context.close();
  }
});
