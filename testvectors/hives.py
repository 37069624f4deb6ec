#!/usr/bin/python3
"""Write the registry hive test vectors of core/hive with Debian's hivex.

usage: hives.py OUTDIR

hivex edits an existing hive but cannot create one, so the script first
writes the smallest valid hive itself (base block, one hbin holding a root
key and its security cell, the rest one free cell; layout from msuhanov's
"Windows registry file format specification"), then lets hivex add keys and
values. Each hive gets an oracle listing, NAME.txt.gz, written from hivex's own
reading of the hive, which core/hive's tests compare against. The hives
are stored gzipped (NAME.gz): hivex never reuses a freed cell, so adding
1,200 subkeys one by one leaves SOFTWARE at 8 MB, nearly all of it free.
"""
import gzip, io, os, struct, sys, tempfile
import hivex

REG_NONE, REG_SZ, REG_EXPAND_SZ, REG_BINARY, REG_DWORD, REG_DWORD_BIG_ENDIAN, \
    REG_LINK, REG_MULTI_SZ, REG_RESOURCE_LIST, REG_FULL_RESOURCE_DESCRIPTOR, \
    REG_RESOURCE_REQUIREMENTS_LIST, REG_QWORD = range(12)
T = 132_640_000_000_000_000          # a fixed FILETIME (2021-04-24), so the output is reproducible


def lh_hash(name):
    h = 0
    for c in name.upper():
        h = (h * 37 + ord(c)) & 0xFFFFFFFF
    return h


def new_hive(path, name, big=None):
    """The smallest valid hive: a root key and its security cell, and with
    big (bytes) a key BigData whose value big-db holds them in a big-data
    (db) cell, which hivex reads but never writes."""
    cells = bytearray(0x20)               # the hbin header, filled in below

    def alloc(body):
        off = len(cells)
        size = (4 + len(body) + 7) & ~7
        cells.extend(struct.pack("<i", -size) + body + bytes(size - 4 - len(body)))
        return off

    def nk(kname, flags, parent, nsub, sublist, nval, vallist):
        kb = kname.encode("latin-1")
        return b"nk" + struct.pack("<HQIIIIIIIIIIIIIIIHH", flags, T, 0, parent, nsub, 0, sublist,
                                   0xFFFFFFFF, nval, vallist, 0x20, 0xFFFFFFFF, 0, 0, 0, 0, 0,
                                   len(kb), 0) + kb
    # sk cell: a self-relative security descriptor with no owner, group or
    # ACLs, its own only neighbour in the sk list.
    sd = struct.pack("<BBHIIII", 1, 0, 0x8000, 0, 0, 0, 0)
    sk = alloc(b"sk" + struct.pack("<HIIII", 0, 0x20, 0x20, 2 if big else 1, len(sd)) + sd)
    assert sk == 0x20
    root = alloc(nk("ROOT", 0x2C, 0, 0, 0xFFFFFFFF, 0, 0xFFFFFFFF))
    if big is not None:
        segs = [alloc(big[i:i + 16344]) for i in range(0, len(big), 16344)]
        seglist = alloc(b"".join(struct.pack("<I", s) for s in segs))
        db = alloc(b"db" + struct.pack("<HII", len(segs), seglist, 0))
        vname = b"big-db"
        vk = alloc(b"vk" + struct.pack("<HIIIHH", len(vname), len(big), db, REG_BINARY, 1, 0) + vname)
        vlist = alloc(struct.pack("<I", vk))
        child = alloc(nk("BigData", 0x20, root, 0, 0xFFFFFFFF, 1, vlist))
        lh = alloc(b"lh" + struct.pack("<HII", 1, child, lh_hash("BigData")))
        struct.pack_into("<II", cells, root + 4 + 20, 1, 0)
        struct.pack_into("<I", cells, root + 4 + 28, lh)
    rest = -len(cells) % 0x1000
    if rest < 8:
        rest += 0x1000
    cells.extend(struct.pack("<i", rest) + bytes(rest - 4))     # the rest: one free cell
    cells[0:4] = b"hbin"
    struct.pack_into("<III", cells, 4, 0, len(cells), 0)
    struct.pack_into("<Q", cells, 20, T)
    base = bytearray(0x1000)
    base[0:4] = b"regf"
    struct.pack_into("<IIQIIIIIII", base, 4, 1, 1, T, 1, 5, 0, 1, root, len(cells), 1)
    fn = name[-31:].encode("utf-16-le")          # the tail of the path, NUL-terminated, as Windows keeps it
    base[48:48 + len(fn)] = fn
    csum = 0
    for i in range(0, 508, 4):
        csum ^= struct.unpack_from("<I", base, i)[0]
    struct.pack_into("<I", base, 508, csum)
    with open(path, "wb") as fh:
        fh.write(base + cells)


