// Runs a pack's own verify.html in headless Chromium (Debian's, via playwright-core) from
// file://, with the network off, feeds it the pack (ZIP or folder) and prints what the page
// concluded as JSON: {ok, verdict, problems: [{key, text}], lang}. Called by the Rust test
// tests/cli/verify_html.rs; usage: node verify-html.mjs VERIFY_HTML PACK [zip|folder] [en|zh]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [page_, pack, mode = 'zip', lang = 'en'] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
try {
  const context = await browser.newContext({ locale: lang === 'zh' ? 'zh-CN' : 'en-US', offline: true });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) requests.push(r.url());
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(pathToFileURL(resolve(page_)).href);
  if (mode === 'zip') {
    await page.setInputFiles('#zip', resolve(pack));
  } else {
    // Playwright gives a directory to a webkitdirectory input as the browser would: every
    // file with its path under the folder.
    await page.setInputFiles('#folder', resolve(pack));
  }
  await page.waitForSelector('#result[data-ok]', { timeout: 60000 });
  const out = await page.evaluate(() => ({
    ok: document.querySelector('#result').dataset.ok === 'true',
    verdict: document.querySelector('#verdict').textContent,
    problems: [...document.querySelectorAll('#problems li')].map((li) => ({
      key: li.dataset.problem,
      text: li.textContent,
    })),
    lang: document.documentElement.lang,
    summary: document.querySelector('#summary').textContent,
  }));
  if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT, fullPage: true });
  out.requests = requests;
  out.errors = errors;
  console.log(JSON.stringify(out));
} finally {
  await browser.close();
}
