// Measures verifying a big WIM in the page (the Verify tab: as many engines
// as the machine has cores, web/src/verify-pool.ts) against the native
// `wimlens verify` of the same file. Target (issue 18): the page at no less
// than 0.6× the native throughput on /usr captured as LZX.
//
// usage: node bench/browser-verify.mjs WIM   (after `make build`; bench/browser-verify.sh does both
//                                            and picks the capture of /usr as LZX)
// env:   WIMLENS_BENCH_RUNS   how many runs of each (3)
//        WIMLENS_BENCH_CORES  the cores the page is told the machine has, so
//                             how many engines it runs (1: one engine, as
//                             before the page verified on every core)
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { launch, openSite, repoRoot, serve } from "../web/e2e/harness.mjs";
import { openFiles } from "../web/e2e/inspector.mjs";

const wim = process.argv[2];
if (!wim) throw new Error("usage: node bench/browser-verify.mjs WIM");
const runs = Number(process.env.WIMLENS_BENCH_RUNS ?? 3);
const cores = Number(process.env.WIMLENS_BENCH_CORES ?? 0);
const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);

/** The best wall time of the native verify, and its verdict. */
function native() {
  let best = Infinity;
  let report;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    let out;
    try {
      out = execFileSync(join(repoRoot, "bin", "wimlens"), ["verify", "--json", wim], { maxBuffer: 1 << 30 });
    } catch (err) {
      out = err.stdout; // a damaged file exits non-zero, and still reports
    }
    best = Math.min(best, performance.now() - t0);
    report = JSON.parse(out.toString("utf8"));
  }
  return { ms: best, report };
}

/** The best wall time of the page's verify, from the click to the shown
 * verdict, on a page that has opened the file and drawn its tree. */
async function browser() {
  const server = await serve();
  const b = await launch();
  if (cores) await b.context.addInitScript((n) => Object.defineProperty(Navigator.prototype, "hardwareConcurrency", { get: () => n }), cores);
  let best = Infinity;
  let seen;
  try {
    for (let r = 0; r < runs; r++) {
      const { page, errors } = await openSite(b.context, server.url);
      if ((await openFiles(page, [wim])) !== "ready") throw new Error("the page did not open the WIM");
      await page.locator("#tab-verify").click();
      const t0 = performance.now();
      await page.getByRole("button", { name: "Verify all data" }).click();
      await page.waitForFunction(() => document.querySelector(".verify-result, .verify .warn-text") !== null, null, { polling: "raf", timeout: 1_800_000 });
      const ms = performance.now() - t0;
      seen = await page.evaluate(() => {
        const v = document.querySelector(".verify");
        return {
          result: document.querySelector(".verify-result")?.textContent ?? v.textContent,
          engines: Number(v.dataset.engines),
          shared: v.dataset.shared === "true",
          isolated: crossOriginIsolated,
          cores: navigator.hardwareConcurrency,
        };
      });
      if (errors.length) throw new Error(`the page raised: ${errors.join("; ")}`);
      console.log(`page run ${r + 1}: ${ms.toFixed(0)} ms on ${seen.engines} engine(s)${seen.shared ? " sharing a counter" : ""}: ${seen.result}`);
      best = Math.min(best, ms);
      await page.close();
    }
  } finally {
    await b.close();
    await server.close();
  }
  return { ms: best, ...seen };
}

const size = statSync(wim).size;
const n = native();
const bytes = n.report.bytes;
console.log(`${wim}: ${(size / 1e9).toFixed(2)} GB, ${(bytes / 1e9).toFixed(2)} GB to hash`);
console.log(`native wimlens verify: ${n.ms.toFixed(0)} ms, ${mbps(bytes, n.ms).toFixed(0)} MB/s, ${n.report.ok ? "OK" : "problems found"}`);
const p = await browser();
if (!p.isolated) console.log("note: the page was not cross-origin isolated (no COOP/COEP headers): its engines split the shards without a shared counter");
// The page's verdict must be the native one.
if (/Everything matches/.test(p.result) !== n.report.ok) throw new Error(`the page says "${p.result}", the CLI ok=${n.report.ok}`);
const ratio = mbps(bytes, p.ms) / mbps(bytes, n.ms);
console.log(
  `verify: page ${mbps(bytes, p.ms).toFixed(0)} MB/s (${p.engines} engines, ${p.cores} cores), native ${mbps(bytes, n.ms).toFixed(0)} MB/s, ` +
    `ratio ${ratio.toFixed(2)} — target ≥ 0.60: ${ratio >= 0.6 ? "met" : "NOT met"}`,
);
