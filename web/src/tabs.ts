// A WAI-ARIA tab list: buttons with role tab, arrow keys to move, one
// panel shown at a time.
import { el } from "./dom";

export interface Tab {
  id: string;
  label: string;
  panel: HTMLElement;
}

export class Tabs {
  readonly list: HTMLElement;
  readonly panels: HTMLElement;
  private buttons = new Map<string, HTMLButtonElement>();
  current: string;
  onChange: ((id: string) => void) | null = null;

  constructor(private tabs: Tab[]) {
    this.current = tabs[0].id;
    this.list = el("div", { class: "tablist", attrs: { role: "tablist", "aria-label": "Views" }, on: { keydown: (e) => this.key(e) } });
    this.panels = el("div", { class: "panels" });
    for (const t of tabs) {
      const b = el(
        "button",
        { type: "button", id: `tab-${t.id}`, attrs: { role: "tab", "aria-controls": `panel-${t.id}` }, on: { click: () => this.select(t.id) } },
        t.label,
      );
      this.buttons.set(t.id, b);
      this.list.append(b);
      t.panel.id = `panel-${t.id}`;
      t.panel.setAttribute("role", "tabpanel");
      t.panel.setAttribute("aria-labelledby", b.id);
      this.panels.append(t.panel);
    }
    this.select(this.current);
  }

  select(id: string, focus = false): void {
    const changed = id !== this.current;
    this.current = id;
    for (const t of this.tabs) {
      const on = t.id === id;
      const b = this.buttons.get(t.id)!;
      b.setAttribute("aria-selected", String(on));
      b.tabIndex = on ? 0 : -1;
      t.panel.hidden = !on;
      if (on && focus) b.focus();
    }
    if (changed) this.onChange?.(id);
  }

  private key(e: KeyboardEvent): void {
    const i = this.tabs.findIndex((t) => t.id === this.current);
    const n = this.tabs.length;
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1 + n, Home: 0, End: n - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    this.select(this.tabs[to % n].id, true);
  }
}
