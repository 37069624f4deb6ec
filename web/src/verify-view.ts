// The verify pane: hash every blob with a progress bar and a cancel
// button, then list what is corrupt and which files use it.
import { el, section, untrusted } from "./dom";
import { describeError } from "./errors";
import { formatCount, formatCounted, formatPercent, formatSize, formatSizeExact } from "./format";
import type { FaultUse, Verify, VerifyFault } from "./protocol";
import { spaced } from "./tasks";
import { VerifyPool } from "./verify-pool";
import { WorkerError, type WorkerClient } from "./worker-client";

export class VerifyView {
  readonly element = el("div", { class: "verify" });
  private abort: AbortController | null = null;
  private pool: VerifyPool;

  /** onError shows a failure in a banner too. */
  constructor(
    client: WorkerClient,
    private onError: (err: unknown) => void = () => {},
  ) {
    this.pool = new VerifyPool(client);
    this.reset();
  }

  /** Starts over, for files just opened when given (every verify engine
   * opens them). */
  reset(files?: File[]): void {
    this.abort?.abort();
    this.abort = null;
    if (files) this.pool.setFiles(files);
    this.element.replaceChildren(
      el("p", {}, "Verifying reads every blob in the file, checks it against its SHA-1, and checks the integrity table if there is one."),
      el("button", { type: "button", class: "primary", on: { click: () => void this.run() } }, "Verify all data"),
    );
  }

  private async run(): Promise<void> {
    const abort = (this.abort = new AbortController());
    const bar = el("progress", { max: 1, value: 0, attrs: { "aria-label": "Verification progress" } });
    const label = el("span", { class: "muted" }, "Starting…");
    this.element.replaceChildren(
      el("div", { class: "progress-row" }, bar, label, el("button", { type: "button", on: { click: () => abort.abort() } }, "Cancel")),
    );
    try {
      const v = await this.pool.verify({
        signal: abort.signal,
        onProgress: spaced((done, total) => {
          bar.max = total || 1;
          bar.value = done;
          label.textContent = `${formatPercent(done, total)} · ${formatSize(done)} of ${formatSize(total)}`;
        }),
        // For tests and the benchmark: how the work was shared.
        onEngines: (engines, shared) => Object.assign(this.element.dataset, { engines: String(engines), shared: String(shared) }),
      });
      this.element.replaceChildren(this.result(v));
    } catch (err) {
      const cancelled = err instanceof WorkerError && err.info.kind === "cancelled";
      if (!cancelled) this.onError(err);
      this.element.replaceChildren(el("p", { class: cancelled ? "muted" : "warn-text" }, cancelled ? "Verification cancelled." : `Verification failed: ${String(err)}`));
    }
    this.element.append(el("button", { type: "button", on: { click: () => void this.run() } }, "Verify again"));
  }

  private result(v: Verify): HTMLElement {
    const out = el("div", { attrs: { role: "status" } });
    const summary = `${formatCounted(v.blobs, "blob")}, ${formatSizeExact(v.bytes)} checked`;
    if (v.ok) {
      out.append(el("p", { class: "ok-text verify-result" }, `✓ Everything matches. ${summary}${v.integrity === "ok" ? ", integrity table included" : ""}.`));
      return out;
    }
    out.append(el("p", { class: "warn-text verify-result" }, `✗ Problems found. ${summary}.`));
    if (v.integrityError) out.append(section("Integrity table", el("p", {}, v.integrityError.message)));
    for (const f of v.faults) out.append(faultCard(f));
    return out;
  }
}

/** A place a fault touches, as one line: "image N: /path[:stream][: what
 * is wrong]", or the image's metadata. */
export function usePath(u: FaultUse): string {
  let path = u.metadata ? `image ${u.image}: its metadata (the whole file tree)` : `image ${u.image}: ${u.path ?? ""}`;
  if (u.stream) path += `:${u.stream}`;
  if (u.detail) path += `: ${u.detail}`;
  return path;
}

/** One fault, worded by its kind. Missing parts make one line, with the
 * files they hold behind a disclosure, not a card per blob they held. */
function faultCard(f: VerifyFault): HTMLElement {
  const users = f.usedBy.length + (f.unlisted ?? 0);
  const more = f.unlisted ? el("p", { class: "muted" }, `and ${formatCount(f.unlisted)} more`) : null;
  const list = el("ul", { class: "fault-paths" }, ...f.usedBy.map((u) => el("li", {}, el("code", {}, untrusted(usePath(u))))));
  const message = f.error.message;
  switch (f.kind) {
    case "parts": {
      const parts = `${message.charAt(0).toUpperCase()}${message.slice(1)}`;
      if (!users) return el("p", { class: "warn-text fault-parts" }, `${parts}.`);
      const line = `${parts}: ${formatCounted(users, "file")} can't be checked.`;
      return el("details", { class: "fault-parts" }, el("summary", { class: "warn-text" }, line), list, more);
    }
    case "archive":
      return section("The file as a whole", el("p", {}, message));
    case "entries":
      return section(
        "Entries no tool writes",
        el("p", {}, message),
        el("p", {}, `${formatCounted(users, "entry", "entries")}:`),
        list,
        more,
      );
    case "image":
      return section("An image's file tree cannot be read", el("p", {}, message), list);
  }
  const { title } = describeError(f.error);
  return section(
    `${title}: blob ${(f.sha1 ?? "").slice(0, 12)}…`,
    el("p", {}, message),
    el("p", {}, users ? `Used by ${formatCounted(users, "stream")}:` : "No file uses it."),
    list,
    more,
  );
}
