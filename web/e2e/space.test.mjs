// End-to-end: the Space tab on testvectors/sample.wim in Chromium: the
// map is drawn on a canvas, hovering shows what a rectangle is, a click
// zooms into a folder and the crumbs zoom out, the toggle sizes by stored
// bytes; the savings panel beside it. `bench/browser-open.sh space` times it
// on a Windows-sized image.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launch, openSite, serve } from "./harness.mjs";
import { bannerTexts, openFiles, vectorsDir } from "./inspector.mjs";

let server, browser, page;

before(async () => {
  server = await serve();
  browser = await launch();
  ({ page } = await openSite(browser.context, server.url));
  await page.setViewportSize({ width: 1400, height: 900 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const space = () => page.locator("#panel-space .space");
const drawn = () => page.waitForFunction(() => document.querySelector("#panel-space .space")?.dataset.state === "drawn");
/** Whether the canvas has anything but its background. */
const painted = () =>
  page.evaluate(() => {
    const c = document.querySelector("#panel-space .space-canvas");
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    const colors = new Set();
    for (let i = 0; i < d.length; i += 4 * 97) colors.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return colors.size;
  });

test("sample.wim: the map, its tooltip, zoom, the toggle and the savings", async () => {
  assert.equal(await openFiles(page, [join(vectorsDir, "sample.wim")]), "ready");
  await page.getByRole("tab", { name: "Space" }).click();
  await drawn();
  assert.ok((await painted()) > 5, "the canvas is painted");
  const side = await page.locator(".space-side").innerText();
  assert.match(side, /Ratio\s+\d+\.\d+ : 1/);
  assert.match(side, /Saved by dedup/);
  assert.match(side, /Windows/); // a top folder's row

  // Hover the largest item: its path, sizes and shares.
  const box = await page.locator("#panel-space .space-overlay").boundingBox();
  await page.mouse.move(box.x + 30, box.y + 30);
  const tip = page.locator(".space-tip");
  await tip.waitFor({ state: "visible" });
  assert.match(await tip.innerText(), /^\/\S*[\s\S]*uncompressed · [\s\S]*stored[\s\S]*% of [\s\S]*% of the image/);

  // A click zooms into the folder under the pointer; the crumbs zoom out.
  const before = await space().getAttribute("data-ms");
  await page.mouse.click(box.x + 30, box.y + 30);
  await page.waitForFunction(() => document.querySelectorAll(".space-crumbs .space-crumb").length > 1);
  await drawn();
  assert.match(await page.locator(".space-crumbs").innerText(), /^Image 1 › Windows/);
  await page.locator(".space-crumbs button", { hasText: "Image 1" }).click();
  await page.waitForFunction(() => document.querySelectorAll(".space-crumbs .space-crumb").length === 1);
  assert.ok(before !== null);

  // The toggle asks again, by stored bytes.
  const list = await page.locator(".space-list").innerText();
  await page.getByRole("group", { name: "Size by" }).getByRole("button", { name: "Stored", exact: true }).click();
  await page.waitForFunction(() => document.querySelector(".space-toggle button:last-child")?.getAttribute("aria-pressed") === "true");
  await drawn();
  await page.waitForFunction((l) => document.querySelector(".space-list")?.innerText !== l, list);
  // The list is the map for keyboards: folders are buttons that zoom.
  await page.locator(".space-list button").first().focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll(".space-crumbs .space-crumb").length > 1);
  assert.deepEqual(await bannerTexts(page), []);
});
