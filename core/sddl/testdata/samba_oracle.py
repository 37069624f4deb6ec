#!/usr/bin/python3
"""Checks the sddl package's decoding against Samba's NDR decoder.

Run from core/sddl:
    SDDL_ORACLE_OUT=/tmp/sddl-oracle.txt go test -run TestOracleDump .
    /usr/bin/python3 testdata/samba_oracle.py /tmp/sddl-oracle.txt

Needs Debian's python3-samba. Each input line is hex, the Go side's
structure string and its SDDL. The script rebuilds the structure string from
Samba's decoding and compares; it prints Samba's as_sddl() beside ours so the
known differences in rendering can be seen (see TestOracleDump).
"""
import sys

from samba.dcerpc import security
from samba.ndr import ndr_unpack

OBJECT_TYPES = {5, 6, 7, 8, 11, 12, 15, 16}


def guid(g):
    return str(g) if g is not None else "00000000-0000-0000-0000-000000000000"


def structure(sd):
    parts = ["rev=%d ctl=%#x owner=%s group=%s" % (
        sd.revision, sd.type,
        sd.owner_sid if sd.owner_sid is not None else "-",
        sd.group_sid if sd.group_sid is not None else "-")]
    for name, acl in (("sacl", sd.sacl), ("dacl", sd.dacl)):
        if acl is None:
            parts.append(" %s=-" % name)
            continue
        s = " %s=%d:" % (name, acl.revision)
        for ace in acl.aces:
            s += "[%d,%#x,%#x,%s" % (ace.type, ace.flags, ace.access_mask, ace.trustee)
            if ace.type in OBJECT_TYPES:
                o = ace.object
                flags = o.flags
                ot = guid(o.type) if flags & 1 else guid(None)
                it = guid(o.inherited_type) if flags & 2 else guid(None)
                s += ",%d,%s,%s" % (flags, ot, it)
            s += "]"
        parts.append(s)
    return "".join(parts)


def main(path):
    bad = 0
    n = 0
    for line in open(path):
        h, ours, sddl = line.rstrip("\n").split("\t")
        n += 1
        sd = ndr_unpack(security.descriptor, bytes.fromhex(h))
        theirs = structure(sd)
        if theirs != ours:
            bad += 1
            print("STRUCTURE MISMATCH\n  ours  %s\n  samba %s" % (ours, theirs))
        print("ours  %s\nsamba %s\n" % (sddl, sd.as_sddl()))
    print("%d passed, %d failed" % (n - bad, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
