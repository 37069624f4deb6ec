# Sourced by windows.sh and browser-registry.sh: testvectors/windows-image's
# first image with its SOFTWARE hive grown by python3-hivex (44,000 keys of
# 1.4 KB values under Classes, a 130 MB hive; and with PACKAGES more
# servicing packages), cached in BENCH_DIR.
# shellcheck shell=bash
# input NAME PACKAGES: the image with PACKAGES more servicing packages.
input() {
	local out="$BENCH_DIR/windows-$1.wim" tree
	if [ ! -s "$out" ]; then
		tree=$(mktemp -d /tmp/wimlens-wintree.XXXXXX)
		wimlib-imagex apply testvectors/windows-image/windows.wim 1 "$tree" >/dev/null
		/usr/bin/python3 - "$tree/Windows/System32/config/SOFTWARE" "$2" <<'PYTHON'
import hivex, struct, sys
path, packages = sys.argv[1], int(sys.argv[2])
h = hivex.Hivex(path, write=True)
classes = h.node_add_child(h.root(), "Classes")
blob = bytes((i * 31) & 0xff for i in range(1400))
for i in range(220):
    p = h.node_add_child(classes, "Group%04d" % i)
    for j in range(200):
        k = h.node_add_child(p, "Key%04d.%04d" % (i, j))
        h.node_set_values(k, [{"key": "Data", "t": 3, "value": blob},
                              {"key": "", "t": 1, "value": ("value %d %d\0" % (i, j)).encode("utf-16-le")}])
n = h.root()
for part in ["Microsoft", "Windows", "CurrentVersion", "Component Based Servicing", "Packages"]:
    n = h.node_get_child(n, part)
for i in range(packages):
    k = h.node_add_child(n, "Package_%04d~31bf3856ad364e35~amd64~~10.0.19041.%d" % (i, i))
    h.node_set_values(k, [{"key": "CurrentState", "t": 4, "value": struct.pack("<I", 0x70)}])
h.commit(path)
PYTHON
		wimlib-imagex capture "$tree" "$out" "Windows 10 Pro" >/dev/null
		rm -rf "$tree"
	fi
	echo "$out"
}
