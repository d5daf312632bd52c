// What the page scripts share: Debian's headless Chromium through playwright-core, the line
// protocol with the Java test (commands on stdin; words, FAIL and SCREENSHOT lines on stdout)
// and small checks that fail with the page's state in the message.
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const lines = createInterface({ input: process.stdin });

export const fail = (message) => { console.log('FAIL ' + message); process.exit(1); };

/** Waits for the test's next command and fails unless it is {@code word}. */
export const command = (word) => new Promise((resolve) => lines.once('line', (line) => {
  if (line !== word) fail(`expected command ${word}, got ${line}`);
  resolve();
}));

export function check(condition, message) {
  if (!condition) fail(message);
}

/** Runs {@code body} with a fresh browser; prints OK when it returns. */
export async function withBrowser(body) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    await body(browser);
    console.log('OK');
  } finally {
    await browser.close();
    lines.close();
  }
}

/** Keeps what the viewport shows as {@code dir/name.png} and names it on stdout. */
export async function shoot(page, dir, name) {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name + '.png');
  await page.screenshot({ path });
  console.log('SCREENSHOT ' + path);
}

/** The texts of the log rows the filters leave visible, in page order. */
export const visibleTexts = (page) => page.$$eval('.row:not(.hidden) .text',
  (spans) => spans.map((s) => s.textContent));

/** Waits until #status matches {@code pattern}; fails with the last status seen. */
export async function awaitStatus(page, pattern, timeout = 30000) {
  try {
    await page.waitForFunction((source) => new RegExp(source)
      .test(document.getElementById('status').textContent), pattern.source, { timeout });
  } catch (e) {
    fail(`status never matched ${pattern}: "${await page.textContent('#status')}"`);
  }
}
