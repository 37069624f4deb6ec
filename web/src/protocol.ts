// The worker's message API. The Go side is wasm/api (Request, results)
// and wasm/jsbridge (envelopes); field names here follow its JSON tags.

/** A request other than open, without its id (the client adds it). */
export type Call =
  | { op: "image"; image: number }
  // The whole image parsed, after image answered pending.
  | { op: "settled"; image: number }
  | { op: "list"; image: number; node: number }
  | { op: "stat"; image: number; node: number }
  // Every hard link of a node (stat lists the first 100).
  | { op: "links"; image: number; node: number }
  | { op: "search"; image: number; query: string; fuzzy?: boolean; limit?: number }
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
  | { op: "cancel"; target: number };

/** What the page posts: a call with its id, or open (openSecond: the file
 * to compare with) with its Files. */
export type Request = (Call & { id: number }) | { id: number; op: "open" | "openSecond"; files: File[] };

/** All the page posts: requests, and credit for a download's chunks once
 * the browser has taken them in (see worker.ts). */
export type ToWorker = Request | { op: "credit"; target: number; bytes: number };

/** The new side of a diff: an image of the open file, or with second of
 * the file openSecond opened. */
export interface DiffOther {
  second?: boolean;
  image: number;
}

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
  start: number;
  end: number;
  buffer?: ArrayBuffer;
}
export type ReadAnswer = { id: number; data: ArrayBuffer; length: number; error?: undefined } | { id: number; data?: undefined; error: string };

export interface ReadStats {
  bytesRead: number;
  reads: number;
  hits: number;
  size: number;
}

export type ErrorKind =
  | "cancelled"
  | "encrypted"
  | "missing-part"
  | "not-wim"
  | "truncated"
  | "checksum"
  | "unsupported"
  | "missing-blob"
  | "corrupt"
  | "format"
  | "different-wims"
  // The page's own: the engine died (see WorkerClient).
  | "engine"
  | "error";

export interface ErrorInfo {
  kind: ErrorKind;
  message: string;
  field?: string;
  offset?: number;
  part?: number;
  resource?: string;
}

// core/view.Archive and friends.
export interface ArchiveInfo {
  guid: string;
  version: string;
  flags: string[];
  compression: string;
  chunkSize: number;
  totalParts: number;
  missingParts?: number[];
  imageCount: number;
  bootIndex: number;
  pipable: boolean;
  solid: boolean;
  hasIntegrity: boolean;
  blobs: number;
  images: ImageInfo[];
  warnings?: string[];
}

export interface ImageInfo {
  index: number;
  name: string;
  description: string;
  displayName?: string;
  displayDescription?: string;
  flags?: string;
  dirCount: number;
  fileCount: number;
  totalBytes: number;
  hardLinkBytes: number;
  creationTime?: string;
  lastModificationTime?: string;
  wimboot: boolean;
  windows?: WindowsInfo;
}

export interface WindowsInfo {
  arch: string;
  productName?: string;
  editionId?: string;
  installationType?: string;
  productType?: string;
  productSuite?: string;
  hal?: string;
  languages?: string[];
  defaultLanguage?: string;
  version: string;
  spLevel: number;
  systemRoot?: string;
}

export interface Opened {
  archive: ArchiveInfo;
  xml: string;
  stats: ReadStats;
}

/** One row of the tree (wasm/api.Entry). */
export interface Entry {
  id: number;
  name: string;
  dir?: boolean;
  size?: number;
  children?: number;
  reparse?: boolean;
  hidden?: boolean;
  anomaly?: boolean;
  /** Its data's blob is in no file given (a part not open, or lost). */
  missing?: boolean;
}

export interface Anomaly {
  path: string;
  kind: string;
  detail: string;
}

export interface ImageSummary {
  index: number;
  root: Entry;
  dirs: number;
  files: number;
  anomalies: Anomaly[];
  anomalyCount: number;
  // Only the root's rows are read: settled answers for the whole image.
  pending?: boolean;
}

export interface Listing {
  node: number;
  entries: Entry[];
}

export interface StreamInfo {
  name: string;
  type: "data" | "reparse" | "efs";
  sha1: string;
  size: number;
  missing?: boolean;
  storedSize?: number;
  solid?: boolean;
  compression?: string;
  refCount?: number;
}

