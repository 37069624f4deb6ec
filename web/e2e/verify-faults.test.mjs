// End-to-end: the Verify tab says what `wimlens verify` says of an image
// whose tree no writer makes: wimlib's fun/cyclic.wim and dotdot.wim,
// crafted by internal/wimtest. Run with `make e2e`.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launch, openSite, repoRoot, serve } from "./harness.mjs";
import { bannerTexts, download, openFiles, reveal } from "./inspector.mjs";

let server, scratch;

before(async () => {
  server = await serve();
  scratch = mkdtempSync(join(tmpdir(), "wimlens-e2e-faults-"));
});

after(async () => {
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** A crafted WIM (internal/wimtest/craft). */
function craft(kind) {
  const out = join(scratch, `${kind}.wim`);
  execFileSync("go", ["run", "./internal/wimtest/craft", kind, out], { cwd: repoRoot });
  return out;
}

for (const [kind, anomaly, path] of [
  ["cyclic", "cycle", "/top/loop"],
  ["dotdot", "dot-name", "/.."],
]) {
  test(`${kind}.wim fails verification, naming the entry`, async () => {
    const file = craft(kind);
    const browser = await launch();
    try {
      const { page, errors } = await openSite(browser.context, server.url);
      assert.equal(await openFiles(page, [file]), "ready");
      await page.locator("#tab-verify").click();
      await page.getByRole("button", { name: "Verify all data" }).click();
      const result = page.locator(".verify-result");
      await result.waitFor({ timeout: 60_000 });
      assert.match(await result.innerText(), /Problems found/);
      const panel = await page.locator("#panel-verify").innerText();
      assert.match(panel, /Entries no tool writes/i);
      assert.match(panel, new RegExp(`entries no writer makes \\(${anomaly}\\)`));
      assert.ok(panel.includes(`image 1: ${path}: `), panel);
      // The CLI says the same of the same file.
      let cli = "";
      try {
        execFileSync("go", ["run", "./cli", "verify", file], { cwd: repoRoot, encoding: "utf8", stdio: "pipe" });
      } catch (e) {
        assert.equal(e.status, 1);
        cli = e.stdout;
      }
      assert.match(cli, new RegExp(`entries no writer makes \\(${anomaly}\\)`));
      assert.ok(cli.includes(`    ${path}: `), cli);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
}

test("a damaged file's download fails with a banner, as the CLI's cat does", async () => {
  // wimlib captures a file stored as it is; one byte of it is changed in
  // the WIM, which leaves its SHA-1 in the blob table as it was.
  const src = join(scratch, "damaged-src");
  mkdirSync(src);
  const text = "DAMAGED CONTENT ".repeat(4096);
  writeFileSync(join(src, "damaged.txt"), text);
  writeFileSync(join(src, "fine.txt"), "fine\n");
  const file = join(scratch, "damaged.wim");
  execFileSync("wimlib-imagex", ["capture", src, file, "--compress=none"], { stdio: "ignore" });
  const wim = readFileSync(file);
  wim[wim.indexOf("DAMAGED CONTENT")] = "X".charCodeAt(0);
  writeFileSync(file, wim);

  const browser = await launch();
  try {
    const { page } = await openSite(browser.context, server.url);
    assert.equal(await openFiles(page, [file]), "ready");
    await reveal(page, "/damaged.txt");
    const [dl] = await Promise.all([page.waitForEvent("download"), page.locator(".actions").getByRole("button", { name: "Download" }).click()]);
    assert.ok(await dl.failure(), "the browser saved the damaged file as if whole");
    await page.waitForFunction(() => document.querySelector(".banner.error") !== null);
    assert.match((await bannerTexts(page)).join("\n"), /damaged\.txt.*SHA-1|checksum|hashes to/i);
    // An intact file of the same image downloads byte for byte.
    await reveal(page, "/fine.txt");
    const fine = await download(page, () => page.locator(".actions").getByRole("button", { name: "Download" }).click());
    assert.equal(fine.bytes.toString(), "fine\n");
  } finally {
    await browser.close();
  }
  let cli;
  try {
    execFileSync("go", ["run", "./cli", "cat", file, "1", "/damaged.txt"], { cwd: repoRoot, stdio: "pipe" });
  } catch (e) {
    cli = e.stderr.toString();
  }
  assert.match(cli ?? "cat succeeded", /hashes to/);
});
