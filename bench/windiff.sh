#!/usr/bin/env bash
# Times `wimlens diff FILE 1 2 --windows` on two images whose SOFTWARE
# hives are over 60 MB: testvectors/windows-image's first image with its
# SOFTWARE grown by python3-hivex (KEY_GROUPS groups of 50 keys, each key a
# REG_SZ of 100 characters and a REG_DWORD: 1,600 make a 63 MB hive,
# 2,400 one of 103 MB), and a second image whose hive then had 2,000
# values changed, 1,000 keys added and 500 removed.
# The two hives differ, so both are read whole and walked key by key. A
# measurement, not a test; cached in BENCH_DIR.
#   bench/windiff.sh        RUNS=5 bench/windiff.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
WIMLENS=${WIMLENS:-bin/wimlens}
BENCH_DIR=${BENCH_DIR:-/tmp/wimlens-bench}
KEY_GROUPS=${KEY_GROUPS:-1600}
mkdir -p "$BENCH_DIR"
for p in wimlib-imagex:wimtools /usr/bin/time:time; do
	command -v "${p%%:*}" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${p#*:}" >/dev/null
done
/usr/bin/python3 -c 'import hivex' 2>/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-hivex >/dev/null

f="$BENCH_DIR/windiff-$KEY_GROUPS.wim"
if [ ! -s "$f" ]; then
	tree=$(mktemp -d /tmp/wimlens-windiff-tree.XXXXXX)
	wimlib-imagex apply testvectors/windows-image/windows.wim 1 "$tree" >/dev/null
	hive="$tree/Windows/System32/config/SOFTWARE"
	/usr/bin/python3 - "$hive" "$tree/SOFTWARE.new" "$KEY_GROUPS" <<'PYTHON'
import hivex, shutil, struct, sys
path, newpath, groups = sys.argv[1], sys.argv[2], int(sys.argv[3])
h = hivex.Hivex(path, write=True)
classes = h.node_add_child(h.root(), "Classes")
for i in range(groups):
    g = h.node_add_child(classes, "Group%04d" % i)
    for j in range(50):
        k = h.node_add_child(g, "Key%04d.%02d" % (i, j))
        h.node_set_values(k, [{"key": "Path", "t": 1, "value": ("C:\\Program Files\\Vendor %04d\\Product %02d\\%s\0" % (i, j, "x" * 60)).encode("utf-16-le")},
                              {"key": "Version", "t": 4, "value": struct.pack("<I", i * 100 + j)}])
h.commit(path)
shutil.copy(path, newpath)
h = hivex.Hivex(newpath, write=True)
classes = h.node_get_child(h.root(), "Classes")
for n in range(2000):           # values changed
    i, j = (n * 7) % groups, n % 50
    k = h.node_get_child(h.node_get_child(classes, "Group%04d" % i), "Key%04d.%02d" % (i, j))
    h.node_set_value(k, {"key": "Version", "t": 4, "value": struct.pack("<I", 999999 - n)})
for n in range(1000):           # keys added
    g = h.node_get_child(classes, "Group%04d" % (n % groups))
    h.node_set_values(h.node_add_child(g, "Added%04d" % n), [{"key": "Version", "t": 4, "value": struct.pack("<I", n)}])
for n in range(500):            # keys removed
    i = (1000 + n) % groups
    h.node_delete_child(h.node_get_child(h.node_get_child(classes, "Group%04d" % i), "Key%04d.10" % i))
h.commit(newpath)
PYTHON
	wimlib-imagex capture "$tree" "$f" "January" --config=<(printf '[ExclusionList]\n/SOFTWARE.new\n') >/dev/null
	wimlib-imagex append "$tree" "$f" "February" --config=<(printf '[ExclusionList]\n/SOFTWARE.new\n') >/dev/null
	wimlib-imagex update "$f" 2 --command "add $tree/SOFTWARE.new /Windows/System32/config/SOFTWARE" >/dev/null
	rm -rf "$tree"
fi
printf '%10s %10s %8s %10s\n' hive_MB wim_MB seconds peak_MiB
hive=$(wimlib-imagex dir "$f" 2 --path /Windows/System32/config/SOFTWARE --detailed | awk '/^Uncompressed size/ {print $4}')
bt=999 bm=0
for _ in $(seq "$RUNS"); do
	read -r t m < <(/usr/bin/time -f '%e %M' "$WIMLENS" diff "$f" 1 2 --windows 2>&1 >/dev/null | tail -1)
	if awk -v a="$t" -v b="$bt" 'BEGIN{exit !(a<b)}'; then bt=$t bm=$m; fi
done
awk -v h="$hive" -v w="$(stat -c %s "$f")" -v t="$bt" -v m="$bm" \
	'BEGIN{printf "%10.1f %10.1f %8s %10.0f\n", h/1e6, w/1e6, t, m/1024}'
