// End-to-end: the listing beside the tree (issue 22) — a folder's
// contents, a file manager's keys, sorting by size across the image,
// breadcrumbs back, and a CSV export checked against the volume's manifest.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launch, openSite, serve } from "./harness.mjs";
import { download, manifest, openFiles, vectorsDir } from "./inspector.mjs";

const base = manifest("ntfs-base");

let server, browser, page;

before(async () => {
  server = await serve();
  browser = await launch();
  // Exports go through a Blob and a download here: the file picker is a
  // native dialog the test cannot answer.
  await browser.context.addInitScript(() => delete window.showSaveFilePicker);
  page = (await openSite(browser.context, server.url)).page;
  assert.equal(await openFiles(page, [join(vectorsDir, "ntfs-two.wim")]), "ready");
  // Image 1 is the volume the manifest describes (2, the boot image, is
  // its edit).
  await page.selectOption('select[aria-label="Image"]', "1");
  await page.waitForFunction(() => document.getElementById("app").dataset.state === "ready" && document.querySelector(".crumbs .crumb")?.textContent === "Image 1");
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The listing's drawn rows' names, top down. */
const names = () => page.locator(".listing-spacer .lrow .c-name .name").allInnerTexts();
const activeName = () => page.locator(".listing-spacer .lrow.active .name").innerText();
const crumbs = () => page.locator(".crumbs .crumb").allInnerTexts();
/** Waits for the listing to have drawn rows after an action. */
async function settle(first) {
  await page.waitForFunction((f) => {
    const n = document.querySelector(".listing-spacer .lrow .name");
    return n && (f === undefined || n.textContent === f);
  }, first);
}

test("the root's contents are listed, folders first, with columns", async () => {
  await settle();
  const rootKids = base.entries.filter((e) => e.path.lastIndexOf("/") === 0 && e.path !== "/");
  const dirs = rootKids.filter((e) => e.type === "dir").map((e) => e.path.slice(1));
  const shown = await names();
  assert.deepEqual(shown.slice(0, dirs.length).sort(), dirs.sort());
  assert.equal(shown.length, rootKids.length);
  assert.deepEqual(await page.locator(".lhead [role=columnheader]").allInnerTexts(), ["Name", "Size", "Stored", "Modified", "Attributes", "SHA-1"]);
  assert.equal(await page.locator('.lhead [data-key="name"]').getAttribute("aria-sort"), "ascending");
  assert.deepEqual(await crumbs(), ["Image 1"]);
});

test("keys: arrows, type-ahead, Enter into a folder, Backspace up, Home/End", async () => {
  await page.locator(".listing-body").focus();
  await page.keyboard.type("win");
  await page.waitForFunction(() => document.querySelector(".listing-spacer .lrow.active .name")?.textContent === "Windows");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => [...document.querySelectorAll(".crumbs .crumb")].map((c) => c.textContent).join("/") === "Image 1/Windows");
  // The tree followed, and the keyboard stayed in the listing.
  assert.equal(await page.locator(".tree .tree-row.active .name").innerText(), "Windows");
  assert.equal(await page.evaluate(() => document.activeElement?.className), "listing-body");
  await settle();
  const kids = base.entries.filter((e) => e.path.startsWith("/Windows/") && e.path.lastIndexOf("/") === "/Windows".length);
  await page.keyboard.press("End");
  const last = kids.filter((e) => e.type === "file").map((e) => e.path.split("/").at(-1)).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())).at(-1);
  await page.waitForFunction((n) => document.querySelector(".listing-spacer .lrow.active .name")?.textContent === n, last);
  // A file made active shows its details.
  await page.waitForFunction((n) => document.querySelector("#panel-details .entry-name")?.textContent?.includes(n), last);
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.locator(".listing-spacer .lrow.active").getAttribute("aria-rowindex"), "3");
  await page.keyboard.press("Backspace");
  await page.waitForFunction(() => [...document.querySelectorAll(".crumbs .crumb")].map((c) => c.textContent).join("/") === "Image 1");
});

