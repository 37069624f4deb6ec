// The Windows tab: what Windows an image holds, read from its own files
// (core/windows). A summary card comes first, from a request of its own,
// and the tables (packages, drivers, services, apps) follow when the
// whole report has been read. Every string is the image's (hostile):
// text nodes only, invisible characters spelled out.
import { type Child, el, facts, section, untrusted } from "./dom";
import { formatCount, formatCounted, formatSizeExact } from "./format";
import type { ErrorInfo, WinField, WinPEFile, WinSource, WindowsReport } from "./protocol";
import type { WorkerClient } from "./worker-client";

/** Rows a table draws at most; the filter finds the others. */
export const SHOWN_ROWS = 500;

function field(fields: WinField[], name: string): string {
  return fields.find((f) => f.name === name)?.value ?? "";
}

/** "23H2 · build 22631.4460": the display version and the build, or
 * what of them there is. */
export function versionLine(rep: WindowsReport): string {
  const display = field(rep.version.fields, "DisplayVersion") || field(rep.version.fields, "ReleaseId");
  const build = rep.version.build ? `build ${rep.version.build}` : "";
  return [display, build].filter(Boolean).join(" · ");
}

/** Where a value was read, in one line. */
export function sourceText(s: WinSource): string {
  return [s.file, s.key, s.value].filter(Boolean).join(" › ");
}

function failure(what: string, e: ErrorInfo | undefined): HTMLElement | "" {
  return e ? el("p", { class: "warn-text" }, `${what} cannot be read: `, untrusted(e.message)) : "";
}

/** A PE file's one line: version, then who signed it as claimed. */
function peLine(f: WinPEFile): Child {
  if (!f.present) return el("span", { class: "muted" }, "not in the image");
  if (f.error && !f.machine) return el("span", { class: "warn-text" }, "cannot be read: ", untrusted(f.error.message));
  const signer = f.signers?.find((s) => !s.nested) ?? f.signers?.[0];
  return el(
    "span",
    {},
    untrusted([f.fileVersion ? `version ${f.fileVersion}` : "", f.machine ?? ""].filter(Boolean).join(" · ")),
    signer ? [" · signed by ", untrusted(signer.signer || "(certificate not carried)"), el("span", { class: "muted" }, " (issued by ", untrusted(signer.issuer), ")")] : "",
    f.error ? el("span", { class: "warn-text" }, " · ", untrusted(f.error.message)) : "",
  );
}

/** The summary card: product, edition, version and build, architecture,
 * languages, WinRE, the boot manager's signer, and where the WIM's XML
 * is stale. */
function summaryCard(rep: WindowsReport): HTMLElement {
  const v = rep.version.fields;
  const product = field(v, "ProductName");
  const langs = rep.languages;
  const bootmgr = rep.boot.files.find((f) => /bootmgfw\.efi$/i.test(f.path)) ?? rep.boot.files[0];
  const re = rep.winre;
  const card = el(
    "section",
    { class: "card windows-summary", attrs: { "aria-label": "Windows summary" } },
    el("h3", {}, "Windows"),
    el("p", { class: "windows-product" }, product ? untrusted(product) : el("span", { class: "muted" }, "No product name in the image")),
    facts([
      ["Edition", untrusted(field(v, "EditionID"))],
      ["Version", versionLine(rep) ? el("span", { class: "windows-build" }, untrusted(versionLine(rep))) : ""],
      ["Installation", untrusted(field(v, "InstallationType"))],
      ["Architecture", rep.architecture.arch ? untrusted(rep.architecture.arch) : ""],
      [
        "Languages",
        langs.installed.length
          ? el("span", {}, untrusted(langs.installed.join(", ")), langs.default ? el("span", { class: "muted" }, " (installed with ", untrusted(langs.default), ")") : "")
          : "",
      ],
      ["WinRE", !re.present ? el("span", { class: "muted" }, "not in the image") : re.build ? untrusted(`build ${re.build}`) : `${formatSizeExact(re.size)}`],
      ["Boot manager", bootmgr ? el("span", { class: "windows-bootmgr" }, peLine(bootmgr)) : ""],
    ]),
    failure("The version", rep.version.error),
    failure("The languages", langs.error),
    failure("The architecture", rep.architecture.error),
    failure("WinRE", re.error),
  );
  if (rep.disagreements.length) {
    card.append(
      el(
        "div",
        { class: "windows-stale", attrs: { role: "note" } },
        el("p", { class: "warn-text" }, "The WIM's XML is stale: it was written at capture, and the image's own files now say otherwise."),
        el(
          "ul",
          {},
          ...rep.disagreements.map((d) =>
            el(
              "li",
              {},
              el("code", {}, d.field),
              ": XML says “",
              untrusted(d.xml),
              "”, the image says “",
              untrusted(d.image),
              "” ",
              el("span", { class: "muted" }, "(", untrusted(sourceText(d.source)), ")"),
            ),
          ),
        ),
      ),
    );
  }
  if (rep.version.fields.length) {
    const rows = rep.version.fields.map((f) => [f.name, f.value]);
    card.append(el("details", {}, el("summary", {}, "Every value read"), filterTable("version", ["Value", "Data"], rows, sourceText(rep.version.fields[0].source))));
  }
  return card;
}

