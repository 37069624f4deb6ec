// End-to-end: a WIM inside an image, opened in place. windows.wim (make.sh
// windows-image) holds Windows/System32/Recovery/Winre.wim: "Open as WIM"
// opens it in a tab of its own, whose tree and Archive tab are the inner
// WIM's; going back shows the file as it was left, and closing the tab
// returns to it.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launch, openSite, serve } from "./harness.mjs";
import { bannerTexts, openFiles, reveal, vectorsDir } from "./inspector.mjs";

const WINRE = "/Windows/System32/Recovery/Winre.wim";
let server, browser, page, errors;

before(async () => {
  server = await serve();
  browser = await launch();
  ({ page, errors } = await openSite(browser.context, server.url));
  assert.equal(await openFiles(page, [join(vectorsDir, "windows-image", "windows.wim")]), "ready");
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const ready = () => page.waitForFunction(() => document.getElementById("app")?.dataset.state === "ready");
const levelTabs = () => page.locator(".level-tabs [role=tab]").allInnerTexts();

test("a file that is not a WIM is not offered; Winre.wim is, and opens in a tab of its own", async () => {
  await reveal(page, "/Windows/System32/config/SOFTWARE");
  await page.locator(".details .pe-slot, .details").first().waitFor();
  await page.waitForTimeout(300); // the sniff has answered
  assert.equal(await page.getByRole("button", { name: "Open as WIM" }).count(), 0);
  assert.equal(await page.locator(".level-tabs").isHidden(), true);

  await reveal(page, WINRE);
  await page.getByRole("button", { name: "Open as WIM" }).click();
  await page.waitForFunction(() => (document.querySelector(".level-tabs [aria-selected=true]")?.textContent ?? "").includes("Winre.wim"));
  await ready();
  assert.deepEqual(await levelTabs(), ["windows.wim", "windows.wim › Winre.wim"]);
  await page.locator('input[type="search"]').fill("");
  const tree = await page.locator(".tree").innerText();
  assert.match(tree, /Windows/);
  assert.doesNotMatch(tree, /ProgramData/); // the outer image's
  await reveal(page, "/Windows/System32/config/SOFTWARE");

  await page.locator("#tab-archive").click();
  const archive = await page.locator("#panel-archive").innerText();
  assert.match(archive, /File\s+windows\.wim › image 1 › \/Windows\/System32\/Recovery\/Winre\.wim/);
  assert.match(archive, /Microsoft Windows Recovery Environment \(x64\)/);
  assert.match(archive, /Installation type\s+WindowsPE/);
  assert.match(archive, /Images\s+1\b/);
  assert.deepEqual(await bannerTexts(page), []);
});

test("the inner WIM verifies on its own", async () => {
  await page.locator("#tab-verify").click();
  await page.getByRole("button", { name: "Verify all data" }).click();
  await page.locator(".verify-result").waitFor();
  assert.match(await page.locator(".verify-result").innerText(), /Everything matches/);
});

test("the file's tab shows it again; closing the inner tab returns to it", async () => {
  await page.getByRole("tab", { name: "windows.wim", exact: true }).click();
  await page.waitForFunction(() => document.querySelector(".level-tabs [aria-selected=true]")?.textContent === "windows.wim");
  await ready();
  await page.locator("#tab-archive").click();
  assert.match(await page.locator("#panel-archive").innerText(), /Images\s+2\b/);

  await page.getByRole("tab", { name: "windows.wim › Winre.wim" }).click();
  await ready();
  await page.waitForFunction(() => /Images\s+1\b/.test(document.getElementById("panel-archive")?.innerText ?? ""));
  await page.getByRole("button", { name: "Close windows.wim › Winre.wim" }).click();
  await page.waitForFunction(() => document.querySelector(".level-tabs")?.hidden === true);
  await ready();
  await page.waitForFunction(() => /Images\s+2\b/.test(document.getElementById("panel-archive")?.innerText ?? ""));
  await page.locator('input[type="search"]').fill("");
  assert.match(await page.locator(".tree").innerText(), /ProgramData/);
  assert.deepEqual(await bannerTexts(page), []);
  assert.deepEqual(errors, []);
});
