// A parent books, finds, moves and cancels in a real browser (Debian's Chromium, headless),
// without JavaScript on the page, on a phone-sized screen, in Swedish and in Arabic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { assert_no_horizontal_scroll, start_service_and_browser } from './harness.mjs';

const running = start_service_and_browser();

// A phone-sized page in the given language, with JavaScript off: every step must be a form.
async function phone_page(locale) {
  const context = await running.browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false, locale });
  return context.newPage();
}

test('a parent books a phone call in Swedish, finds it with the code, moves and cancels it', async () => {
  const page = await phone_page('sv-SE');
  await page.goto(`${running.service.base_url}/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'sv');
  await assert_no_horizontal_scroll(page);

  await page.locator('input[name="start"]').first().check();
  await page.check('#channel-phone');
  await page.fill('#phone', '070-123 45 67');
  await page.click('form[action="/book"] button[type="submit"]');

  const code = (await page.locator('.booking-code').textContent()).trim();
  assert.match(code, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){6}$/);
  assert.ok(!(await page.content()).includes('123 45 67'), 'the confirmation shows the phone number');
  await assert_no_horizontal_scroll(page);

  // The invitation reached the advisor's calendar (the demo's spool folder).
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.ok(readdirSync(join(running.service.data_dir, 'spool')).some((name) => name.endsWith('.eml')));

  await page.goto(`${running.service.base_url}/booking`);
  await page.fill('input[name="code"]', code.toLowerCase().replaceAll('-', ' '));
  await page.click('form[action="/booking"] button[type="submit"]');
  assert.ok(page.url().endsWith('/booking'), 'the code must never travel in a URL');
  assert.ok(!page.url().includes(code));

  await page.click('form[action="/booking/move"] button[type="submit"]');
  const times = page.locator('input[name="start"]');
  assert.ok(await times.count() > 1);
  await times.nth(1).check();
  await page.click('form[action="/booking/move"] button[type="submit"]');
  assert.equal((await page.locator('h1').count()) > 0, true);

  await page.click('form[action="/booking/cancel"] button[type="submit"]');
  await page.click('form[action="/booking/cancel"] button[type="submit"]');
  await page.goto(`${running.service.base_url}/booking`);
  await page.fill('input[name="code"]', code);
  await page.click('form[action="/booking"] button[type="submit"]');
  assert.equal(await page.locator('.booking-code').count(), 0);
  await page.context().close();
});

test('a parent books a video call with their own Zoom link', async () => {
  const page = await phone_page('en-GB');
  await page.goto(`${running.service.base_url}/?lang=en`);
  await page.locator('input[name="start"]').first().check();
  await page.check('#channel-video');
  await page.check('#platform-zoom');
  await page.fill('#join_link', 'https://us02web.zoom.us/j/81234567890?pwd=e2eTestPwd');
  await page.click('form[action="/book"] button[type="submit"]');
  assert.match((await page.locator('.booking-code').textContent()).trim(), /^[0-9A-Z]{4}(-[0-9A-Z]{4}){6}$/);
  assert.ok(!(await page.content()).includes('e2eTestPwd'), 'the confirmation shows the join link');
  await page.context().close();
});

test('wrong input is shown next to its field and in a summary, and nothing is booked', async () => {
  const page = await phone_page('en-GB');
  await page.goto(`${running.service.base_url}/?lang=en`);
  await page.locator('input[name="start"]').first().check();
  await page.check('#channel-phone');
  await page.fill('#phone', 'call me');
  await page.click('form[action="/book"] button[type="submit"]');
  assert.equal(await page.getAttribute('#phone', 'aria-invalid'), 'true');
  assert.ok(await page.locator('#phone-error').isVisible());
  assert.ok((await page.locator('.error-summary a[href="#phone"], [role="alert"] a[href="#phone"]').count()) > 0);

  // A look-alike host is refused with its reason next to the link field.
  await page.goto(`${running.service.base_url}/?lang=en`);
  await page.locator('input[name="start"]').first().check();
  await page.check('#channel-video');
  await page.check('#platform-zoom');
  await page.fill('#join_link', 'https://zoom.us.example.net/j/81234567890');
  await page.click('form[action="/book"] button[type="submit"]');
  assert.equal(await page.getAttribute('#join_link', 'aria-invalid'), 'true');
  assert.ok((await page.locator('#join_link-error').textContent()).trim().length > 10);
  assert.equal(await page.locator('.booking-code').count(), 0);
  await page.context().close();
});

test('a parent books a phone call with an Arabic interpreter on the Arabic page, laid out right to left', async () => {
  const page = await phone_page('ar');
  await page.goto(`${running.service.base_url}/?lang=ar`);
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  await assert_no_horizontal_scroll(page);
  // Every language in the menu is written in its own name and marked with its own lang.
  assert.equal(await page.locator('a[lang="sv"]').first().textContent().then((t) => t.trim()), 'Svenska');

  await page.locator('input[name="start"]').first().check();
  await page.check('#channel-phone');
  await page.fill('#phone', '+46 70 765 43 21');
  await page.check('#language-ar');
  await page.check('#interpreter');
  await page.click('form[action="/book"] button[type="submit"]');
  assert.match((await page.locator('.booking-code').textContent()).trim(), /^[0-9A-Z]{4}(-[0-9A-Z]{4}){6}$/);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  await assert_no_horizontal_scroll(page);
  await page.context().close();
});

// ----- only our own pages can post (CSRF) -----

test('a form on another site cannot book, even with a fresh token copied from our page', async () => {
  const page = await phone_page('en-GB');
  // Anyone can fetch a page of ours and copy its token and a free time.
  await page.goto(`${running.service.base_url}/?lang=en`);
  const token = await page.getAttribute('form[action="/book"] input[name="form_token"]', 'value');
  const start = await page.getAttribute('input[name="start"]', 'value');
  const fields = { lang: 'en', unit: 'rinkeby-kista', hosting: 'parent', channel: 'phone', phone: '070-123 45 67',
                   start, form_token: token };
  const inputs = Object.entries(fields).map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`).join('');
  await page.route('http://evil.example/**', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>Prize</title><form method="post" action="${running.service.base_url}/book">${inputs}<button>Win a prize</button></form>`,
  }));
  await page.goto('http://evil.example/');
  const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/book')), page.click('button')]);
  assert.equal(answer.status(), 403);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal((await page.locator('h1').textContent()).trim(), 'The form could not be sent');
  assert.equal(await page.locator('.booking-code').count(), 0);
  // Nothing was booked: the same first time is still free.
  await page.goto(`${running.service.base_url}/?lang=en`);
  assert.equal(await page.getAttribute('input[name="start"]', 'value'), start);
  await page.context().close();
});

test('a form whose token was tampered with is refused in the page language and changes nothing', async () => {
  const page = await phone_page('sv-SE');
  await page.goto(`${running.service.base_url}/?lang=so`);
  const start = await page.getAttribute('input[name="start"]', 'value');
  await page.check('#channel-phone');
  await page.fill('#phone', '070-123 45 67');
  await page.locator('input[name="start"]').first().check();
  // JavaScript is off in the page; the test edits the hidden field from outside.
  await page.$eval('form[action="/book"] input[name="form_token"]', (input) => { input.value = `1${input.value}`; });
  await page.click('form[action="/book"] button[type="submit"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'so');
  assert.equal((await page.locator('h1').textContent()).trim(), 'Foomka lama diri karin');
  await page.goto(`${running.service.base_url}/?lang=so`);
  assert.equal(await page.getAttribute('input[name="start"]', 'value'), start);
  await page.context().close();
});
