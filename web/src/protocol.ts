// The worker's message API: what the page posts, and the messages the
// worker posts back around the results. Every shape a result or an error
// has is core/view's, in protocol.gen.ts (generated: go generate
// ./core/view); the requests' fields follow wasm/api.Request's JSON tags.
import type {
  Cancelled,
  Compared,
  Content,
  DiffOther,
  Details,
  ErrorInfo,
  ImageSummary,
  Links,
  Listing,
  Opened,
  PE,
  ReadStats,
  RegHive,
  RegKey,
  RegList,
  RegSearch,
  Results,
  Rows,
  SearchFilter,
  ShardReports,
  Space,
  Verify,
  WinDiff,
  WindowsReport,
  Zipped,
} from "./protocol.gen";

export type * from "./protocol.gen";

/** A request other than open, without its id (the client adds it). */
export type Call =
  | { op: "image"; image: number }
  // The whole image parsed, after image answered pending.
  | { op: "settled"; image: number }
  | { op: "list"; image: number; node: number }
  | { op: "stat"; image: number; node: number }
  // Every hard link of a node (stat lists the first 100).
  | { op: "links"; image: number; node: number }
  // What a file's data says as a PE file (version, signer); null when it
  // is not one. Asked after stat, so the details do not wait for it.
  | { op: "pe"; image: number; node: number }
  // filter: what hits must be besides their names, as the CLI's flags.
  | { op: "search"; image: number; query: string; fuzzy?: boolean; filter?: SearchFilter; limit?: number }
  // A window of a listing (wasm/api/listing.go): a folder's children
  // (folders first), every entry below a folder, the image's files, or a
  // search's hits, sorted in the worker; prefix asks where type-ahead
  // lands, find where a node is.
  | {
      op: "rows";
      image: number;
      node?: number;
      scope?: ListScope;
      sort?: SortKey;
      desc?: boolean;
      offset: number;
      limit: number;
      prefix?: string;
      // find: a node id whose position in this order is wanted
      find?: number;
      query?: string;
      fuzzy?: boolean;
      filter?: SearchFilter;
    }
  | { op: "read"; image: number; node: number; stream?: string; offset: number; length: number }
  // sink: a port of the service worker that saves the download
  // (web/public/save-sw.js); without one the chunks come to the page.
  | { op: "download"; image: number; node: number; stream?: string; second?: boolean; sink?: MessagePort }
  | { op: "zip"; image: number; node: number }
  // reports: every shard's, from engines that shared the work, to join
  // (see verify-pool.ts); without them the engine verifies alone.
  | { op: "verify"; reports?: ShardReports }
  // files: a helper engine's own copy of the open files.
  | { op: "verifyShards"; shards: ShardClaim; files?: File[] }
  | { op: "diff"; image: number; other: DiffOther; times?: boolean }
  // What changed in Windows between the same two images (the Compare
  // tab's Windows view; wimlens diff --windows).
  | { op: "windiff"; image: number; other: DiffOther }
  // The Windows tab: the summary (no lists) first, then the whole report.
  | { op: "windowsSummary"; image: number }
  | { op: "windows"; image: number }
  // A WIM inside an image: openInner opens a node of the current level as
  // a WIM, a level of its own that later calls address; showLevel goes
  // back to a level (0: the file), closeLevel drops one (see
  // wasm/api/nested.go).
  | { op: "openInner"; image: number; node: number }
  | { op: "showLevel"; level: number }
  | { op: "closeLevel"; level: number }
  // The Space tab: folder dir (a number from an earlier answer; 0 the
  // root) as a bounded tree, cut by stored bytes or by size.
  | { op: "space"; image: number; dir?: number; stored?: boolean }
  // A file opened as a registry hive ("Open as registry"); the others
  // name it by the id regOpen gave (hive) and its keys by node: regList
  // pages a key's subkeys, regKey gives its values.
  | { op: "regOpen"; image: number; node: number }
  | { op: "regList"; hive: number; node: number; offset?: number; limit?: number }
  | { op: "regKey"; hive: number; node: number }
  | { op: "regSearch"; hive: number; query: string; limit?: number }
  | { op: "cancel"; target: number };

/** What a listing lists (wasm/api/listing.go's scopes). */
export type ListScope = "folder" | "tree" | "files" | "search";
/** The listing's sortable columns. */
export type SortKey = "name" | "size" | "stored" | "modified" | "created" | "accessed" | "attributes" | "sha1";

/** What the page posts: a call with its id, or open (openSecond: the file
 * to compare with) with its Files. */
export type Request = (Call & { id: number }) | { id: number; op: "open" | "openSecond"; files: File[] };

/** All the page posts: requests, and credit for a download's chunks once
 * the browser has taken them in (see worker.ts). */
export type ToWorker = Request | { op: "credit"; target: number; bytes: number };

/** What the worker posts back. */
export type Reply =
  | { type: "ready" }
  // The engine ran its warm-up while idle (see wasm/jsbridge/warmup.go).
  | { type: "warm" }
  | { type: "fatal"; message: string }
  | { type: "result"; id: number; result: unknown; stats: ReadStats }
  | { type: "error"; id: number; error: ErrorInfo; result?: unknown; stats: ReadStats }
  | { type: "progress"; id: number; done: number; total: number }
  | { type: "chunk"; id: number; data: Uint8Array };

/** A read the engine's worker asks of the reader (web/src/reader.ts), with
 * a buffer to fill if it has one of at least end - start bytes, and its
 * answer: the bytes [start, end) of file at the start of data, or why not. */
export interface ReadAsk {
  id: number;
  file: Blob;
  /** Names file among the engine's, which reach the reader as new
   * copies with every ask. */
  key: number;
  start: number;
  end: number;
  buffer?: ArrayBuffer;
}
export type ReadAnswer = { id: number; data: ArrayBuffer; length: number; error?: undefined } | { id: number; data?: undefined; error: string };

/** Where a verify engine claims shards: Atomics.add(counter, 0, step)
 * names the next (see worker.ts). */
export interface ShardClaim {
  counter: Int32Array;
  step: number;
}

/** The result type of each call, for the typed client. */
export interface ResultOf {
  image: ImageSummary;
  settled: ImageSummary;
  list: Listing;
  stat: Details;
  links: Links;
  pe: PE | null;
  search: Results;
  rows: Rows;
  read: Content;
  download: Content;
  zip: Zipped;
  verify: Verify;
  verifyShards: ShardReports;
  diff: Compared;
  windiff: WinDiff;
  windowsSummary: WindowsReport;
  windows: WindowsReport;
  openInner: Opened;
  showLevel: Opened;
  closeLevel: Opened;
  space: Space;
  regOpen: RegHive;
  regList: RegList;
  regKey: RegKey;
  regSearch: RegSearch;
  cancel: Cancelled;
}
