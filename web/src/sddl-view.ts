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

function aclTable(title: string, acl: ACL): HTMLElement {
  const note = aclNote(acl);
  const caption = el("h4", {}, title, note ? el("span", { class: "muted" }, ` — ${note}`) : null);
  if (acl.null) return el("div", {}, caption, el("p", { class: "warn-text" }, "NULL ACL: no access control, everyone may do anything."));
  const aces = acl.aces ?? [];
  if (aces.length === 0) return el("div", {}, caption, el("p", { class: "muted" }, "Empty: no one is granted anything."));
  const { headers, rows } = aclRows(aces);
  const cells = rows.map(({ ace, cells: [type, rights, flags, ...rest] }) => [
    el("span", { class: `ace-type ace-${ace.type.split(" ")[0]}` }, type),
    principal(ace.principal),
    el("span", {}, rights, ace.mask ? el("code", { class: "muted" }, ` ${ace.mask}`) : null),
    flags,
    ...rest.map((c) => el("code", { class: "extra" }, untrusted(c))),
  ]);
  return el("div", {}, caption, table(headers, cells, "grid acl"));
}

/** The security section's content: the structure as tables, then the SDDL. */
export function sddlView(s: Security | undefined, sddl: string): HTMLElement {
  const raw = el("pre", { class: "sddl" }, untrusted(sddl));
  if (!s) return el("div", {}, raw);
  return el(
    "div",
    {},
    facts([
      ["Owner", principal(s.owner)],
      ["Group", principal(s.group)],
    ]),
    s.dacl ? aclTable("Permissions (DACL)", s.dacl) : el("p", { class: "muted" }, "No DACL."),
    s.sacl ? aclTable("Auditing and integrity (SACL)", s.sacl) : null,
    el("h4", {}, "SDDL"),
    raw,
  );
}
