// Automated accessibility checks (axe-core, WCAG 2.1 A and AA rules) on every parent page in
// Swedish, Arabic and Somali, at phone width (so the booking form goes one step at a time;
// steps.test.mjs checks each step); any violation fails. Screenshots of each page
// at phone and desktop width are kept in tests/e2e/artefacts/ for people to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { artefact, axe_violations, book_on_form, start_service_and_browser } from './harness.mjs';

const running = start_service_and_browser();

// Books a phone call on the form and answers the code from the confirmation page.
async function book(page, lang) {
  await page.goto(`${running.service.base_url}/?lang=${lang}`);
  await book_on_form(page);
  return (await page.locator('.booking-code').textContent()).trim();
}

async function open_booking(page, lang, code) {
  await page.goto(`${running.service.base_url}/booking?lang=${lang}`);
  await page.fill('input[name="code"]', code);
  await page.click('form[action="/booking"] button[type="submit"]');
}

// The pages a parent meets, each reached the way a parent reaches it.
const journeys = {
  form: async (page, lang) => page.goto(`${running.service.base_url}/?lang=${lang}`),
  form_with_errors: async (page, lang) => {
    await page.goto(`${running.service.base_url}/?lang=${lang}`);
    await book_on_form(page, { phone: 'x' });
  },
  unit: async (page, lang) => page.goto(`${running.service.base_url}/unit?lang=${lang}`),
  // A post whose token was tampered with: the calm page that says nothing was done.
  refused: async (page, lang) => {
    await page.goto(`${running.service.base_url}/booking?lang=${lang}`);
    await page.fill('input[name="code"]', 'nothing');
    await page.evaluate(() => { document.querySelector('input[name="form_token"]').value = '1.forged'; });
    await page.click('form[action="/booking"] button[type="submit"]');
  },
  confirmation: async (page, lang) => { await book(page, lang); },
  booking: async (page, lang) => { await open_booking(page, lang, await book(page, lang)); },
  move: async (page, lang) => {
    await open_booking(page, lang, await book(page, lang));
    await page.click('form[action="/booking/move"] button[type="submit"]');
  },
  cancel_question: async (page, lang) => {
    await open_booking(page, lang, await book(page, lang));
    await page.click('form[action="/booking/cancel"] button[type="submit"]');
  },
  cancelled: async (page, lang) => {
    await open_booking(page, lang, await book(page, lang));
    await page.click('form[action="/booking/cancel"] button[type="submit"]');
    await page.click('form[action="/booking/cancel"] button[type="submit"]');
  },
  find: async (page, lang) => page.goto(`${running.service.base_url}/booking?lang=${lang}`),
  not_found: async (page, lang) => {
    await page.goto(`${running.service.base_url}/booking?lang=${lang}`);
    await page.fill('input[name="code"]', 'nothing');
    await page.click('form[action="/booking"] button[type="submit"]');
  },
  privacy: async (page, lang) => page.goto(`${running.service.base_url}/privacy?lang=${lang}`),
  accessibility: async (page, lang) => page.goto(`${running.service.base_url}/accessibility?lang=${lang}`),
  unknown_path: async (page, lang) => page.goto(`${running.service.base_url}/no/such/page?lang=${lang}`),
};

for (const lang of ['sv', 'ar', 'so']) {
  for (const [name, reach] of Object.entries(journeys)) {
    test(`${name} in ${lang} has no accessibility violations`, async () => {
      // JavaScript runs only for axe itself: the pages have none, and the CSP is bypassed
      // only to let the checker in.
      const context = await running.browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true });
      const page = await context.newPage();
      await reach(page, lang);
      await page.screenshot({ path: artefact(`${name}-${lang}-phone.png`), fullPage: true });
      assert.deepEqual(await axe_violations(page), []);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: artefact(`${name}-${lang}-desktop.png`), fullPage: true });
      await context.close();
    });
  }
}

test('the whole booking can be done with the keyboard alone', async () => {
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${running.service.base_url}/?lang=sv`);
  // Tab to the phone channel and choose it with the space bar, then the number, the first
  // time, and the submit button: focus must reach each of them.
  const focus_on = async (selector) => {
    for (let i = 0; i < 400; ++i) {
      if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
      await page.keyboard.press('Tab');
    }
    assert.fail(`the keyboard never reaches ${selector}`);
  };
  await focus_on('#channel-phone');
  await page.keyboard.press('Space');
  await focus_on('#phone');
  await page.keyboard.type('070-123 45 67');
  await focus_on('input[name="start"]');
  await page.keyboard.press('Space');
  await focus_on('form[action="/book"] button[type="submit"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.booking-code');
  await context.close();
});

test('on a phone, the one-question-at-a-time form can be done with the keyboard alone', async () => {
  const context = await running.browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${running.service.base_url}/?lang=ar`);
  await page.waitForSelector('form.booking-form.stepping');
  const focus_on = async (selector) => {
    for (let i = 0; i < 200; ++i) {
      if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
      await page.keyboard.press('Tab');
    }
    assert.fail(`the keyboard never reaches ${selector}`);
  };
  await focus_on('#channel-phone');
  await page.keyboard.press('Space');
  await focus_on('.step[data-step="channel"] .step-next');
  await page.keyboard.press('Enter');
  // The next step's heading takes the focus, so a screen reader says where the parent is.
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H3');
  await focus_on('#phone');
  await page.keyboard.type('070-123 45 67');
  // Enter in the number goes on to the next question rather than sending a half-filled form.
  await page.keyboard.press('Enter');
  // The language (the page's, Arabic, until the parent picks another), then the time.
  assert.ok(await page.locator('.step[data-step="language"]').isVisible());
  assert.equal(await page.isChecked('#language-ar'), true);
  await focus_on('.step[data-step="language"] .step-next');
  await page.keyboard.press('Enter');
  assert.ok(await page.locator('.step[data-step="time"]').isVisible());
  // The days first: choosing one moves the focus to its first time.
  await focus_on('.day-button');
  await page.keyboard.press('Enter');
  assert.ok(await page.evaluate(() => document.activeElement.matches('input[name="start"]')));
  await page.keyboard.press('Space');
  for (const step of ['time', 'about']) {
    await focus_on(`.step[data-step="${step}"] .step-next`);
    await page.keyboard.press('Enter');
  }
  await focus_on('form[action="/book"] button[type="submit"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.booking-code');
  await context.close();
});
