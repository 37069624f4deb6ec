// The left pane while a search is shown: its results stay on screen when
// one is opened (its details go to the right, the hit is marked), and when
// a hit is shown in the tree (double click), a back bar and Escape return
// to the same list, its query in the box and its scroll where it was.
import { el } from "./dom";
import { formatCount, formatCounted } from "./format";
import type { Found, Results } from "./protocol";
import { resultsView } from "./search-view";

export interface SearchPaneEvents {
  /** Shows a hit's details. */
  open(hit: Found): void;
  /** Shows a hit in the tree; the pane has already put the tree back. */
  reveal(hit: Found): Promise<void>;
}

export class SearchPane {
  private results: Results | null = null;
  private key = "";
  private view: HTMLElement | null = null;
  private current = -1;
  private scroll = 0;
  /** The bar over the tree while a hit is shown in it. */
  readonly back: HTMLElement;

  constructor(
    private left: HTMLElement,
    private tree: HTMLElement,
    private events: SearchPaneEvents,
  ) {
    this.back = el(
      "button",
      { type: "button", class: "back-to-results", on: { click: () => this.restore() } },
      el("span", { attrs: { "aria-hidden": "true" } }, "← "),
      "Back to results",
    );
    // Escape in the tree while the bar is up goes back to the list.
    this.left.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && this.left.contains(this.back) && !e.defaultPrevented) {
        e.preventDefault();
        this.restore();
      }
    });
  }

  /** Whether results are shown (or kept behind the tree). */
  get active(): boolean {
    return this.results !== null;
  }

  /** Whether the results of the search named by key are shown: asking
   * again would only lose the list's place. */
  shows(key: string): boolean {
    return this.results !== null && key === this.key;
  }

  show(r: Results, key: string): void {
    this.results = r;
    this.key = key;
    this.current = -1;
    this.scroll = 0;
    const view = resultsView(r, (h) => this.open(h));
    view.addEventListener("dblclick", (e) => {
      const i = this.index(e.target);
      if (i >= 0) this.reveal(r.hits[i]);
    });
    // → is the keyboard's double click: into the tree, as into a folder.
    view.addEventListener("keydown", (e) => {
      const i = this.index(e.target);
      if (e.key !== "ArrowRight" || i < 0) return;
      e.preventDefault();
      this.reveal(r.hits[i]);
    });
    for (const b of view.querySelectorAll<HTMLButtonElement>("button.hit")) b.title = "Click or Enter: its details. Double click or →: show it in the tree.";
    this.view = view;
    this.left.replaceChildren(view);
  }

  /** Puts the tree back and forgets the results. */
  clear(): void {
    this.results = null;
    this.view = null;
    this.left.replaceChildren(this.tree);
  }

  /** Back from the tree (or from a hit's details) to the list, the hit
   * that was opened focused unless focus is false. */
  restore(focus = true): void {
    const view = this.view;
    if (!view) return;
    if (!this.left.contains(view)) {
      this.left.replaceChildren(view);
      view.scrollTop = this.scroll;
    }
    if (!focus) return;
    const b = this.buttons()[this.current] ?? this.buttons()[0];
    b?.focus({ preventScroll: true });
  }

  private open(h: Found): void {
    this.mark(h);
    this.events.open(h);
  }

  private reveal(h: Found): void {
    if (!this.view) return;
    this.mark(h);
    this.scroll = this.view.scrollTop;
    const r = this.results!;
    this.back.lastChild!.textContent = `Back to ${r.more ? `${formatCount(r.hits.length)}+ results` : formatCounted(r.hits.length, "result")}`;
    this.left.replaceChildren(this.back, this.tree);
    delete this.back.dataset.path;
    // data-path says, for tests, which hit the tree now shows.
    void this.events.reveal(h).then(() => (this.back.dataset.path = h.path));
  }

  private mark(h: Found): void {
    const buttons = this.buttons();
    this.current = this.results?.hits.indexOf(h) ?? -1;
    buttons.forEach((b, i) => (i === this.current ? b.setAttribute("aria-current", "true") : b.removeAttribute("aria-current")));
  }

  private buttons(): HTMLButtonElement[] {
    return [...(this.view?.querySelectorAll<HTMLButtonElement>("button.hit") ?? [])];
  }

  private index(target: EventTarget | null): number {
    const b = (target as HTMLElement | null)?.closest?.("button.hit");
    return b ? this.buttons().indexOf(b as HTMLButtonElement) : -1;
  }
}
