// Measures the Space tab (issue 22) on a big image in Chromium: the time
// from the Space tab clicked to the treemap drawn (the image measured
// from its metadata on the way), and a redraw by stored bytes once it is
// measured. Reported, not asserted.
//
// usage: node bench/browser-space.mjs WIM   (after `make web`)
import { statSync } from "node:fs";
import { launch, openSite, serve } from "../web/e2e/harness.mjs";

const [wim] = process.argv.slice(2);
if (!wim) throw new Error("usage: node bench/browser-space.mjs WIM");
const runs = Number(process.env.WIMLENS_BENCH_RUNS ?? 3);

const server = await serve();
const browser = await launch();
try {
  console.log(`${wim}: ${(statSync(wim).size / 2 ** 30).toFixed(2)} GiB`);
  for (let i = 0; i < runs; i++) {
    const { page } = await openSite(browser.context, server.url);
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.setInputFiles("#file-input", wim);
    await page.waitForFunction(() => document.getElementById("app").dataset.state === "ready", null, { timeout: 120_000 });
    const space = page.locator("#panel-space .space");
    const drawn = () => page.waitForFunction(() => document.querySelector("#panel-space .space")?.dataset.state === "drawn", null, { timeout: 60_000 });
    const t0 = await page.evaluate(() => performance.now());
    await page.getByRole("tab", { name: "Space" }).click();
    await drawn();
    const t1 = await page.evaluate(() => performance.now());
    const first = await space.getAttribute("data-ms");
    await page.getByRole("group", { name: "Size by" }).getByRole("button", { name: "Stored", exact: true }).click();
    await page.waitForFunction(() => document.querySelector(".space-toggle button:last-child")?.getAttribute("aria-pressed") === "true");
    await drawn();
    console.log(`run ${i + 1}: tab clicked → map drawn ${Math.round(t1 - t0)} ms (request → drawn ${first} ms); by stored bytes, measured already: ${await space.getAttribute("data-ms")} ms`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
