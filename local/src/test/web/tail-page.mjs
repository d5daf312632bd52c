// Drives the gateway's live-tail page in Debian's headless Chromium, step by step with the Java
// test (PipelineIT): it prints READY once the recent lines show, waits for the live lines the
// test writes next, checks colouring, the filter box and pause/resume, and keeps a screenshot.
// usage: node tail-page.mjs PAGE_URL SCREENSHOT_PATH   (commands on stdin: "live-written")
import { command, fail, withBrowser } from './browser.mjs';

const [pageUrl, screenshot] = process.argv.slice(2);

await withBrowser(async (browser) => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 600 } });
  await page.goto(pageUrl);
  await page.getByText('recent line 4').waitFor({ timeout: 30000 });
  console.log('READY');

  await command('live-written');
  await page.getByText('live line 1').waitFor({ timeout: 30000 });
  await page.getByText('live error 1').waitFor({ timeout: 30000 });
  const errClass = await page.locator('.row', { hasText: 'live error 1' }).getAttribute('class');
  if (!errClass.includes('err')) fail('ERR line is not coloured as an error: ' + errClass);

  await page.fill('#filter', 'error');
  const visible = await page.locator('.row:not(.hidden)').allTextContents();
  if (visible.length !== 1 || !visible[0].includes('live error 1')) {
    fail('filter "error" shows ' + JSON.stringify(visible));
  }
  await page.fill('#filter', '');

  await page.click('#pause');
  console.log('PAUSED');
  await command('held-written');
  await page.getByText(/paused — [1-9]\d* new lines held/).waitFor({ timeout: 30000 });
  if (await page.getByText('held line 1').count() !== 0) fail('a held line showed while paused');
  await page.click('#pause');
  await page.getByText('held line 1').waitFor({ timeout: 10000 });

  await page.screenshot({ path: screenshot, fullPage: true });
});
