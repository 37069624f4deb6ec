// Measures the Compare tab's Windows view in Chromium on the two images
// bench/windiff.sh builds (SOFTWARE hives of about 100 MB that differ in
// 3,500 places), against the target of 5 s: from the click on "Windows"
// (the file comparison already drawn) to the view drawn.
//
// usage: bash bench/browser-windiff.sh   (builds the site, and the WIM through bench/windiff.sh)
// env:   BENCH_DIR  where bench/windiff.sh keeps its WIM (/tmp/wimlens-bench)
import { existsSync } from "node:fs";
import { join } from "node:path";
import { launch, openSite, serve } from "../web/e2e/harness.mjs";
import { openFiles } from "../web/e2e/inspector.mjs";

const wim = join(process.env.BENCH_DIR ?? "/tmp/wimlens-bench", `windiff-${process.env.KEY_GROUPS ?? 1600}.wim`);
if (!existsSync(wim)) throw new Error(`${wim} is missing: run bench/windiff.sh first`);
const server = await serve();
const browser = await launch();
try {
  const { page } = await openSite(browser.context, server.url);
  if ((await openFiles(page, [wim])) !== "ready") throw new Error("the page did not open the WIM");
  await page.locator('select[aria-label="Image"]').selectOption("1");
  await page.waitForFunction(() => document.getElementById("app")?.dataset.state === "ready");
  await page.locator("#tab-compare").click();
  await page.locator('select[aria-label="Compare with"]').selectOption("1:2");
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await page.locator(".diff-summary").waitFor();
  const t0 = performance.now();
  await page.getByRole("button", { name: "Windows", exact: true }).click();
  await page.locator(".windiff").waitFor({ timeout: 120_000 });
  const ms = performance.now() - t0;
  const registry = await page.locator('.windiff-section[data-section="Registry"] h4').innerText();
  console.log(`Windows view: ${ms.toFixed(0)} ms (${registry}) — target < 5000 ms: ${ms < 5000 ? "met" : "NOT met"}`);
} finally {
  await browser.close();
  await server.close();
}
