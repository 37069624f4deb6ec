// Long work the person started (downloads, zips) shown in the status bar
// with progress and a cancel button, and saving what it produced.
import { el } from "./dom";
import { formatPercent, formatSize } from "./format";
import { safeFileName } from "./text";

export type Progress = (done: number, total: number) => void;

/** Runs work while showing a progress row in host; the row goes when the
 * work ends, however it ends. */
export async function runTask<T>(host: HTMLElement, label: string, work: (signal: AbortSignal, progress: Progress) => Promise<T>): Promise<T> {
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
    return await work(abort.signal, (done, total) => {
      bar.max = total || 1;
      bar.value = done;
      pct.textContent = `${formatPercent(done, total)} of ${formatSize(total)}`;
    });
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
