// What a person does on the page, as steps the end-to-end tests share:
// open files, find an entry, download, read what was saved.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, inflateRawSync } from "node:zlib";
import { repoRoot } from "./harness.mjs";

export const vectorsDir = join(repoRoot, "testvectors");

/** testvectors/vectors.json's list. */
export function vectors() {
  return JSON.parse(readFileSync(join(vectorsDir, "vectors.json"), "utf8")).vectors;
}

/** A testvectors manifest (the tree a vector was captured from). */
export function manifest(name) {
  return JSON.parse(gunzipSync(readFileSync(join(vectorsDir, "manifest", `${name}.json.gz`))).toString("utf8"));
}

/** Opens files through the file input and waits until the page has a tree
 * or has given up; returns the state. */
export async function openFiles(page, paths) {
  await page.setInputFiles("#file-input", paths);
  await page.waitForFunction(() => ["ready", "failed"].includes(document.getElementById("app")?.dataset.state ?? ""));
  return page.evaluate(() => document.getElementById("app").dataset.state);
}

export async function bannerTexts(page, level = "error") {
  return page.locator(`.banner.${level}`).allInnerTexts();
}

/** Finds an entry by its path with the search box and reveals it in the
 * tree (a double click on the hit: a click shows its details beside the
 * results), which selects it and shows its details. */
export async function reveal(page, path) {
  const search = page.locator('input[type="search"]');
  await search.fill(path);
  await page.waitForFunction((q) => document.querySelector(".results-pane")?.getAttribute("data-query") === q, path);
  // Paths are shown with invisible characters spelled out; data-path
  // holds them as they are.
  const hit = page.locator(".hit").filter({ has: page.locator(".path") });
  const paths = await hit.evaluateAll((els) => els.map((e) => e.getAttribute("data-path")));
  const i = paths.indexOf(path);
  if (i < 0) throw new Error(`no search hit is exactly ${path}: ${paths.join(", ")}`);
  await hit.nth(i).dblclick();
  await page.waitForFunction(
    (p) => document.querySelector(".back-to-results")?.getAttribute("data-path") === p && document.querySelector(".details")?.getAttribute("data-path") === p,
    path,
  );
}

/** Browses image of the open file, compares it with the choice value
 * ("FILE:IMAGE") in the Compare tab, and selects the change at path. */
export async function compareChange(page, image, value, path) {
  await page.locator('select[aria-label="Image"]').selectOption(image);
  await page.waitForFunction(() => document.getElementById("app")?.dataset.state === "ready");
  await page.locator("#tab-compare").click();
  await page.locator('select[aria-label="Compare with"]').selectOption(value);
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await page.locator(`.diff-row[data-path="${path}"]`).click();
}

/** Clicks what starts a download and returns the saved bytes, name, and
 * the address the browser saved from. */
export async function download(page, click) {
  const [dl] = await Promise.all([page.waitForEvent("download"), click()]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), bytes: readFileSync(path), url: dl.url() };
}

export function sha1(bytes) {
  return createHash("sha1").update(bytes).digest("hex");
}

/** The entries of a zip archive, from its central directory: name → bytes. */
export function unzip(buf) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error("not a zip: no end of central directory");
  let count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff) {
    // Zip64: the real values are in the zip64 end record.
    const z = buf.readUInt32LE(eocd - 20 + 8);
    count = Number(buf.readBigUInt64LE(z + 32));
    at = Number(buf.readBigUInt64LE(z + 48));
  }
  const out = new Map();
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    let size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    let local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString("utf8");
    const extra = buf.subarray(at + 46 + nameLen, at + 46 + nameLen + extraLen);
    for (let e = 0; e + 4 <= extra.length; e += 4 + extra.readUInt16LE(e + 2)) {
      if (extra.readUInt16LE(e) !== 1) continue;
      let f = e + 4;
      // Zip64 extra: present fields in order (uncompressed, compressed, offset).
      if (buf.readUInt32LE(at + 24) === 0xffffffff) f += 8;
      if (size === 0xffffffff) (size = Number(extra.readBigUInt64LE(f))), (f += 8);
      if (local === 0xffffffff) local = Number(extra.readBigUInt64LE(f));
    }
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + size);
    out.set(name, method === 8 ? inflateRawSync(raw) : raw);
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
