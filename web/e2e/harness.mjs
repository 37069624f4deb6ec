// Shared by the end-to-end tests and the browser benchmark: serve the built
// site (dist/) on 127.0.0.1, drive Debian's Chromium with playwright-core,
// and record every request the page makes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { preview } from "vite";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** Serves dist/ with the project's Vite config on a free loopback port. */
export async function serve() {
  const server = await preview({
    root: join(repoRoot, "web"), // as vite.config.ts has it, but from any working directory
    configFile: join(repoRoot, "vite.config.ts"),
    preview: { host: "127.0.0.1", port: 0, strictPort: false, open: false },
    logLevel: "silent",
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error("the preview server did not say where it listens");
  return { url, close: () => server.close() };
}

// Chromium flags: headless in a container, and nothing of its own on the
// network (no background updates, sync or QUIC probes).
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Starts Chromium with a fresh profile; close() also removes it. With
 * noServiceWorkers the page gets none, as in a browser without them;
 * args are more flags. */
export async function launch({ noServiceWorkers = false, args = [] } = {}) {
  const profile = mkdtempSync(join(tmpdir(), "wimlens-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [...ARGS, ...args],
    acceptDownloads: true,
    serviceWorkers: noServiceWorkers ? "block" : "allow",
    viewport: { width: 1400, height: 900 },
  });
  const requests = [];
  context.on("request", (r) => requests.push({ url: r.url(), method: r.method(), postData: r.postData() }));
  return {
    context,
    requests,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The addresses requested anywhere but origin (blob: and data: stay local). */
export function offOrigin(urls, origin) {
  return urls.filter((u) => !u.startsWith(origin + "/") && !u.startsWith("blob:") && !u.startsWith("data:"));
}

/** Opens the site in a new page and waits for the engine to load. */
export async function openSite(context, url) {
  const page = await context.newPage();
  const dialogs = [];
  const errors = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector(".topbar") !== null);
  return { page, dialogs, errors };
}