/** Whether nothing in the image says which Windows it holds: no value of
 * the version or languages was read, and none of the PE files the report
 * reads is there (a data image, a Linux tree, hives that cannot be read). */
export function holdsNoWindows(rep: WindowsReport): boolean {
  return (
    rep.version.fields.length === 0 &&
    rep.languages.installed.length === 0 &&
    !rep.winre.present &&
    [...rep.architecture.files, ...rep.boot.files].every((f) => !f.present)
  );
}

function noWindowsCard(rep: WindowsReport): HTMLElement {
  const card = section(
    "Windows",
    el("p", { class: "windows-none" }, "Nothing in this image says which Windows it holds."),
    el("ul", { class: "muted" }, ...[rep.version.error, rep.languages.error].map((e) => (e ? el("li", {}, untrusted(e.message)) : ""))),
  );
  card.classList.add("windows-summary");
  return card;
}

/** Whether row holds the words of query (case ignored), each in some cell. */
export function rowMatches(row: string[], query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const cells = row.map((c) => c.toLowerCase());
  return words.every((w) => cells.some((c) => c.includes(w)));
}

/** A table with a filter box above it, drawing at most SHOWN_ROWS rows. */
function filterTable(name: string, headers: string[], rows: string[][], note = ""): HTMLElement {
  const body = el("tbody");
  const count = el("span", { class: "muted filter-count" });
  const input = el("input", { type: "search", placeholder: `Filter ${name}`, attrs: { "aria-label": `Filter ${name}` } });
  const draw = (): void => {
    const q = input.value.trim();
    const hits = q ? rows.filter((r) => rowMatches(r, q)) : rows;
    body.replaceChildren(...hits.slice(0, SHOWN_ROWS).map((r) => el("tr", {}, ...r.map((c) => el("td", {}, untrusted(c))))));
    count.textContent =
      hits.length > SHOWN_ROWS ? `the first ${SHOWN_ROWS} of ${formatCount(hits.length)} shown: filter to find the others` : `${formatCount(hits.length)} of ${formatCount(rows.length)}`;
  };
  input.addEventListener("input", draw);
  draw();
  return el(
    "div",
    { class: "windows-table", attrs: { "data-table": name } },
    el("div", { class: "filter-row" }, input, count),
    note ? el("p", { class: "muted" }, untrusted(note)) : "",
    el("table", { class: "grid" }, el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { attrs: { scope: "col" } }, h)))), body),
  );
}

function tableSection(title: string, table: HTMLElement, ...more: Child[]): HTMLElement {
  const s = section(title, ...more, table);
  s.classList.add("windows-list");
  return s;
}

function bootSection(rep: WindowsReport): HTMLElement {
  const rows = rep.boot.files.flatMap((f) => {
    const state = !f.present ? "not in the image" : f.error && !f.machine ? `cannot be read: ${f.error.message}` : "";
    if (!f.signers?.length) return [[f.path, f.fileVersion ?? "", state || (f.present ? "no embedded signature" : ""), "", ""]];
    return f.signers.map((s) => [f.path, f.fileVersion ?? "", s.signer + (s.nested ? " (nested)" : ""), s.issuer, s.digest]);
  });
  return tableSection("Boot files", filterTable("boot files", ["File", "Version", "Signed by", "Issued by", "Digest"], rows), el("p", { class: "muted" }, "The names the signatures claim: nothing here is verified."));
}

