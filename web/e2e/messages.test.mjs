// End-to-end: what the page says about files it can only partly read — a
// truncated file, two different WIMs, a split WIM missing parts — and the
// Compare tab's first choice and the Archive tab's languages. Run with
// `make e2e`.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launch, openSite, serve } from "./harness.mjs";
import { bannerTexts, openFiles, reveal, vectors, vectorsDir } from "./inspector.mjs";

let server, browser, page, errors, scratch;
const vector = (name) => vectors().find((v) => v.name === name).files.map((f) => join(vectorsDir, f));

before(async () => {
  server = await serve();
  browser = await launch();
  ({ page, errors } = await openSite(browser.context, server.url));
  scratch = mkdtempSync(join(tmpdir(), "wimlens-e2e-messages-"));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Waits for the page to settle after adding files through a banner. */
async function settled() {
  await page.waitForFunction(() => ["ready", "failed"].includes(document.getElementById("app")?.dataset.state ?? ""));
  return page.evaluate(() => document.getElementById("app").dataset.state);
}

const grouped = (n) => n.toLocaleString("en-US");

test("a truncated file says how short it is, and its header is shown", async () => {
  const whole = readFileSync(vector("ntfs-none")[0]);
  const table = Number(whole.readBigUInt64LE(56)) + Number(whole.readBigUInt64LE(48) & 0xffffffffffffffn);
  const p = join(scratch, "cut.wim");
  writeFileSync(p, whole.subarray(0, 100000));
  assert.equal(await openFiles(page, [p]), "failed");
  const [banner] = await bannerTexts(page);
  assert.match(banner, /^The file is cut short/);
  assert.ok(
    banner.includes(`the file ends at 100,000 bytes but its blob table reaches ${grouped(table)}: the file is truncated (incomplete download?)`),
    banner,
  );
  const archive = await page.locator("#panel-archive").innerText();
  assert.doesNotMatch(archive, /Not even a header/);
  assert.match(archive, /Compression\s+None/);
});

test("two different WIMs picked together: said so, and one click compares them", async () => {
  assert.equal(await openFiles(page, [...vector("ntfs-two"), ...vector("7zip")]), "failed");
  const [banner] = await bannerTexts(page);
  assert.match(banner, /^These are two different WIMs/);
  assert.match(banner, /ntfs-two\.wim and 7zip\.wim are two different WIMs/);
  assert.doesNotMatch(banner, /damaged/);
  await page.getByRole("button", { name: "Open ntfs-two.wim and compare" }).click();
  await page.waitForFunction(() => document.querySelector('select[aria-label="Compare with"]')?.value === "2:1");
  assert.equal(await page.evaluate(() => document.getElementById("app").dataset.state), "ready");
  assert.equal(await page.locator("#tab-compare").getAttribute("aria-selected"), "true");
});

test("compare preselects an image other than the one browsed", async () => {
  // ntfs-two.wim opens on its boot image, 2.
  assert.equal(await openFiles(page, vector("ntfs-two")), "ready");
  assert.equal(await page.locator('select[aria-label="Image"]').inputValue(), "2");
  await page.locator("#tab-compare").click();
  assert.equal(await page.locator('select[aria-label="Compare with"]').inputValue(), "1:1");
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await page.locator(".diff-summary").waitFor();
  assert.ok((await page.locator(".diff-row").count()) > 0, "the images differ");
});

test("only part 1 of a split WIM: size unknown where the data is elsewhere, and the parts can be added", async () => {
  const parts = vector("ntfs-split");
  assert.equal(await openFiles(page, [parts[0]]), "ready");
  const [warn] = await bannerTexts(page, "warn");
  assert.match(warn, /Parts 2, 3 and 4 of 4 are not open\./);
  assert.match(warn, /"size unknown"/);
  // This file's data is stored in a later part (wimlens dir --detailed
  // says Missing = yes with part 1 alone).
  await reveal(page, "/Odd/attrs/normal.txt");
  await page.locator('input[type="search"]').fill("");
  const size = page.locator(".tree-row.active .size");
  assert.equal(await size.innerText(), "size unknown");
  assert.equal(await size.getAttribute("title"), "Size unknown: its data is in a part that isn't open");
  assert.match(await page.locator(".details").innerText(), /Size\s+size unknown: its data is in a part that isn't open/);
  // A part not given is no damage: no "!" badge, no Problem, here or in the
  // image's list (which does list the vector's backslash name).
  assert.equal(await page.locator(".tree-row.active .badge").count(), 0);
  assert.doesNotMatch(await page.locator(".details").innerText(), /Problems|not in the archive/);
  const problems = page.locator("#panel-archive .image-anomalies");
  await problems.waitFor({ state: "attached" });
  assert.match(await problems.textContent(), /backslash/);
  assert.doesNotMatch(await problems.textContent(), /missing-blob|not in the archive/);

  await page.getByRole("button", { name: "Add the missing parts…" }).waitFor();
  await page.setInputFiles("#add-parts-input", parts.slice(1));
  assert.equal(await settled(), "ready");
  assert.deepEqual(await bannerTexts(page, "warn"), []);
  assert.equal(await page.locator(".tree .size", { hasText: "size unknown" }).count(), 0);
});

test("parts 2 to 4 without part 1: the page says part 1 holds the tree, and takes it", async () => {
  const parts = vector("ntfs-split");
  // A search typed just before (it runs 200 ms after the last key) must
  // not put the last file's tree over what the pane says.
  await page.getByRole("searchbox", { name: "Search file names" }).fill("x");
  assert.equal(await openFiles(page, parts.slice(1)), "failed");
  await page.waitForTimeout(400);
  assert.match((await bannerTexts(page, "warn"))[0], /Part 1 of 4 is not open\. Part 1 holds the file tree/);
  assert.match(await page.locator(".left").innerText(), /Part 1 of this split WIM holds the file tree, and it isn't open\./);
  // The other parts carry the XML: the image is described all the same.
  assert.match(await page.locator("#panel-archive").innerText(), /Images\s+1, their file trees in part 1, which isn't open[\s\S]*Name\s+Windows 10 Pro/);
  await page.locator(".left").getByRole("button", { name: "Add part 1…" }).waitFor();
  await page.setInputFiles("#add-parts-input", [parts[0]]);
  assert.equal(await settled(), "ready");
  assert.ok((await page.locator(".tree [role=treeitem]").count()) > 0);
});

test("the Archive tab shows languages when the XML has only a default", async () => {
  const b = Buffer.from(readFileSync(vector("sample")[0]));
  const off = Number(b.readBigUInt64LE(80));
  const len = Number(b.readBigUInt64LE(88));
  const xml = b.subarray(off, off + len).toString("utf16le");
  const list = /(<LANGUAGE>[^<]*<\/LANGUAGE>)+/.exec(xml)[0];
  b.write(xml.replace(list, "<!--".padEnd(list.length - 3, " ") + "-->"), off, "utf16le");
  const p = join(scratch, "default-only.wim");
  writeFileSync(p, b);
  assert.equal(await openFiles(page, [p]), "ready");
  await page.locator("#tab-archive").click();
  assert.match(await page.locator("#panel-archive").innerText(), /Languages\s+none listed; default en-US/);
});

test("no page errors", () => assert.deepEqual(errors, []));
