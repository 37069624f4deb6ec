// End-to-end: deep links, copy actions and search filters. The fragment
// follows what is viewed; a reloaded page that is given the same file again
// lands where the link says; back and forward move through the places;
// Copy path and Copy SHA-1 put the right text on the clipboard; a filtered
// search finds what the CLI finds, and its results stay while one is open.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launch, openSite, serve } from "./harness.mjs";
import { bannerTexts, openFiles, reveal, vectors, vectorsDir } from "./inspector.mjs";

const TWO = join(vectorsDir, "ntfs-two.wim");
const GUID = vectors()
  .find((v) => v.name === "ntfs-two")
  .guid.replace(/^0x/, "");
const HOSTS = "/Windows/System32/drivers/etc/hosts";

let server, browser, site, page;

before(async () => {
  server = await serve();
  browser = await launch();
  await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(server.url).origin });
  site = await openSite(browser.context, server.url);
  page = site.page;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const hash = () => page.evaluate(() => decodeURIComponent(location.hash));
const detailsPath = () => page.locator(".details").getAttribute("data-path");
const waitDetails = (p) => page.waitForFunction((p) => document.querySelector(".details")?.getAttribute("data-path") === p, p);
const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
/** Loads the page afresh with a fragment, as a link followed does (a goto
 * that changes only the fragment would stay in the document). */
async function visit(fragment) {
  await page.goto("about:blank");
  await page.goto(server.url + fragment);
  await page.waitForFunction(() => document.querySelector(".topbar") !== null);
}

test("the fragment follows a deep file, and the same file picked after a reload lands there", async () => {
  assert.equal(await openFiles(page, [TWO]), "ready");
  await reveal(page, HOSTS);
  assert.equal(await hash(), `#wim=${GUID}&image=2&path=${HOSTS}&tab=details`);
  await page.reload();
  await page.waitForFunction(() => document.querySelector(".welcome") !== null);
  assert.match(await page.locator(".link-note").innerText(), /This link leads to \/Windows\/System32\/drivers\/etc\/hosts in image 2/);
  assert.equal(await openFiles(page, [TWO]), "ready");
  await waitDetails(HOSTS);
  assert.equal(await page.locator('[role="treeitem"][aria-selected="true"] .name').innerText(), "hosts");
  assert.equal(await hash(), `#wim=${GUID}&image=2&path=${HOSTS}&tab=details`);
});

test("a link into another image and tab, with a hostile name, lands there", async () => {
  const path = "/Odd/names/invoice\u202etxt.exe";
  await visit(`#wim=${GUID}&image=1&path=${encodeURIComponent(path)}&tab=preview`);
  assert.equal(await openFiles(page, [TWO]), "ready");
  await waitDetails(path);
  assert.equal(await page.locator('[role="tab"][aria-selected="true"]').innerText(), "Preview");
  assert.deepEqual(site.dialogs, []);
  // Image 2 through the fragment alone, as a hand-edited link would.
  await page.evaluate(() => (location.hash = location.hash.replace("image=1", "image=2").replace(/&path=[^&]*/, "&path=/Windows/System32/drivers/etc/hosts")));
  await waitDetails(HOSTS);
  assert.equal(await page.locator('select[aria-label="Image"]').inputValue(), "2");
});

test("a link whose path the file lacks says so and shows the deepest folder of it", async () => {
  await visit(`#wim=${GUID}&image=1&path=/Windows/System32/no-such.dll&tab=details`);
  assert.equal(await openFiles(page, [TWO]), "ready");
  await waitDetails("/Windows/System32");
  const warns = await bannerTexts(page, "warn");
  assert.ok(warns.some((w) => /Not in this image/.test(w) && /\/Windows\/System32\/no-such\.dll/.test(w)), warns.join("\n"));
  // A link made from another file opens this one at its start, and says so.
  await visit(`#wim=${"0".repeat(32)}&image=1&path=${HOSTS}`);
  assert.equal(await openFiles(page, [TWO]), "ready");
  assert.ok((await bannerTexts(page, "warn")).some((w) => /The link is for another file/.test(w)));
  assert.notEqual(await detailsPath(), HOSTS);
});

