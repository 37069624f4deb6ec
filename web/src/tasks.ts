// Long work the person started (downloads, zips) shown in the status bar
// with progress and a cancel button, and saving what it produced.
import { el } from "./dom";
import { formatPercent, formatSize } from "./format";
import { safeFileName } from "./text";
import type { WorkerClient } from "./worker-client";

export type Progress = (done: number, total: number) => void;

/** How often a progress display changes, in ms. Each change repaints, and
 * the engines of a verify report 40 times a second between them: drawn
 * every time, that cost the cores 5 % of the verify. */
export const progressEvery = 100;

/** show, called at most once every progressEvery ms; the latest progress
 * is always shown, late rather than never. */
export function spaced(show: Progress): Progress {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest: [number, number] = [0, 0];
  const flush = () => {
    timer = undefined;
    last = performance.now();
    show(...latest);
  };
  return (done, total) => {
    latest = [done, total];
    if (timer !== undefined) return;
    const wait = last + progressEvery - performance.now();
    if (wait <= 0) flush();
    else timer = setTimeout(flush, wait);
  };
}

/** Runs work while showing a progress row in host; the row goes when the
 * work ends, however it ends. total says what work counts (bytes unless
 * told). */
export async function runTask<T>(
  host: HTMLElement,
  label: string,
  work: (signal: AbortSignal, progress: Progress) => Promise<T>,
  total: (n: number) => string = formatSize,
): Promise<T> {
  const abort = new AbortController();
  const bar = el("progress", { max: 1, value: 0, attrs: { "aria-label": label } });
  const pct = el("span", { class: "pct" }, "");
  const row = el(
    "div",
    { class: "task" },
    el("span", { class: "task-label" }, label),
    bar,
    pct,
    el("button", { type: "button", class: "small", on: { click: () => abort.abort() } }, "Cancel"),
  );
  host.append(row);
  try {
    return await work(
      abort.signal,
      spaced((done, n) => {
        bar.max = n || 1;
        bar.value = done;
        pct.textContent = `${formatPercent(done, n)} of ${total(n)}`;
      }),
    );
  } finally {
    row.remove();
  }
}

/** Offers a Blob as a download. Chromium reads the blob: URL while it
 * saves, and revoking it then cancels the download (a 1 GiB file took
 * over a minute to save on a busy machine), so the URL lives a minute
 * plus one second per 5 MB. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: safeFileName(name) });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000 + blob.size / 5_000);
}

/** What to download: a stream of a node, of the open file or (second) of
 * the one opened to compare with. */
export interface Wanted {
  image: number;
  node: number;
  stream?: string;
  second?: boolean;
  /** The stream's size, if known: the browser shows the save's progress. */
  size?: number;
}

/** Downloads a stream and saves it as name, with a task row in host. Where
 * the page's service worker runs (web/public/save-sw.js), the engine's
 * chunks go to it and the browser writes them to disk as they come;
 * otherwise the page gathers a Blob and offers it at the end. */
export async function download(host: HTMLElement, client: WorkerClient, name: string, w: Wanted): Promise<void> {
  const save = await streamSave(name, w.size);
  try {
    await runTask(host, `Downloading ${name}`, async (signal, onProgress) => {
      const opts = { signal, onProgress };
      if (save) await client.downloadTo(save.port, w.image, w.node, w.stream, opts, w.second);
      else saveBlob((await client.download(w.image, w.node, w.stream, opts, w.second)).blob, name);
    });
  } finally {
    save?.finish();
  }
}

interface StreamSave {
  /** Where the engine writes the chunks. */
  port: MessagePort;
  /** Called once the engine has written everything, or failed. */
  finish(): void;
}

/** The page's own save worker, once registered and active; null where
 * there is none. */
let saver: Promise<ServiceWorker | null> = Promise.resolve(null);
/** The addresses the page's save worker answers: its scope. */
let saveScope = "";