test("sorting by size across the image lists the largest files first", async () => {
  await page.getByRole("button", { name: "Largest files" }).click();
  const files = base.entries.filter((e) => e.type === "file" && !e.reparse).sort((a, b) => b.size - a.size);
  await settle(files[0].path.split("/").at(-1));
  assert.equal(await page.locator('.lhead [data-key="size"]').getAttribute("aria-sort"), "descending");
  assert.deepEqual(await crumbs(), ["Image 1", "Largest files"]);
  // Again: the smallest first.
  await page.locator('.lhead [data-key="size"] button').click();
  assert.equal(await page.locator('.lhead [data-key="size"]').getAttribute("aria-sort"), "ascending");
  await page.locator('.lhead [data-key="size"] button').click();
  await settle(files[0].path.split("/").at(-1));
  // The breadcrumb goes back to the root's folder.
  await page.locator(".crumbs .crumb", { hasText: "Image 1" }).click();
  await page.waitForFunction(() => document.querySelectorAll(".crumbs .crumb").length === 1);
});

test("a folder's listing exports as CSV with every entry below it", async () => {
  // Into Program Files through the tree, with its subfolders.
  await page.locator(".tree [role=treeitem]", { hasText: "Program Files" }).first().click();
  await page.waitForFunction(() => [...document.querySelectorAll(".crumbs .crumb")].at(-1)?.textContent === "Program Files");
  await page.locator(".listing-actions label", { hasText: "Subfolders" }).locator("input").check();
  const { name, bytes } = await download(page, () => page.getByRole("button", { name: "Export CSV" }).click());
  assert.equal(name, "Program Files-all.csv");
  const lines = bytes.toString("utf8").split("\r\n").filter(Boolean);
  assert.equal(lines[0], "path,size,stored,created,modified,accessed,attributes,sha1");
  const want = base.entries.filter((e) => e.path.startsWith("/Program Files/"));
  assert.equal(lines.length - 1, want.length);
  const byPath = new Map(want.map((e) => [e.path, e]));
  for (const line of lines.slice(1)) {
    // The vector's names hold no commas or quotes: a plain split reads them.
    const [path, size, , , modified, , attributes, sha1] = line.split(",");
    const e = byPath.get(path);
    assert.ok(e, `${path} is not below /Program Files in the volume`);
    assert.equal(Number(attributes.includes("DIRECTORY")), Number(e.type === "dir"), path);
    if (e.type === "file" && !e.reparse) {
      assert.equal(Number(size), e.size, path);
      if (e.size) assert.equal(sha1, e.sha1, path);
    }
    assert.match(modified, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  }
});

test("a search's hits are listed and export as JSON", async () => {
  await page.locator('input[type="search"]').fill("*.exe");
  await page.waitForFunction(() => document.querySelector(".crumbs .crumb:last-of-type")?.textContent === "Search: *.exe");
  await page.locator(".listing-actions input[type=checkbox]").uncheck();
  const { name, bytes } = await download(page, () => page.getByRole("button", { name: "Export JSON" }).click());
  assert.equal(name, "search.json");
  const rows = JSON.parse(bytes.toString("utf8"));
  const want = base.entries.filter((e) => e.path.toLowerCase().endsWith(".exe")).map((e) => e.path);
  assert.deepEqual(rows.map((r) => r.path).sort(), want.sort());
  assert.deepEqual(Object.keys(rows[0]), ["path", "size", "stored", "created", "modified", "accessed", "attributes", "sha1"]);
  // Clearing the search lists the folder again.
  await page.locator('input[type="search"]').fill("");
  await page.waitForFunction(() => !document.querySelector(".crumbs .crumb:last-of-type")?.textContent.startsWith("Search"));
});

test("a file chosen in the tree is the active row of its folder's listing", async () => {
  const windows = page.locator(".tree [role=treeitem]", { hasText: /^.*Windows/ }).filter({ has: page.locator(".name", { hasText: /^Windows$/ }) });
  await windows.click();
  if ((await windows.getAttribute("aria-expanded")) !== "true") await page.keyboard.press("ArrowRight");
  await page.locator(".tree [role=treeitem] .name", { hasText: /^notepad\.exe$/ }).first().click();
  await page.waitForFunction(() => document.querySelector(".listing-spacer .lrow.active .name")?.textContent === "notepad.exe");
  assert.deepEqual(await crumbs(), ["Image 1", "Windows"]);
});
