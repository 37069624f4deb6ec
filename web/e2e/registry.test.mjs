// End-to-end: a hive of testvectors/windows-image/windows.wim opened as a
// registry in Chromium: "Open as registry" in the file's details (the data
// sniffed for "regf"), the keys expanded to CurrentVersion, its values
// (hivex's reading, expected.json, is the oracle), and a search whose hits
// stay while one is opened.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launch, openSite, serve } from "./harness.mjs";
import { bannerTexts, openFiles, reveal, vectorsDir } from "./inspector.mjs";

let server, browser, page;
const expected = JSON.parse(readFileSync(join(vectorsDir, "windows-image", "expected.json"), "utf8")).images[0];

before(async () => {
  server = await serve();
  browser = await launch();
  page = (await openSite(browser.context, server.url)).page;
  assert.equal(await openFiles(page, [join(vectorsDir, "windows-image", "windows.wim")]), "ready");
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const tree = () => page.locator(".registry .key-tree[role=tree]");
const key = (name) => tree().locator("[role=treeitem]").filter({ has: page.locator(`.name:text-is("${name}")`) });

/** Expands (or, the last, selects) the keys of path, one by one. */
async function open(path) {
  const names = path.split("\\");
  for (const [i, name] of names.entries()) {
    await key(name).first().waitFor();
    if (i < names.length - 1) {
      await key(name).first().locator(".twisty").click();
      await page.waitForFunction((n) => [...document.querySelectorAll(".registry [role=treeitem]")].some((r) => r.querySelector(".name")?.textContent === n && r.getAttribute("aria-expanded") === "true"), name);
    } else await key(name).first().click();
  }
}

test("a file that is not a hive has no Open as registry", async () => {
  await reveal(page, "/Windows/System32/kernel32.dll");
  await page.waitForFunction(() => document.querySelector(".details .pe-slot")?.dataset.pe);
  assert.equal(await page.getByRole("button", { name: "Open as registry" }).count(), 0);
});

test("SOFTWARE opens as a registry, and CurrentVersion's values are hivex's", async () => {
  await reveal(page, "/Windows/System32/config/SOFTWARE");
  await page.getByRole("button", { name: "Open as registry" }).click();
  await page.waitForFunction(() => document.querySelector(".registry")?.dataset.state === "ready");
  assert.match(await page.locator(".registry-head").innerText(), /HKLM\\SOFTWARE[\s\S]*\/Windows\/System32\/config\/SOFTWARE/);
  await open("Microsoft\\Windows NT\\CurrentVersion");
  await page.waitForFunction(() => document.querySelector(".registry-values .reg-path")?.textContent.endsWith("CurrentVersion"));
  assert.equal(await page.locator(".registry-values .reg-path").innerText(), "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion");
  const row = async (name) => page.locator(`.reg-values tr[data-value="${name}"]`).innerText();
  assert.match(await row("ProductName"), new RegExp(`ProductName\\s+REG_SZ\\s+${expected.version.ProductName}`));
  assert.match(await row("EditionID"), new RegExp(`REG_SZ\\s+${expected.version.EditionID}`));
  const ubr = Number(expected.version.UBR);
  assert.match(await row("UBR"), new RegExp(`REG_DWORD\\s+0x${ubr.toString(16).padStart(8, "0")} \\(${ubr}\\)`));
  // The tree is the file tree's: an ARIA tree with levels.
  assert.equal(await key("CurrentVersion").first().getAttribute("aria-level"), "3");
  assert.deepEqual(await bannerTexts(page), []);
});

test("a search over key and value names lists hits that stay while one is opened", async () => {
  await page.locator(".registry-query").fill("currentstate");
  await page.waitForFunction(() => document.querySelectorAll(".registry-hit-list li").length > 0);
  const hits = await page.locator(".registry-hit-list li").allInnerTexts();
  assert.equal(hits.length, expected.packages.filter((p) => p.state !== null).length, hits.join("\n"));
  await page.locator(".registry-hit-list button").first().click();
  await page.waitForFunction(() => document.querySelector(".reg-values tr.reg-hit")?.dataset.value === "CurrentState");
  assert.match(await page.locator(".registry-values .reg-path").innerText(), /Component Based Servicing\\Packages\\/);
  assert.equal(await page.locator(".registry-hit-list li").count(), hits.length);
  assert.equal(await tree().locator("[role=treeitem][aria-selected=true]").count(), 1);
});
