// End-to-end: a PE file's details show its version and signer, read from
// testvectors/pe.wim (make.sh pe-wim) in Chromium; strings from the file
// stay text.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launch, openSite, serve } from "./harness.mjs";
import { bannerTexts, openFiles, reveal, vectorsDir } from "./inspector.mjs";

let server, browser, page;

before(async () => {
  server = await serve();
  browser = await launch();
  page = (await openSite(browser.context, server.url)).page;
  assert.equal(await openFiles(page, [join(vectorsDir, "pe.wim")]), "ready");
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Selects path and waits for its PE answer: the slot's data-pe. */
async function pe(path) {
  await reveal(page, path);
  await page.waitForFunction(() => document.querySelector(".details .pe-slot")?.dataset.pe);
  return page.evaluate(() => document.querySelector(".details .pe-slot").dataset.pe);
}

const text = (sel) => page.locator(`.details ${sel}`).innerText();

test("kernel32.dll: its version, in US English of the 36 languages, and no embedded signature", async () => {
  assert.equal(await pe("/Windows/SysWOW64/kernel32.dll"), "shown");
  const v = await text(".pe-version");
  assert.match(v, /Machine\s+x86 \(0x014c\) · PE32 · Windows console · DLL/);
  assert.match(v, /File description\s+Wine kernel DLL/);
  assert.match(v, /File version\s+10\.0\.18362\.1350/);
  assert.match(v, /Company\s+Microsoft Corporation/);
  assert.match(v, /Original filename\s+kernel32\.dll/);
  assert.match(v, /Language\s+0409/);
  assert.match(await text(".pe-signature"), /No embedded signature/);
});

test("shimx64.efi: both signers and their issuers", async () => {
  assert.equal(await pe("/Windows/Boot/EFI/shimx64.efi"), "shown");
  assert.match(await text(".pe-version"), /x64 \(0x8664\) · PE32\+ · EFI application/);
  const rows = await page.locator(".details .pe-signatures tbody tr").allInnerTexts();
  assert.equal(rows.length, 2);
  assert.match(rows[0], /Microsoft Windows UEFI Driver Publisher.*Microsoft Corporation UEFI CA 2011.*SHA-256/s);
  assert.match(rows[1], /Microsoft UEFI CA 2023 signer.*Microsoft UEFI CA 2023.*SHA-256/s);
});

test("a nested signature is listed after the one holding it", async () => {
  assert.equal(await pe("/odd/signed-lz32.dll"), "shown");
  const rows = await page.locator(".details .pe-signatures tbody tr").allInnerTexts();
  assert.match(rows[0], /wimlens Test Signer SHA-256.*wimlens Test Code Signing CA/s);
  assert.match(rows[1], /1\.1 \(nested\).*wimlens Test Signer SHA-1.*SHA-1/s);
});

test("the data is sniffed, not the name; damage is said in words", async () => {
  assert.equal(await pe("/odd/text.dll"), "none");
  assert.equal(await pe("/odd/hostname.txt"), "shown");
  assert.equal(await pe("/odd/truncated.dll"), "shown");
  assert.match(await text(".pe-error"), /damaged: .*past the end of the file/);
  assert.deepEqual(await bannerTexts(page), []);
});

test("version strings with markup and bidi overrides stay text", async () => {
  assert.equal(await pe("/odd/hostile.dll"), "shown");
  assert.equal(await page.locator(".details img").count(), 0);
  assert.match(await text(".pe-version"), /Company\s+<img src=x onerror=1>/);
  const marked = await page.locator(".details .pe-version .invisible").allInnerTexts();
  assert.ok(marked.length >= 2, `invisible characters spelled out: ${marked}`);
});
