// End-to-end: the Verify tab on several engines (web/src/verify-pool.ts),
// sharing a counter when the page is cross-origin isolated and splitting
// the shards without; either way the page's verdict and faults are those
// of `wimlens verify` on the same file. Run with `make e2e`.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launch, repoRoot, serve } from "./harness.mjs";
import { bannerTexts, openFiles, vectorsDir } from "./inspector.mjs";

let server, browser, scratch, cli, clean, damaged;

before(async () => {
  server = await serve();
  browser = await launch();
  scratch = mkdtempSync(join(tmpdir(), "wimlens-e2e-verify-"));
  cli = join(scratch, "wimlens");
  execFileSync("go", ["build", "-o", cli, "./cli"], { cwd: repoRoot, stdio: "inherit" });
  // An XPRESS capture with an integrity table: damage a few places among
  // its blobs, which also breaks the table.
  clean = join(vectorsDir, "ntfs-xpress-integrity.wim");
  damaged = join(scratch, "damaged.wim");
  const b = readFileSync(clean);
  for (const at of [b.length / 5, b.length / 3, b.length / 2]) b[Math.floor(at)] ^= 0x55;
  writeFileSync(damaged, b);
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** What `wimlens verify --json` says of path. */
function cliVerify(path) {
  try {
    return JSON.parse(execFileSync(cli, ["verify", "--json", path], { encoding: "utf8" }));
  } catch (err) {
    if (err.status !== 1 || !err.stdout) throw err; // 1: problems found, still reported
    return JSON.parse(err.stdout);
  }
}

/** A page on which navigator.hardwareConcurrency is cores; without
 * isolation its responses lose the COOP and COEP headers. */
async function pageWith(cores, { isolated = true } = {}) {
  const page = await browser.context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.addInitScript((n) => Object.defineProperty(Navigator.prototype, "hardwareConcurrency", { get: () => n }), cores);
  if (!isolated) {
    await page.route("**/*", async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers["cross-origin-opener-policy"];
      delete headers["cross-origin-embedder-policy"];
      await route.fulfill({ response, headers });
    });
  }
  await page.goto(server.url);
  await page.waitForFunction(() => document.querySelector(".topbar") !== null);
  assert.equal(await page.evaluate(() => crossOriginIsolated), isolated, "the page's cross-origin isolation");
  return { page, errors };
}

/** Verifies path on page and returns the verdict line, the faults' blob
 * names as listed, the panel's text, and how the engines worked. */
async function verifyIn(page, path) {
  assert.equal(await openFiles(page, [path]), "ready");
  await page.locator("#tab-verify").click();
  await page.getByRole("button", { name: "Verify all data" }).click();
  await page.locator(".verify-result").waitFor({ timeout: 60_000 });
  const panel = await page.locator("#panel-verify").innerText();
  return {
    verdict: await page.locator(".verify-result").innerText(),
    blobs: [...panel.matchAll(/blob ([0-9a-f]{12})…/gi)].map((m) => m[1].toLowerCase()),
    panel,
    engines: await page.locator(".verify").getAttribute("data-engines"),
    shared: await page.locator(".verify").getAttribute("data-shared"),
  };
}

/** The page's report agrees with the CLI's: verdict, blob count, every
 * fault once, and the integrity table's verdict. */
function sameAsCLI(got, want) {
  assert.equal(/Everything matches/.test(got.verdict), want.ok, got.verdict);
  assert.match(got.verdict, new RegExp(`\\b${want.blobs.toLocaleString("en-US")} blobs`));
  // Faults of blobs are listed by their names; others (of the archive or
  // an image's entries, say) name none.
  assert.deepEqual(got.blobs, want.faults.filter((f) => f.sha1).map((f) => f.sha1.slice(0, 12)));
  assert.equal(want.faults.filter((f) => !f.sha1).length, 0, "the vector's faults are all of blobs");
  assert.equal(want.integrity === "bad", got.panel.includes(want.integrityError?.message || "\0"), `${want.integrity}\n${got.panel}`);
}

test("four engines sharing a counter verify a clean file and a damaged copy as the CLI does", async () => {
  const { page, errors } = await pageWith(4);
  for (const path of [clean, damaged]) {
    const want = cliVerify(path);
    const got = await verifyIn(page, path);
    assert.equal(got.engines, "4");
    assert.equal(got.shared, "true");
    sameAsCLI(got, want);
    if (path === damaged) assert.ok(want.faults.length > 0 && !want.ok, "the damage should show");
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("without cross-origin isolation, three engines split the shards and report the same", async () => {
  const { page, errors } = await pageWith(3, { isolated: false });
  const got = await verifyIn(page, damaged);
  assert.equal(got.engines, "3");
  assert.equal(got.shared, "false");
  sameAsCLI(got, cliVerify(damaged));
  assert.deepEqual(errors, []);
  await page.close();
});

test("cancel stops every engine at once", async () => {
  const { page, errors } = await pageWith(4);
  assert.equal(await openFiles(page, [clean]), "ready");
  await page.locator("#tab-verify").click();
  const before = page.workers().length;
  await page.getByRole("button", { name: "Verify all data" }).click();
  for (let i = 0; i < 100 && page.workers().length < before + 3; i++) await page.waitForTimeout(10);
  assert.ok(page.workers().length >= before + 3, "three helpers start");
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.getByText("Verification cancelled.").waitFor();
  // The three helpers (and the readers they started) are gone.
  for (let i = 0; i < 100 && page.workers().length > before; i++) await page.waitForTimeout(50);
  assert.equal(page.workers().length, before);
  // Verify runs again, to the end.
  await page.getByRole("button", { name: "Verify again" }).click();
  await page.locator(".verify-result").waitFor({ timeout: 60_000 });
  assert.match(await page.locator(".verify-result").innerText(), /Everything matches/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("an engine that cannot read the file ends the verify in a banner, and verify can run again", async () => {
  const { page } = await pageWith(2);
  const path = join(scratch, "changing.wim");
  copyFileSync(clean, path);
  assert.equal(await openFiles(page, [path]), "ready");
  // The file changes on disk after it was picked: the browser refuses
  // reads of it from then on, as every engine opening or reading it finds.
  const b = readFileSync(path);
  b[b.length - 1] ^= 1;
  writeFileSync(path, Buffer.concat([b, Buffer.from("more")]));
  await page.locator("#tab-verify").click();
  await page.getByRole("button", { name: "Verify all data" }).click();
  await page.locator(".banner.error").first().waitFor({ timeout: 60_000 });
  assert.match((await bannerTexts(page)).join("\n"), /read|changed|file/i);
  assert.match(await page.locator("#panel-verify").innerText(), /Verification failed/);
  assert.ok(await page.getByRole("button", { name: "Verify again" }).isVisible());
  await page.close();
});
