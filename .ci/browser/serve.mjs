// Drives `smpolicy serve` in headless Debian Chromium (no browser download), as an officer
// would use it: open the external policy, save a new value in the YAML and see it in the
// page within 2 s; save a mistake and see the error (file:line:column, hint, shown as text)
// above the last good text; fix it and see the error go; ask for paths outside out/ and be
// refused. Usage: node serve.mjs SMPOLICY_BINARY [SOURCE_FOLDER]
// Prints one line per check and `browser: N passed, M failed`; exits 1 on any failure.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [binArg, srcArg] = process.argv.slice(2);
if (!binArg) {
  console.error('usage: node serve.mjs SMPOLICY_BINARY [SOURCE_FOLDER]');
  process.exit(2);
}
const bin = resolve(binArg);
const here = new URL('.', import.meta.url).pathname;
const source = resolve(srcArg || join(here, '..', '..', 'policy-src'));
const ORG = 'comune-di-valdoria';
const LIMIT_MS = Number(process.env.LIMIT_MS || 2000);
const OFFICE = '    name: Ufficio Stampa e Comunicazione\n';
const SECRET = 'SECRET-NEXT-TO-OUT-0815';

const work = mkdtempSync(join(tmpdir(), 'smpolicy-serve-'));
cpSync(source, join(work, 'policy-src'), { recursive: true });
writeFileSync(join(work, 'secret.txt'), SECRET);
const yaml = join(work, 'policy-src', ORG, 'policy.yaml');
const edit = (from, to) => {
  const text = readFileSync(yaml, 'utf8');
  if (!text.includes(from)) throw new Error(`${JSON.stringify(from)} is not in policy.yaml`);
  writeFileSync(yaml, text.replace(from, to));
};

let passed = 0;
let failed = 0;
const check = (ok, what, detail = '') => {
  if (ok) { passed += 1; console.log(`ok: ${what}`); }
  else { failed += 1; console.log(`FAILED: ${what}${detail ? `\n  ${detail}` : ''}`); }
};

