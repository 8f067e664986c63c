// Signs in to a running Rampart and screenshots pages, for looking at the UI.
// Usage: RAMPART_URL=http://127.0.0.1:8080 RAMPART_USER=admin RAMPART_PASSWORD=… \
//        node scripts/screenshots.mjs OUTDIR /path /other/path …
// (playwright-core is installed under .ci by .ci/browser-smoke.sh.)
import { createRequire } from "module";
const require = createRequire(import.meta.url);
const { chromium } = require(process.env.PLAYWRIGHT || "../.ci/node_modules/playwright-core");
const [outdir, ...paths] = process.argv.slice(2);
const url = process.env.RAMPART_URL;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await page.goto(`${url}/login`);
await page.fill("#username", process.env.RAMPART_USER);
await page.fill("#password", process.env.RAMPART_PASSWORD);
await Promise.all([page.waitForNavigation(), page.click("#sign-in")]);
for (const p of paths) {
  await page.goto(`${url}${p}`);
  const name = p.replace(/[^a-z0-9]+/gi, "_").replace(/^_|_$/g, "") || "home";
  await page.screenshot({ path: `${outdir}/${name}.png`, fullPage: true });
  console.log(`${outdir}/${name}.png`);
}
await browser.close();
