// The live-tail page's refusals and waits, each with its own message (WebPageIT): a forged and
// an expired token (401, told apart by the token's exp claim), another app's token (403), an app
// with no lines yet, and a gateway that stops and comes back. Refusals are not retried; only an
// unreachable gateway is.
// usage: node page-errors.mjs CONFIG_JSON   ({main, second, app, emptyApp, tokens, shots})
// Words: EMPTY-SHOWN, LIVE, DOWN-SHOWN, OK; commands: first-line-written, gateway-stopped,
// gateway-restarted.
import { awaitStatus, check, command, shoot, withBrowser } from './browser.mjs';

const cfg = JSON.parse(process.argv[2]);
const NO_RETRY_WINDOW_MS = 3500; // past the first three retries (0.5 + 1 + 2 s) had there been any

/** Opens {@code url}, waits for {@code pattern} in the status and checks that nothing retries. */
async function refusal(context, url, token, pattern, name) {
  const page = await context.newPage();
  const attempts = { probes: 0, sockets: 0 };
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/recent') attempts.probes++; });
  page.on('websocket', () => attempts.sockets++);
  await page.goto(url);
  await awaitStatus(page, pattern);
  check(!page.url().includes(token), `${name}: the token stayed in the URL: ${page.url()}`);
  await page.waitForTimeout(NO_RETRY_WINDOW_MS);
  check(attempts.probes === 1 && attempts.sockets === 0,
    `${name}: retried a refusal: ${JSON.stringify(attempts)}`);
  await awaitStatus(page, pattern, 1000);
  await shoot(page, cfg.shots, name);
  const status = await page.textContent('#status');
  await page.close();
  return status;
}

await withBrowser(async (browser) => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 400 } });
  const { forged, expired, foreign, good } = cfg.tokens;
  const page = (base, app) => `${base}/?app=${encodeURIComponent(app)}`;
  const messages = new Set();

  messages.add(await refusal(context, `${page(cfg.main, cfg.app)}#token=${forged}`, forged,
    /^token refused \(401\): it is not valid here; enter a new token$/, 'error-401-forged-token'));
  messages.add(await refusal(context, `${page(cfg.main, cfg.app)}&token=${expired}`, expired,
    /^token refused \(401\): it expired at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}; enter/,
    'error-401-expired-token'));
  messages.add(await refusal(context, `${page(cfg.main, cfg.app)}#token=${foreign}`, foreign,
    new RegExp(`^this token does not grant app ${cfg.app} \\(403\\)`), 'error-403-other-app'));

  const empty = await context.newPage();
  await empty.goto(`${page(cfg.main, cfg.emptyApp)}#token=${good}`);
  await empty.getByText(`No lines from ${cfg.emptyApp} yet: waiting for its first line`)
    .waitFor({ timeout: 30000 });
  await awaitStatus(empty, new RegExp(`^live: ${cfg.emptyApp} \\(no lines yet\\)$`));
  messages.add(await empty.textContent('#status'));
  await shoot(empty, cfg.shots, 'no-lines-yet');
  console.log('EMPTY-SHOWN');
  await command('first-line-written');
  await empty.getByText('the very first line').waitFor({ timeout: 30000 });
  check(await empty.locator('#empty').count() === 0, 'the no-lines notice stayed');
  await awaitStatus(empty, new RegExp(`^live: ${cfg.emptyApp}$`));

  const down = await context.newPage();
  await down.goto(`${page(cfg.second, cfg.app)}#token=${good}`);
  await down.getByText('before the restart').waitFor({ timeout: 30000 });
  console.log('LIVE');
  await command('gateway-stopped');
  await awaitStatus(down, /^gateway unreachable: retrying in \d+(\.\d+)? s$/);
  messages.add(await down.textContent('#status'));
  await shoot(down, cfg.shots, 'error-gateway-down');
  console.log('DOWN-SHOWN');
  await command('gateway-restarted');
  await down.getByText('after the restart').waitFor({ timeout: 60000 });
  await awaitStatus(down, new RegExp(`^live: ${cfg.app}$`));
  await down.getByText(/reconnected, resumed after \d+:\d+/).waitFor({ timeout: 1000 });
  check(await down.getByText('before the restart').count() === 1,
    'the line before the restart shows twice after the resume');
  await shoot(down, cfg.shots, 'gateway-back');

  check(messages.size === 5, 'the four situations share messages: ' + [...messages].join(' | '));
});
