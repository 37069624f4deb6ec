// A PE file's Version and Signature sections, as Explorer's Properties
// shows them. Every string is the file's own (hostile): text nodes only,
// invisible characters spelled out.
import { type Child, el, facts, section, table, untrusted } from "./dom";
import type { PE, PEName, PESignature } from "./protocol";

/** "10.0.22621.1", with the string the table writes when it says more
 * ("10.0.22621.1 (WinBuild.160101.0800)"). */
function version(fixed: string | undefined, written: string | undefined): HTMLElement | "" {
  if (!fixed && !written) return "";
  const extra = written && written !== fixed ? written : "";
  return el("span", {}, fixed ?? "", fixed && extra ? " · " : "", extra ? untrusted(extra, "muted") : "");
}

/** A language identifier in hex, as Windows writes LANGIDs (0409). */
const langid = (n: number) => n.toString(16).padStart(4, "0").toUpperCase();

/** A name: its common name, then its organization when it says more. */
function name(n: PEName | undefined): HTMLElement | "" {
  if (!n) return "";
  const cn = n.cn || n.dn;
  return el("span", { attrs: { title: n.dn } }, untrusted(cn), n.o && n.o !== cn ? el("span", { class: "muted" }, " · ", untrusted(n.o)) : "");
}

function machine(pe: PE): string {
  if (!pe.machine) return "";
  return [`${pe.machine} (0x${(pe.machineCode ?? 0).toString(16).padStart(4, "0")})`, pe.format, pe.subsystem, pe.dll ? "DLL" : ""].filter(Boolean).join(" · ");
}

function versionSection(pe: PE): HTMLElement {
  const v = pe.version;
  const rows: [string, Child][] = [["Machine", machine(pe)]];
  if (v)
    rows.push(
      ["File description", v.fileDescription ? untrusted(v.fileDescription) : ""],
      ["File version", version(v.fileVersion, v.fileVersionString)],
      ["Product name", v.productName ? untrusted(v.productName) : ""],
      ["Product version", version(v.productVersion, v.productVersionString)],
      ["Company", v.companyName ? untrusted(v.companyName) : ""],
      ["Copyright", v.legalCopyright ? untrusted(v.legalCopyright) : ""],
      ["Original filename", v.originalFilename ? untrusted(v.originalFilename) : ""],
      ["Internal name", v.internalName ? untrusted(v.internalName) : ""],
      ["Language", `${langid(v.language)}${v.language === 0 ? " (neutral)" : ""}${v.table ? ` · table ${v.table}` : ""}`],
    );
  const out = section("Version", facts(rows));
  out.classList.add("pe-version");
  if (!v && !pe.error) out.append(el("p", { class: "muted" }, "No version resource."));
  if (pe.error) out.append(el("p", { class: "warn-text pe-error" }, "This file is damaged: ", untrusted(pe.error)));
  return out;
}

function signatureRow(s: PESignature): Child[] {
  const label = s.nested ? `${s.entry}.${s.nested} (nested)` : String(s.entry);
  if (s.certificateType !== 2) return [label, el("span", { class: "muted" }, `certificate type ${s.certificateType}, not read`), "", ""];
  return [
    label,
    s.signer ? name(s.signer) : el("span", { class: "muted" }, "(its certificate is not in the signature)"),
    name(s.issuer),
    s.digest ?? "",
  ];
}

function signatureSection(pe: PE): HTMLElement {
  const out = section("Signature");
  out.classList.add("pe-signature");
  if (!pe.signed) {
    out.append(
      el("p", {}, "No embedded signature."),
      el("p", { class: "muted" }, "Windows' own files are mostly signed through a catalog, which the file alone does not show."),
    );
    return out;
  }
  const sigs = pe.signatures ?? [];
  if (sigs.length) {
    out.append(table(["#", "Signed by", "Issued by", "Digest"], sigs.map(signatureRow), "grid pe-signatures"));
    const certs = sigs.flatMap((s) => s.certificates.map((c) => [`${s.entry}${s.nested ? `.${s.nested}` : ""}`, name(c.subject), name(c.issuer), el("code", {}, c.serial)]));
    if (certs.length)
      out.append(el("details", {}, el("summary", {}, `Certificates carried (${certs.length})`), table(["#", "Subject", "Issuer", "Serial"], certs, "grid pe-certificates")));
  }
  if (pe.signatureError) out.append(el("p", { class: "warn-text" }, "The certificate table is damaged: ", untrusted(pe.signatureError)));
  out.append(el("p", { class: "muted" }, "The names the signature claims: nothing here is verified."));
  return out;
}

/** The Version and Signature sections of a PE file's details. */
export function peSections(pe: PE): HTMLElement[] {
  return [versionSection(pe), signatureSection(pe)];
}
