// End-to-end: the Compare tab, on the two images of ntfs-two.wim and on
// one of them against a second file. Run with `make e2e`.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launch, openSite, serve } from "./harness.mjs";
import { download, openFiles, vectorsDir } from "./inspector.mjs";

let server, browser, page;

// Without service workers, so downloads take the way of a browser that has
// none: the page gathers a Blob (the inspector's tests stream them).
before(async () => {
  server = await serve();
  browser = await launch({ noServiceWorkers: true });
  ({ page } = await openSite(browser.context, server.url));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The Compare tab's panel: other panes have Export buttons too. */
const inCompare = () => page.getByRole("tabpanel", { name: "Compare" });

/** Compares the browsed image with the choice named value ("FILE:IMAGE")
 * and returns the summary's counts by kind. */
async function compare(value) {
  await page.locator('select[aria-label="Compare with"]').selectOption(value);
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await page.locator(".diff-summary").waitFor();
  const counts = {};
  for (const kind of ["A", "D", "M", "R"]) counts[kind] = Number(await page.locator(`[data-count="${kind}"]`).innerText());
  return counts;
}

/** Opens ntfs-two.wim and browses image 1 (it opens on its boot image, 2). */
async function openBase() {
  assert.equal(await openFiles(page, [join(vectorsDir, "ntfs-two.wim")]), "ready");
  await page.locator('select[aria-label="Image"]').selectOption("1");
  await page.waitForFunction(() => document.getElementById("app")?.dataset.state === "ready");
  await page.locator("#tab-compare").click();
}

const want = { A: 4, D: 4, M: 3, R: 2 }; // cli/diff_test.go lists them

test("image 1 against image 2 of the same file", async () => {
  await openBase();
  assert.deepEqual(await compare("1:2"), want);
  assert.equal(await page.locator(".diff-row").count(), 13);

  // The ACL change shows as two different SDDL strings.
  await page.locator('.diff-row[data-path="/Program Files/App/app.exe"]').click();
  const before = await page.locator(".sddl-old").innerText();
  const after = await page.locator(".sddl-new").innerText();
  assert.match(before, /^O:/);
  assert.match(after, /^O:/);
  assert.notEqual(before, after);

  // Either version downloads (the change is the ACL, not the bytes).
  const old = await download(page, () => page.getByRole("button", { name: "Download old" }).click());
  const neu = await download(page, () => page.getByRole("button", { name: "Download new" }).click());
  assert.equal(old.name, "app.exe");
  assert.match(old.url, /^blob:/);
  assert.ok(old.bytes.length > 0);
  assert.deepEqual(neu.bytes, old.bytes);

  // Filters by kind and folder narrow the list.
  await page.locator('input[data-kind="A"]').uncheck();
  assert.equal(await page.locator(".diff-row").count(), 9);
  await page.locator('select[aria-label="Folder"]').selectOption("/Windows");
  assert.equal(await page.locator(".diff-row").count(), 1);

  // CSV export: a header and a row per change, whatever the filters.
  const csv = await download(page, () => inCompare().getByRole("button", { name: "Export CSV" }).click());
  assert.equal(csv.name, "diff.csv");
  assert.equal(csv.bytes.toString().trimEnd().split("\r\n").length, 14);
  const json = await download(page, () => inCompare().getByRole("button", { name: "Export JSON" }).click());
  assert.deepEqual(JSON.parse(json.bytes.toString()).summary.added, 4);
});

test("image 1 against a second file", async () => {
  await openBase();
  await page.setInputFiles("#diff-file-input", [join(vectorsDir, "ntfs-edited-xpress.wim")]);
  await page.locator('select[aria-label="Compare with"] option[value="2:1"]').waitFor({ state: "attached" });
  assert.deepEqual(await compare("2:1"), want);
  await page.locator('.diff-row[data-path="/Program Files/App/app.exe"]').click();
  const neu = await download(page, () => page.getByRole("button", { name: "Download new" }).click());
  assert.equal(neu.name, "app.exe");
  assert.notEqual(await page.locator(".sddl-old").innerText(), await page.locator(".sddl-new").innerText());
});

// The Windows view of a comparison: what changed in Windows between two
// images a month apart (testvectors/windows-diff; core/windiff's tests
// check each change against make.sh's list).
test("the Windows view of image 1 against image 2", async () => {
  assert.equal(await openFiles(page, [join(vectorsDir, "windows-diff", "pair.wim")]), "ready");
  await page.locator('select[aria-label="Image"]').selectOption("1");
  await page.waitForFunction(() => document.getElementById("app")?.dataset.state === "ready");
  await page.locator("#tab-compare").click();
  await compare("1:2");
  await page.getByRole("button", { name: "Windows", exact: true }).click();
  await page.locator(".windiff").waitFor();
  const text = (name) => page.locator(`.windiff-section[data-section="${name}"]`).innerText();
  assert.match(await text("Version"), /UBR\s+3803\s+4170/);
  assert.match(await text("Packages"), /OpenSSH-Client-Package\S*\s+staged\s+installed/);
  assert.match(await text("Services"), /wuauserv\s+manual\s+disabled\s+start/);
  assert.match(await text("Boot files"), /Microsoft UEFI CA 2023/);
  assert.match(await text("PE file versions"), /kernel32\.dll\s+5\.1\.2600\.2180\s+5\.1\.2600\.2200/);
  assert.match(await text("Registry"), /wimlensflt/);
  const csv = await download(page, () => inCompare().getByRole("button", { name: "Export CSV" }).click());
  assert.equal(csv.name, "windows-diff.csv");
  assert.match(csv.bytes.toString(), /^section,kind,item,old,new,detail\r\n/);
  const json = await download(page, () => inCompare().getByRole("button", { name: "Export JSON" }).click());
  assert.equal(JSON.parse(json.bytes.toString()).new.build, "19045.4170");
  // Back to the file list.
  await page.getByRole("button", { name: "Files", exact: true }).click();
  assert.ok(await page.locator(".diff-row").count() > 0);
});
