// Runs axe-core's WCAG 2.0/2.1 A and AA rules on each HTML file given, in headless
// Debian Chromium (no browser download). Prints every violation with its node, and exits 1
// if there is any. Usage: node check.mjs FILE.html...
import { launch } from './lib.mjs';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node check.mjs FILE.html...');
  process.exit(2);
}

const browser = await launch();
let failures = 0;
let checked = 0;
try {
  const page = await browser.newPage();
  // Nothing may load from outside the page.
  const requests = [];
  page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
  for (const file of files) {
    requests.length = 0;
    await page.goto(pathToFileURL(resolve(file)).href);
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      return await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      });
    });
    checked += 1;
    const v = result.violations;
    console.log(`${file}: ${result.passes.length} rules passed, ${v.length} violated, ${result.incomplete.length} to review by hand`);
    for (const violation of v) {
      failures += 1;
      console.log(`  ${violation.id} (${violation.impact}): ${violation.help}`);
      for (const node of violation.nodes.slice(0, 5)) {
        console.log(`    ${node.target.join(' ')}: ${node.failureSummary.split('\n').join(' ')}`);
      }
    }
    if (requests.length > 0) {
      failures += 1;
      console.log(`  external requests: ${requests.join(', ')}`);
    }
  }
} finally {
  await browser.close();
}
console.log(`${checked} page(s) checked, ${failures} problem(s)`);
process.exit(failures === 0 ? 0 : 1);