/** Registers the service worker that saves downloads as they are made
 * (web/public/save-sw.js), where the browser runs them. Each page has its
 * own, scoped to an address of its own and unregistered when the page
 * goes, so the browser starts it in the page's process: a worker left
 * running in another process took every chunk as a copy, and the download
 * at half the speed. It is never the page's controller, and never sees the
 * page's own requests. */
export function setUpSaving(): void {
  const container = navigator.serviceWorker;
  if (!container) return;
  saveScope = `wimlens-save/${Date.now().toString(36)}-${crypto.randomUUID()}/`;
  saver = container
    .register("save-sw.js", { scope: saveScope })
    .then((reg) => {
      addEventListener("pagehide", () => void reg.unregister(), { once: true });
      return activated(reg);
    })
    // Whatever fails (Playwright's blocking answers undefined), the page
    // saves Blobs.
    .catch(() => null);
  // Registrations of pages that ended without unregistering theirs (a
  // crash) go after a day.
  void container.getRegistrations().then((regs) => {
    for (const reg of regs) {
      const made = /\/wimlens-save\/([0-9a-z]+)-/.exec(reg.scope);
      if (made && Date.now() - parseInt(made[1], 36) > 86_400_000) void reg.unregister();
    }
  });
}

/** reg's worker once it is active. */
function activated(reg: ServiceWorkerRegistration): Promise<ServiceWorker | null> {
  if (reg.active) return Promise.resolve(reg.active);
  const sw = reg.installing ?? reg.waiting;
  if (!sw) return Promise.resolve(null);
  return new Promise((resolve) =>
    sw.addEventListener("statechange", () => {
      if (sw.state === "activated") resolve(sw);
      else if (sw.state === "redundant") resolve(null);
    }),
  );
}

/** How long the page waits for its save worker to be ready, and then to
 * take a save on. */
const SAVE_ANSWER_MS = 2000;

const timeout = (ms: number) => new Promise<null>((resolve) => setTimeout(() => resolve(null), ms));

/** Whether the save worker said op on port in time. */
function answer(port: MessagePort, op: string): Promise<boolean> {
  return new Promise((resolve) => {
    const onAnswer = (e: MessageEvent) => {
      if (e.data?.op !== op) return;
      port.removeEventListener("message", onAnswer);
      resolve(true);
    };
    port.addEventListener("message", onAnswer);
    void timeout(SAVE_ANSWER_MS).then(() => {
      port.removeEventListener("message", onAnswer);
      resolve(false);
    });
  });
}

/** Hands a save to the page's save worker, then points a hidden frame at
 * the address it answers with the download. null when there is no save
 * worker (a browser without them, a page not on http(s)), or it did not
 * take the save, or the browser did not ask it for the download, in time:
 * the caller gathers a Blob instead. */
async function streamSave(name: string, size?: number): Promise<StreamSave | null> {
  // A registration can also never settle (a browser that blocks workers).
  const sw = await Promise.race([saver, timeout(SAVE_ANSWER_MS)]);
  if (!sw) return null;
  const id = crypto.randomUUID();
  const { port1, port2 } = new MessageChannel();
  port2.start();
  // Should the worker still take the save, or the browser still ask, its
  // download fails rather than waits.
  const giveUp = () => {
    port2.postMessage({ error: "the download did not start in time" });
    port2.close();
    return null;
  };
  sw.postMessage({ op: "save", id, name: safeFileName(name), size, port: port1 }, [port1]);
  if (!(await answer(port2, "saving"))) return giveUp();
  const frame = el("iframe", { hidden: true, src: saveScope + id, attrs: { "aria-hidden": "true" } });
  document.body.append(frame);
  if (!(await answer(port2, "started"))) {
    frame.remove();
    return giveUp();
  }
  // A browser may stop an idle service worker; messages from the page keep
  // this one awake while the engine feeds it.
  const ping = setInterval(() => sw.postMessage({ op: "ping" }), 10_000);
  return {
    port: port2,
    finish() {
      clearInterval(ping);
      // The browser still writes what the worker holds; the frame goes
      // later, since removing it must not end the download.
      setTimeout(() => frame.remove(), 60_000);
    },
  };
}
