// The live-tail page's view (WebPageIT): the token kept out of the address bar and its history,
// local time with the zone shown and a UTC toggle, the filters (stream, instance, text, regex,
// ignore case, negation) kept in the URL, the "N new lines below" marker and older lines loaded
// on scrolling to the top.
// usage: node page-view.mjs CONFIG_JSON   ({main, app, token, historyLines, zone, shots})
// Words: SCROLLED-UP, OK; command: new-lines-written.
import { awaitStatus, check, command, shoot, visibleTexts, withBrowser } from './browser.mjs';

const cfg = JSON.parse(process.argv[2]);
const MIXED = ['Error: disk full', 'worker ready', 'worker error: timeout', 'GET /health 200',
  'GET /api/items 500'];
const same = (actual, expected, what) => check(
  JSON.stringify([...actual].sort()) === JSON.stringify([...expected].sort()),
  `${what}: shows ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);

async function tokenStaysOutOfTheUrl(page) {
  await page.goto(`${cfg.main}/?app=${cfg.app}#token=${cfg.token}`);
  await page.getByText('GET /api/items 500').waitFor({ timeout: 30000 });
  const href = await page.evaluate(() => location.href);
  check(!href.includes(cfg.token) && !href.includes('#'), 'token left in location.href: ' + href);
  await page.goto(`${cfg.main}/health`);
  await page.goBack();
  check(!page.url().includes(cfg.token), 'token in the history entry: ' + page.url());
  // The same tab reloads with the token it keeps in sessionStorage: entered once.
  await page.getByText('GET /api/items 500').waitFor({ timeout: 30000 });
  await awaitStatus(page, new RegExp(`^live: ${cfg.app}$`));
}

