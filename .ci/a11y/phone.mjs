// Phone first: each HTML page given, opened at 320 CSS px wide (WCAG 1.4.10 reflow), must
// not scroll sideways: document.documentElement.scrollWidth <= 320. Tables may scroll in
// their own box, which must be a labelled region a keyboard can reach. Every focus ring
// must contrast at least 3:1 with white and with what is behind the element. Printed, a
// link shows its address once: never after a link whose text is that address. Reached by
// its anchor (#M-03), a moderation rule's heading stands out from its neighbours.
// Usage: node phone.mjs FILE.html...   (exit 1 on any problem)
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, contrast } from './lib.mjs';

const WIDTH = 320;
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node phone.mjs FILE.html...');
  process.exit(2);
}
const browser = await launch();
let problems = 0;
const fail = (file, what) => { problems += 1; console.log(`  ${file}: ${what}`); };
try {
  const page = await browser.newPage({ viewport: { width: WIDTH, height: 640 } });
  for (const file of files) {
    await page.emulateMedia({ media: 'screen' });
    await page.goto(pathToFileURL(resolve(file)).href);
    const r = await page.evaluate((width) => {
      const wide = [];
      for (const el of document.body.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        if (box.right > width + 0.5 && !el.closest('.table-scroll')) {
          wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''} (${Math.round(box.right)} px)`);
        }
      }
      const boxes = [...document.querySelectorAll('table')].map((t) => {
        const b = t.parentElement;
        return {
          ok: b.classList.contains('table-scroll') && b.getAttribute('role') === 'region'
            && (b.getAttribute('aria-label') || '').trim() !== '' && b.tabIndex === 0,
          html: b.outerHTML.slice(0, 120),
        };
      });
      return { scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 5), boxes };
    }, WIDTH);
    console.log(`${file}: ${r.scrollWidth} px wide at ${WIDTH} px, ${r.boxes.length} table(s)`);
    if (r.scrollWidth > WIDTH) fail(file, `the page scrolls sideways (${r.scrollWidth} px): ${r.wide.join(', ')}`);
    for (const b of r.boxes) if (!b.ok) fail(file, `a table is not in a labelled, focusable scroll box: ${b.html}`);

    // Focus rings: tab through every focusable element (at most 400) and measure.
    const rings = await page.evaluate(() => {
      const out = [];
      const bg = (el) => {
        for (let e = el; e; e = e.parentElement) {
          const c = getComputedStyle(e).backgroundColor;
          if (c && c !== 'transparent' && !/rgba\(.*, 0\)$/.test(c)) return c;
        }
        return 'rgb(255, 255, 255)';
      };
      const seen = new Set();
      for (const el of [...document.querySelectorAll('a[href], [tabindex="0"], main')].slice(0, 400)) {
        el.focus({ focusVisible: true });
        if (document.activeElement !== el) continue;
        const s = getComputedStyle(el);
        const key = `${s.outlineColor}|${bg(el.parentElement || el)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ tag: el.tagName.toLowerCase(), width: parseFloat(s.outlineWidth), style: s.outlineStyle, color: s.outlineColor, behind: bg(el.parentElement || el) });
      }
      return out;
    });
    for (const ring of rings) {
      const ratios = [contrast(ring.color, 'rgb(255, 255, 255)'), contrast(ring.color, ring.behind)];
      if (ring.style === 'none' || ring.width < 2 || Math.min(...ratios) < 3) {
        fail(file, `focus ring of <${ring.tag}> ${ring.style} ${ring.width}px ${ring.color}: contrast ${ratios.map((x) => x.toFixed(2)).join(' / ')} with white / ${ring.behind}`);
      }
    }

    // The rule reached by its anchor (page.html#M-03) stands out: its heading gets a
    // background or an outline that the other rule headings do not have.
    const ruleIds = await page.evaluate(() => [...document.querySelectorAll('h3[id]')]
      .map((h) => h.id).filter((id) => /[A-Z]/.test(id)));
    if (ruleIds.length > 1) {
      const id = ruleIds[1];
      await page.goto(`${pathToFileURL(resolve(file)).href}#${id}`);
      const look = await page.evaluate((target) => {
        const style = (h) => { const s = getComputedStyle(h); return `${s.backgroundColor}|${s.outlineStyle}|${s.outlineWidth}`; };
        const heads = [...document.querySelectorAll('h3[id]')];
        const reached = heads.find((h) => h.id === target);
        const other = heads.find((h) => h.id !== target && /[A-Z]/.test(h.id));
        const box = reached.getBoundingClientRect();
        return { reached: style(reached), other: style(other), top: Math.round(box.top) };
      }, id);
      if (look.reached === look.other) fail(file, `#${id}: the reached rule looks like the others (${look.reached})`);
      if (look.top < 0 || look.top > 640) fail(file, `#${id}: the reached rule is not on screen (top ${look.top} px)`);
      console.log(`  #${id}: reached rule ${look.reached}, others ${look.other}`);
    }

    // Print: the address after a link, only when the link's text is not that address.
    await page.emulateMedia({ media: 'print' });
    const twice = await page.evaluate(() => [...document.querySelectorAll('a[href]')]
      .filter((a) => {
        const after = getComputedStyle(a, '::after').content;
        return after && after !== 'none' && after.includes(a.getAttribute('href'))
          && a.textContent.trim().length > 0
          && a.getAttribute('href').replace(/^[a-z]+:(\/\/)?/i, '').replace(/\/$/, '').toLowerCase()
            === a.textContent.trim().replace(/^[a-z]+:(\/\/)?/i, '').replace(/\/$/, '').toLowerCase();
      })
      .map((a) => a.getAttribute('href')));
    for (const href of twice.slice(0, 5)) fail(file, `printed twice: ${href}`);
    const pageRule = await page.evaluate(() => [...document.styleSheets].some((s) => [...s.cssRules]
      .some((r) => r.constructor.name === 'CSSPageRule' && /A4/i.test(r.style.getPropertyValue('size')) && r.style.getPropertyValue('margin-top'))));
    if (!file.endsWith('.fragment.html') && !pageRule) fail(file, 'no @page rule with size A4 and margins');
  }
} finally {
  await browser.close();
}
console.log(`${files.length} page(s) at ${WIDTH} px, ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
