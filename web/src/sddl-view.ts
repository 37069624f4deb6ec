// The security descriptor of a file: its owner and a table of its ACEs,
// drawn from the structure core/view sends (principals named, rights and
// flags in words), and its SDDL to copy.
import { el, facts, table, untrusted } from "./dom";
import type { ACE, ACL, Principal, Security } from "./protocol";

/** An ACE type as the table shows it: "allow object" → "Allow object". */
export function typeLabel(type: string): string {
  return type.charAt(0).toUpperCase() + type.slice(1);
}

/** What an ACL's own flags mean, for its caption. */
export function aclNote(acl: ACL): string {
  return [
    acl.protected && "protected (does not inherit)",
    acl.autoInheritRequired && "auto-inherit required",
    acl.autoInherited && "auto-inherited",
  ]
    .filter(Boolean)
    .join(", ");
}

// Columns shown only when an ACE of the ACL fills them: they are rare.
const OPTIONAL: [keyof ACE, string][] = [
  ["objectType", "Object type"],
  ["inheritedObjectType", "Inherited object type"],
  ["condition", "Condition"],
  ["attribute", "Attribute"],
];

/** The headers of an ACL's table and the text of each ACE's cells, the
 * principal apart (it is drawn as a name and a SID). */
export function aclRows(aces: ACE[]): { headers: string[]; rows: { ace: ACE; cells: string[] }[] } {
  const optional = OPTIONAL.filter(([k]) => aces.some((a) => a[k]));
  return {
    headers: ["Type", "Principal", "Rights", "Inheritance", ...optional.map(([, h]) => h)],
    rows: aces.map((a) => ({
      ace: a,
      cells: [typeLabel(a.type), (a.rights ?? []).join(", "), (a.flags ?? []).join(", "), ...optional.map(([k]) => String(a[k] ?? ""))],
    })),
  };
}

function principal(p: Principal | undefined): HTMLElement | string {
  if (!p) return "";
  return el("span", { class: "principal" }, p.name ? el("strong", {}, p.name) : null, p.name ? " " : null, el("code", {}, untrusted(p.sid)));
}

/** An ACE's identity, for telling which ACEs one side of a change has and
 * the other has not. */
export function aceKey(a: ACE): string {
  return JSON.stringify([a.type, a.principal?.sid, a.mask, a.flags, a.objectType, a.inheritedObjectType, a.condition, a.attribute]);
}

/** The ACEs of acl that other lacks (all of them when other has none). */
export function changedAces(acl: ACL | undefined, other: ACL | undefined): Set<string> {
  const theirs = new Set((other?.aces ?? []).map(aceKey));
  return new Set((acl?.aces ?? []).map(aceKey).filter((k) => !theirs.has(k)));
}

/** How a changed ACE is marked: its row's class and a sign before its
 * type, so the change does not rest on colour alone. */
export interface Marks {
  changed: Set<string>;
  sign: "+" | "−";
  cls: "ace-added" | "ace-removed";
}

function aclTable(title: string, acl: ACL, marks?: Marks): HTMLElement {
  const note = aclNote(acl);
  const caption = el("h4", {}, title, note ? el("span", { class: "muted" }, ` — ${note}`) : null);
  if (acl.null) return el("div", {}, caption, el("p", { class: "warn-text" }, "NULL ACL: no access control, everyone may do anything."));
  const aces = acl.aces ?? [];
  if (aces.length === 0) return el("div", {}, caption, el("p", { class: "muted" }, "Empty: no one is granted anything."));
  const { headers, rows } = aclRows(aces);
  const cells = rows.map(({ ace, cells: [type, rights, flags, ...rest] }) => [
    el("span", { class: `ace-type ace-${ace.type.split(" ")[0]}` }, marks?.changed.has(aceKey(ace)) ? `${marks.sign} ${type}` : type),
    principal(ace.principal),
    el("span", {}, rights, ace.mask ? el("code", { class: "muted" }, ` ${ace.mask}`) : null),
    flags,
    ...rest.map((c) => el("code", { class: "extra" }, untrusted(c))),
  ]);
  const t = table(headers, cells, "grid acl");
  if (marks) t.tBodies[0].querySelectorAll("tr").forEach((tr, i) => marks.changed.has(aceKey(aces[i])) && tr.classList.add(marks.cls));
  return el("div", {}, caption, t);
}

/** The descriptor as tables: owner and group, the DACL, the SACL; with
 * other (the other side of a change), the ACEs it lacks are marked. */
function securityTables(s: Security, other?: Security, sign?: "+" | "−"): HTMLElement[] {
  const marks = (acl: ACL | undefined, theirs: ACL | undefined): Marks | undefined =>
    other && sign ? { changed: changedAces(acl, theirs), sign, cls: sign === "+" ? "ace-added" : "ace-removed" } : undefined;
  const out = [
    facts([
      ["Owner", principal(s.owner)],
      ["Group", principal(s.group)],
    ]),
    s.dacl ? aclTable("Permissions (DACL)", s.dacl, marks(s.dacl, other?.dacl)) : el("p", { class: "muted" }, "No DACL."),
  ];
  if (s.sacl) out.push(aclTable("Auditing and integrity (SACL)", s.sacl, marks(s.sacl, other?.sacl)));
  return out;
}

/** A change of security, old then new, each drawn as the details draw
 * it: the ACEs only one side has are marked, − on the old side and + on
 * the new. */
export function securityChangeView(old: Security, neu: Security): HTMLElement {
  return el(
    "div",
    { class: "security-change" },
    el("h4", {}, "Security before"),
    el("div", { class: "security-old" }, ...securityTables(old, neu, "−")),
    el("h4", {}, "Security after"),
    el("div", { class: "security-new" }, ...securityTables(neu, old, "+")),
  );
}

/** The security section's content: the structure as tables, then the SDDL. */
export function sddlView(s: Security | undefined, sddl: string): HTMLElement {
  const raw = el("pre", { class: "sddl" }, untrusted(sddl));
  if (!s) return el("div", {}, raw);
  return el(
    "div",
    {},
    ...securityTables(s),
    el("h4", {}, "SDDL"),
    raw,
  );
}
