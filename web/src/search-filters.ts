// The search's filters, those of the CLI's search (`--min-size`,
// `--max-size`, `--attributes`, `--streams`, `--reparse`, `--sha1`): a
// panel of fields, read into the view.SearchFilter the worker applies to
// the same query the CLI builds, so both find the same files.
import { el } from "./dom";
import type { SearchFilter } from "./protocol";

/** Units of the size fields, 1024-based as the page's sizes are said. */
export const SIZE_UNITS: Record<string, number> = { bytes: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 };

/** The attributes offered, by the names the worker reads
 * (meta.ParseAttributes) and the details pane shows. */
export const FILTER_ATTRIBUTES: [name: string, label: string][] = [
  ["READONLY", "Read-only"],
  ["HIDDEN", "Hidden"],
  ["SYSTEM", "System"],
  ["ARCHIVE", "Archive"],
  ["COMPRESSED", "Compressed"],
  ["ENCRYPTED", "Encrypted"],
  ["SPARSE_FILE", "Sparse"],
  ["TEMPORARY", "Temporary"],
  ["OFFLINE", "Offline"],
  ["NOT_CONTENT_INDEXED", "Not indexed"],
];

/** What the panel's fields hold. */
export interface FilterFields {
  minSize: string;
  minUnit: string;
  maxSize: string;
  maxUnit: string;
  attributes: string[];
  streams: boolean;
  reparse: boolean;
  sha1: string;
}

export const NO_FILTER: FilterFields = { minSize: "", minUnit: "KiB", maxSize: "", maxUnit: "KiB", attributes: [], streams: false, reparse: false, sha1: "" };

/** A size field in bytes: "" is no bound (null); a negative, malformed
 * or unsafe number is an error in words. */
export function parseSize(value: string, unit: string): number | null | { error: string } {
  const v = value.trim();
  if (!v) return null;
  const mult = SIZE_UNITS[unit];
  if (!/^\d+(\.\d+)?$/.test(v) || !mult) return { error: `"${v}" is not a size` };
  const n = Math.round(Number(v) * mult);
  if (!Number.isSafeInteger(n)) return { error: `${v} ${unit} is too large` };
  return n;
}

/** The fields as the worker's filter; undefined when they let everything
 * through, or an error in words that says which field is wrong. */
export function toFilter(f: FilterFields): { filter?: SearchFilter; error?: string } {
  const min = parseSize(f.minSize, f.minUnit);
  const max = parseSize(f.maxSize, f.maxUnit);
  if (min !== null && typeof min === "object") return { error: `Smallest size: ${min.error}` };
  if (max !== null && typeof max === "object") return { error: `Largest size: ${max.error}` };
  // --max-size 0 is no bound for the CLI; here an empty field is, and 0
  // asks for empty files, which the CLI has no flag for.
  if (max === 0) return { error: "Largest size: 0 is no bound; leave the field empty instead" };
  if (min !== null && max !== null && max < min) return { error: "The largest size is below the smallest" };
  const sha1 = f.sha1.trim();
  if (sha1 && !/^[0-9a-fA-F]{40}$/.test(sha1)) return { error: "SHA-1: 40 hexadecimal digits, as Copy SHA-1 gives" };
  const filter: SearchFilter = {};
  if (min) filter.minSize = min;
  if (max) filter.maxSize = max;
  if (f.attributes.length) filter.attributes = [...f.attributes];
  if (f.streams) filter.streams = true;
  if (f.reparse) filter.reparse = true;
  if (sha1) filter.sha1 = sha1.toLowerCase();
  return Object.keys(filter).length ? { filter } : {};
}

/** How many conditions a filter sets, for the Filters button's label. */
export function filterCount(f: SearchFilter | undefined): number {
  if (!f) return 0;
  return (f.minSize ? 1 : 0) + (f.maxSize ? 1 : 0) + (f.attributes?.length ?? 0) + (f.streams ? 1 : 0) + (f.reparse ? 1 : 0) + (f.sha1 ? 1 : 0);
}

/** The panel: a toggle button for the top bar and the fields below it.
 * onChange runs when a field changes. */
