// End-to-end: a hostile image nesting folders thousands of levels deep
// opens in the page (the engine runs Go on the JS engine's call stack, which
// recursion that deep overflowed), and one past wimlib's 16,384 levels says
// so in a banner, leaving the engine able to open the next file. The page
// draws an image's first rows before reading the rest of its metadata:
// damage found afterwards still fails the image.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launch, openSite, serve } from "./harness.mjs";
import { bannerTexts, openFiles, vectors, vectorsDir } from "./inspector.mjs";

/** An uncompressed one-image WIM whose root holds a folder "d" holding a
 * folder "d", depth folders in all (the layout of internal/wimtest). With
 * tamper, the deepest is renamed "e" after its metadata was hashed. */
function nestedWim(depth, { tamper = false } = {}) {
  const dentry = (name, subdir) => {
    const n = Buffer.from(name, "utf16le");
    const len = (102 + n.length + (n.length ? 2 : 0) + 7) & ~7;
    const d = Buffer.alloc(len);
    d.writeBigUInt64LE(BigInt(len), 0);
    d.writeUInt32LE(0x10, 8); // DIRECTORY
    d.writeUInt32LE(0xffffffff, 12); // no security descriptor
    d.writeBigUInt64LE(BigInt(subdir), 16);
    d.writeUInt16LE(n.length, 100);
    n.copy(d, 102);
    return d;
  };
  const security = Buffer.from([8, 0, 0, 0, 0, 0, 0, 0]);
  const root = dentry("", 0);
  const child = dentry("d", 0).length;
  const list = child + 8; // one entry and the end marker
  const first = security.length + root.length;
  const parts = [security, root];
  root.writeBigUInt64LE(BigInt(first), 16);
  for (let i = 0; i < depth; i++) {
    const at = first + i * list;
    parts.push(dentry("d", i + 1 < depth ? at + list : 0), Buffer.alloc(8));
  }
  const md = Buffer.concat(parts);
  const xml = Buffer.from('\ufeff<WIM><IMAGE INDEX="1"><NAME>deep</NAME></IMAGE></WIM>', "utf16le");
  const table = Buffer.alloc(50);
  table.writeBigUInt64LE(BigInt(md.length) | (2n << 56n), 0); // metadata
  table.writeBigUInt64LE(208n, 8);
  table.writeBigUInt64LE(BigInt(md.length), 16);
  table.writeUInt16LE(1, 24);
  table.writeUInt32LE(1, 26);
  createHash("sha1").update(md).digest().copy(table, 30);
  if (tamper) md.write("e", md.length - 8 - child + 102, "utf16le");
  const h = Buffer.alloc(208);
  h.write("MSWIM\0\0\0", 0, "latin1");
  h.writeUInt32LE(208, 8);
  h.writeUInt32LE(0x10d00, 12);
  h.writeUInt16LE(1, 40);
  h.writeUInt16LE(1, 42);
  h.writeUInt32LE(1, 44);
  const reshdr = (at, off, size, flags) => {
    h.writeBigUInt64LE(BigInt(size) | (BigInt(flags) << 56n), at);
    h.writeBigUInt64LE(BigInt(off), at + 8);
    h.writeBigUInt64LE(BigInt(size), at + 16);
  };
  reshdr(48, 208 + md.length, table.length, 2);
  reshdr(72, 208 + md.length + table.length, xml.length, 0);
  return Buffer.concat([h, md, table, xml]);
}

let server, browser, page, scratch;

before(async () => {
  server = await serve();
  browser = await launch();
  page = (await openSite(browser.context, server.url)).page;
  scratch = mkdtempSync(join(tmpdir(), "wimlens-deep-"));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test("10,000 nested folders open and show the tree", async () => {
  const p = join(scratch, "deep.wim");
  writeFileSync(p, nestedWim(10_000));
  const state = await openFiles(page, [p]);
  assert.equal(state, "ready", (await bannerTexts(page)).join("\n"));
  const rows = await page.locator(".tree [role=treeitem]").allInnerTexts();
  assert.equal(rows.length, 1);
  assert.match(rows[0], /^d$/m);
  // The whole image parsed (ready comes after it), and the row's details show.
  await page.waitForFunction(() => document.getElementById("panel-details")?.innerText.includes("/d"));
});

test("one level past 16,384 is a clear error, and the next file opens", async () => {
  const p = join(scratch, "too-deep.wim");
  writeFileSync(p, nestedWim(16_385));
  assert.equal(await openFiles(page, [p]), "failed");
  assert.match((await bannerTexts(page)).join("\n"), /nested deeper than 16384 levels/);
  const v = vectors()[0];
  assert.equal(await openFiles(page, v.files.map((f) => join(vectorsDir, f))), "ready", (await bannerTexts(page)).join("\n"));
});

test("metadata that does not hash to its name: the image fails after its first rows", async () => {
  const p = join(scratch, "tampered.wim");
  writeFileSync(p, nestedWim(50, { tamper: true }));
  assert.equal(await openFiles(page, [p]), "failed");
  assert.match((await bannerTexts(page)).join("\n"), /SHA-1|checksum|damaged|corrupt/i);
  assert.equal(await page.locator(".tree [role=treeitem]").count(), 0);
  assert.match(await page.locator("#panel-details").innerText(), /cannot be browsed/);
});

test("16,384 nested folders: search walks them all, and Compare pairs them level by level", async () => {
  const deepest = join(scratch, "deepest.wim");
  const shorter = join(scratch, "shorter.wim");
  writeFileSync(deepest, nestedWim(16_384));
  writeFileSync(shorter, nestedWim(16_383));
  assert.equal(await openFiles(page, [deepest]), "ready", (await bannerTexts(page)).join("\n"));
  // No entry is named so: the search walks the whole tree to say so.
  await page.locator('input[type="search"]').fill("e");
  await page.waitForFunction(() => document.querySelector(".results-pane")?.getAttribute("data-query") === "e");
  assert.equal(await page.locator(".hit").count(), 0);
  await page.locator('input[type="search"]').fill("");

  // Against the same chain one folder shorter, the deepest folder is the
  // one change.
  await page.locator("#tab-compare").click();
  await page.setInputFiles("#diff-file-input", [shorter]);
  const with_ = page.locator('select[aria-label="Compare with"]');
  await with_.locator('option[value="2:1"]').waitFor({ state: "attached" });
  await with_.selectOption("2:1");
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await page.locator(".diff-summary").waitFor();
  const counts = {};
  for (const kind of ["A", "D", "M", "R"]) counts[kind] = Number(await page.locator(`[data-count="${kind}"]`).innerText());
  assert.deepEqual(counts, { A: 0, D: 1, M: 0, R: 0 });
  assert.equal(await page.locator(".diff-row").getAttribute("data-path"), "/d".repeat(16_384));
  assert.deepEqual(await bannerTexts(page), []);
});
