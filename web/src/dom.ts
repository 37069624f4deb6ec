// Building the page. Every string becomes a text node: nothing here, or
// anywhere in the app, parses HTML, so markup in a file name or in the XML
// is shown, never run.
import { pieces } from "./text";

export type Child = Node | string | number | null | undefined | false | Child[];

export interface Props {
  class?: string;
  /** Attributes set with setAttribute (aria-*, role, data-*, ...). */
  attrs?: Record<string, string | number | boolean>;
  /** Event listeners. */
  on?: { [K in keyof HTMLElementEventMap]?: (e: HTMLElementEventMap[K]) => void };
  /** Element properties (type, disabled, value, href, download, title...). */
  [prop: string]: unknown;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  const { class: cls, attrs, on, ...rest } = props;
  if (cls) e.className = cls;
  for (const [k, v] of Object.entries(attrs ?? {})) e.setAttribute(k, String(v));
  for (const [k, v] of Object.entries(on ?? {})) e.addEventListener(k, v as EventListener);
  Object.assign(e, rest);
  append(e, ...children);
  return e;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(parent, ...c);
    else parent.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
}

/** An untrusted string (a name, a path, an XML value) as text, its
 * invisible characters spelled out in marked spans. */
export function untrusted(s: string, cls = "", multiline = false): HTMLSpanElement {
  const span = el("span", { class: cls });
  for (const p of pieces(s, multiline)) append(span, p.marked ? el("span", { class: "invisible", title: "invisible or control character" }, p.text) : p.text);
  return span;
}

/** A two-column table of label and value rows; rows with an empty value
 * are left out. */
export function facts(rows: [string, Child][]): HTMLTableElement {
  const body = el("tbody");
  for (const [label, value] of rows) {
    if (value === "" || value === null || value === undefined || value === false) continue;
    body.append(el("tr", {}, el("th", { attrs: { scope: "row" } }, label), el("td", {}, value)));
  }
  return el("table", { class: "facts" }, body);
}

/** A table with a header row. A cell that is false is left out, for a
 * column shown only sometimes. */
export function table(headers: string[], rows: Child[][], cls = "grid"): HTMLTableElement {
  return el(
    "table",
    { class: cls },
    el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { attrs: { scope: "col" } }, h)))),
    el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.filter((c) => c !== false).map((c) => el("td", {}, c))))),
  );
}

export function section(title: string, ...children: Child[]): HTMLElement {
  return el("section", { class: "card" }, el("h3", {}, title), ...children);
}