test("back and forward move through entries and tabs", async () => {
  await visit("");
  assert.equal(await openFiles(page, [TWO]), "ready");
  await reveal(page, HOSTS);
  await page.locator("#tab-archive").click();
  await page.waitForTimeout(1100); // past the window in which moves fold into one entry
  await reveal(page, "/Windows/notepad.exe");
  assert.match(await hash(), /path=\/Windows\/notepad\.exe&tab=details$/);
  await page.goBack();
  await page.waitForFunction(() => location.hash.endsWith("tab=archive"));
  await page.waitForFunction(() => document.querySelector("#tab-archive")?.getAttribute("aria-selected") === "true");
  await waitDetails(HOSTS);
  await page.goBack();
  await page.waitForFunction(() => document.querySelector("#tab-details")?.getAttribute("aria-selected") === "true");
  assert.equal(await detailsPath(), HOSTS);
  await page.goForward();
  await page.waitForFunction(() => document.querySelector("#tab-archive")?.getAttribute("aria-selected") === "true");
  await page.goForward();
  await waitDetails("/Windows/notepad.exe");
  assert.equal(await page.locator('[role="treeitem"][aria-selected="true"] .name').innerText(), "notepad.exe");
});

test("Copy path, Copy SHA-1 and Copy link in the details and the tree's menu", async () => {
  await reveal(page, HOSTS);
  const copy = async (name) => {
    await page.locator(".details .copy-actions").getByRole("button", { name, exact: true }).click();
    await page.waitForFunction(() => /^Copied/.test(document.querySelector(".copy-status")?.textContent ?? ""));
    return clipboard();
  };
  assert.equal(await copy("Copy path"), "\\Windows\\System32\\drivers\\etc\\hosts");
  assert.equal(await copy("Copy POSIX path"), HOSTS);
  const sha1 = await page.locator(".details .streams code.hash").first().innerText();
  assert.match(sha1, /^[0-9a-f]{40}$/);
  assert.equal(await copy("Copy SHA-1"), sha1);
  const link = await copy("Copy link");
  assert.equal(link, `${server.url}#wim=${GUID}&image=2&path=/Windows/System32/drivers/etc/hosts&tab=details`);
  // A folder has no SHA-1 to copy.
  await reveal(page, "/Windows/System32/drivers/etc");
  assert.equal(await page.locator(".details .copy-actions").getByRole("button", { name: "Copy SHA-1" }).isDisabled(), true);
  // The tree's context menu, by the keyboard.
  await page.locator('[role="tree"]').focus();
  await page.keyboard.press("Shift+F10");
  const menu = page.getByRole("menu", { name: "Copy" });
  await menu.waitFor();
  await menu.getByRole("menuitem", { name: "Copy POSIX path" }).click();
  await page.waitForFunction(() => document.querySelector(".copy-menu") === null);
  assert.equal(await clipboard(), "/Windows/System32/drivers/etc");
  // And by a right click on another row.
  await page.keyboard.press("ArrowRight"); // opens etc
  await page.locator('[role="treeitem"]', { hasText: "hosts" }).first().click({ button: "right" });
  await menu.getByRole("menuitem", { name: "Copy path", exact: true }).click();
  assert.equal(await clipboard(), "\\Windows\\System32\\drivers\\etc\\hosts");
});