// The server, on any free port of 127.0.0.1; its address is on standard error.
const server = spawn(bin, ['serve', 'policy-src', '--out', 'out', '--port', '0'], {
  cwd: work, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'],
});
let log = '';
const base = await new Promise((res, rej) => {
  const timer = setTimeout(() => rej(new Error(`no address after 60 s:\n${log}`)), 60000);
  server.stderr.on('data', (d) => {
    log += d;
    const m = log.match(/http:\/\/127\.0\.0\.1:\d+/);
    if (m) { clearTimeout(timer); res(m[0]); }
  });
  server.on('exit', (code) => rej(new Error(`smpolicy serve exited with ${code}:\n${log}`)));
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// Polls the open page (which reloads itself) until `test(text of the page)` holds, for at
// most LIMIT_MS; returns the time it took, or null.
async function within(page, test) {
  const start = Date.now();
  while (Date.now() - start < LIMIT_MS) {
    try {
      const state = await page.evaluate(() => ({
        text: document.body ? document.body.innerText : '',
        panel: document.getElementById('smpolicy-serve-errors')?.innerText ?? null,
      }));
      if (test(state)) return Date.now() - start;
    } catch {
      // The page is reloading: look again.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}

try {
  // One context: its tabs share the browser's six connections to the server.
  const context = await browser.newContext();
  const page = await context.newPage();
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  const external = `${base}/${ORG}/public/it/external.html`;

  const list = await page.goto(`${base}/`);
  const pdfLinks = await page.locator('a[href$=".pdf"]').count();
  check(list.status() === 200 && pdfLinks >= 2, 'the list page links the PDFs', `status ${list.status()}, ${pdfLinks} PDF link(s)`);

  await page.goto(external);
  check((await page.innerText('body')).includes('Ufficio Stampa e Comunicazione'), 'the external policy opens');

  // 1. A new value shows in the open page.
  edit(OFFICE, '    name: Ufficio Stampa Anteprima Uno\n');
  let ms = await within(page, (s) => s.text.includes('Ufficio Stampa Anteprima Uno') && s.panel === null);
  check(ms !== null, `a saved value shows in the page within ${LIMIT_MS} ms (${ms} ms)`);

  // 2. A mistake whose value is markup: the error shows, as text, above the last good text.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
  edit('  kind: comune\n', '  kind: <script>alert(1)</script>\n');
  ms = await within(page, (s) => s.panel !== null);
  check(ms !== null, `an error shows in the page within ${LIMIT_MS} ms (${ms} ms)`);
  const panel = await page.evaluate(() => document.getElementById('smpolicy-serve-errors')?.innerText ?? '');
  const inView = await page.evaluate(() => {
    const r = document.getElementById('smpolicy-serve-errors').getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.top < window.innerHeight;
  });
  check(inView, 'the error is in view, wherever the page was scrolled');
  check(/policy\.yaml:11:9: error\[unknown-value\]/.test(panel), 'the error gives file:line:column', panel.slice(0, 300));
  check(panel.includes('help:'), 'the error gives the hint', panel.slice(0, 300));
  check(panel.includes('<script>alert(1)</script>'), 'the typed value is shown as text');
  check((await page.innerText('body')).includes('Ufficio Stampa Anteprima Uno'), 'the last good text is still shown');
  const scripts = await page.evaluate(() => [...document.querySelectorAll('#smpolicy-serve-errors script, #smpolicy-serve-errors *[onerror]')].length);
  check(scripts === 0 && dialogs.length === 0, 'nothing in the error is markup or runs', `elements ${scripts}, dialogs ${dialogs}`);

  // 3. Fixed: the error goes.
  edit('  kind: <script>alert(1)</script>\n', '  kind: comune\n');
  ms = await within(page, (s) => s.panel === null && s.text.includes('Ufficio Stampa Anteprima Uno'));
  check(ms !== null, `the fixed error leaves the page within ${LIMIT_MS} ms (${ms} ms)`);

  // 4. Many tabs open at once (more than the six connections a browser opens to one
  // server) all load and all follow each of three saves: none waits behind a request held
  // open (that wait is 25 s and more), and no connection is left unread. With tiny_http as
  // the server, one tab in three runs under load never followed a save: its question sat
  // unread on a new connection while the server's threads served the others (failures at
  // 5,011 and 10,007 ms in CI). Nine pages reload one after another: about 1 s on an idle
  // machine, 1.0-1.3 s with the CPUs busy, so 5 s for all of them.
  const tabs = [page];
  const opening = Date.now();
  for (let i = 0; i < 8; i += 1) {
    const tab = await context.newPage();
    await tab.goto(external);
    tabs.push(tab);
  }
  const opened = Date.now() - opening;
  // Held requests would make these wait for one to end (25 s and more): 10 s is ample.
  check(opened < 10000, `8 more tabs open at once, none waiting for a connection (${opened} ms)`);
  const TABS_MS = 5000;
  let shown = 'Ufficio Stampa Anteprima Uno';
  for (const next of ['Due', 'Tre', 'Quattro']) {
    const name = `Ufficio Stampa Anteprima ${next}`;
    edit(`    name: ${shown}\n`, `    name: ${name}\n`);
    shown = name;
    const start = Date.now();
    let pending = tabs;
    while (pending.length > 0 && Date.now() - start < TABS_MS) {
      const still = [];
      for (const tab of pending) {
        const text = await tab.evaluate(() => document.body?.innerText ?? '').catch(() => '');
        if (!text.includes(name)) still.push(tab);
      }
      pending = still;
      if (pending.length > 0) await new Promise((r) => setTimeout(r, 50));
    }
    // What a tab that did not follow shows, to tell a slow tab from a stuck one: the build
    // it was served at, and the questions of its reload script that were answered.
    const stuck = [];
    for (const tab of pending) {
      const state = await tab.evaluate(() => {
        const asked = performance.getEntriesByType('resource')
          .filter((e) => e.name.includes('/__smpolicy/build'));
        return {
          build: document.querySelector('script[data-build]')?.dataset.build ?? null,
          now: Math.round(performance.now()),
          answered: asked.length,
          last: asked.slice(-1).map((e) => [Math.round(e.startTime), Math.round(e.responseEnd)]),
        };
      }).catch((e) => ({ error: String(e) }));
      const now = await fetch(`${base}/__smpolicy/build`).then((r) => r.text()).catch((e) => String(e));
      stuck.push(`tab ${tabs.indexOf(tab)}: ${JSON.stringify(state)}; the server is at ${now.trim()}`);
    }
    check(pending.length === 0, `${tabs.length} open tabs all show save "${next}" within ${TABS_MS} ms (${Date.now() - start} ms)`,
      `${pending.length} tab(s) did not:\n  ${stuck.join('\n  ')}`);
  }
  for (const tab of tabs.slice(1)) await tab.close();

  // 5. Paths outside out/ are refused (encoded so the browser sends them as written).
  // (A literal `..` or `%2e%2e` segment is resolved by the browser before it asks; the
  // Rust tests send those as written.)
  for (const path of ['/..%2fsecret.txt', `/${ORG}/..%2f..%2fsecret.txt`, '/%2e%2e%2fsecret.txt',
                      '/..%5csecret.txt', '/%2fetc%2fpasswd']) {
    const r = await page.goto(`${base}${path}`);
    const body = await r.text();
    check(r.status() === 403 && !body.includes(SECRET) && !body.includes('root:'),
      `${path} is refused`, `status ${r.status()}`);
  }
  if (process.env.SCREENSHOT) {
    await page.goto(external);
    edit('  kind: comune\n', '  kind: comunne\n');
    await within(page, (s) => s.panel !== null);
    await page.screenshot({ path: process.env.SCREENSHOT });
  }
} catch (e) {
  check(false, 'the run finished', e.stack);
} finally {
  await browser.close();
  server.kill();
  rmSync(work, { recursive: true, force: true });
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
