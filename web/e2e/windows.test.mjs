// End-to-end: the Windows tab on testvectors/windows-image/windows.wim
// (make.sh windows-image) in Chromium: the summary card, the stale XML,
// then the tables, filtered.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launch, openSite, serve } from "./harness.mjs";
import { bannerTexts, openFiles, vectorsDir } from "./inspector.mjs";

let server, browser, page, dialogs;

before(async () => {
  server = await serve();
  browser = await launch();
  ({ page, dialogs } = await openSite(browser.context, server.url));
  assert.equal(await openFiles(page, [join(vectorsDir, "windows-image", "windows.wim")]), "ready");
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const state = () => page.locator("#panel-windows .windows").getAttribute("data-state");
/** Waits until the tab's data-state is one of states. */
const waitState = (...states) => page.waitForFunction((states) => states.includes(document.querySelector("#panel-windows .windows")?.dataset.state), states);

test("image 2: the summary card says what the image's files say, and where the XML is stale", async () => {
  await page.locator('select[aria-label="Image"]').selectOption("2");
  await page.waitForFunction(() => document.getElementById("app")?.dataset.state === "ready");
  await page.getByRole("tab", { name: "Windows" }).click();
  await waitState("summary", "done");
  const card = await page.locator(".windows-summary").innerText();
  assert.match(card, /Windows 10 Pro/);
  assert.match(card, /Edition\s+Enterprise/);
  assert.match(card, /Version\s+22H2 · build 19045\.4170/);
  assert.match(card, /Architecture\s+x64/);
  assert.match(card, /Languages\s+de-DE, en-US \(installed with en-US\)/);
  assert.match(card, /WinRE\s+build 19045\.3570/);
  assert.match(card, /Boot manager\s+.*signed by Microsoft Windows UEFI Driver Publisher \(issued by Microsoft Corporation UEFI CA 2011\)/);
  const stale = await page.locator(".windows-stale").innerText();
  assert.match(stale, /EDITIONID: XML says “Professional”, the image says “Enterprise”/);
  assert.match(stale, /VERSION\/SPBUILD: XML says “3803”, the image says “4170”/);
  assert.deepEqual(await bannerTexts(page), []);
});

test("the tables follow: packages, drivers, services, apps, boot files, each filterable", async () => {
  await waitState("done");
  const rows = (name) => page.locator(`.windows-table[data-table="${name}"] tbody tr`);
  assert.ok((await rows("packages").count()) >= 3);
  const drivers = (await rows("drivers").allInnerTexts()).join("\n");
  assert.match(drivers, /Fabrikam® Périphériques/);
  assert.match(drivers, /Net\s+Contoso Ltd\.\s+12\.19\.2\.45\s+2023-07-14/);
  assert.match((await rows("services").allInnerTexts()).join("\n"), /Tcpip\s+kernel driver\s+boot/);
  assert.match((await rows("apps").allInnerTexts()).join("\n"), /Microsoft\.VCLibs\.140\.00/);
  assert.match((await rows("boot files").allInnerTexts()).join("\n"), /bootmgfw\.efi.*Microsoft UEFI CA 2023 signer/);

  await page.getByRole("searchbox", { name: "Filter packages" }).fill("openssh");
  const hits = await rows("packages").allInnerTexts();
  assert.equal(hits.length, 1, hits.join("\n"));
  assert.match(hits[0], /OpenSSH-Client-Package/);
});

test("image 1 agrees with its XML, and the report is read anew for it", async () => {
  await page.locator('select[aria-label="Image"]').selectOption("1");
  await page.waitForFunction(() => document.getElementById("app")?.dataset.state === "ready");
  await page.getByRole("tab", { name: "Windows" }).click();
  await waitState("done");
  assert.match(await page.locator(".windows-summary").innerText(), /Edition\s+Professional[\s\S]*build 19045\.3803/);
  assert.equal(await page.locator(".windows-stale").count(), 0);
  assert.equal(await state(), "done");
});

test("values from the hives with markup, bidi overrides and controls stay text", async () => {
  assert.equal(await openFiles(page, [join(vectorsDir, "windows-hostile.wim")]), "ready");
  await page.getByRole("tab", { name: "Windows" }).click();
  await waitState("done");
  const panel = page.locator("#panel-windows");
  assert.equal(await panel.locator("img, script, b, i").count(), 0, "markup from the image became elements");
  const card = await page.locator(".windows-summary").innerText();
  assert.match(card, /<img src=x onerror=alert\(1\)>Windows 11 Pro/);
  assert.match(card, /build 22631\.4460/);
  assert.match(await page.locator(".windows-stale").innerText(), /EDITIONID: XML says “<i>Professional<\/i>”/);
  const marked = await page.locator(".windows-summary .invisible").allInnerTexts();
  assert.ok(marked.some((m) => /202E/i.test(m)) && marked.some((m) => /0007/.test(m)), `invisible characters spelled out: ${marked}`);
  const rows = async (name) => (await page.locator(`.windows-table[data-table="${name}"] tbody tr`).allInnerTexts()).join("\n");
  assert.match(await rows("packages"), /<script>alert\(1\)<\/script>~31bf3856ad364e35/);
  assert.match(await rows("services"), /<b>evil<\/b>\s+kernel driver\s+boot/);
  assert.deepEqual(dialogs, []);
});

test("an image without Windows says so in one card", async () => {
  assert.equal(await openFiles(page, [join(vectorsDir, "unix-data.wim")]), "ready");
  await page.getByRole("tab", { name: "Windows" }).click();
  await waitState("done");
  assert.match(await page.locator(".windows-summary").innerText(), /Nothing in this image says which Windows it holds/);
  assert.equal(await page.locator(".windows-table").count(), 0);
  assert.deepEqual(await bannerTexts(page), []);
});
