// "Copy link", "Copy path" (Windows and POSIX forms) and "Copy SHA-1" for
// an entry: buttons for the details pane, a context menu for the tree, and
// a status line that says what was copied (aria-live, for screen readers).
import { el } from "./dom";
import type { Details } from "./protocol";

/** What an entry offers to copy. */
export interface Copyable {
  /** "/"-rooted, as Details.path has it. */
  path: string;
  /** The unnamed stream's SHA-1; null when there is none (a folder, an
   * empty file). */
  sha1: string | null;
  /** The page's URL leading to the entry. */
  link: string;
}

/** The path as Windows writes it: "\Windows\System32\kernel32.dll". */
export function windowsPath(path: string): string {
  return path.replaceAll("/", "\\");
}

const NO_HASH = "0".repeat(40);

/** The SHA-1 of the entry's contents, or null when it has none. */
export function contentSha1(d: Details): string | null {
  const s = d.streams.find((s) => s.type === "data" && !s.name);
  return s && s.sha1 && s.sha1 !== NO_HASH ? s.sha1 : null;
}

/** Copies text to the clipboard; where the asynchronous clipboard is
 * missing or refused (an insecure origin, a denied permission), through a
 * selected text area and execCommand, as browsers before it did. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = el("textarea", { value: text, readOnly: true, class: "visually-hidden", attrs: { "aria-hidden": "true" } });
    const focused = document.activeElement as HTMLElement | null;
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    area.remove();
    focused?.focus();
    return ok;
  }
}

/** The status line: "Copied the path" for a few seconds. */
export class CopyStatus {
  readonly element = el("span", { class: "copy-status", attrs: { role: "status", "aria-live": "polite" } });
  private timer = 0;

  async copy(what: string, text: string): Promise<void> {
    const ok = await copyText(text);
    this.element.textContent = ok ? `Copied ${what}` : `Could not copy ${what}: the browser refused`;
    this.element.dataset.copied = ok ? text : "";
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => (this.element.textContent = ""), 4000);
  }
}

interface Action {
  label: string;
  what: string;
  text: string | null;
}

function actions(c: Copyable): Action[] {
  return [
    { label: "Copy link", what: "the link", text: c.link },
    { label: "Copy path", what: "the Windows path", text: windowsPath(c.path) },
    { label: "Copy POSIX path", what: "the POSIX path", text: c.path },
    { label: "Copy SHA-1", what: "the SHA-1", text: c.sha1 },
  ];
}

/** The copy buttons of the details pane; Copy SHA-1 is disabled when the
 * entry has none. */
export function copyButtons(c: Copyable, status: CopyStatus): HTMLElement {
  return el(
    "span",
    { class: "copy-actions", attrs: { role: "group", "aria-label": "Copy" } },
    ...actions(c).map((a) =>
      el(
        "button",
        {
          type: "button",
          class: "small secondary",
          disabled: a.text === null,
          title: a.text === null ? "No SHA-1: the entry has no contents" : a.text,
          on: { click: () => a.text !== null && void status.copy(a.what, a.text) },
        },
        a.label,
      ),
    ),
  );
}

/** A context menu of the copy actions at (x, y), for the tree: arrow
 * keys move, Enter or a click copies, Escape or a click elsewhere closes;
 * focus goes back to where it was. */
export function openCopyMenu(c: Copyable, status: CopyStatus, x: number, y: number): HTMLElement {
  document.querySelector(".copy-menu")?.remove();
  const back = document.activeElement as HTMLElement | null;
  const items = actions(c).map((a) =>
    el(
      "button",
      {
        type: "button",
        disabled: a.text === null,
        attrs: { role: "menuitem" },
        on: {
          click: () => {
            close();
            if (a.text !== null) void status.copy(a.what, a.text);
          },
        },
      },
      a.label,
    ),
  );
  const menu = el("div", { class: "copy-menu", attrs: { role: "menu", "aria-label": "Copy" } }, ...items);
  const enabled = () => items.filter((b) => !b.disabled);
  const close = (): void => {
    menu.remove();
    document.removeEventListener("pointerdown", outside, true);
    back?.focus();
  };
  const outside = (e: Event): void => {
    if (!menu.contains(e.target as Node)) close();
  };
  menu.addEventListener("keydown", (e) => {
    const list = enabled();
    const i = list.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === "Escape" || e.key === "Tab") close();
    else if (e.key === "ArrowDown") list[(i + 1) % list.length]?.focus();
    else if (e.key === "ArrowUp") list[(i - 1 + list.length) % list.length]?.focus();
    else return;
    e.preventDefault();
  });
  document.addEventListener("pointerdown", outside, true);
  document.body.append(menu);
  // Kept inside the window, however near its edge the click was.
  const r = menu.getBoundingClientRect();
  menu.style.left = `${Math.max(0, Math.min(x, window.innerWidth - r.width - 4))}px`;
  menu.style.top = `${Math.max(0, Math.min(y, window.innerHeight - r.height - 4))}px`;
  enabled()[0]?.focus();
  return menu;
}
