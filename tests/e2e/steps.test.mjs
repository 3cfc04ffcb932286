// The booking form as a parent on a phone meets it: one question at a time with JavaScript,
// the whole form on one page without it, and all on one page on a wide screen. Each step is
// checked with axe and kept as a screenshot (tests/e2e/artefacts/step-*.png) at phone and
// desktop width, in Swedish, Arabic, Somali and Tigrinya.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { artefact, assert_no_horizontal_scroll, axe_violations, book_on_form, script_errors_of,
         start_service_and_browser } from './harness.mjs';

const code_pattern = /^[0-9A-Z]{4}(-[0-9A-Z]{4}){6}$/;

const running = start_service_and_browser();

// The steps the parent sees, in order, with the number the page gives each.
// The language comes before the time, so that the times can show where an advisor who
// speaks it is free.
const step_order = ['channel', 'contact', 'language', 'time', 'about', 'review'];

for (const lang of ['sv', 'ar', 'so', 'ti']) {
  test(`on a phone in ${lang} the form asks one question at a time, then books`, async () => {
    // The stylesheet and the script load from /static; axe needs the CSP opened for itself.
    const context = await running.browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true });
    const page = await context.newPage();
    const script_errors = script_errors_of(page);
    await page.goto(`${running.service.base_url}/?lang=${lang}`);
    await page.waitForSelector('form.booking-form.stepping');
    const channel = lang === 'so' ? 'video' : 'phone';

    await book_on_form(page, {
      channel,
      join_link: 'https://us02web.zoom.us/j/81234567890?pwd=stepsTest',
      on_step: async (view) => {
        // Exactly this step is on the screen, and it says where the parent is.
        const step = view === 'days' ? 'time' : view;
        const shown = await page.$$eval('.step', (steps) => steps.filter((s) => !s.hidden).map((s) => s.dataset.step));
        assert.deepEqual(shown, [step]);
        const progress = await page.locator(`.step[data-step="${step}"] .step-progress`).textContent();
        assert.ok(progress.includes(String(step_order.indexOf(step) + 1)) && progress.includes('6'), progress);
        if (view === 'days') {
          // The days first, evenings marked, and no times until a day is chosen.
          assert.ok(await page.locator('.day-button').count() > 5);
          assert.ok(await page.locator('.day-button .tag').count() > 0, 'no day is marked as having evening times');
          assert.equal(await page.locator('input[name="start"]:visible').count(), 0);
        }
        if (view === 'time') assert.equal(await page.locator('fieldset.day:visible').count(), 1);
        await assert_no_horizontal_scroll(page);
        const number = step_order.indexOf(step) + 1;
        await page.screenshot({ path: artefact(`step-${number}-${view}-${lang}-phone.png`), fullPage: true });
        if (step === 'review') {
          // The review repeats the answers, each with a way back to change it.
          const review = await page.locator('.review').textContent();
          assert.ok(review.includes(channel === 'phone' ? '070-123 45 67' : 'zoom.us'), review);
          assert.equal(await page.locator('.review button').count() >= 5, true);
        }
        assert.deepEqual(await axe_violations(page), [], `step ${step}`);
      },
    });
    assert.match((await page.locator('.booking-code').textContent()).trim(), code_pattern);
    await assert_no_horizontal_scroll(page);
    await page.screenshot({ path: artefact(`step-7-confirmation-${lang}-phone.png`), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: artefact(`step-7-confirmation-${lang}-desktop.png`), fullPage: true });
    assert.deepEqual(script_errors, []);
    await context.close();
  });

  test(`on a wide screen in ${lang} the whole form is one page`, async () => {
    const context = await running.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${running.service.base_url}/?lang=${lang}`);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('form.booking-form.stepping').count(), 0);
    for (const step of step_order.slice(0, -1))
      assert.ok(await page.locator(`.step[data-step="${step}"]`).isVisible(), step);
    assert.equal(await page.locator('.step-next').first().isVisible(), false);
    assert.equal(await page.locator('.actions .step-back').isVisible(), false);
    await page.screenshot({ path: artefact(`step-all-form-${lang}-desktop.png`), fullPage: true });
    // Choosing phone hides what only video needs, and the other way round.
    await page.check('#channel-phone');
    assert.equal(await page.locator('#join_link').isVisible(), false);
    assert.equal(await page.locator('#phone').isVisible(), true);
    await context.close();
  });
}

test("a phone's back button goes back one question, not away from the form", async () => {
  const context = await running.browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${running.service.base_url}/?lang=en`);
  await page.waitForSelector('form.booking-form.stepping');
  await page.check('#channel-video');
  await page.click('.step[data-step="channel"] .step-next');
  await page.check('#platform-teams');
  await page.fill('#join_link', 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0');
  await page.click('.step[data-step="contact"] .step-next');
  await page.check('#language-ar');
  await page.click('.step[data-step="language"] .step-next');
  await page.locator('.day-button').nth(1).click();
  assert.equal(await page.locator('fieldset.day:visible').count(), 1);
  await page.goBack();
  assert.ok(await page.locator('.day-picker').isVisible(), 'back from a day shows the days again');
  await page.goBack();
  assert.ok(await page.locator('.step[data-step="language"]').isVisible());
  assert.equal(await page.isChecked('#language-ar'), true);
  await page.goBack();
  assert.ok(await page.locator('.step[data-step="contact"]').isVisible());
  assert.equal(await page.inputValue('#join_link'), 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0');
  await page.goForward();
  assert.ok(await page.locator('.step[data-step="language"]').isVisible());
  await page.goForward();
  assert.ok(await page.locator('.step[data-step="time"]').isVisible());
  assert.ok(page.url().startsWith(`${running.service.base_url}/`));
  await context.close();
});

test('on a phone the language chosen first marks the times when an advisor who speaks it is free', async () => {
  const context = await running.browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${running.service.base_url}/?lang=sv`);
  await page.waitForSelector('form.booking-form.stepping');
  await page.check('#channel-phone');
  await page.click('.step[data-step="channel"] .step-next');
  await page.fill('#phone', '070-123 45 67');
  await page.click('.step[data-step="contact"] .step-next');
  assert.ok(await page.locator('.step[data-step="language"]').isVisible());
  await page.check('#language-so');
  await page.click('.step[data-step="language"] .step-next');
  // The time step names the language before a day is chosen, and the chosen day's times say
  // which have an advisor who speaks it.
  assert.ok(await page.locator('.step[data-step="time"]').isVisible());
  assert.ok((await page.locator('#speaker-hint').textContent()).trim().startsWith('Somaliska:'));
  const day = await page.$$eval('fieldset.day', (days) => days.findIndex((d) => d.querySelector('.tag-speaker:not([hidden])')));
  assert.ok(day >= 0, 'no day has a time marked for Somali');
  await page.locator('.day-button').nth(day).click();
  const marks = page.locator('.tag-speaker:visible');
  assert.ok(await marks.count() > 0);
  assert.equal((await marks.first().textContent()).trim(), 'talar ditt språk');
  await context.close();
});

test('an answer the service refuses brings the phone back to the step it belongs to', async () => {
  const context = await running.browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${running.service.base_url}/?lang=en`);
  await page.waitForSelector('form.booking-form.stepping');
  // "Next" without an answer asks for it, next to the question, and goes nowhere.
  await page.click('.step[data-step="channel"] .step-next');
  assert.ok(await page.locator('.step[data-step="channel"]').isVisible());
  assert.ok((await page.locator('#channel-step-error').textContent()).length > 10);
  assert.ok((await page.getAttribute('#channel', 'aria-describedby')).includes('channel-step-error'));

  await book_on_form(page, { phone: 'call me' });
  assert.equal(await page.locator('.booking-code').count(), 0);
  assert.ok(await page.locator('.error-summary').isVisible());
  assert.ok(await page.locator('.step[data-step="contact"]').isVisible());
  assert.equal(await page.getAttribute('#phone', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#phone'), 'call me');
  await page.screenshot({ path: artefact('step-2-contact-error-en-phone.png'), fullPage: true });
  await context.close();
});

test('the same booking works with JavaScript off: the whole form on one page and one POST', async () => {
  const context = await running.browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${running.service.base_url}/?lang=so`);
  assert.equal(await page.locator('form.booking-form.stepping').count(), 0);
  for (const step of step_order.slice(0, -1))
    assert.ok(await page.locator(`.step[data-step="${step}"]`).isVisible(), step);
  assert.equal(await page.locator('.step[data-step="review"]').isVisible(), false);
  // The language before the times, as on a phone.
  assert.deepEqual(await page.$$eval('.step', (steps) => steps.map((step) => step.dataset.step)), step_order);
  await page.screenshot({ path: artefact('step-all-form-so-phone-no-javascript.png'), fullPage: true });
  await book_on_form(page, { channel: 'phone', language: 'so' });
  assert.match((await page.locator('.booking-code').textContent()).trim(), code_pattern);
  await context.close();
});

// WCAG 1.4.10: at 320 CSS pixels (and at 200% zoom of a 1280-pixel window) nothing scrolls
// sideways, not the form, the unit page, the confirmation with its long code, nor the menu.
for (const [name, options] of [['320px', { viewport: { width: 320, height: 640 } }],
                               ['200% zoom', { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 }]]) {
  test(`nothing scrolls sideways at ${name}`, async () => {
    for (const lang of ['sv', 'ar', 'so', 'ti']) {
      for (const javaScriptEnabled of [true, false]) {
        const context = await running.browser.newContext({ ...options, javaScriptEnabled });
        const page = await context.newPage();
        for (const path of [`/?lang=${lang}`, `/unit?lang=${lang}`, `/booking?lang=${lang}`, `/privacy?lang=${lang}`]) {
          await page.goto(`${running.service.base_url}${path}`);
          await assert_no_horizontal_scroll(page);
        }
        await page.goto(`${running.service.base_url}/?lang=${lang}`);
        await book_on_form(page, {});
        await page.waitForSelector('.booking-code');
        await assert_no_horizontal_scroll(page);
        await context.close();
      }
    }
  });
}
