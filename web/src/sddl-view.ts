// The security descriptor of a file: its SDDL and a readable table of ACEs.
import { el, facts, table, untrusted } from "./dom";
import { type Acl, aceFlagNames, aceTypeName, parseSddl, rightsNames, sidName } from "./sddl";

function principal(sid: string): HTMLElement {
  const name = sidName(sid);
  return el("span", { class: "principal" }, name ? el("strong", {}, name) : null, name ? " " : null, el("code", {}, untrusted(sid)));
}

function aclTable(title: string, acl: Acl): HTMLElement {
  const flags = [acl.flags.includes("P") && "protected (does not inherit)", acl.flags.includes("AI") && "auto-inherited"].filter(Boolean).join(", ");
  const caption = el("h4", {}, title, flags ? el("span", { class: "muted" }, ` — ${flags}`) : null);
  if (acl.nullAcl) return el("div", {}, caption, el("p", { class: "warn-text" }, "NULL ACL: no access control, everyone may do anything."));
  if (acl.aces.length === 0) return el("div", {}, caption, el("p", { class: "muted" }, "Empty: no one is granted anything."));
  // Conditions are rare; their column shows only when an ACE has one.
  const conditions = acl.aces.some((a) => a.extra);
  const rows = acl.aces.map((a) => [
    el("span", { class: `ace-type ace-${a.type}` }, aceTypeName(a.type)),
    principal(a.sid),
    el("span", {}, rightsNames(a.rights).join(", "), el("code", { class: "muted" }, ` ${a.rights}`)),
    aceFlagNames(a.flags).join(", "),
    conditions && el("code", {}, untrusted(a.extra)),
  ]);
  const headers = ["Type", "Principal", "Rights", "Inheritance", ...(conditions ? ["Condition"] : [])];
  return el("div", {}, caption, table(headers, rows, "grid acl"));
}

/** The security section's content for an SDDL string. */
export function sddlView(sddl: string): HTMLElement {
  const raw = el("pre", { class: "sddl" }, untrusted(sddl));
  try {
    const d = parseSddl(sddl);
    return el(
      "div",
      {},
      facts([
        ["Owner", d.owner ? principal(d.owner) : ""],
        ["Group", d.group ? principal(d.group) : ""],
      ]),
      d.dacl ? aclTable("Permissions (DACL)", d.dacl) : el("p", { class: "muted" }, "No DACL."),
      d.sacl ? aclTable("Auditing and integrity (SACL)", d.sacl) : null,
      el("h4", {}, "SDDL"),
      raw,
    );
  } catch (err) {
    return el("div", {}, el("p", { class: "warn-text" }, String(err)), raw);
  }
}
