// End-to-end: files that would stop the page's engine. A metadata
// resource claiming 4 GiB is refused before anything is allocated; an
// engine that dies all the same (here out of memory, in a browser that
// gives a page's wasm 512 MiB) ends in a banner saying so, never in a
// stuck "Opening…", and the next file opens in a fresh engine; so does an
// exception escaping the engine (a trap's, a stack overflow's). Run with
// `make e2e`.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launch, openSite, repoRoot, serve } from "./harness.mjs";
import { bannerTexts, openFiles, vectorsDir } from "./inspector.mjs";

let server, scratch;

before(async () => {
  server = await serve();
  scratch = mkdtempSync(join(tmpdir(), "wimlens-e2e-engine-"));
});

after(async () => {
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** A WIM whose image metadata claims `claimed` bytes (internal/wimtest). */
function metadataBomb(name, claimed, fileBytes) {
  const out = join(scratch, name);
  execFileSync("go", ["run", "./internal/wimtest/craft", "metadata-bomb", String(claimed), String(fileBytes), out], { cwd: repoRoot });
  return out;
}

const good = join(vectorsDir, "ntfs-xpress-4k.wim");

test("a metadata resource claiming 4 GiB from 27 MB: a banner, and the engine goes on", async () => {
  const bomb = metadataBomb("bomb.wim", 4 * 2 ** 30, 27 * 2 ** 20);
  const browser = await launch();
  try {
    const { page, errors } = await openSite(browser.context, server.url);
    assert.equal(await openFiles(page, [bomb]), "failed");
    const [banner] = await bannerTexts(page);
    assert.match(banner, /damaged or malformed/);
    assert.match(banner, /image 1 metadata: .*4,294,967,296 bytes uncompressed, over the limit of 1,073,741,824 bytes \(1 GiB\)/);
    assert.match(await page.locator(".left").innerText(), /No file tree: image 1 could not be read\./);
    assert.equal(await openFiles(page, [good]), "ready");
    assert.deepEqual(await bannerTexts(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("an engine that runs out of memory: a banner says so, and the next file opens in a fresh engine", async () => {
  // 900 MiB of metadata is within the core's bounds; the engine cannot
  // have it in a browser that gives a page's wasm 512 MiB.
  const kill = metadataBomb("kill.wim", 900 * 2 ** 20, 2 * 2 ** 20);
  const browser = await launch({ args: [`--js-flags=--wasm-max-mem-pages=${(512 * 2 ** 20) / 65536}`] });
  try {
    const { page } = await openSite(browser.context, server.url);
    assert.equal(await openFiles(page, [good]), "ready");
    assert.equal(await openFiles(page, [kill]), "failed");
    const banners = await bannerTexts(page);
    assert.equal(banners.length, 1, banners.join("\n"));
    assert.match(banners[0], /^The engine stopped/);
    assert.match(banners[0], /The engine ran out of memory \(fatal error: out of memory\)/);
    assert.match(banners[0], /The next file opens in a fresh engine/);
    // The header and XML were read before the image's metadata killed it.
    assert.match(await page.locator("#panel-archive").innerText(), /File\s+kill\.wim/);
    assert.match(await page.locator(".left").innerText(), /The engine stopped: open the file again to browse it\./);
    await page.getByRole("button", { name: "Open again" }).waitFor();
    assert.equal(await openFiles(page, [good]), "ready");
    assert.deepEqual(await bannerTexts(page), []);
    assert.ok((await page.locator(".tree [role=treeitem]").count()) > 0);
  } finally {
    await browser.close();
  }
});

test("an exception escaping the engine's worker: a banner says what, and a fresh engine opens the next file", async () => {
  // What a trap or a stack overflow inside the engine throws, thrown in its
  // worker: no hostile file reaches one today, so the test raises it.
  const browser = await launch();
  try {
    const { page } = await openSite(browser.context, server.url);
    assert.equal(await openFiles(page, [good]), "ready");
    const engine = page.workers().find((w) => /\/worker[^/]*\.js$/.test(w.url()));
    assert.ok(engine, page.workers().map((w) => w.url()).join(", "));
    await engine.evaluate(() =>
      setTimeout(() => {
        throw new RangeError("Maximum call stack size exceeded");
      }),
    );
    await page.waitForFunction(() => document.getElementById("app")?.dataset.state === "failed");
    const banners = await bannerTexts(page);
    assert.equal(banners.length, 1, banners.join("\n"));
    assert.match(banners[0], /^The engine stopped/);
    assert.match(banners[0], /The engine ran out of stack \(RangeError: Maximum call stack size exceeded\)/);
    // The files it had opened open again in the fresh engine.
    await page.getByRole("button", { name: "Open again" }).click();
    await page.waitForFunction(() => document.getElementById("app")?.dataset.state === "ready");
    assert.ok((await page.locator(".tree [role=treeitem]").count()) > 0);
  } finally {
    await browser.close();
  }
});