export class SearchFilters {
  readonly toggle: HTMLButtonElement;
  readonly element: HTMLElement;
  private error = el("p", { class: "filter-error warn-text", attrs: { role: "alert" }, hidden: true });
  private minSize = el("input", { type: "text", inputMode: "decimal", size: 6, attrs: { "aria-label": "Smallest size" } });
  private minUnit = unitSelect("Unit of the smallest size");
  private maxSize = el("input", { type: "text", inputMode: "decimal", size: 6, attrs: { "aria-label": "Largest size" } });
  private maxUnit = unitSelect("Unit of the largest size");
  private attrs = FILTER_ATTRIBUTES.map(([name]) => el("input", { type: "checkbox", value: name }));
  private streams = el("input", { type: "checkbox" });
  private reparse = el("input", { type: "checkbox" });
  private sha1 = el("input", { type: "text", size: 42, spellcheck: false, placeholder: "40 hex digits", attrs: { "aria-label": "SHA-1 of the contents", autocomplete: "off" } });
  /** The filter the fields say, when they are valid. */
  filter: SearchFilter | undefined;
  onChange: (() => void) | null = null;

  constructor() {
    this.toggle = el("button", {
      type: "button",
      class: "secondary filters-toggle",
      disabled: true,
      attrs: { "aria-expanded": "false", "aria-controls": "search-filters" },
      on: { click: () => this.show(this.toggle.getAttribute("aria-expanded") !== "true") },
    }, "Filters");
    this.element = el(
      "form",
      { id: "search-filters", class: "search-filters", hidden: true, attrs: { "aria-label": "Search filters" }, on: { submit: (e) => e.preventDefault() } },
      el("fieldset", {}, el("legend", {}, "Size"), "from ", this.minSize, this.minUnit, " to ", this.maxSize, this.maxUnit),
      el(
        "fieldset",
        { class: "filter-attrs" },
        el("legend", {}, "Has every attribute"),
        ...this.attrs.map((box, i) => el("label", {}, box, FILTER_ATTRIBUTES[i][1])),
      ),
      el(
        "fieldset",
        {},
        el("legend", {}, "Is"),
        el("label", {}, this.streams, "with named streams"),
        el("label", {}, this.reparse, "a reparse point"),
      ),
      el("fieldset", {}, el("legend", {}, "SHA-1"), this.sha1),
      el("button", { type: "button", class: "small secondary", on: { click: () => this.clear() } }, "Clear filters"),
      this.error,
    );
    this.element.addEventListener("input", () => this.read());
    this.element.addEventListener("change", () => this.read());
  }

  fields(): FilterFields {
    return {
      minSize: this.minSize.value,
      minUnit: this.minUnit.value,
      maxSize: this.maxSize.value,
      maxUnit: this.maxUnit.value,
      attributes: this.attrs.filter((b) => b.checked).map((b) => b.value),
      streams: this.streams.checked,
      reparse: this.reparse.checked,
      sha1: this.sha1.value,
    };
  }

  /** Whether the fields hold an error (the search then waits). */
  get invalid(): boolean {
    return !this.error.hidden;
  }

  set enabled(on: boolean) {
    this.toggle.disabled = !on;
    if (!on) this.show(false);
  }

  show(open: boolean): void {
    this.element.hidden = !open;
    this.toggle.setAttribute("aria-expanded", String(open));
    if (open) this.minSize.focus();
  }

  clear(): void {
    for (const i of [this.minSize, this.maxSize, this.sha1]) i.value = "";
    for (const b of [...this.attrs, this.streams, this.reparse]) b.checked = false;
    this.read();
  }

  private read(): void {
    const { filter, error } = toFilter(this.fields());
    this.error.hidden = !error;
    this.error.textContent = error ?? "";
    this.filter = error ? undefined : filter;
    const n = filterCount(this.filter);
    this.toggle.textContent = n ? `Filters (${n})` : "Filters";
    this.toggle.classList.toggle("on", n > 0);
    this.onChange?.();
  }
}

function unitSelect(label: string): HTMLSelectElement {
  const s = el("select", { attrs: { "aria-label": label } }, ...Object.keys(SIZE_UNITS).map((u) => el("option", { value: u }, u)));
  s.value = "KiB";
  return s;
}
