// End-to-end: the built site in Chromium, opening the test vectors as a
// person would, with every request recorded. Run with `make e2e`.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { launch, offOrigin, openSite, serve } from "./harness.mjs";
import { bannerTexts, download, manifest, openFiles, reveal, sha1, unzip, vectors, vectorsDir } from "./inspector.mjs";

const base = manifest("ntfs-base");
const entry = (path) => base.entries.find((e) => e.path === path) ?? assert.fail(`${path} is not in the manifest`);
const vector = (name) => vectors().find((v) => v.name === name).files.map((f) => join(vectorsDir, f));

let server, browser, site, page, scratch;

before(async () => {
  server = await serve();
  browser = await launch();
  site = await openSite(browser.context, server.url);
  page = site.page;
  scratch = mkdtempSync(join(tmpdir(), "wimlens-e2e-"));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("opening", () => {
  for (const v of vectors()) {
    test(`${v.name}: ${v.compression}${v.solid ? " solid" : ""}${v.parts > 1 ? `, ${v.parts} parts` : ""}`, async () => {
      const state = await openFiles(page, v.files.map((f) => join(vectorsDir, f)));
      assert.equal(state, "ready", (await bannerTexts(page)).join("\n"));
      assert.deepEqual(await bannerTexts(page), []);
      assert.ok((await page.locator(".tree [role=treeitem]").count()) > 0);
      await page.locator("#tab-archive").click();
      const archive = await page.locator("#panel-archive").innerText();
      assert.match(archive, new RegExp(`Compression\\s+${v.compression}`));
      assert.match(archive, new RegExp(`Images\\s+${v.images}`));
      assert.match(archive, new RegExp(v.guid.replace(/^0x/, "")));
    });
  }

  test("a split WIM with a part missing opens with a warning", async () => {
    const parts = vector("ntfs-split");
    assert.equal(await openFiles(page, parts.slice(0, -1)), "ready");
    const warnings = await bannerTexts(page, "warn");
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /missing/);
    assert.match(warnings[0], new RegExp(`Part ${parts.length} of ${parts.length} is not open`));
  });

  test("a split WIM without part 1 shows its header, and why there is no tree", async () => {
    assert.equal(await openFiles(page, vector("ntfs-split").slice(1)), "failed");
    assert.match(await page.locator("#panel-archive").innerText(), /missing: 1/);
  });

  test("two images: the image picker switches trees", async () => {
    assert.equal(await openFiles(page, vector("ntfs-two")), "ready");
    const picker = page.locator('select[aria-label="Image"]');
    assert.equal(await picker.isVisible(), true);
    await picker.selectOption("2");
    await page.waitForFunction(() => document.getElementById("app")?.dataset.state === "ready");
    assert.equal(await picker.inputValue(), "2");
    assert.ok((await page.locator(".tree [role=treeitem]").count()) > 0);
  });

  test("the engine warms up on an idle page, and then opens files", async () => {
    const idle = (await openSite(browser.context, server.url)).page;
    try {
      await idle.waitForFunction(() => document.documentElement.dataset.warm === "yes");
      assert.equal(await openFiles(idle, vector("ntfs-two")), "ready");
      assert.deepEqual(await bannerTexts(idle), []);
      assert.ok((await idle.locator(".tree [role=treeitem]").count()) > 0);
    } finally {
      await idle.close();
    }
  });

  test("the sample opens from its button", async () => {
    await page.getByRole("button", { name: "Open sample" }).click();
    await page.waitForFunction(() => document.getElementById("app")?.dataset.state === "ready");
    await page.locator("#tab-archive").click();
    const info = await page.locator("#panel-archive").innerText();
    assert.match(info, /sample\.wim/);
    assert.match(info, /Architecture\s+x86_64/);
    await page.locator(".raw-xml summary").click();
    assert.match(await page.locator(".raw-xml pre").innerText(), /<WIM>/);
  });
});

describe("errors", () => {
  test("not a WIM", async () => {
    const p = join(scratch, "notes.wim");
    writeFileSync(p, "just some text, long enough to have a header's worth of bytes. ".repeat(10));
    assert.equal(await openFiles(page, [p]), "failed");
    assert.match((await bannerTexts(page))[0], /This is not a WIM file/);
  });

  test("truncated", async () => {
    const p = join(scratch, "cut.wim");
    const whole = readFileSync(vector("ntfs-none")[0]);
    writeFileSync(p, whole.subarray(0, whole.length - 5000));
    assert.equal(await openFiles(page, [p]), "failed");
    assert.match((await bannerTexts(page))[0], /damaged|cut short/);
  });

  test("encrypted ESD: a clear banner and the header", async () => {
    // An ESD whose XML says ESD/ENCRYPTED, as Microsoft's download ESDs do:
    // the XML resource is rewritten in place, the same length.
    const b = Buffer.from(readFileSync(vector("ntfs-solid")[0]));
    const off = Number(b.readBigUInt64LE(80));
    const len = Number(b.readBigUInt64LE(88));
    const xml = b.subarray(off, off + len).toString("utf16le");
    const total = /<TOTALBYTES>\d+<\/TOTALBYTES>(?=<\/WIM>)/.exec(xml)[0]; // the file's, not an image's
    const enc = "<ESD><ENCRYPTED/></ESD>".padEnd(total.length, " ");
    b.write(xml.replace(total, enc), off, "utf16le");
    const p = join(scratch, "encrypted.esd");
    writeFileSync(p, b);
    assert.equal(await openFiles(page, [p]), "failed");
    assert.match((await bannerTexts(page))[0], /Encrypted ESD/);
    assert.match(await page.locator("#panel-archive").innerText(), /Compression\s+LZMS/);
  });
});

describe("browsing ntfs-none", () => {
  before(async () => assert.equal(await openFiles(page, vector("ntfs-none")), "ready"));

  test("folders expand with the keyboard and follow the tree pattern", async () => {
    const tree = page.locator('[role="tree"]');
    await tree.focus();
    await page.keyboard.press("Home");
    const windows = page.locator('[role="treeitem"]', { has: page.locator(".name", { hasText: /^Windows$/ }) });
    await tree.press("w");
    assert.equal(await windows.getAttribute("aria-selected"), "true");
    assert.equal(await windows.getAttribute("aria-expanded"), "false");
    assert.equal(await windows.getAttribute("aria-level"), "1");
    await tree.press("ArrowRight");
    await page.waitForFunction(() => document.querySelector('[aria-expanded="true"][aria-level="1"]'));
    assert.equal(await windows.getAttribute("aria-expanded"), "true");
    await tree.press("ArrowDown");
    const child = page.locator('[role="treeitem"][aria-selected="true"]');
    assert.equal(await child.getAttribute("aria-level"), "2");
    // Folders come first.
    const levels = await page.locator('[role="treeitem"][aria-level="2"]').evaluateAll((rows) => rows.map((r) => r.classList.contains("dir")));
    assert.deepEqual(levels, [...levels].sort((a, b) => Number(b) - Number(a)));
    await tree.press("ArrowLeft");
    assert.equal(await windows.getAttribute("aria-selected"), "true");
    await tree.press("ArrowLeft");
    assert.equal(await windows.getAttribute("aria-expanded"), "false");
    await tree.press("End");
    assert.equal(await page.locator('[role="treeitem"]').last().getAttribute("aria-selected"), "true");
  });

  test("details: attributes, times, streams, hard links and SDDL", async () => {
    const [linked, other] = base.hardlink_groups[0];
    await reveal(page, linked);
    const details = await page.locator(".details").innerText();
    const e = entry(linked);
    assert.match(details, new RegExp(e.sha1));
    assert.match(details, /Hard links \(2 names\)/i);
    assert.ok(details.includes(other), `${other} in ${details}`);
    assert.match(details, /Created\s*\d{4}-\d\d-\d\d \d\d:\d\d:\d\d.*UTC/);
    const sd = base.security_descriptors[e.security_descriptor];
    assert.match(details, new RegExp(sd.sddl.replace(/[()|.*+?[\]\\^$]/g, "\\$&")));

    // A descriptor with a deny ACE reads as a table.
    const deny = base.security_descriptors.findIndex((s) => s.name === "deny");
    const denied = base.entries.find((x) => x.security_descriptor === deny && x.type === "file");
    await reveal(page, denied.path);
    const acl = page.locator("table.acl").first();
    const rows = await acl.locator("tbody tr").allInnerTexts();
    assert.match(rows[0], /Deny\s*Everyone/);
    assert.match(rows[0], /Write/);
    assert.ok(rows.some((r) => /Allow\s*SYSTEM/.test(r) && /Full control/.test(r)));

    // Its words break between words only ("Allo/w" did), wide and narrow;
    // SIDs and conditions may break anywhere.
    for (const width of [1400, 800]) {
      await page.setViewportSize({ width, height: 900 });
      const broken = await acl.evaluate((table) => {
        const out = [];
        const r = document.createRange();
        const walker = document.createTreeWalker(table.tBodies[0], NodeFilter.SHOW_TEXT);
        for (let n; (n = walker.nextNode()); ) {
          if (n.parentElement.closest(".principal code, .extra")) continue;
          for (const m of n.data.matchAll(/\S+/g)) {
            r.setStart(n, m.index);
            r.setEnd(n, m.index + m[0].length);
            if (new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top))).size > 1) out.push(m[0]);
          }
        }
        return out;
      });
      assert.deepEqual(broken, [], `words broken at ${width} px`);
    }
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  test("named streams, reparse points and short names", async () => {
    await reveal(page, "/Odd/streams/many-streams.txt");
    const streams = await page.locator("table.streams").innerText();
    for (const s of entry("/Odd/streams/many-streams.txt").streams) assert.match(streams, new RegExp(s.sha1));
    await reveal(page, "/Documents and Settings");
    const details = await page.locator(".details").innerText();
    assert.match(details, /Reparse point/i);
    assert.match(details, /C:\\Users/);
    assert.match(details, /DOCUME~1/i);
  });

  test("preview: text, hex and an image", async () => {
    await reveal(page, "/Odd/names/README.txt");
    await page.locator("#tab-preview").click();
    const text = page.locator(".text-preview");
    await text.waitFor();
    assert.ok((await text.innerText()).length > 0);
    await page.getByRole("button", { name: "Hex" }).click();
    await page.locator("pre.hex").waitFor();
    assert.match(await page.locator("pre.hex").innerText(), /^00000000 {2}[0-9a-f]{2} /);
    await reveal(page, "/Users/Public/Pictures/logo.png");
    await page.locator("#tab-preview").click();
    const img = page.locator(".image-preview img");
    await img.waitFor();
    assert.match(await img.getAttribute("src"), /^blob:/);
    await page.waitForFunction(() => document.querySelector(".image-preview img")?.naturalWidth > 0);
    await page.locator("#tab-details").click();
  });

  test("download a file and a named stream, byte for byte", async () => {
    await reveal(page, "/Users/Public/Pictures/logo.png");
    const file = await download(page, () => page.locator(".actions").getByRole("button", { name: "Download" }).click());
    assert.equal(file.name, "logo.png");
    assert.equal(sha1(file.bytes), entry("/Users/Public/Pictures/logo.png").sha1);
    // Streamed to disk by the page's save worker (web/public/save-sw.js),
    // not gathered into a Blob first.
    assert.match(file.url, /\/wimlens-save\/[0-9a-z]+-[0-9a-f-]+\/[0-9a-f-]+$/);
    await reveal(page, "/Odd/streams/many-streams.txt");
    const big = entry("/Odd/streams/many-streams.txt").streams.find((s) => s.name === "big");
    const row = page.locator("table.streams tr", { hasText: "big" });
    const stream = await download(page, () => row.getByRole("button", { name: "Download" }).click());
    assert.equal(stream.bytes.length, big.size);
    assert.equal(sha1(stream.bytes), big.sha1);
    assert.match(stream.url, /\/wimlens-save\//);
  });

  test("download a folder as .zip", async () => {
    await reveal(page, "/Odd/dup");
    const zip = await download(page, () => page.getByRole("button", { name: "Download folder as .zip" }).click());
    assert.equal(zip.name, "dup.zip");
    const files = unzip(zip.bytes);
    for (const name of ["license.txt", "license-hardlink.txt", "zone-copy.txt"]) {
      const got = files.get(`dup/${name}`);
      assert.ok(got, `dup/${name} in ${[...files.keys()]}`);
      assert.equal(sha1(got), entry(`/Odd/dup/${name}`).sha1);
    }
  });

  test("download the whole image as .zip from the Archive tab", async () => {
    await page.getByRole("tab", { name: "Archive" }).click();
    const zip = await download(page, () => page.getByRole("button", { name: "Download image 1 as .zip" }).click());
    assert.equal(zip.name, "image.zip");
    const files = unzip(zip.bytes);
    for (const path of ["/Odd/dup/license.txt", "/Odd/streams/many-streams.txt"]) {
      const key = [...files.keys()].find((k) => `/${k}`.endsWith(path));
      assert.ok(key, `${path} in the image's zip`);
      assert.equal(sha1(files.get(key)), entry(path).sha1);
    }
    // What a zip cannot hold is counted, then the first entries named.
    const reparse = base.entries.filter((e) => e.reparse).length;
    const streams = base.entries.filter((e) => e.streams?.some((s) => s.name)).length;
    const notes = (await bannerTexts(page, "warn")).find((t) => t.includes("Written differently in the zip"));
    assert.ok(notes, `a banner of the zip's notes among ${await bannerTexts(page, "warn")}`);
    assert.ok(notes.includes(`${reparse} reparse points written as plain files or folders; ${streams} files' named streams not written`), notes);
    assert.ok(notes.includes("/Documents and Settings: reparse point IO_REPARSE_TAG_MOUNT_POINT"), notes);
    await page.getByRole("tab", { name: "Details" }).click();
  });

  test("search: substring, glob and path glob, and reveal", async () => {
    const search = page.locator('input[type="search"]');
    const count = async (q) => {
      await search.fill(q);
      await page.waitForFunction((q) => document.querySelector(".results-pane")?.getAttribute("data-query") === q, q);
      return page.locator(".hit").count();
    };
    const matching = (re) => base.entries.filter((e) => e.path !== "/" && re.test(e.path)).length;
    assert.equal(await count("shared.dll"), matching(/\/[^/]*shared\.dll[^/]*$/i));
    assert.equal(await count("Windows/**/shared.dll"), 3);
    assert.equal(await count("*.txt"), matching(/\/[^/]*\.txt$/i));
    // Fuzzy forgives a typo and puts the closest name first.
    const fuzzy = page.getByRole("checkbox", { name: "Fuzzy search" });
    await fuzzy.check();
    assert.ok((await count("notpad.exe")) > 0);
    assert.equal(await page.locator(".hit .name").first().innerText(), "notepad.exe");
    await fuzzy.uncheck();
    const bottom = base.entries.find((e) => e.path.endsWith("/bottom.txt")).path;
    await reveal(page, bottom);
    const selected = page.locator('[role="treeitem"][aria-selected="true"]');
    assert.equal(await selected.locator(".name").innerText(), "bottom.txt");
    assert.equal(await selected.getAttribute("aria-level"), "23");
  });

  test("hostile names show literally, run nothing, and invisible characters are marked", async () => {
    await reveal(page, "/Odd/names/<img src=x onerror=alert(1)>");
    const row = page.locator('[role="treeitem"][aria-selected="true"] .name');
    assert.equal(await row.innerText(), "<img src=x onerror=alert(1)>");
    assert.equal(await page.locator(".details .entry-name img, .tree img").count(), 0);
    await reveal(page, "/Odd/names/invoice\u202etxt.exe");
    assert.equal(await page.locator('[role="treeitem"][aria-selected="true"] .name').innerText(), "invoice⟨U+202E⟩txt.exe");
    assert.match(await page.locator(".details .entry-name").innerText(), /invoice⟨U\+202E⟩txt\.exe/);
    await page.waitForTimeout(200);
    assert.deepEqual(site.dialogs, []);
    assert.deepEqual(site.errors, []);
  });
});

describe("verify", () => {
  test("a clean file verifies", async () => {
    assert.equal(await openFiles(page, vector("ntfs-xpress-integrity")), "ready");
    await page.locator("#tab-verify").click();
    await page.getByRole("button", { name: "Verify all data" }).click();
    const result = page.locator(".verify-result");
    await result.waitFor({ timeout: 60_000 });
    assert.match(await result.innerText(), /Everything matches.*integrity table/);
  });

  test("a corrupted copy names the bad blob and the files using it", async () => {
    const src = join(scratch, "src");
    mkdirSync(join(src, "docs"), { recursive: true });
    const body = "the quick brown fox jumps over the lazy wim\n".repeat(100);
    writeFileSync(join(src, "docs", "fox.txt"), body);
    writeFileSync(join(src, "docs", "other.txt"), "fine");
    const wim = join(scratch, "corrupt.wim");
    execFileSync("wimlib-imagex", ["capture", src, wim, "--compress=none"], { stdio: "ignore" });
    const b = readFileSync(wim);
    b[b.indexOf("lazy wim") + 2] ^= 0x20;
    writeFileSync(wim, b);
    assert.equal(await openFiles(page, [wim]), "ready");
    await page.locator("#tab-verify").click();
    await page.getByRole("button", { name: "Verify all data" }).click();
    const result = page.locator(".verify-result");
    await result.waitFor();
    assert.match(await result.innerText(), /Problems found/);
    const panel = await page.locator("#panel-verify").innerText();
    assert.match(panel, new RegExp(`blob ${sha1(Buffer.from(body)).slice(0, 12)}`));
    assert.match(panel, /image 1: \/docs\/fox\.txt/);
    assert.doesNotMatch(panel, /other\.txt/);
  });

  test("a split WIM missing a part says so in one line, its files behind a disclosure", async () => {
    const parts = vector("ntfs-split");
    assert.equal(await openFiles(page, parts.slice(0, -1)), "ready");
    await page.locator("#tab-verify").click();
    await page.getByRole("button", { name: "Verify all data" }).click();
    const result = page.locator(".verify-result");
    await result.waitFor({ timeout: 60_000 });
    assert.match(await result.innerText(), /Problems found/);
    const line = page.locator(".fault-parts summary");
    assert.match(await line.innerText(), new RegExp(`^Part ${parts.length} of ${parts.length} is missing: [\\d,]+ files? can't be checked\\.$`));
    const panel = await page.locator("#panel-verify").innerText();
    assert.doesNotMatch(panel, /no part given holds this blob|\[\d/);
    await line.click();
    assert.match(await page.locator(".fault-parts").innerText(), /image 1: \//);
  });
});

test("the page carries a strict Content-Security-Policy", async () => {
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  assert.match(csp, /connect-src 'self'(;|$)/);
  assert.match(csp, /frame-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|\*|https?:/);
});

test("no request left the origin, and none carried file data", () => {
  const origin = server.url.replace(/\/$/, "");
  assert.ok(browser.requests.length > 0);
  assert.deepEqual(offOrigin(browser.requests.map((r) => r.url), origin), []);
  const sent = browser.requests.filter((r) => r.method !== "GET" || r.postData);
  assert.deepEqual(sent, []);
  assert.deepEqual(site.dialogs, []);
});
