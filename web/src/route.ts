// Deep links: the page's place — which archive, image, entry and tab — in
// the URL's fragment (#wim=…&image=2&path=/Windows/System32/kernel32.dll&tab=details;
// in=1:/Windows/System32/Recovery/Winre.wim before image for a WIM opened
// inside the file, one in= a level),
// kept in the browser's history so back and forward move through what was
// viewed. The fragment is data: it is only ever parsed into a Route and
// checked field by field, never turned into HTML or a URL to go to.

export interface Route {
  /** The archive's GUID (32 hex digits), which says the file is the one
   * the link was made from: a copy or a renamed file has the same. */
  wim?: string;
  /** The WIMs opened inside the file, outermost first: each is the image
   * and path of a file in the level before it ("Open as WIM"). */
  inner?: Inner[];
  /** 1-based image index. */
  image?: number;
  /** The entry's path, "/"-rooted, as Details.path has it. */
  path?: string;
  /** A tab's id (details, preview, archive, ...). */
  tab?: string;
}

export interface Inner {
  image: number;
  path: string;
}

/** How many WIMs inside WIMs a link may name. */
const MAX_INNER = 8;

/** The longest fragment read: a path of 16,384 folders fits. */
const MAX_FRAGMENT = 1 << 20;

/** Reads a fragment ("#a=1&b=2" or without the #). Unknown keys, values
 * of the wrong shape and malformed escapes are ignored: a hand-edited or
 * hostile link gives an empty or partial Route, never an error. */
export function parseRoute(fragment: string): Route {
  const out: Route = {};
  if (fragment.startsWith("#")) fragment = fragment.slice(1);
  if (!fragment || fragment.length > MAX_FRAGMENT) return out;
  for (const pair of fragment.split("&")) {
    const eq = pair.indexOf("=");
    if (eq < 0) continue;
    let value: string;
    try {
      // Not URLSearchParams: it reads "+" as a space, and a name may hold "+".
      value = decodeURIComponent(pair.slice(eq + 1));
    } catch {
      continue; // a malformed escape: this field is left out
    }
    switch (pair.slice(0, eq)) {
      case "wim":
        if (/^[0-9a-f]{32}$/i.test(value)) out.wim = value.toLowerCase();
        break;
      case "image":
        if (/^[1-9][0-9]{0,4}$/.test(value)) out.image = Number(value);
        break;
      case "in": {
        const m = /^([1-9][0-9]{0,4}):(\/.*)$/s.exec(value);
        if (m && (out.inner?.length ?? 0) < MAX_INNER) (out.inner ??= []).push({ image: Number(m[1]), path: m[2] });
        break;
      }
      case "path":
        if (value.startsWith("/")) out.path = value;
        break;
      case "tab":
        if (/^[a-z][a-z0-9-]{0,31}$/.test(value)) out.tab = value;
        break;
    }
  }
  return out;
}

/** Escapes a value for the fragment: everything but unreserved characters
 * and "/", which stays readable in paths. A lone surrogate (which
 * encodeURIComponent refuses) becomes U+FFFD: the path will then not be
 * found, and the page says so. */
function escape(v: string): string {
  return encodeURIComponent(v.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")).replace(/%2F/g, "/");
}

/** Writes a Route as a fragment, without the "#"; "" for an empty one. */
export function formatRoute(r: Route): string {
  const parts: string[] = [];
  if (r.wim) parts.push(`wim=${escape(r.wim)}`);
  for (const i of r.inner ?? []) parts.push(`in=${i.image}:${escape(i.path)}`);
  if (r.image) parts.push(`image=${r.image}`);
  if (r.path) parts.push(`path=${escape(r.path)}`);
  if (r.tab) parts.push(`tab=${escape(r.tab)}`);
  return parts.join("&");
}

/** How a change of place enters the history:
 * - "push": a new entry (a tab or an image chosen, a result opened);
 * - "move": the selection moved; a new entry, unless the last one was
 *   itself a move less than MOVE_MS ago, which it then replaces — so
 *   holding an arrow key in the tree leaves one entry, not hundreds,
 *   while clicks a moment apart each get theirs;
 * - "replace": the page placed itself (the first row after opening, a
 *   link followed): the entry is corrected, none is added. */
export type Change = "push" | "move" | "replace";

export const MOVE_MS = 1000;

/** The window's history and location as Router uses them. */
export interface HistoryHost {
  location: { hash: string; href: string };
  history: { pushState(data: unknown, unused: string, url: string): void; replaceState(data: unknown, unused: string, url: string): void };
  addEventListener(type: "popstate", listener: () => void): void;
}

/** Whether two chains of inner WIMs are the same. */
export function sameInner(a: Inner[] | undefined, b: Inner[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((i, k) => i.image === y[k].image && i.path === y[k].path);
}

export class Router {
  private lastMove = -Infinity;

  /** onPop receives the Route of the entry back or forward moved to (or
   * of a fragment edited by hand). */
  constructor(
    onPop: (r: Route) => void,
    private host: HistoryHost = window,
    private now: () => number = () => performance.now(),
  ) {
    host.addEventListener("popstate", () => {
      this.lastMove = -Infinity;
      onPop(this.current());
    });
  }

  current(): Route {
    return parseRoute(this.host.location.hash);
  }

  /** Records the page's place. Only the fragment changes: the URL always
   * stays this document's. */
  show(r: Route, change: Change): void {
    const url = `#${formatRoute(r)}`;
    if (url === this.host.location.hash || (url === "#" && !this.host.location.hash)) return;
    const t = this.now();
    const replace = change === "replace" || (change === "move" && t - this.lastMove < MOVE_MS);
    this.lastMove = change === "move" ? t : -Infinity;
    if (replace) this.host.history.replaceState(null, "", url);
    else this.host.history.pushState(null, "", url);
  }

  /** The page's address with r as its fragment, for "Copy link". */
  link(r: Route): string {
    const href = this.host.location.href;
    const at = href.indexOf("#");
    return `${at < 0 ? href : href.slice(0, at)}#${formatRoute(r)}`;
  }
}