function listSections(rep: WindowsReport): HTMLElement[] {
  const p = rep.packages;
  const d = rep.drivers;
  const s = rep.services;
  const a = rep.apps;
  return [
    tableSection(
      `Packages (${formatCount(p.packages.length)})`,
      filterTable(
        "packages",
        ["Name", "State", "KB", "Release type", "Description"],
        p.packages.map((x) => [x.name, x.inRegistry ? (x.state ?? String(x.stateCode)) : "(not in the registry)", x.kb ? `KB${x.kb}` : "", x.releaseType ?? "", x.error ? `manifest unreadable: ${x.error}` : (x.description ?? "")]),
        sourceText(p.source),
      ),
      failure("The packages", p.error),
      p.omitted ? el("p", { class: "muted" }, `${formatCount(p.omitted)} of ${formatCount(p.manifests)} manifests not read (at most ${formatCount(p.manifestLimit)} are).`) : "",
    ),
    tableSection(
      `Drivers (${formatCount(d.drivers.length)})`,
      filterTable(
        "drivers",
        ["INF", "Class", "Provider", "Version", "Date", "Where"],
        d.drivers.map((x) => [x.path, x.class ?? "", x.provider ?? "", x.version ?? "", x.date ?? "", x.error ? `unreadable: ${x.error}` : x.store ? "driver store" : "Windows\\INF"]),
      ),
      failure("The drivers", d.error),
      d.omitted ? el("p", { class: "muted" }, `${formatCount(d.omitted)} of ${formatCount(d.found)} INF files not read (at most ${formatCount(d.limit)} are).`) : "",
    ),
    tableSection(
      `Services and drivers (${formatCount(s.services.length)})`,
      filterTable(
        "services",
        ["Name", "Type", "Start", "Group", "Image path", "Display name"],
        s.services.map((x) => [x.name, x.type ?? String(x.typeCode), x.hasStart ? (x.start ?? String(x.startCode)) : "", x.group ?? "", x.imagePath ?? "", x.display ?? ""]),
        sourceText(s.source),
      ),
      failure("The services", s.error),
    ),
    tableSection(
      `Apps (${formatCount(a.apps.length)})`,
      filterTable(
        "apps",
        ["Name", "Version", "Architecture", "Publisher ID", "Registered", "Provisioned"],
        a.apps.map((x) => [x.error ? `${x.fullName} (${x.error})` : (x.name ?? x.fullName), x.version ?? "", x.architecture ?? "", x.publisherId ?? "", x.registered ? "yes" : "", x.provisioned ? "yes" : ""]),
        [sourceText(a.source), a.provisioningFile].filter(Boolean).join(" and "),
      ),
      failure("The apps", a.error),
      failure("AppxProvisioning.xml", a.provisioningError),
    ),
  ];
}

export class WindowsView {
  readonly element = el("div", { class: "windows" });
  private image = 0;
  private token = 0;

  constructor(
    private client: WorkerClient,
    private onError: (err: unknown) => void = () => {},
  ) {
    this.reset();
  }

  /** Forgets the report: another file or image is open. */
  reset(): void {
    this.token++;
    this.image = 0;
    this.element.dataset.state = "";
    this.element.replaceChildren(el("p", { class: "muted" }, "What Windows the image holds, read from its own files, shows here."));
  }

  /** Reads image's report, unless it is the one shown: the summary
   * first, then the lists. data-state says where it stands (summary,
   * done, failed), for tests and the benchmark. */
  async show(image: number): Promise<void> {
    if (image === this.image) return;
    this.image = image;
    const token = ++this.token;
    this.element.dataset.state = "reading";
    this.element.replaceChildren(el("p", { class: "muted" }, "Reading the image's registry…"));
    try {
      const sum = await this.client.call({ op: "windowsSummary", image });
      if (token !== this.token) return;
      performance.mark("wimlens-windows-summary");
      if (holdsNoWindows(sum)) {
        this.element.replaceChildren(noWindowsCard(sum));
        this.element.dataset.state = "done";
        return;
      }
      const lists = el("div", { class: "windows-lists" }, el("p", { class: "muted" }, "Reading packages, drivers, services and apps…"));
      this.element.replaceChildren(summaryCard(sum), bootSection(sum), lists);
      this.element.dataset.state = "summary";
      const rep = await this.client.call({ op: "windows", image });
      if (token !== this.token) return;
      lists.replaceChildren(
        ...listSections(rep),
        el("p", { class: "muted" }, `Read ${formatCounted(rep.read.files, "file")} of the image, ${formatSizeExact(rep.read.bytes)}.`),
      );
      this.element.dataset.state = "done";
    } catch (err) {
      if (token !== this.token) return;
      this.onError(err);
      this.image = 0; // asked again when the tab is opened again
      this.element.dataset.state = "failed";
      this.element.replaceChildren(el("p", { class: "warn-text" }, "The image's Windows could not be read."));
    }
  }
}
