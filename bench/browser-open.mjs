// Measures opening a big WIM in the browser: from setInputFiles to the
// first drawn tree, and how much of the file the page read to get there.
// Targets (issue 18): on a Windows-sized image (/usr captured as LZX: 152k
// entries, a 22.6 MB metadata resource), under 500 ms on a warm page and
// under 800 ms when picked the moment the engine is ready, reading under
// 2 % of the file.
//
// usage: node bench/browser-open.mjs [WIM]   (after `make web`; bench/browser-open.sh does both)
//        without WIM, a 1.1 GiB, 100k-entry WIM is generated and captured
// env:   WIMLENS_BENCH_DIR   where the input tree and WIM are kept (/tmp/wimlens-bench-browser)
//        WIMLENS_BENCH_RUNS  how many opens to time (3)
import { execFileSync } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch, openSite, serve } from "../web/e2e/harness.mjs";

const dir = process.env.WIMLENS_BENCH_DIR ?? "/tmp/wimlens-bench-browser";
const runs = Number(process.env.WIMLENS_BENCH_RUNS ?? 3);
const BIG_FILES = 9; // × 128 MiB of random bytes: ~1.1 GiB that no codec shrinks
const BIG_SIZE = 128 << 20;
const SMALL_FILES = 100_000; // in 100 folders of 1000, each its own content
const wim = process.argv[2] ?? join(dir, "big.wim");

/** Writes the input tree and captures it, once; later runs reuse the WIM. */
function makeWim() {
  if (existsSync(wim)) return;
  const src = join(dir, "src");
  rmSync(src, { recursive: true, force: true });
  console.log(`generating ${BIG_FILES} × ${BIG_SIZE >> 20} MiB and ${SMALL_FILES} small files in ${src}`);
  const buf = Buffer.alloc(BIG_SIZE);
  mkdirSync(join(src, "data"), { recursive: true });
  for (let i = 0; i < BIG_FILES; i++) writeFileSync(join(src, "data", `blob${i}.bin`), randomFillSync(buf));
  for (let d = 0; d < SMALL_FILES / 1000; d++) {
    const sub = join(src, "Windows", "WinSxS", `component_${String(d).padStart(3, "0")}`);
    mkdirSync(sub, { recursive: true });
    for (let f = 0; f < 1000; f++) writeFileSync(join(sub, `file_${f}.dll`), `component ${d} file ${f}\n`);
  }
  console.log("capturing with wimlib-imagex (XPRESS, as DISM /compress:fast)");
  const tmp = `${wim}.part`;
  execFileSync("wimlib-imagex", ["capture", src, tmp, "wimlens bench", "--compress=XPRESS", "--threads=2"], { stdio: "inherit" });
  renameSync(tmp, wim);
  rmSync(src, { recursive: true, force: true });
}

async function main() {
  mkdirSync(dir, { recursive: true });
  if (process.argv[2] === undefined) makeWim();
  const size = statSync(wim).size;
  const server = await serve();
  const browser = await launch();
  // Two cases: a file picked on an idle page (the engine has loaded and
  // warmed up, and 1.5 s have passed since the page loaded, as a person
  // takes longer than that to pick one), and a file picked the moment the
  // engine is ready.
  const cases = [
    {
      name: "idle page",
      target: 500,
      settle: async (page) => {
        await page.waitForFunction(() => document.documentElement.dataset.warm === "yes");
        const since = await page.evaluate(() => performance.now());
        await new Promise((r) => setTimeout(r, Math.max(0, 1500 - since)));
      },
    },
    {
      name: "picked at once",
      target: 800,
      settle: (page) => page.waitForFunction(() => document.documentElement.dataset.engine === "ready"),
    },
  ];
  const results = new Map(cases.map((c) => [c.name, []]));
  try {
    for (let r = 0; r < runs; r++) {
      for (const c of cases) {
        // A fresh page each time: a new worker, nothing cached but the OS's.
        const { page } = await openSite(browser.context, server.url);
        await c.settle(page);
        const t0 = performance.now();
        await page.setInputFiles("#file-input", wim);
        // Polled in the page on every animation frame: waitForSelector polls
        // from Node at growing intervals (up to 500 ms) and would time those.
        await page.waitForFunction(() => document.querySelector('[role="treeitem"]') !== null, null, { polling: "raf" });
        const wall = performance.now() - t0;
        // The rows may come from the image's top alone: the whole image is
        // parsed (and its SHA-1 checked) after them, before the page is ready.
        await page.waitForFunction(() => ["ready", "failed"].includes(document.getElementById("app")?.dataset.state ?? ""), null, { polling: "raf" });
        const settled = performance.now() - t0;
        const inPage = await page.evaluate(() => {
          const at = (name) => performance.getEntriesByName(name)[0].startTime;
          const stats = document.querySelector(".read-stats");
          return {
            ms: at("wimlens-tree") - at("wimlens-open"),
            // The steps: open (header, blob table, XML), image (metadata), tree (root listing, drawing).
            steps: [at("wimlens-opened") - at("wimlens-open"), at("wimlens-image") - at("wimlens-opened"), at("wimlens-tree") - at("wimlens-image")],
            bytesRead: Number(stats.dataset.bytesRead),
          };
        });
        results.get(c.name).push({ wall, settled, ...inPage });
        console.log(
          `run ${r + 1}, ${c.name}: ${wall.toFixed(0)} ms from setInputFiles to a drawn tree, ${settled.toFixed(0)} ms to the whole image parsed (${inPage.ms.toFixed(0)} ms in the page: ` +
            `open ${inPage.steps[0].toFixed(0)}, image ${inPage.steps[1].toFixed(0)}, tree ${inPage.steps[2].toFixed(0)}), ` +
            `read ${(inPage.bytesRead / 2 ** 20).toFixed(2)} MiB of ${(size / 2 ** 30).toFixed(2)} GiB (${((100 * inPage.bytesRead) / size).toFixed(2)} %)`,
        );
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const c of cases) {
    const rs = results.get(c.name);
    const ms = median(rs.map((r) => r.wall));
    const pct = (100 * median(rs.map((r) => r.bytesRead))) / size;
    console.log(
      `median, ${c.name}: ${ms.toFixed(0)} ms (whole image parsed at ${median(rs.map((r) => r.settled)).toFixed(0)} ms), ${pct.toFixed(2)} % of a ${(size / 2 ** 30).toFixed(2)} GiB WIM — ` +
        `target < ${c.target} ms, < 2 %: ${ms < c.target && pct < 2 ? "met" : "NOT met"}`,
    );
  }
}

await main();
