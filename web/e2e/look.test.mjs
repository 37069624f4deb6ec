// End-to-end: what only a browser shows of the page's look, as a person
// new to it meets it at 1400×900 and 800 px wide, light and dark: no
// request fails, text has 4.5:1 contrast (WCAG AA), nothing that must
// stay whole wraps, and the marks are explained. Run with `make e2e`.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launch, openSite, serve } from "./harness.mjs";
import { compareChange, openFiles, reveal, vectorsDir } from "./inspector.mjs";

let server, browser, page;
const failed = [];

before(async () => {
  server = await serve();
  browser = await launch();
  browser.context.on("requestfailed", (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  browser.context.on("response", (r) => r.status() >= 400 && failed.push(`${r.url()}: ${r.status()}`));
  ({ page } = await openSite(browser.context, server.url));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const schemes = ["light", "dark"];
const widths = [1400, 800];

async function look(scheme, width) {
  await page.emulateMedia({ colorScheme: scheme });
  await page.setViewportSize({ width, height: 900 });
}

/** The contrast of every visible text in root against what it is drawn
 * on, from computed styles: the text's colour, its opacity and its
 * ancestors', over the first opaque background (the ones with alpha
 * blended in). Returns the texts below min, worst first. */
function lowContrast(root, min) {
  /* eslint-disable no-undef -- runs in the page */
  return page.evaluate(
    ([sel, min]) => {
      const parse = (c) => {
        const m = c.match(/^rgba?\(([^)]+)\)$/) ?? c.match(/^color\(srgb ([^)]+)\)$/);
        if (!m) throw new Error(`a colour this test cannot read: ${c}`);
        const [rgb, a] = m[1].split("/");
        const v = rgb.trim().split(/[ ,]+/).map(Number);
        const scale = c.startsWith("color(") ? 255 : 1;
        return { r: v[0] * scale, g: v[1] * scale, b: v[2] * scale, a: a !== undefined ? Number(a) : (v[3] ?? 1) };
      };
      const over = (top, under) => ({
        r: top.r * top.a + under.r * (1 - top.a),
        g: top.g * top.a + under.g * (1 - top.a),
        b: top.b * top.a + under.b * (1 - top.a),
        a: 1,
      });
      const lum = ({ r, g, b }) => {
        const f = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const background = (e) => {
        const layers = [];
        for (let n = e; n; n = n.parentElement) {
          const bg = parse(getComputedStyle(n).backgroundColor);
          if (bg.a > 0) layers.push(bg);
          if (bg.a >= 1) break;
        }
        let out = { r: 255, g: 255, b: 255, a: 1 };
        for (const l of layers.reverse()) out = over(l, out);
        return out;
      };
      const opacity = (e) => {
        let o = 1;
        for (let n = e; n; n = n.parentElement) o *= Number(getComputedStyle(n).opacity);
        return o;
      };
      const bad = [];
      for (const e of document.querySelectorAll(sel)) {
        if (![...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
        const r = e.getBoundingClientRect();
        if (!r.width || !r.height || e.closest("[hidden], .visually-hidden, :disabled, [aria-hidden=true]")) continue;
        const s = getComputedStyle(e);
        if (s.visibility !== "visible" || s.clipPath !== "none") continue;
        const bg = background(e);
        const fg = parse(s.color);
        const text = over({ ...fg, a: fg.a * opacity(e) }, bg);
        const [hi, lo] = [lum(text), lum(bg)].sort((a, b) => b - a);
        const ratio = (hi + 0.05) / (lo + 0.05);
        if (ratio < min) bad.push({ ratio: Math.round(ratio * 100) / 100, text: e.textContent.trim().slice(0, 40), cls: e.className, color: s.color });
      }
      return bad.sort((a, b) => a.ratio - b.ratio);
    },
    [root, min],
  );
}

test("nothing the page asks for on load fails, and its icon is served and allowed", async () => {
  await page.getByRole("button", { name: "Open sample" }).click();
  await page.waitForFunction(() => document.getElementById("app")?.dataset.state === "ready");
  assert.deepEqual(failed, []);
  const icon = await page.evaluate(async () => {
    const link = document.querySelector('link[rel="icon"]');
    const res = await fetch(link.href);
    // Drawn as an image, the policy's img-src governs it, as it does the tab's icon.
    const drawn = await new Promise((done) => {
      const img = new Image();
      img.onload = () => done(img.naturalWidth > 0);
      img.onerror = () => done(false);
      img.src = link.href;
    });
    return { status: res.status, type: res.headers.get("content-type"), drawn };
  });
  assert.deepEqual(icon, { status: 200, type: "image/svg+xml", drawn: true });
});

test("text has 4.5:1 contrast, primary buttons first, in light and dark", async () => {
  assert.equal(await openFiles(page, [join(vectorsDir, "ntfs-lzx-2m.wim")]), "ready");
  await reveal(page, "/Users/Public/Documents/readme.txt");
  await page.locator('input[type="search"]').fill("");
  for (const scheme of schemes) {
    await look(scheme, 1400);
    assert.ok((await page.locator(".primary").count()) > 0);
    assert.deepEqual(await lowContrast(".primary", 4.5), [], `${scheme}: primary buttons`);
    assert.deepEqual(await lowContrast("body *", 4.5), [], `${scheme}: the tree and the details`);
    await page.locator("#tab-compare").click();
    assert.deepEqual(await lowContrast(".primary", 4.5), [], `${scheme}: Compare's button`);
    await page.locator("#tab-details").click();
  }
});

test("streams: sizes never wrap and SHA-1s are never split, at 1400 and 800 px", async () => {
  await reveal(page, "/Odd/streams/many-streams.txt");
  await page.locator('input[type="search"]').fill("");
  for (const scheme of schemes)
    for (const width of widths) {
      await look(scheme, width);
      const got = await page.evaluate(() => {
        const t = document.querySelector("table.streams");
        // An inline element wrapped over n lines has n client rects.
        const lines = (sel) => [...t.querySelectorAll(sel)].map((e) => [e.textContent, e.getClientRects().length]).filter(([, n]) => n !== 1);
        return {
          sizes: lines(".size-cell"),
          hashes: lines("code.hash"),
          hashCount: t.querySelectorAll("code.hash").length,
          overflow: t.scrollWidth - t.parentElement.clientWidth,
        };
      });
      const where = `${width} px, ${scheme}`;
      assert.ok(got.hashCount > 2, where);
      assert.deepEqual(got.sizes, [], `${where}: sizes on more than one line`);
      assert.deepEqual(got.hashes, [], `${where}: SHA-1s on more than one line`);
      assert.ok(got.overflow <= 0, `${where}: the table is ${got.overflow} px wider than its card`);
    }
});

test("the top bar is one line at 800 px, with an image list open", async () => {
  assert.equal(await openFiles(page, [join(vectorsDir, "ntfs-two.wim")]), "ready");
  for (const width of [1400, 1000, 800]) {
    await look("light", width);
    const got = await page.evaluate(() => {
      const bar = document.querySelector(".topbar");
      const kids = [...bar.children].filter((e) => e.getBoundingClientRect().width > 0 && !e.classList.contains("visually-hidden"));
      const top = (e) => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2);
      return {
        rows: new Set(kids.map(top)).size,
        // A label or button wrapped inside itself is taller than its line.
        tall: kids.filter((e) => e.getBoundingClientRect().height > 40).map((e) => e.textContent),
        overflow: bar.scrollWidth - bar.clientWidth,
        select: document.querySelector('.topbar select[aria-label="Image"]').getBoundingClientRect().width > 0,
      };
    });
    assert.deepEqual(got, { rows: 1, tall: [], overflow: 0, select: true }, `${width} px`);
  }
});

test("every tab of the details pane can be seen and reached at 1400 and 800 px", async () => {
  assert.equal(await openFiles(page, [join(vectorsDir, "ntfs-two.wim")]), "ready");
  for (const width of [1400, 800]) {
    await look("light", width);
    const hidden = await page.evaluate(() => {
      const list = document.querySelector(".tablist").getBoundingClientRect();
      return [...document.querySelectorAll('.tablist [role="tab"]')]
        .filter((t) => t.getBoundingClientRect().width > 0)
        .filter((t) => {
          const r = t.getBoundingClientRect();
          return r.left < list.left || r.right > list.right || r.right > window.innerWidth;
        })
        .map((t) => t.textContent);
    });
    assert.ok(await page.locator('.tablist [role="tab"]').count() >= 8);
    assert.deepEqual(hidden, [], `${width} px`);
  }
});

test("dimmed entries and Refs are explained", async () => {
  await look("light", 1400);
  const legend = await page.locator(".tree-legend").innerText();
  assert.match(legend, /Dimmed: hidden or system/);
  assert.match(legend, /how many entries share this file's content/);
  assert.match(await page.locator(".tree-row.hidden .name").first().getAttribute("title"), /hidden or system/);
  await reveal(page, "/Users/Public/Documents/readme.txt");
  assert.match(await page.locator("table.streams th", { hasText: "Refs" }).getAttribute("title"), /how many entries share this file's content/);
});

test("Compare draws a change of security as permission tables, the changed ACEs marked", async () => {
  await compareChange(page, "1", "1:2", "/Program Files/App/app.exe");
  const removed = await page.locator(".security-old table.acl tr.ace-removed").allInnerTexts();
  const added = await page.locator(".security-new table.acl tr.ace-added").allInnerTexts();
  assert.ok(removed.length > 0 && added.length > 0, "both sides mark what the other lacks");
  assert.match(removed[0], /^− (Allow|Deny)/);
  assert.match(added[0], /^\+ (Allow|Deny)/);
  for (const scheme of schemes) {
    await look(scheme, 1400);
    assert.deepEqual(await lowContrast(".diff-view *", 4.5), [], `${scheme}: the Compare tab`);
  }
  await look("light", 1400);
  // Rows both sides have are not marked.
  assert.ok((await page.locator(".security-new table.acl tbody tr:not(.ace-added)").count()) > 0);
  // A change that is not of security has no tables.
  await page.locator('.diff-row[data-path="/Windows/System32/drivers/etc/hosts"]').click();
  assert.equal(await page.locator(".security-change").count(), 0);
});

test("Preview says what Auto chose, and shows a symbolic link's data as hex", async () => {
  assert.equal(await openFiles(page, [join(vectorsDir, "ntfs-lzx-2m.wim")]), "ready");
  const auto = async (path) => {
    await reveal(page, path);
    await page.locator("#tab-preview").click();
    await page.locator(".auto-mode").waitFor();
    return { mode: await page.locator(".auto-mode").getAttribute("data-mode"), said: await page.locator(".auto-mode").innerText() };
  };
  const utf16 = await auto("/Users/Public/Documents/utf16le.txt");
  assert.equal(utf16.mode, "utf-16le");
  assert.match(utf16.said, /shown as UTF-16LE text/);
  const link = await auto("/Links/hosts-symlink");
  assert.equal(link.mode, "hex");
  assert.match(link.said, /shown as hex, as this is a reparse point, whose data is binary\. .* Its target: .*hosts\./);
  assert.equal(await page.locator("pre.text-preview").count(), 0);
  const readme = await auto("/Users/Public/Documents/readme.txt");
  assert.equal(readme.mode, "utf-8");
  assert.match(readme.said, /as UTF-8 text/);
});