def sz(s):
    return (s + "\0").encode("utf-16-le")


def multi(*ss):
    return b"".join(sz(s) for s in ss) + b"\0\0"


def dword(n):
    return struct.pack("<I", n)


def key(h, path):
    """The key at path under the root, made where missing."""
    node = h.root()
    for part in path.split("\\"):
        child = h.node_get_child(node, part)
        node = child if child is not None else h.node_add_child(node, part)
    return node


def setv(h, path, values):
    h.node_set_values(key(h, path), [{"key": k, "t": t, "value": v} for k, t, v in values])


def software(h):
    cv = "Microsoft\\Windows NT\\CurrentVersion"
    setv(h, cv, [
        ("ProductName", REG_SZ, sz("Windows 10 Pro")),
        ("EditionID", REG_SZ, sz("Professional")),
        ("InstallationType", REG_SZ, sz("Client")),
        ("CurrentBuild", REG_SZ, sz("19045")),
        ("CurrentBuildNumber", REG_SZ, sz("19045")),
        ("UBR", REG_DWORD, dword(3803)),
        ("DisplayVersion", REG_SZ, sz("22H2")),
        ("CurrentMajorVersionNumber", REG_DWORD, dword(10)),
        ("CurrentMinorVersionNumber", REG_DWORD, dword(0)),
        ("CurrentVersion", REG_SZ, sz("6.3")),
        ("BuildLabEx", REG_SZ, sz("19041.1.amd64fre.vb_release.191206-1406")),
        ("SystemRoot", REG_SZ, sz("C:\\Windows")),
        ("PathName", REG_EXPAND_SZ, sz("%SystemRoot%")),
        ("InstallDate", REG_DWORD, dword(1622534400)),
        ("InstallTime", REG_QWORD, struct.pack("<Q", 132669792000000000)),
        ("DigitalProductId", REG_BINARY, bytes(range(164))),
    ])
    cbs = "Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\Packages\\"
    for i, (name, state) in enumerate([
            ("Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.3803.1.8", 0x70),
            ("Package_for_KB5032907~31bf3856ad364e35~amd64~~19041.3745.1.0", 0x70),
            ("Microsoft-Windows-NetFx3-OnDemand-Package~31bf3856ad364e35~amd64~~10.0.19041.1", 0x0),
            ("Microsoft-Windows-Client-LanguagePack-Package~31bf3856ad364e35~amd64~en-US~10.0.19041.3803", 0x70),
            ("Microsoft-Windows-Hello-Face-Package~31bf3856ad364e35~amd64~~10.0.19041.3636", 0x65)]):
        setv(h, cbs + name, [("CurrentState", REG_DWORD, dword(state)),
                             ("InstallClient", REG_SZ, sz("DISM Package Manager Provider")),
                             ("Visibility", REG_DWORD, dword(1 + i % 2))])
    appx = "Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore\\Applications\\"
    for pfn in ["Microsoft.WindowsCalculator_10.1906.55.0_x64__8wekyb3d8bbwe",
                "Microsoft.WindowsStore_11910.1002.5.0_x64__8wekyb3d8bbwe",
                "Microsoft.Windows.Photos_2019.19071.12548.0_x64__8wekyb3d8bbwe"]:
        setv(h, appx + pfn, [("Path", REG_SZ, sz("C:\\Program Files\\WindowsApps\\" + pfn + "\\AppxManifest.xml"))])
    # one value of every type, and names the tests must decode
    t = "wimlens\\Types"
    setv(h, t, [
        ("", REG_SZ, sz("the default value")),
        ("none", REG_NONE, b""),
        ("sz", REG_SZ, sz("text") + sz("after the NUL")),
        ("sz-unterminated", REG_SZ, "no NUL".encode("utf-16-le")),
        ("expand", REG_EXPAND_SZ, sz("%ProgramFiles%\\wimlens")),
        ("binary", REG_BINARY, bytes([0, 1, 2, 0xFE, 0xFF])),
        ("dword", REG_DWORD, dword(0xDEADBEEF)),
        ("dword-be", REG_DWORD_BIG_ENDIAN, struct.pack(">I", 0x01020304)),
        ("link", REG_LINK, "\\Registry\\Machine\\SOFTWARE\\Classes".encode("utf-16-le")),
        ("multi", REG_MULTI_SZ, multi("one", "two", "", "three")),
        ("multi-empty", REG_MULTI_SZ, b"\0\0"),
        ("resource-list", REG_RESOURCE_LIST, bytes(range(40))),
        ("full-resource", REG_FULL_RESOURCE_DESCRIPTOR, bytes(range(20))),
        ("requirements", REG_RESOURCE_REQUIREMENTS_LIST, bytes(range(48))),
        ("qword", REG_QWORD, struct.pack("<Q", 0x0123456789ABCDEF)),
        ("three-bytes", REG_BINARY, b"abc"),
        ("empty-binary", REG_BINARY, b""),
        ("unknown-type", 0x4242, b"\x01\x02\x03\x04\x05"),
        ("Größe ✓ 名前", REG_SZ, sz("värde – 値")),
        ("big-one-cell", REG_BINARY, bytes((i * 7 + i // 251) & 0xFF for i in range(40000))),
        ("UPPER", REG_DWORD, dword(1)),
    ])
    setv(h, "wimlens\\Ünïcödé Kéy ✓\\子键", [("x", REG_DWORD, dword(7))])
    many = key(h, "wimlens\\Many")
    for i in range(1200):
        h.node_add_child(many, "Key%04d" % i)


def system(h):
    setv(h, "Select", [("Current", REG_DWORD, dword(1)), ("Default", REG_DWORD, dword(1)),
                       ("Failed", REG_DWORD, dword(0)), ("LastKnownGood", REG_DWORD, dword(2))])
    for cs in ("ControlSet001", "ControlSet002"):
        for name, typ, start, image, group in [
                ("Tcpip", 1, 0, "System32\\drivers\\tcpip.sys", "PNP_TDI"),
                ("EventLog", 0x10, 2, "%SystemRoot%\\System32\\svchost.exe -k LocalServiceNetworkRestricted -p", None),
                ("wuauserv", 0x20, 3, "%systemroot%\\system32\\svchost.exe -k netsvcs -p", None),
                ("disk", 1, 0, "System32\\drivers\\disk.sys", "SCSI Class")]:
            vals = [("Type", REG_DWORD, dword(typ)), ("Start", REG_DWORD, dword(start if cs == "ControlSet001" else 4)),
                    ("ErrorControl", REG_DWORD, dword(1)), ("ImagePath", REG_EXPAND_SZ, sz(image))]
            if group:
                vals.append(("Group", REG_SZ, sz(group)))
            if name == "EventLog":
                vals.append(("DependOnService", REG_MULTI_SZ, multi("RpcSs")))
            setv(h, cs + "\\Services\\" + name, vals)
        setv(h, cs + "\\Control\\MUI\\UILanguages\\en-US", [
            ("LCID", REG_DWORD, dword(0x409)), ("Type", REG_DWORD, dword(0x111))])
        setv(h, cs + "\\Control\\Nls\\Language", [
            ("InstallLanguage", REG_SZ, sz("0409")), ("Default", REG_SZ, sz("0409"))])
        setv(h, cs + "\\Control\\ProductOptions", [("ProductType", REG_SZ, sz("WinNT"))])


def listing(h, out):
    """One line per key (its path) and per value (path, name, type, data in
    hex), depth first, children in hivex's order: the oracle of the tests."""
    stack = [(h.root(), "")]
    while stack:
        node, path = stack.pop()
        out.write("K %s\n" % path)
        for v in h.node_values(node):
            t, data = h.value_value(v)
            out.write("V %s\t%s\t%d\t%s\n" % (path, h.value_key(v), t, data.hex()))
        kids = h.node_children(node)
        for c in reversed(kids):
            stack.append((c, path + "\\" + h.node_name(c) if path else h.node_name(c)))


def gz(path):
    """A reproducible gzip stream (no name, no time)."""
    return gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=open(path, "wb"), mtime=0)


def main(outdir):
    os.makedirs(outdir, exist_ok=True)
    big = bytes((i * 7 + i // 251) & 0xFF for i in range(40000))
    with tempfile.TemporaryDirectory() as work:
        for name, fill in (("SOFTWARE", software), ("SYSTEM", system), ("empty", None)):
            path = os.path.join(work, name)
            new_hive(path, "\\??\\C:\\Windows\\System32\\Config\\" + name,
                     big if fill is software else None)
            if fill is not None:
                h = hivex.Hivex(path, write=True)
                fill(h)
                h.commit(path)
            with open(path, "rb") as src, gz(os.path.join(outdir, name + ".gz")) as dst:
                dst.write(src.read())
            with gz(os.path.join(outdir, name + ".txt.gz")) as dst:
                text = io.TextIOWrapper(dst, encoding="utf-8", newline="\n")
                listing(hivex.Hivex(path), text)
                text.detach()


if __name__ == "__main__":
    main(sys.argv[1])
