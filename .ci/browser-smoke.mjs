// Headless Chromium signs in through Rampart's login form and checks the home page.
import { chromium } from "playwright-core";

const url = process.env.RAMPART_URL;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(`${url}/`);
  if (!page.url().includes("/login")) throw new Error(`expected a redirect to /login, got ${page.url()}`);
  await page.fill("#username", process.env.RAMPART_USER);
  await page.fill("#password", process.env.RAMPART_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click("#sign-in")]);
  if (new URL(page.url()).pathname !== "/") throw new Error(`after login: ${page.url()}\n${await page.content()}`);
  const h1 = await page.textContent("h1");
  const agencies = await page.textContent("#count-agencies");
  if (!h1.includes("City of Riverton") || Number(agencies) < 1) throw new Error(`home page: ${h1} / ${agencies}`);
  await page.click("text=Audit log");
  await page.waitForSelector("#audit");
  if (errors.length) throw new Error(`console errors (CSP?): ${errors.join("; ")}`);
  await page.goto(`${url}/`);
  await page.screenshot({ path: process.env.SCREENSHOT, fullPage: true });
  console.log(`browser smoke OK: signed in, home shows "${h1.trim()}" with ${agencies} agencies`);
} finally {
  await browser.close();
}