test("a filtered search finds what the CLI finds, and its list survives opening a hit", async () => {
  await page.locator('input[type="search"]').fill("");
  await page.getByRole("button", { name: "Filters", exact: true }).click();
  await page.getByRole("checkbox", { name: "with named streams" }).check();
  await page.waitForFunction(() => document.querySelector(".results-pane")?.getAttribute("data-query") === "");
  const paths = () => page.locator(".hit").evaluateAll((els) => els.map((e) => e.getAttribute("data-path")));
  // wimlens search ntfs-two.wim 2 "" --streams (2: the boot image, shown first)
  assert.deepEqual(await paths(), [
    "/Odd/streams/many-streams.txt",
    "/Program Files/App/app.exe",
    "/Users/Default/NTUSER.DAT",
    "/Users/Public",
    "/Users/Public/Documents/readme.txt",
    "/Users/Public/Downloads/setup.exe",
  ]);
  await page.locator('input[type="search"]').fill("exe");
  await page.waitForFunction(() => document.querySelector(".results-pane")?.getAttribute("data-query") === "exe");
  assert.deepEqual(await paths(), ["/Program Files/App/app.exe", "/Users/Public/Downloads/setup.exe"]);
  // A bad SHA-1 is said, and the search waits for a good one.
  await page.getByRole("textbox", { name: "SHA-1 of the contents" }).fill("abc");
  assert.match(await page.locator(".filter-error").innerText(), /40 hexadecimal digits/);
  await page.getByRole("textbox", { name: "SHA-1 of the contents" }).fill("");
  await page.getByRole("button", { name: "Clear filters" }).click();
  // Many hits, scrolled: opening one keeps the list and the query.
  await page.getByRole("textbox", { name: "Smallest size" }).fill("1");
  await page.getByRole("combobox", { name: "Unit of the smallest size" }).selectOption("bytes");
  await page.locator('input[type="search"]').fill("");
  await page.waitForFunction(() => document.querySelector(".results-head")?.textContent?.startsWith("1,000+"));
  assert.equal(await page.getByRole("button", { name: /^Filters \(1\)$/ }).count(), 1);
  const pane = page.locator(".results-pane");
  await pane.evaluate((e) => (e.scrollTop = 4000));
  const scrolled = await pane.evaluate((e) => e.scrollTop);
  const first = await pane.evaluate((e) => [...e.querySelectorAll(".hit")].findIndex((h) => h.getBoundingClientRect().top > e.getBoundingClientRect().top + 40));
  const hit = page.locator(".hit").nth(first);
  const path = await hit.getAttribute("data-path");
  await hit.click();
  await waitDetails(path);
  assert.equal(await pane.isVisible(), true);
  assert.equal(await hit.getAttribute("aria-current"), "true");
  // In the tree, Escape comes back to the same list, scrolled as it was.
  await hit.dblclick();
  await page.waitForFunction((p) => document.querySelector(".back-to-results")?.getAttribute("data-path") === p, path);
  assert.equal(await pane.count(), 0);
  await page.keyboard.press("Escape");
  await pane.waitFor();
  assert.equal(await pane.evaluate((e) => e.scrollTop), scrolled);
  assert.equal(await page.getByRole("textbox", { name: "Smallest size" }).inputValue(), "1");
  assert.equal(await page.locator(".hit[aria-current=true]").getAttribute("data-path"), path);
  // → on the focused hit is the keyboard's double click.
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction((p) => document.querySelector(".back-to-results")?.getAttribute("data-path") === p, path);
  await page.keyboard.press("Escape");
  await pane.waitFor();
  // And the back bar does the same.
  await hit.dblclick();
  await page.getByRole("button", { name: /^Back to 1,000\+ results$/ }).click();
  await pane.waitFor();
  assert.deepEqual(site.dialogs, []);
  assert.deepEqual(site.errors, []);
});

test("a place inside a WIM opened in the file (Open as WIM) is a link too", async () => {
  const outer = join(vectorsDir, "windows-image", "windows.wim");
  const winre = "/Windows/System32/Recovery/Winre.wim";
  const software = "/Windows/System32/config/SOFTWARE";
  await visit("");
  assert.equal(await openFiles(page, [outer]), "ready");
  await reveal(page, winre);
  await page.getByRole("button", { name: "Open as WIM" }).click();
  await page.waitForFunction(() => (document.querySelector(".level-tabs [aria-selected=true]")?.textContent ?? "").includes("Winre.wim"));
  await page.waitForFunction(() => document.getElementById("app")?.dataset.state === "ready");
  await page.waitForTimeout(1100);
  await reveal(page, software);
  const inner = `in=1:${winre}&image=1&path=${software}&tab=details`;
  assert.match(await hash(), new RegExp(`^#wim=[0-9a-f]{32}&${inner.replaceAll(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`));
  // Back: Winre.wim's first row, then the file's own level, where
  // Winre.wim was chosen.
  await page.goBack();
  await waitDetails("/Windows");
  await page.goBack();
  await page.waitForFunction(() => (document.querySelector(".level-tabs [aria-selected=true]")?.textContent ?? "") === "windows.wim");
  await waitDetails(winre);
  // Reloaded and given the file again, the page opens Winre.wim in it and
  // lands on the same entry.
  await page.goForward();
  await waitDetails("/Windows");
  await page.goForward();
  await waitDetails(software);
  await page.reload();
  await page.waitForFunction(() => document.querySelector(".welcome") !== null);
  assert.equal(await openFiles(page, [outer]), "ready");
  await waitDetails(software);
  assert.equal(await page.locator(".level-tabs [aria-selected=true]").innerText(), "windows.wim › Winre.wim");
  assert.match(await hash(), new RegExp(`&in=1:${winre.replaceAll(".", "\\.")}&`));
  assert.deepEqual(site.errors, []);
});
