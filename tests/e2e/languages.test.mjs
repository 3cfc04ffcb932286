// Language first, as a parent sees it in a real browser: the language list names each
// language in the page language and in its own, and the times say in words where an advisor
// who speaks the chosen language is free (in the demo unit Amina speaks Somali; Karim,
// Arabic). With JavaScript the marks follow the choice at once; without it they are made for
// the language chosen so far (the page language at first). Checked with axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axe_violations, script_errors_of, start_service_and_browser } from './harness.mjs';

const running = start_service_and_browser();

// The visible speaker marks: how many, and the words of the first.
async function visible_marks(page) {
  const marks = page.locator('.tag-speaker:visible');
  const count = await marks.count();
  return { count, words: count ? (await marks.first().textContent()).trim() : '' };
}

test('choosing Somali marks the times when an advisor who speaks Somali is free, in words', async () => {
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  const script_errors = script_errors_of(page);
  await page.goto(`${running.service.base_url}/?lang=sv`);

  // Everyone speaks Swedish, so on the Swedish page nothing is marked yet.
  assert.equal((await visible_marks(page)).count, 0);
  assert.equal(await page.locator('#speaker-hint').isVisible(), false);
  // Dialects only for a language that has them.
  assert.equal(await page.locator('#dialect').isVisible(), false);

  // The language by its Swedish name and by its own, marked as Somali.
  const somali = page.locator('label[for="language-so"]');
  assert.equal((await somali.textContent()).trim(), 'Somaliska – Soomaali');
  assert.equal(await somali.locator('span').getAttribute('lang'), 'so');
  assert.equal(await page.locator('label[for="language-ar"] span').getAttribute('dir'), 'rtl');

  await page.check('#language-so');
  const marked = await visible_marks(page);
  assert.ok(marked.count > 0, 'no time is marked for Somali');
  assert.equal(marked.words, 'talar ditt språk');
  const hint = (await page.locator('#speaker-hint').textContent()).trim();
  assert.ok(hint.startsWith('Somaliska: vid tider märkta'), hint);
  // The words are part of the time's label, so a screen reader reads them with the time.
  const first_marked = page.locator('.time-choice:has(.tag-speaker:visible) label').first();
  assert.match((await first_marked.textContent()).replace(/\s+/g, ' '), /^\d\d:\d\d .*talar ditt språk$/);
  // Somali's dialects, and only those, for the interpreter.
  assert.equal(await page.locator('#dialect').isVisible(), true);
  const dialects = await page.$$eval('#dialect option', (options) =>
    options.filter((o) => !o.parentElement.hidden && !o.parentElement.disabled).map((o) => o.value));
  assert.deepEqual(dialects, ['', 'maxaa', 'maay']);
  assert.deepEqual(await axe_violations(page), []);

  // Arabic marks Karim's times instead; the marks move with the choice.
  const somali_times = await page.$$eval('.time-choice:has(.tag-speaker:not([hidden])) input', (inputs) => inputs.map((i) => i.value));
  await page.check('#language-ar');
  const arabic_times = await page.$$eval('.time-choice:has(.tag-speaker:not([hidden])) input', (inputs) => inputs.map((i) => i.value));
  assert.ok(arabic_times.length > 0);
  assert.notDeepEqual(arabic_times, somali_times);
  assert.ok((await page.locator('#speaker-hint').textContent()).trim().startsWith('Arabiska:'));

  // Booked with a Somali interpreter in Maay, the confirmation says so.
  await page.check('#language-so');
  await page.selectOption('#dialect', 'maay');
  await page.check('#interpreter');
  await page.check('#channel-phone');
  await page.fill('#phone', '070-123 45 67');
  await page.locator('input[name="start"]').first().check();
  await page.click('.actions button[type="submit"]');
  await page.waitForSelector('.booking-code');
  assert.ok((await page.locator('dl.details').textContent()).includes('Maay (sydlig)'));
  assert.deepEqual(script_errors, []);
  await context.close();
});

test('without JavaScript the Somali page marks the Somali speakers\' times', async () => {
  const context = await running.browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${running.service.base_url}/?lang=so`);
  assert.equal(await page.isChecked('#language-so'), true);
  const marked = await visible_marks(page);
  assert.ok(marked.count > 0, 'no time is marked for Somali');
  assert.equal(marked.words, 'wuxuu ku hadlaa luqaddaada');
  assert.ok((await page.locator('#speaker-hint').textContent()).trim().startsWith('Af-Soomaali:'));
  await context.close();
});