function zoneParts(ms) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: cfg.zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit',
    minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset',
  }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { text: `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
    + `:${parts.second}.${String(ms % 1000).padStart(3, '0')}`,
  offset: parts.timeZoneName.replace('GMT', 'UTC') };
}

async function timesShowTheZoneAndToggleToUtc(page) {
  const row = page.locator('.row', { hasText: 'worker ready' });
  const ms = Number(BigInt(await row.getAttribute('data-ts')) / 1000000n);
  const local = zoneParts(ms), nowOffset = zoneParts(Date.now()).offset;
  check(await row.locator('.ts').textContent() === local.text,
    `local time: ${await row.locator('.ts').textContent()}, expected ${local.text}`);
  const zone = await page.textContent('#zone');
  check(zone === `times in ${cfg.zone} (${nowOffset})`, 'zone shown: ' + zone);
  await shoot(page, cfg.shots, 'time-local-zone');

  await page.check('#utc');
  const utc = new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
  check(await row.locator('.ts').textContent() === utc, 'UTC time: '
    + await row.locator('.ts').textContent() + ', expected ' + utc);
  check(await page.textContent('#zone') === 'times in UTC', 'UTC zone shown');
  check(new URL(page.url()).searchParams.get('utc') === '1', 'UTC not kept: ' + page.url());
  await shoot(page, cfg.shots, 'time-utc');
  await page.uncheck('#utc');
  check(await row.locator('.ts').textContent() === local.text, 'local time after the toggle');
}

async function filtersNarrowAndStayInTheUrl(page) {
  const mixed = async () => (await visibleTexts(page)).filter((t) => MIXED.includes(t));
  await page.selectOption('#stream', 'ERR');
  same(await visibleTexts(page), ['Error: disk full', 'worker error: timeout'], 'stream ERR');
  await page.selectOption('#stream', '');
  await page.fill('#instance', '1');
  same(await visibleTexts(page), ['worker ready', 'worker error: timeout', 'GET /health 200'],
    'instance 1');
  await page.fill('#instance', '');
  await page.fill('#filter', 'error');
  same(await visibleTexts(page), ['worker error: timeout'], 'text "error", case-sensitive');
  await page.check('#icase');
  same(await visibleTexts(page), ['Error: disk full', 'worker error: timeout'], 'ignore case');
  await page.uncheck('#icase');
  await page.check('#regex');
  await page.fill('#filter', '^GET /\\S+ 5\\d\\d$');
  same(await visibleTexts(page), ['GET /api/items 500'], 'regex');
  await page.fill('#filter', '(');
  check(await page.locator('#filter.invalid').count() === 1, 'a bad regex is not marked');
  check((await page.textContent('#filterError')).startsWith('bad regex: '), 'no regex error');
  same(await mixed(), MIXED, 'a bad regex hides lines');
  await page.fill('#filter', 'history line \\d+');
  await page.check('#negate');
  same(await visibleTexts(page), MIXED, 'negated regex');
  await page.uncheck('#regex');
  await page.fill('#filter', 'health');
  await page.selectOption('#stream', 'OUT');
  await page.fill('#instance', '1');
  same(await visibleTexts(page), ['worker ready'], 'OUT, instance 1, not "health"');

  const params = new URL(page.url()).searchParams;
  check(params.get('stream') === 'OUT' && params.get('instance') === '1'
    && params.get('filter') === 'health' && params.get('negate') === '1'
    && params.get('app') === cfg.app && !page.url().includes(cfg.token),
  'filters not kept in the URL: ' + page.url());
  await page.reload();
  await page.getByText('worker ready').waitFor({ timeout: 30000 });
  check(await page.inputValue('#filter') === 'health' && await page.isChecked('#negate')
    && await page.inputValue('#stream') === 'OUT' && await page.inputValue('#instance') === '1',
  'filters not restored from the URL');
  same(await visibleTexts(page), ['worker ready'], 'filters after a reload');
  await shoot(page, cfg.shots, 'filters');
  await page.goto(`${cfg.main}/?app=${cfg.app}`);
  await page.getByText('GET /api/items 500').waitFor({ timeout: 30000 });
}

async function markerCountsNewLinesBelow(page) {
  await page.evaluate(() => window.scrollTo(0, 300));
  console.log('SCROLLED-UP');
  await command('new-lines-written');
  await page.getByText('↓ 3 new lines below').waitFor({ timeout: 30000 });
  check(await page.evaluate(() => window.scrollY) === 300, 'the page scrolled by itself');
  await shoot(page, cfg.shots, 'new-lines-marker');
  await page.click('#below');
  await page.locator('#below').waitFor({ state: 'hidden', timeout: 5000 });
  const box = await page.locator('.row', { hasText: 'new line 3' }).boundingBox();
  check(box && box.y + box.height <= 600, 'not at the newest line after the click');
}

async function olderLinesLoadAtTheTop(page) {
  await page.mouse.move(600, 300);
  for (let i = 0; i < 10 && !(await page.textContent('#older')).includes('start'); i++) {
    const rows = await page.locator('.row').count();
    await page.mouse.wheel(0, -1000000);
    await page.waitForFunction((before) => {
      const older = document.getElementById('older').textContent;
      return !older.includes('loading') && (older.includes('start')
        || document.querySelectorAll('.row').length > before);
    }, rows, { timeout: 30000 });
  }
  const older = await page.textContent('#older');
  check(older === '— start of the app\'s history —', 'older lines: ' + older);
  const history = (await visibleTexts(page)).filter((t) => t.startsWith('history line '));
  const expected = Array.from({ length: cfg.historyLines },
    (_, i) => `history line ${String(i).padStart(3, '0')}`);
  check(JSON.stringify(history) === JSON.stringify(expected),
    `history shows ${history.length} lines: ${history.slice(0, 3)} … ${history.slice(-3)}`);
  const first = page.locator('.row').first();
  check(await first.locator('.src').textContent() === '[App/0]', 'older line source');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, cfg.shots, 'older-lines');
}

await withBrowser(async (browser) => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 600 },
    timezoneId: cfg.zone });
  const page = await context.newPage();
  await tokenStaysOutOfTheUrl(page);
  await timesShowTheZoneAndToggleToUtc(page);
  await filtersNarrowAndStayInTheUrl(page);
  await markerCountsNewLinesBelow(page);
  await olderLinesLoadAtTheTop(page);
});
