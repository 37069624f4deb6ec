// End-to-end: the headers every response of the site carries, as users
// get them, and the details of a file with many hard links.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createServer } from "vite";
import { launch, openSite, repoRoot, serve } from "./harness.mjs";
import { openFiles, reveal } from "./inspector.mjs";

let server, browser, scratch;

before(async () => {
  server = await serve();
  browser = await launch();
  scratch = mkdtempSync(join(tmpdir(), "wimlens-e2e-"));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** dist/_headers, which `wimlens serve` sends, as name → value. */
function builtHeaders() {
  const lines = readFileSync(join(repoRoot, "dist", "_headers"), "utf8").split("\n");
  return Object.fromEntries(lines.filter((l) => /^\s+\S/.test(l)).map((l) => l.trim().split(/:\s*(.*)/s).slice(0, 2)));
}

test("every response carries the site's headers, the policy at least as strict as the page's", async () => {
  const want = builtHeaders();
  assert.deepEqual(Object.keys(want).sort(), ["Content-Security-Policy", "Cross-Origin-Embedder-Policy", "Cross-Origin-Opener-Policy", "X-Content-Type-Options"]);
  const html = await (await fetch(server.url)).text();
  const meta = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1];
  assert.ok(meta, "the page has its policy in a meta tag");
  assert.equal(want["Content-Security-Policy"], `${meta.replaceAll("&#39;", "'")}; frame-ancestors 'none'`);
  const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]);
  for (const path of ["", ...assets, "wasm/wimlens.wasm", "save-sw.js"]) {
    const res = await fetch(server.url + path);
    assert.equal(res.status, 200, path);
    for (const [k, v] of Object.entries(want)) assert.equal(res.headers.get(k), v, `${k} of /${path}`);
  }
});

test("the page is cross-origin isolated and breaks no rule of its policy", async () => {
  // Chromium reports what a policy blocks on the console, the workers' too.
  const refused = [];
  const onConsole = (m) => /Content Security Policy|Cross-Origin|COEP|blocked/i.test(m.text()) && refused.push(m.text());
  browser.context.on("console", onConsole);
  const { page, errors } = await openSite(browser.context, server.url);
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  assert.equal(await openFiles(page, [join(repoRoot, "testvectors", "ntfs-none.wim")]), "ready");
  await reveal(page, "/Odd/names/invoice\u202etxt.exe");
  browser.context.off("console", onConsole);
  assert.deepEqual(refused, []);
  assert.deepEqual(errors, []);
  await page.close();
});

// The dev server (npm run dev) sends the same headers, its policy letting
// in only the styles its live reload injects, which carry its nonce.
test("the dev server sends the same headers and the page runs under them", async () => {
  const dev = await createServer({
    configFile: join(repoRoot, "vite.config.ts"),
    root: join(repoRoot, "web"),
    server: { host: "127.0.0.1", port: 0, strictPort: false },
    logLevel: "silent",
  });
  await dev.listen();
  try {
    const url = dev.resolvedUrls.local[0];
    const res = await fetch(url);
    const want = builtHeaders();
    for (const [k, v] of Object.entries(want)) {
      if (k !== "Content-Security-Policy") assert.equal(res.headers.get(k), v, k);
    }
    const csp = res.headers.get("Content-Security-Policy");
    assert.match(csp, /style-src 'self' 'nonce-[0-9a-f]{32}';/);
    assert.equal(csp.replace(/ 'nonce-[0-9a-f]{32}'/, ""), want["Content-Security-Policy"]);
    const refused = [];
    const onConsole = (m) => /Content Security Policy/i.test(m.text()) && refused.push(m.text());
    browser.context.on("console", onConsole);
    const { page, errors } = await openSite(browser.context, url);
    assert.equal(await page.evaluate(() => crossOriginIsolated), true);
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).margin), "0px", "the styles applied");
    browser.context.off("console", onConsole);
    assert.deepEqual(refused, []);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await dev.close();
  }
});

// 150 names of one file: the details list the first 100 and say how many
// there are; "Show all" brings them all, each revealing its entry.
test("details: a large hard-link group, the first names then all", async () => {
  const src = join(scratch, "links");
  mkdirSync(src);
  writeFileSync(join(src, "l000"), "linked\n");
  for (let i = 1; i < 150; i++) linkSync(join(src, "l000"), join(src, `l${String(i).padStart(3, "0")}`));
  const wim = join(scratch, "links.wim");
  execFileSync("wimlib-imagex", ["capture", src, wim, "links", "--compress=none"]);
  const { page } = await openSite(browser.context, server.url);
  assert.equal(await openFiles(page, [wim]), "ready");
  await reveal(page, "/l042");
  const card = page.locator("section", { has: page.locator("h3", { hasText: "Hard links" }) });
  assert.match(await card.locator("h3").innerText(), /Hard links \(150 names\)/i);
  assert.equal(await card.locator("ul.links li").count(), 100);
  await card.locator("button.show-all-links").click();
  // All of them, in a window that draws the rows in view.
  await page.waitForSelector("ul.all-links[data-count='150'] li");
  assert.equal(await card.locator("button.show-all-links").count(), 0);
  assert.ok((await card.locator("ul.all-links li").count()) < 150);
  await card.locator(".links-window").evaluate((w) => (w.scrollTop = w.scrollHeight));
  await card.locator("ul.all-links li button", { hasText: "/l149" }).click();
  await page.waitForFunction(() => document.querySelector(".details")?.getAttribute("data-path") === "/l149");
  await page.close();
});
