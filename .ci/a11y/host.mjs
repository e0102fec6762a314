// The fragment for a CMS inside a Bootstrap Italia page (the npm package's own CSS, local,
// in Debian's Chromium): neither styles the other. For each fragment given:
// - the host's h2, paragraph, link and table keep their computed style with the fragment in;
// - the fragment is one element with `lang` and the class its CSS is scoped under, with no
//   <h1> unless the policy asks for one;
// - the fragment's tables have borders and their caption on top;
// - at 320 CSS px the page does not scroll sideways;
// - axe-core (WCAG 2.1 A/AA and best practices) finds no violation in the whole page.
// Usage: node host.mjs OUTDIR FILE.fragment.html...  The host pages are written to OUTDIR
// (for pa11y.mjs). Exit 1 on any problem.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch } from './lib.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const bootstrapCss = pathToFileURL(resolve(dirname(require.resolve('bootstrap-italia/package.json')),
  'dist/css/bootstrap-italia.min.css')).href;
const [outDir, ...files] = process.argv.slice(2);
if (!outDir || files.length === 0) {
  console.error('usage: node host.mjs OUTDIR FILE.fragment.html...');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

// A page of a council's site as the Bootstrap Italia kit builds it; FRAGMENT marks where
// the officer pastes the fragment.
const host = (fragment) => `<!DOCTYPE html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Social media policy - Comune di Prova</title>
<link rel="stylesheet" href="${bootstrapCss}">
</head>
<body>
<header class="container"><p class="h4 mt-3">Comune di Prova</p></header>
<main class="container" id="main">
<h1>Regole per i social del Comune</h1>
<h2 id="host-h2">Una sezione del sito</h2>
<p id="host-p">Testo della pagina del sito, con <a id="host-a" href="https://www.example.org/">un collegamento</a>.</p>
<div class="table-responsive"><table id="host-table" class="table"><caption>Tabella del sito</caption>
<thead><tr><th scope="col">A</th><th scope="col">B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table></div>
${fragment}
<h2 id="host-h2-after">Dopo il frammento</h2>
</main>
</body>
</html>
`;

const PROPS = ['fontFamily', 'fontSize', 'fontWeight', 'lineHeight', 'color', 'marginTop', 'marginBottom',
  'borderBottomWidth', 'borderBottomStyle', 'textDecorationLine', 'boxSizing', 'captionSide', 'backgroundColor'];
const HOST = ['#host-h2', '#host-h2-after', '#host-p', '#host-a', '#host-table', '#host-table caption', '#host-table td', 'body', 'main'];

const browser = await launch();
let problems = 0;
const fail = (file, what) => { problems += 1; console.log(`  ${file}: ${what}`); };
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url()); });
  const styles = () => page.evaluate(([sel, props]) => Object.fromEntries(sel.map((s) => {
    const el = document.querySelector(s);
    const cs = el && getComputedStyle(el);
    return [s, cs ? Object.fromEntries(props.map((p) => [p, cs[p]])) : null];
  })), [HOST, PROPS]);

  const bare = join(outDir, 'host-without-fragment.html');
  writeFileSync(bare, host(''));
  await page.goto(pathToFileURL(resolve(bare)).href);
  const before = await styles();
  if (!before['#host-h2'] || !before.body.fontFamily.includes('Titillium')) {
    fail(bare, `Bootstrap Italia's CSS did not load (${before.body && before.body.fontFamily})`);
  }

  for (const file of files) {
    requests.length = 0;
    const fragment = readFileSync(file, 'utf8');
    const name = join(outDir, `${file.replace(/[^A-Za-z0-9.-]+/g, '_')}.host.html`);
    writeFileSync(name, host(fragment));
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(pathToFileURL(resolve(name)).href);
    const after = await styles();
    for (const sel of HOST) {
      for (const p of PROPS) {
        if (JSON.stringify(before[sel] && before[sel][p]) !== JSON.stringify(after[sel] && after[sel][p])) {
          fail(file, `the fragment restyles the host's ${sel}: ${p} ${before[sel] && before[sel][p]} -> ${after[sel] && after[sel][p]}`);
        }
      }
    }
    const f = await page.evaluate(() => {
      const roots = [...document.querySelectorAll('main > .smpolicy')];
      const root = roots[0];
      if (!root) return { roots: 0 };
      const tables = [...root.querySelectorAll('table')].map((t) => {
        const cell = t.querySelector('td') || t.querySelector('th');
        const cs = cell && getComputedStyle(cell);
        const cap = t.querySelector('caption');
        const firstRow = t.querySelector('tr');
        return {
          border: cs ? `${cs.borderTopWidth} ${cs.borderTopStyle} / ${cs.borderLeftWidth} ${cs.borderLeftStyle}` : '',
          bordered: !!cs && parseFloat(cs.borderTopWidth) >= 1 && cs.borderTopStyle !== 'none'
            && parseFloat(cs.borderLeftWidth) >= 1 && cs.borderLeftStyle !== 'none',
          caption: cap ? getComputedStyle(cap).captionSide : 'none',
          captionAbove: !!cap && !!firstRow && cap.getBoundingClientRect().bottom <= firstRow.getBoundingClientRect().top + 0.5,
        };
      });
      const h2 = root.querySelector('h2');
      return {
        roots: roots.length,
        lang: root.getAttribute('lang'),
        h1: root.querySelectorAll('h1').length,
        h2Size: h2 ? getComputedStyle(h2).fontSize : null,
        tables,
      };
    });
    console.log(`${file}: in a Bootstrap Italia page, ${f.tables ? f.tables.length : 0} table(s)`);
    if (f.roots !== 1) { fail(file, `the fragment is not one .smpolicy element (${f.roots})`); continue; }
    if (!f.lang) fail(file, 'the fragment\'s wrapper has no lang');
    if (f.h1 !== 0) fail(file, `the fragment has ${f.h1} <h1>: the host page has its own`);
    if (f.h2Size && f.h2Size !== '24px') fail(file, `the host restyles the fragment's h2: font-size ${f.h2Size}, not 24px`);
    for (const [i, t] of f.tables.entries()) {
      if (!t.bordered) fail(file, `table ${i + 1} has no borders (${t.border})`);
      if (t.caption !== 'top' || !t.captionAbove) fail(file, `table ${i + 1}'s caption is not on top (caption-side: ${t.caption})`);
    }
    await page.addScriptTag({ content: axeSource });
    const axe = await page.evaluate(async () => axe.run(document, { // eslint-disable-line no-undef
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    }));
    for (const v of axe.violations) {
      fail(file, `axe ${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    }
    await page.setViewportSize({ width: 320, height: 640 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 320) fail(file, `at 320 px the host page with the fragment scrolls sideways (${width} px)`);
    if (requests.length > 0) fail(file, `external requests: ${requests.join(', ')}`);
  }
} finally {
  await browser.close();
}
console.log(`${files.length} fragment(s) in a Bootstrap Italia page, ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
