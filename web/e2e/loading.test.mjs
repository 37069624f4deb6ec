// End-to-end: what the page does between an image's first tree rows and
// the end of its full parse. The parse's answer is held back here, so the
// moments between are as long as the test needs. Run with `make e2e`.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch, openSite, serve } from "./harness.mjs";
import { vectors, vectorsDir } from "./inspector.mjs";

let server, browser, page;
const vector = (name) => vectors().find((v) => v.name === name).files.map((f) => `${vectorsDir}/${f}`);

before(async () => {
  server = await serve();
  browser = await launch();
  // Holds the page's "settled" asks (the full parse) while __hold is set.
  await browser.context.addInitScript(() => {
    window.__held = [];
    for (const proto of [Worker.prototype, MessagePort.prototype]) {
      const post = proto.postMessage;
      proto.postMessage = function (msg, ...rest) {
        if (window.__hold && msg?.op === "settled") window.__held.push(() => post.call(this, msg, ...rest));
        else post.call(this, msg, ...rest);
      };
    }
    window.__release = () => {
      window.__hold = false;
      for (const send of window.__held.splice(0)) send();
    };
  });
  ({ page } = await openSite(browser.context, server.url));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const selected = () => page.locator('[role="tab"][aria-selected="true"]').getAttribute("id");

/** Opens file with its full parse held back, until the first tree rows
 * are shown. */
async function openHeld(file) {
  await page.evaluate(() => (window.__hold = true));
  await page.setInputFiles("#file-input", file);
  await page.waitForFunction(() => window.__held.length > 0 && document.querySelector(".tree [role=treeitem]"));
}

async function release() {
  await page.evaluate(() => window.__release());
  await page.waitForFunction(() => document.getElementById("app").dataset.state === "ready");
}

test("a tab picked while the image loads stays picked when it is ready", async () => {
  await openHeld(vector("ntfs-none"));
  await page.locator("#tab-verify").click();
  await release();
  assert.equal(await selected(), "tab-verify");
});

test("with no tab picked while it loads, a ready image shows its details", async () => {
  await openHeld(vector("ntfs-lzx-2m"));
  assert.equal(await selected(), "tab-verify");
  await release();
  assert.equal(await selected(), "tab-details");
});