/** core/view.File plus ids (wasm/api.Details). */
export interface Details {
  id: number;
  ancestors: number[];
  linkIds?: number[];
  path: string;
  name: string;
  shortName?: string;
  dir: boolean;
  size: number;
  attributes: number;
  attributeNames: string[];
  created: string;
  modified: string;
  accessed: string;
  securityId: number;
  sddl?: string;
  sddlError?: string;
  security?: Security;
  streams: StreamInfo[];
  reparse?: {
    tag: string;
    tagName: string;
    target?: string;
    substituteName?: string;
    printName?: string;
    relative?: boolean;
    error?: string;
  };
  linkGroup?: number;
  /** How many names the file has when hard-linked; links and linkIds
   * hold the first 100 of them. */
  linkCount?: number;
  links?: string[];
  unix?: { uid: number; gid: number; mode: string; rdev: number };
  objectId?: string;
  children?: number;
  anomalies?: { kind: string; detail: string }[];
}

/** A file's hard links (wasm/api.Links). */
/** core/view.Security: what the SDDL says, as structure. */
export interface Security {
  owner?: Principal;
  group?: Principal;
  control?: string[];
  dacl?: Acl;
  sacl?: Acl;
}

/** A SID with the name Windows shows for it, when it has one. */
export interface Principal {
  sid: string;
  name?: string;
}

/** null: NO_ACCESS_CONTROL, everyone may do anything; not null and
 * without ACEs: no one may do anything. */
export interface Acl {
  null?: boolean;
  protected?: boolean;
  autoInherited?: boolean;
  autoInheritRequired?: boolean;
  aces?: Ace[];
}

export interface Ace {
  type: string; // "allow", "deny", "audit", "mandatory label", ...; hex when unknown
  flags?: string[];
  principal?: Principal;
  mask?: string; // hex
  rights?: string[];
  objectType?: string;
  inheritedObjectType?: string;
  condition?: string;
  attribute?: string;
}

export interface Links {
  links?: string[];
  linkIds?: number[];
}

export interface Found extends Entry {
  path: string;
  ancestors: number[];
}

export interface Results {
  query: string;
  hits: Found[];
  more: boolean;
}

export interface Content {
  name: string;
  stream: string;
  size: number;
  offset: number;
  length: number;
}

export interface Problem {
  path: string;
  error: string;
}

export interface Zipped {
  name: string;
  bytes: number;
  entries: number;
  refused: Problem[];
  failed: Problem[];
  notes: string[];
}

export interface Verified {
  ok: boolean;
  blobs: number;
  bytes: number;
  hasIntegrity: boolean;
  integrity?: ErrorInfo;
  faults: VerifyFault[];
}

/** One of verify's faults (wasm/api.VerifyFault). */
export interface VerifyFault {
  /** core/view's kinds: a blob "damaged" or "missing", an "image" that
   * does not parse, an image's bad "entries" of one kind, the "archive" as
   * a whole (XML, image counts), the "parts" not given. */
  kind: "damaged" | "missing" | "image" | "entries" | "archive" | "parts";
  sha1?: string;
  error: ErrorInfo;
  paths: string[];
  users: number;
}

/** Where a verify engine claims shards: Atomics.add(counter, 0, step)
 * names the next (see worker.ts). */
export interface ShardClaim {
  counter: Int32Array;
  step: number;
}

/** What an engine reports of the shards it verified (wasm/api.ShardReports). */
export interface ShardReports {
  n: number;
  shards: ShardReport[];
}

export interface ShardReport {
  shard: number;
  blobs: number;
  bytes: number;
  hasIntegrity: boolean;
  integrity?: ErrorInfo;
  unsound?: number[];
  faults?: { sha1: string; error: ErrorInfo }[];
}

/** Changes counted by kind (core/view.DiffCounts). */
export interface DiffCounts {
  added: number;
  deleted: number;
  modified: number;
  renamed: number;
  bytesAdded: number;
  bytesRemoved: number;
}

/** One version of a changed entry (core/view.Side). */
export interface DiffSide {
  size: number;
  sha1?: string;
  attributes: string[];
  sddl?: string;
  streams?: StreamInfo[];
  modified: string;
}

export type ChangeKind = "A" | "D" | "M" | "R";

/** One change (core/view.Change). */
export interface Change {
  kind: ChangeKind;
  path: string;
  oldPath?: string;
  dir: boolean;
  reasons?: string[];
  sizeDelta: number;
  old?: DiffSide;
  new?: DiffSide;
}

/** The answer to diff (wasm/api.Compared): `wimlens diff --json`, with
 * each change's old and new node ids (-1: none) for downloads. */
export interface Compared {
  summary: DiffCounts;
  byFolder: Record<string, DiffCounts>;
  changes: Change[];
  nodes: [number, number][];
}

/** The result type of each call, for the typed client. */
export interface ResultOf {
  image: ImageSummary;
  settled: ImageSummary;
  list: Listing;
  stat: Details;
  links: Links;
  search: Results;
  read: Content;
  download: Content;
  zip: Zipped;
  verify: Verified;
  verifyShards: ShardReports;
  diff: Compared;
  cancel: { cancelled: boolean };
}
