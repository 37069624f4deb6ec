// Measures the listing (issue 22) on a big image in Chromium: showing a
// folder of many entries, sorting the whole image by size (Largest files),
// scrolling that list, and exporting every entry as CSV (time and the
// page's peak JS heap). Reported, not asserted.
//
// usage: node bench/browser-listing.mjs WIM FOLDER/PATH   (after `make web`)
//        e.g. /tmp/wimlens-bench/_usr-lzx.wim lib/x86_64-linux-gnu
import { readFileSync, statSync } from "node:fs";
import { launch, openSite, serve } from "../web/e2e/harness.mjs";

const [wim, folder = ""] = process.argv.slice(2);
if (!wim) throw new Error("usage: node bench/browser-listing.mjs WIM [FOLDER/PATH]");

const server = await serve();
const browser = await launch({ args: ["--enable-precise-memory-info"] });
// The Blob path: the file picker is a dialog nobody answers here.
await browser.context.addInitScript(() => delete window.showSaveFilePicker);
const { page } = await openSite(browser.context, server.url);
const ms = (t0) => `${Math.round(performance.now() - t0)} ms`;
const count = () => page.locator(".listing-count").innerText();
try {
  await page.setInputFiles("#file-input", wim);
  await page.waitForFunction(() => document.getElementById("app").dataset.state === "ready", null, { timeout: 120_000 });
  await page.waitForSelector(".listing-spacer .lrow .name");
  console.log(`${wim}: ${(statSync(wim).size / 2 ** 30).toFixed(2)} GiB`);

  // Into the folder by the listing's keys: type-ahead, then Enter.
  const listing = page.locator(".listing-body");
  await listing.focus();
  for (const name of folder.split("/").filter(Boolean)) {
    await page.keyboard.type(name);
    await page.waitForFunction((n) => document.querySelector(".listing-spacer .lrow.active .name")?.textContent === n, name);
    const ready = await page.evaluate(() => document.querySelector(".listing").dataset.ready);
    const t0 = performance.now();
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      ([n, r]) => document.querySelector(".crumbs .crumb:last-of-type")?.textContent === n && document.querySelector(".listing").dataset.ready !== r,
      [name, ready],
      { timeout: 60_000 },
    );
    console.log(`folder ${name}: ${await count()} shown in ${ms(t0)}`);
    await page.waitForTimeout(1500); // the type-ahead buffer resets
  }

  const sortBy = async (label) => {
    const ready = await page.evaluate(() => document.querySelector(".listing").dataset.ready);
    const t0 = performance.now();
    await label();
    await page.waitForFunction((r) => document.querySelector(".listing").dataset.ready !== r, ready, { timeout: 120_000 });
    return performance.now() - t0;
  };
  const first = await sortBy(() => page.getByRole("button", { name: "Largest files" }).click());
  console.log(`largest files (whole image by size), first time: ${await count()} in ${Math.round(first)} ms`);
  const up = await sortBy(() => page.locator('.lhead [data-key="size"] button').click());
  console.log(`reversed (cached order): ${Math.round(up)} ms`);
  const name = await sortBy(() => page.locator('.lhead [data-key="name"] button').click());
  console.log(`whole image by name (tree order): ${Math.round(name)} ms`);
  const stored = await sortBy(() => page.locator('.lhead [data-key="stored"] button').click());
  console.log(`whole image by stored size: ${Math.round(stored)} ms`);

  // Programmatic scrolls of 600 frames: 8 rows a frame (a wheel), and 40
  // (a fling), from the top.
  for (const step of [8, 40]) {
  await page.evaluate(() => (document.querySelector(".listing-body").scrollTop = 0));
  await page.waitForTimeout(500);
  const frames = await page.evaluate(async (step) => {
    const body = document.querySelector(".listing-body");
    const times = [];
    let blank = 0;
    let last = performance.now();
    for (let i = 0; i < 600; i++) {
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      times.push(now - last);
      last = now;
      body.scrollTop += 26 * step;
      if (document.querySelector(".listing-spacer .lrow .c-name.muted")) blank++;
    }
    times.sort((a, b) => a - b);
    return { median: times[300], p95: times[570], max: times[599], over33: times.filter((t) => t > 33.4).length, blank };
  }, step);
  console.log(
    `scroll, 600 frames × ${step} rows: frame median ${frames.median.toFixed(1)} ms, p95 ${frames.p95.toFixed(1)} ms, max ${frames.max.toFixed(1)} ms, ${frames.over33} over 33 ms; ${frames.blank} frames showed rows still loading`,
  );
  }

  // The tree's own scroll, as a baseline of what this machine's load
  // costs a frame (its rows are all on the page).
  const tree = await page.evaluate(async () => {
    const body = document.querySelector(".tree");
    body.scrollTop = 0;
    const times = [];
    let last = performance.now();
    for (let i = 0; i < 150; i++) {
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      times.push(now - last);
      last = now;
      body.scrollTop += 26 * 8;
    }
    times.sort((a, b) => a - b);
    return { median: times[75], p95: times[142], over33: times.filter((t) => t > 33.4).length, rows: document.querySelectorAll(".tree [role=treeitem]").length };
  });
  console.log(`baseline, the tree scrolled 150 frames × 8 rows: frame median ${tree.median.toFixed(1)} ms, p95 ${tree.p95.toFixed(1)} ms, ${tree.over33} over 33 ms`);

  // Export every entry of the image (the root with its subfolders) as CSV.
  await page.locator(".crumbs .crumb").first().click();
  await page.waitForFunction(() => document.querySelectorAll(".crumbs .crumb").length === 1);
  await page.locator(".listing-actions input[type=checkbox]").check();
  await page.evaluate(() => {
    window.__peak = performance.memory.usedJSHeapSize;
    window.__base = window.__peak;
    window.__sampler = setInterval(() => (window.__peak = Math.max(window.__peak, performance.memory.usedJSHeapSize)), 20);
  });
  const t0 = performance.now();
  const [dl] = await Promise.all([page.waitForEvent("download", { timeout: 300_000 }), page.getByRole("button", { name: "Export CSV" }).click()]);
  const took = performance.now() - t0;
  const heap = await page.evaluate(() => (clearInterval(window.__sampler), { base: window.__base, peak: window.__peak }));
  const text = readFileSync(await dl.path(), "utf8");
  const rows = text.split("\r\n").length - 2;
  console.log(
    `export CSV of every entry: ${rows} rows, ${(text.length / 2 ** 20).toFixed(1)} MiB in ${Math.round(took)} ms; page JS heap ${(heap.base / 2 ** 20).toFixed(1)} MiB before, peak ${(heap.peak / 2 ** 20).toFixed(1)} MiB`,
  );
} finally {
  await browser.close();
  await server.close();
}
