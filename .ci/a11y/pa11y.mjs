// A second accessibility engine beside axe-core: pa11y with HTML_CodeSniffer (WCAG 2.1 AA),
// on Debian's Chromium. Every error on any page given fails; warnings and notices, which
// HTML_CodeSniffer leaves to a person, are not counted.
// Usage: node pa11y.mjs FILE.html...
import pa11y from 'pa11y';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM, CHROMIUM_ARGS } from './lib.mjs';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node pa11y.mjs FILE.html...');
  process.exit(2);
}
let errors = 0;
for (const file of files) {
  const result = await pa11y(pathToFileURL(resolve(file)).href, {
    standard: 'WCAG2AA',
    runners: ['htmlcs'],
    includeWarnings: false,
    includeNotices: false,
    timeout: 60000,
    chromeLaunchConfig: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
  });
  const found = result.issues.filter((i) => i.type === 'error');
  console.log(`${file}: ${found.length} error(s)`);
  for (const issue of found.slice(0, 10)) {
    console.log(`  ${issue.code}: ${issue.message}\n    ${issue.selector}: ${issue.context.slice(0, 160)}`);
  }
  errors += found.length;
}
console.log(`${files.length} page(s) checked with pa11y (HTML_CodeSniffer), ${errors} error(s)`);
process.exit(errors === 0 ? 0 : 1);
