#!/usr/bin/env bash
# testvectors/make.sh -- regenerate every WIM/ESD/SWM test vector of wimlens
# together with wimlib's own output for each (the golden files).
#
#   bash testvectors/make.sh          (from the repository root, as root)
#
# Needs root (FUSE mount through /dev/fuse, mknod, chown) and these Debian 12
# packages, which it installs with apt-get when a command is missing:
#   wimtools  (wimlib-imagex 1.13.5; the golden files are its output)
#   ntfs-3g   (mkntfs, ntfs-3g)
#   7zip      (7zz: writes one vector, and lists the others as a cross-check)
#   python3   (builds the NTFS tree, security descriptors, reparse buffers, manifests)
#   python3-hivex (writes the registry hives of hives/, by hives.py)
#   gzip, util-linux (mount/umount/mountpoint), coreutils
#
# Capture is not deterministic (GUIDs, capture times), so vectors and golden
# files are always regenerated together. Everything is built in a temporary
# directory and only copied into testvectors/ when every step succeeded.
# testvectors/chunks.py, hives.py and README.md are never touched.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export LC_ALL=C.UTF-8 TZ=UTC

# ---------------------------------------------------------------- Windows files (issue 20)
# INF files, package manifests (.mum), an AppxProvisioning.xml and package
# full names in testvectors/windows/, with expected.json: what each file
# says, as this script wrote it. It needs only python3, and runs alone too,
# without root or the WIM vectors:  bash testvectors/make.sh windows-files
windows_files() {  # DIR
    local tmp
    tmp=$(mktemp -d "$1.tmp.XXXXXX")
    python3 - "$tmp" <<'PYTHON' || { rm -rf "$tmp"; return 1; }
"""Writes testvectors/windows/: INF files, package manifests (.mum), an
AppxProvisioning.xml and the package full names the registry keys by, with
expected.json, what each file says, as this script wrote it (not as any
parser reads it). usage: gen.py OUTDIR"""
import json, os, sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
CRLF = "\r\n"


def write(rel, text, enc):
    """enc: utf-16le-bom, utf-8-bom, utf-8, cp1252."""
    data = {"utf-16le-bom": lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
            "utf-8-bom": lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
            "utf-8": lambda t: t.encode("utf-8"),
            "cp1252": lambda t: t.encode("cp1252")}[enc](text)
    path = os.path.join(out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)


def inf(lines):
    return CRLF.join(lines) + CRLF


ENCODING_NAMES = {"utf-16le-bom": "UTF-16LE", "utf-8-bom": "UTF-8", "cp1252": "ANSI (read as Windows-1252)"}

# ---------------------------------------------------------------- INF files
# Written in the form of the network, serial-port and extension INF files
# vendors ship (stampinf's DriverVer, CatalogFile, decorated models
# sections, [Strings] with localized copies), for a made-up vendor.
infs = []

NET = [
    ";-------------------------------------------------------------------------------",
    "; oem3.inf -- Contoso Gigabit Ethernet (NDIS 6.x miniport)",
    "; Copyright (c) Contoso Ltd. All rights reserved.",
    ";-------------------------------------------------------------------------------",
    "",
    "[Version]",
    "Signature   = \"$WINDOWS NT$\"",
    "Class       = Net",
    "ClassGUID   = {4d36e972-e325-11ce-bfc1-08002be10318}",
    "Provider    = %ContosoMfg%        ; resolved from [Strings]",
    "CatalogFile = contosoe.cat",
    "DriverVer   = 07/14/2023,12.19.2.45",
    "PnpLockdown = 1",
    "",
    "[Manufacturer]",
    "%ContosoMfg% = Contoso, NTamd64.10.0...19041, NTarm64",
    "",
    "[Contoso.NTamd64.10.0...19041]",
    "; DisplayName            Section        DeviceID",
    "%CE1000.DeviceDesc%    = CE1000.ndi,    PCI\\VEN_1A2B&DEV_0C01&SUBSYS_00011A2B, PCI\\VEN_1A2B&DEV_0C01",
    "%CE1000S.DeviceDesc%   = CE1000.ndi,    PCI\\VEN_1A2B&DEV_0C02",
    "",
    "[CE1000.ndi.NT]",
    "Characteristics    = 0x84  ; NCF_HAS_UI | NCF_PHYSICAL",
    "BusType            = 5     ; PCI",
    "*IfType            = 6     ; IF_TYPE_ETHERNET_CSMACD",
    "*MediaType         = 0     ; NdisMedium802_3",
    "*PhysicalMediaType = 14    ; NdisPhysicalMedium802_3",
    "AddReg             = CE1000.Reg, \\",
    "                     CE1000.Params.Reg, \\   ; speed and duplex",
    "                     CE1000.Power.Reg",
    "CopyFiles          = CE1000.CopyFiles",
    "",
    "[CE1000.Reg]",
    "HKR, Ndi,            Service,    0, \"ce1000\"",
    "HKR, Ndi\\Interfaces, UpperRange, 0, \"ndis5\"",
    "HKR, Ndi\\Interfaces, LowerRange, 0, \"ethernet\"",
    "HKR, Ndi\\params\\*SpeedDuplex, ParamDesc, 0, %SpeedDuplex%",
    "",
    "[CE1000.CopyFiles]",
    "ce1000.sys,,,2",
    "",
    "[SourceDisksNames]",
    "1 = %DiskName%,,,\"\"",
    "",
    "[SourceDisksFiles]",
    "ce1000.sys = 1",
    "",
    "[Strings]",
    "ContosoMfg          = \"Contoso Ltd.\"",
    "CE1000.DeviceDesc   = \"Contoso(R) Gigabit Network Connection\"",
    "CE1000S.DeviceDesc  = \"Contoso(R) Gigabit Server Adapter \"\"S\"\"\"",
    "SpeedDuplex         = \"Speed & Duplex\"",
    "DiskName            = \"Contoso Driver Disk\"",
    "",
    "[Strings.0407]",
    "ContosoMfg          = \"Contoso GmbH\"",
    "CE1000.DeviceDesc   = \"Contoso(R) Gigabit-Netzwerkverbindung\"",
    "CE1000S.DeviceDesc  = \"Contoso(R) Gigabit-Serveradapter\"",
    "SpeedDuplex         = \"Geschwindigkeit und Duplex\"",
    "DiskName            = \"Contoso Treiberdiskette\"",
]
write("INF/oem3.inf", inf(NET), "utf-16le-bom")
infs.append({
    "file": "INF/oem3.inf", "encoding": "UTF-16LE",
    "purpose": "third-party network driver as DISM /Get-Drivers lists it: UTF-16LE with a BOM, CRLF, "
               "comments after values, a continued AddReg line (with a comment after its backslash), "
               "\"\" inside a quoted string, a German [Strings.0407] that the neutral [Strings] wins over",
    "version": {"signature": "$WINDOWS NT$", "class": "Net", "class_guid": "{4d36e972-e325-11ce-bfc1-08002be10318}",
                "provider": "Contoso Ltd.", "catalog_file": "contosoe.cat",
                "driver_ver": {"raw": "07/14/2023,12.19.2.45", "date": "2023-07-14", "version": "12.19.2.45"}},
    "manufacturers": [{"name": "Contoso Ltd.", "models": "Contoso", "decorations": ["NTamd64.10.0...19041", "NTarm64"],
                       "sections": [{"name": "Contoso.NTamd64.10.0...19041", "devices": [
                           {"description": "Contoso(R) Gigabit Network Connection", "install": "CE1000.ndi",
                            "hardware_id": "PCI\\VEN_1A2B&DEV_0C01&SUBSYS_00011A2B", "compatible_ids": ["PCI\\VEN_1A2B&DEV_0C01"]},
                           {"description": "Contoso(R) Gigabit Server Adapter \"S\"", "install": "CE1000.ndi",
                            "hardware_id": "PCI\\VEN_1A2B&DEV_0C02", "compatible_ids": []}]}]}],
    "entries": [
        {"section": "CE1000.ndi.NT", "key": "AddReg", "values": ["CE1000.Reg", "CE1000.Params.Reg", "CE1000.Power.Reg"]},
        {"section": "ce1000.NDI.nt", "key": "characteristics", "values": ["0x84"]},
        {"section": "CE1000.ndi.NT", "key": "*IfType", "values": ["6"]},
        {"section": "SourceDisksNames", "key": "1", "values": ["Contoso Driver Disk", "", "", ""]},
        {"section": "CE1000.Reg", "key": None, "index": 3,
         "values": ["HKR", "Ndi\\params\\*SpeedDuplex", "ParamDesc", "0", "Speed & Duplex"]},
    ],
})

SERIAL = [
    "; oem7.inf -- Fabrikam USB serial adapter (ANSI, Windows-1252)",
    "",
    "[version]",
    "signature=\"$Windows NT$\"",
    "class=Ports",
    "classguid={4D36E978-E325-11CE-BFC1-08002BE10318}",
    "provider=%Mfg%",
    "DriverVer=1/5/2021, 5.2.0.11",
    "CatalogFile.NTamd64 = fabser64.cat",
    "CatalogFile.NTx86   = fabser32.cat",
    "",
    "[Manufacturer]",
    "%Mfg%=Fabrikam,NTamd64,NTx86",
    "",
    "[Fabrikam.NTamd64]",
    "%FabSerial.DeviceDesc%=FabSerial.Install, USB\\VID_0F1E&PID_6001",
    "\"Fabrikam Diagnostic Port; COM\"=FabSerial.Install, USB\\VID_0F1E&PID_6002 ; quoted, with ';' inside",
    "",
    "[Fabrikam.NTx86]",
    "%FabSerial.DeviceDesc%=FabSerial.Install, USB\\VID_0F1E&PID_6001",
    "",
    "[FabSerial.Install.NT]",
    "Include = msports.inf",
    "Needs   = SerialEnumerator.NT",
    "AddReg  = FabSerial.AddReg",
    "",
    "[FabSerial.AddReg]",
    "HKR,,PortSubClass,1,01",
    "HKR,,EnumPropPages32,,\"MsPorts.dll,SerialPortPropPageProvider\"",
    "HKR,,FriendlyName,,\"%FabSerial.DeviceDesc% (100%% baud)\"",
    "",
    "[Odd]",
    "Cycle       = %a%",
    "Missing     = %NoSuchString% stays",
    "Unclosed    = 50% off",
    "Path        = \"C:\\Fabrikam\\\"  ; quoted, so its last backslash does not join the next line",
    "Spaces      =   \"  padded  \"   ",
    "Joined      = one \\",
    "              two",
    "EnglishOnly = %OnlyInEnglish%",
    "",
    "[Strings]",
    "Mfg = \"Fabrikam® Périphériques\"",
    "FabSerial.DeviceDesc = \"Fabrikam USB–Serial Adapter ™\"",
    "a = \"%b%\"",
    "b = \"%a%\"",
    "",
    "[Strings.0409]",
    "Mfg = \"Fabrikam Peripherals (English)\"",
    "OnlyInEnglish = \"from [Strings.0409]\"",
]
write("INF/oem7.inf", inf(SERIAL), "cp1252")
infs.append({
    "file": "INF/oem7.inf", "encoding": "ANSI (read as Windows-1252)",
    "purpose": "third-party serial driver in ANSI: bytes 0x80-0xFF read as Windows-1252 (®, é, –, ™), "
               "lower-case section and key names, a one-digit DriverVer date, only decorated CatalogFile lines, "
               "a quoted description with ';', %% for a percent sign, strings naming each other (no loop), "
               "a token with no string, a '%' never closed, a quoted value ending in a backslash, "
               "a continued value, a key found only in [Strings.0409]",
    "version": {"signature": "$Windows NT$", "class": "Ports", "class_guid": "{4D36E978-E325-11CE-BFC1-08002BE10318}",
                "provider": "Fabrikam® Périphériques", "catalog_file": "fabser64.cat",
                "driver_ver": {"raw": "1/5/2021,5.2.0.11", "date": "2021-01-05", "version": "5.2.0.11"}},
    "manufacturers": [{"name": "Fabrikam® Périphériques", "models": "Fabrikam", "decorations": ["NTamd64", "NTx86"],
                       "sections": [
                           {"name": "Fabrikam.NTamd64", "devices": [
                               {"description": "Fabrikam USB–Serial Adapter ™", "install": "FabSerial.Install",
                                "hardware_id": "USB\\VID_0F1E&PID_6001", "compatible_ids": []},
                               {"description": "Fabrikam Diagnostic Port; COM", "install": "FabSerial.Install",
                                "hardware_id": "USB\\VID_0F1E&PID_6002", "compatible_ids": []}]},
                           {"name": "Fabrikam.NTx86", "devices": [
                               {"description": "Fabrikam USB–Serial Adapter ™", "install": "FabSerial.Install",
                                "hardware_id": "USB\\VID_0F1E&PID_6001", "compatible_ids": []}]}]}],
    "entries": [
        {"section": "Odd", "key": "Cycle", "values": ["%b%"]},
        {"section": "Odd", "key": "Missing", "values": ["%NoSuchString% stays"]},
        {"section": "Odd", "key": "Unclosed", "values": ["50% off"]},
        {"section": "Odd", "key": "Path", "values": ["C:\\Fabrikam\\"]},
        {"section": "Odd", "key": "Spaces", "values": ["  padded  "]},
        {"section": "Odd", "key": "Joined", "values": ["onetwo"]},
        {"section": "Odd", "key": "EnglishOnly", "values": ["from [Strings.0409]"]},
        {"section": "FabSerial.AddReg", "key": None, "index": 1,
         "values": ["HKR", "", "EnumPropPages32", "", "MsPorts.dll,SerialPortPropPageProvider"]},
        {"section": "FabSerial.AddReg", "key": None, "index": 2,
         "values": ["HKR", "", "FriendlyName", "", "Fabrikam USB–Serial Adapter ™ (100% baud)"]},
    ],
})

EXT = [
    "[Version]",
    "Signature    = \"$WINDOWS NT$\"",
    "Class        = Extension",
    "ClassGuid    = {e2f84ce7-8efa-411c-aa69-97454ca4cb57}",
    "ExtensionId  = {6a1c3f2e-9d4b-4f0a-8c55-2b7e1d0a9f31}",
    "Provider     = Northwind Traders",
    "CatalogFile  = nwext.cat",
    "DriverVer    = 11/30/2022,31.0.101.4032",
    "",
    "[Manufacturer]",
    "%Northwind% = Northwind, NTamd64",
    "",
    "[Northwind.NTamd64]",
    "%Ext.Desc% = Ext_Install, PCI\\VEN_8086&DEV_9A49&SUBSYS_0A1B1028",
    "",
    "[Ext_Install.NT]",
    "AddReg = Ext_AddReg",
    "",
    "[Strings]",
    "Northwind = \"Northwind Traders\"",
    "Ext.Desc  = \"Northwind Display Extension – Kühlung\"",
]
write("System32/DriverStore/FileRepository/nwext.inf_amd64_7c4f0e2a9b1d3e58/nwext.inf", inf(EXT), "utf-8-bom")
infs.append({
    "file": "System32/DriverStore/FileRepository/nwext.inf_amd64_7c4f0e2a9b1d3e58/nwext.inf", "encoding": "UTF-8",
    "purpose": "driver-store extension INF in UTF-8 with a BOM, an unquoted Provider",
    "version": {"signature": "$WINDOWS NT$", "class": "Extension", "class_guid": "{e2f84ce7-8efa-411c-aa69-97454ca4cb57}",
                "provider": "Northwind Traders", "catalog_file": "nwext.cat",
                "driver_ver": {"raw": "11/30/2022,31.0.101.4032", "date": "2022-11-30", "version": "31.0.101.4032"}},
    "manufacturers": [{"name": "Northwind Traders", "models": "Northwind", "decorations": ["NTamd64"],
                       "sections": [{"name": "Northwind.NTamd64", "devices": [
                           {"description": "Northwind Display Extension – Kühlung", "install": "Ext_Install",
                            "hardware_id": "PCI\\VEN_8086&DEV_9A49&SUBSYS_0A1B1028", "compatible_ids": []}]}]}],
    "entries": [{"section": "Version", "key": "ExtensionId", "values": ["{6a1c3f2e-9d4b-4f0a-8c55-2b7e1d0a9f31}"]}],
})

# ---------------------------------------------------------------- package manifests
# In the form of the .mum files of Windows\servicing\Packages: a cumulative
# update, a language pack, a Feature on Demand.
mums = []
NS = 'xmlns="urn:schemas-microsoft-com:asm.v3"'
PKT = "31bf3856ad364e35"

LCU = (
    '<?xml version="1.0" encoding="utf-8" standalone="yes"?>\r\n'
    f'<assembly {NS} manifestVersion="1.0" description="Fix for KB5031455" displayName="default" '
    'company="Microsoft Corporation" copyright="Microsoft Corporation" '
    'supportInformation="https://support.microsoft.com/help/5031455" '
    'creationTimeStamp="2023-10-20T18:12:33Z" lastUpdateTimeStamp="2023-10-20T18:12:33Z">\r\n'
    f'  <assemblyIdentity name="Package_for_RollupFix" version="22621.2506.1.7" processorArchitecture="amd64" '
    f'language="neutral" publicKeyToken="{PKT}" />\r\n'
    '  <package identifier="KB5031455" releaseType="Security Update" restart="possible" targetPartition="MainOS" binaryPartition="false">\r\n'
    '    <mum2:customInformation xmlns:mum2="urn:schemas-microsoft-com:asm.v3" Version="10.0.22621.2506" PackageFormat="PSFX" />\r\n'
    '    <parent revisionCompare="GE" integrate="standalone" disposition="detect">\r\n'
    f'      <assemblyIdentity name="Microsoft-Windows-CoreEdition" version="10.0.22621.1" processorArchitecture="amd64" language="neutral" buildType="release" publicKeyToken="{PKT}" />\r\n'
    '    </parent>\r\n'
    '    <update name="5031455-1_neutral_GDR">\r\n'
    '      <package contained="false" integrate="hidden">\r\n'
    f'        <assemblyIdentity name="Package_1_for_KB5031455" version="22621.2506.1.7" processorArchitecture="amd64" language="neutral" buildType="release" publicKeyToken="{PKT}" />\r\n'
    '      </package>\r\n'
    '    </update>\r\n'
    '    <update name="5031455-2_neutral_GDR">\r\n'
    '      <package contained="false" integrate="hidden">\r\n'
    f'        <assemblyIdentity name="Package_2_for_KB5031455" version="22621.2506.1.7" processorArchitecture="amd64" language="neutral" buildType="release" publicKeyToken="{PKT}" />\r\n'
    '      </package>\r\n'
    '    </update>\r\n'
    '  </package>\r\n'
    '</assembly>\r\n')
write(f"servicing/Packages/Package_for_RollupFix~{PKT}~amd64~~22621.2506.1.7.mum", LCU, "utf-8-bom")
mums.append({
    "file": f"servicing/Packages/Package_for_RollupFix~{PKT}~amd64~~22621.2506.1.7.mum",
    "purpose": "cumulative update, UTF-8 with a BOM: the KB in <package identifier>",
    "identity": {"name": "Package_for_RollupFix", "version": "22621.2506.1.7", "architecture": "amd64",
                 "language": "neutral", "public_key_token": PKT, "build_type": ""},
    "description": "Fix for KB5031455", "display_name": "default", "company": "Microsoft Corporation",
    "copyright": "Microsoft Corporation", "support_information": "https://support.microsoft.com/help/5031455",
    "creation_time_stamp": "2023-10-20T18:12:33Z", "last_update_time_stamp": "2023-10-20T18:12:33Z",
    "identifier": "KB5031455", "kb": "5031455", "release_type": "Security Update", "restart": "possible", "permanence": "",
    "updates": [{"name": "5031455-1_neutral_GDR", "display_name": "", "description": ""},
                {"name": "5031455-2_neutral_GDR", "display_name": "", "description": ""}],
    "capabilities": [],
})

LP = (
    '<?xml version="1.0" encoding="utf-16" standalone="yes"?>\r\n'
    f'<assembly {NS} manifestVersion="1.0" copyright="Copyright (c) Microsoft Corporation. All Rights Reserved.">\r\n'
    f'  <assemblyIdentity name="Microsoft-Windows-Client-LanguagePack-Package" version="10.0.22621.2506" '
    f'processorArchitecture="amd64" language="de-DE" buildType="release" publicKeyToken="{PKT}" />\r\n'
    '  <package identifier="Client Language Pack" releaseType="Language Pack">\r\n'
    '    <parent buildCompare="EQ" disposition="detect" integrate="separate" revisionCompare="GE">\r\n'
    f'      <assemblyIdentity name="Microsoft-Windows-Client-Features-Package" version="10.0.22621.2506" processorArchitecture="amd64" language="neutral" buildType="release" publicKeyToken="{PKT}" />\r\n'
    '    </parent>\r\n'
    '    <update description="Sprachpaket für Windows (de-DE) – Benutzeroberfläche" displayName="Deutsch (Deutschland)" name="Client Language Pack">\r\n'
    '      <package contained="true" integrate="hidden">\r\n'
    f'        <assemblyIdentity name="Microsoft-Windows-Client-LanguagePack-Package-Core" version="10.0.22621.2506" processorArchitecture="amd64" language="de-DE" buildType="release" publicKeyToken="{PKT}" />\r\n'
    '      </package>\r\n'
    '    </update>\r\n'
    '  </package>\r\n'
    '</assembly>\r\n')
write(f"servicing/Packages/Microsoft-Windows-Client-LanguagePack-Package~{PKT}~amd64~de-DE~10.0.22621.2506.mum", LP, "utf-16le-bom")
mums.append({
    "file": f"servicing/Packages/Microsoft-Windows-Client-LanguagePack-Package~{PKT}~amd64~de-DE~10.0.22621.2506.mum",
    "purpose": "language pack in UTF-16LE with a BOM, non-ASCII display name",
    "identity": {"name": "Microsoft-Windows-Client-LanguagePack-Package", "version": "10.0.22621.2506",
                 "architecture": "amd64", "language": "de-DE", "public_key_token": PKT, "build_type": "release"},
    "description": "", "display_name": "", "company": "",
    "copyright": "Copyright (c) Microsoft Corporation. All Rights Reserved.", "support_information": "",
    "creation_time_stamp": "", "last_update_time_stamp": "",
    "identifier": "Client Language Pack", "kb": "", "release_type": "Language Pack", "restart": "", "permanence": "",
    "updates": [{"name": "Client Language Pack", "display_name": "Deutsch (Deutschland)",
                 "description": "Sprachpaket für Windows (de-DE) – Benutzeroberfläche"}],
    "capabilities": [],
})

FOD = (
    '<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n'
    f'<assembly {NS} manifestVersion="1.0" description="OpenSSH-based secure shell (SSH) client, for secure key management &amp; access to remote machines." '
    'displayName="OpenSSH Client" copyright="Copyright (c) Microsoft Corporation. All Rights Reserved" '
    'supportInformation="http://support.microsoft.com/?kbid=777777">\n'
    f'  <assemblyIdentity name="OpenSSH-Client-Package" version="10.0.22621.1" processorArchitecture="amd64" language="neutral" buildType="release" publicKeyToken="{PKT}" />\n'
    '  <package identifier="KB777778" releaseType="OnDemand Pack" permanence="removable">\n'
    '    <mum2:customInformation xmlns:mum2="urn:schemas-microsoft-com:asm.v3">\n'
    '      <mum2:FodInformation Id="433" />\n'
    '    </mum2:customInformation>\n'
    '    <declareCapability>\n'
    '      <capability>\n'
    '        <capabilityIdentity name="OpenSSH.Client" version="0.0.1.0" />\n'
    '      </capability>\n'
    '    </declareCapability>\n'
    '    <update name="OpenSSH-Client" displayName="OpenSSH Client" description="SSH client &lt;ssh.exe&gt;">\n'
    '      <applicable disposition="staged" />\n'
    '    </update>\n'
    '  </package>\n'
    '</assembly>\n')
write(f"servicing/Packages/OpenSSH-Client-Package~{PKT}~amd64~~10.0.22621.1.mum", FOD, "utf-8")
mums.append({
    "file": f"servicing/Packages/OpenSSH-Client-Package~{PKT}~amd64~~10.0.22621.1.mum",
    "purpose": "Feature on Demand, UTF-8 without a BOM, LF: the placeholder KB777778, a declared capability, entities",
    "identity": {"name": "OpenSSH-Client-Package", "version": "10.0.22621.1", "architecture": "amd64",
                 "language": "neutral", "public_key_token": PKT, "build_type": "release"},
    "description": "OpenSSH-based secure shell (SSH) client, for secure key management & access to remote machines.",
    "display_name": "OpenSSH Client", "company": "",
    "copyright": "Copyright (c) Microsoft Corporation. All Rights Reserved",
    "support_information": "http://support.microsoft.com/?kbid=777777",
    "creation_time_stamp": "", "last_update_time_stamp": "",
    "identifier": "KB777778", "kb": "777778", "release_type": "OnDemand Pack", "restart": "", "permanence": "removable",
    "updates": [{"name": "OpenSSH-Client", "display_name": "OpenSSH Client", "description": "SSH client <ssh.exe>"}],
    "capabilities": ["OpenSSH.Client"],
})

# ---------------------------------------------------------------- provisioned apps
provisioned = [
    # full name, PackageType, ProvisionSourceIsBundle, IsLOBApp, parts (None: not a full name)
    ("Microsoft.WindowsStore_22204.1401.3.0_neutral_~_8wekyb3d8bbwe", "bundle", False, False,
     ["Microsoft.WindowsStore", "22204.1401.3.0", "neutral", "~", "8wekyb3d8bbwe"]),
    ("Microsoft.WindowsStore_22204.1400.4.0_x64__8wekyb3d8bbwe", "", True, False,
     ["Microsoft.WindowsStore", "22204.1400.4.0", "x64", "", "8wekyb3d8bbwe"]),
    ("Microsoft.WindowsStore_22204.1400.4.0_neutral_split.scale-100_8wekyb3d8bbwe", "resource", True, False,
     ["Microsoft.WindowsStore", "22204.1400.4.0", "neutral", "split.scale-100", "8wekyb3d8bbwe"]),
    ("Microsoft.VCLibs.140.00_14.0.30704.0_x64__8wekyb3d8bbwe", "framework", False, False,
     ["Microsoft.VCLibs.140.00", "14.0.30704.0", "x64", "", "8wekyb3d8bbwe"]),
    ("MicrosoftWindows.Client.WebExperience_422.33900.0.0_arm64__cw5n1h2txyewy", "", False, False,
     ["MicrosoftWindows.Client.WebExperience", "422.33900.0.0", "arm64", "", "cw5n1h2txyewy"]),
    ("Contoso.FieldService_3.1.0.0_x86__qz5mrb7t1c2ya", "", False, True,
     ["Contoso.FieldService", "3.1.0.0", "x86", "", "qz5mrb7t1c2ya"]),
    ("Broken_Entry_not-a-full-name", "", False, False, None),
]
end_of_life = ["Microsoft.BingMaps_8wekyb3d8bbwe", "Microsoft.Windows.Cortana_cw5n1h2txyewy"]


def xattr(v):
    return v.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


body = '<?xml version="1.0" encoding="utf-8"?>'
body += '<AppxProvisionList xmlns="http://schemas.microsoft.com/appx/2013/appxprovisionpackage"><EndOfLife>'
body += "".join(f'<Package FamilyName="{xattr(f)}" />' for f in end_of_life)
body += "</EndOfLife><Provisioned>"
for full, typ, src, lob, _ in provisioned:
    a = f'<Package FullName="{xattr(full)}"'
    if src:
        a += ' ProvisionSourceIsBundle="true"'
    if typ:
        a += f' PackageType="{typ}"'
    if lob:
        a += ' IsLOBApp="true"'
    body += a + " />"
body += "</Provisioned></AppxProvisionList>"
write("ProgramData/AppxProvisioning.xml", body, "utf-8")

# Key names under AppxAllUserStore\Applications, and strings that are not full names.
full_names = [{"full_name": f, "parts": p} for f, _, _, _, p in provisioned] + [
    {"full_name": "Microsoft.WindowsStore_22204.1400.4.0_X64__8wekyb3d8bbwe",
     "parts": ["Microsoft.WindowsStore", "22204.1400.4.0", "X64", "", "8wekyb3d8bbwe"]},
    {"full_name": "Microsoft.WindowsStore_22204.1400.4_x64__8wekyb3d8bbwe", "parts": None},
    {"full_name": "Microsoft.WindowsStore_22204.1400.4.0_sparc__8wekyb3d8bbwe", "parts": None},
    {"full_name": "Microsoft.WindowsStore_22204.1400.4.0_x64__8wekyb3d8bbwu", "parts": None},
    {"full_name": "Microsoft.WindowsStore_22204.1400.4.70000_x64__8wekyb3d8bbwe", "parts": None},
    {"full_name": "Microsoft Store_22204.1400.4.0_x64__8wekyb3d8bbwe", "parts": None},
]

doc = {
    "note": "Written by testvectors/make.sh (windows_files). Paths are relative to testvectors/windows/. "
            "Every expectation is what the script wrote into the file, not what a parser read from it. "
            "INF values are given with %strkey% substituted; an entry with key null is the index-th line of its section.",
    "inf": infs,
    "mum": mums,
    "appx": {"file": "ProgramData/AppxProvisioning.xml",
             "purpose": "AppxProvisioning.xml as Windows writes it: one line, UTF-8 without a BOM; "
                        "a bundle, its main and resource packages, a framework, a line-of-business app, "
                        "a malformed full name",
             "end_of_life": end_of_life,
             "provisioned": [{"full_name": f, "package_type": t, "provision_source_is_bundle": s, "is_lob_app": l,
                              "parts": p} for f, t, s, l, p in provisioned]},
    "full_names": full_names,
}
with open(os.path.join(out, "expected.json"), "w", encoding="utf-8") as fh:
    json.dump(doc, fh, ensure_ascii=False, indent=1)
    fh.write("\n")
PYTHON
    rm -rf "$1"
    mv "$tmp" "$1"
}
if [ "${1:-}" = windows-files ]; then
    windows_files "$HERE/windows"
    exit 0
fi
# ---------------------------------------------------------------- PE vectors (testvectors/pe)
# Real PE files from Debian packages and what independent tools say about
# them, for core/peinfo. Self-contained: `bash testvectors/make.sh pe` runs
# this section alone (root is needed for apt-get only). It downloads
# libwine (amd64 and i386; LGPL) and shim-signed (BSD-like), signs a copy
# of a Wine DLL with a throwaway certificate chain made here, and writes
#   <file>.pefile.json   python3-pefile: headers, and every language's
#                        fixed info, string tables and translations
#   <file>.peres.txt     peres -v (pev), kept as printed; checked below
#   <file>.sbverify.txt  sbverify --list: signer issuer, certificates
#   signed-lz32.dll.osslsigncode.txt  osslsigncode verify (nested signatures)
#   SOURCES.txt          the packages and versions the files come from
pe_vectors() {
    local pkgs=() w out f n
    command -v peres >/dev/null || pkgs+=(pev)
    command -v sbverify >/dev/null || pkgs+=(sbsigntool)
    command -v osslsigncode >/dev/null || pkgs+=(osslsigncode)
    command -v openssl >/dev/null || pkgs+=(openssl)
    /usr/bin/python3 -c 'import pefile' 2>/dev/null || pkgs+=(python3-pefile)
    if [ ${#pkgs[@]} -gt 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
    fi
    w=$(mktemp -d /tmp/wimlens-pe.XXXXXX)
    out=$w/out
    mkdir -p "$out" "$w/lists/partial" "$w/cache" "$w/sign"
    chmod 755 "$w" # apt's _apt user downloads into it
    (
        set -euo pipefail
        cd "$w"
        apt-get -o APT::Sandbox::User=root download -qq libwine shim-signed
        # i386 Wine from its own package lists, leaving the system's apt alone
        local i386=(-o 'APT::Architectures::=i386' -o "Dir::State::Lists=$w/lists" -o "Dir::Cache=$w/cache")
        apt-get "${i386[@]}" -qq update 2>/dev/null || true
        apt-get "${i386[@]}" -o APT::Sandbox::User=root -qq download libwine:i386
        for d in ./*.deb; do dpkg-deb -x "$d" root; dpkg-deb -f "$d" Package Version Architecture | paste -sd' ' >> "$out/SOURCES.txt"; done
        w64=root/usr/lib/x86_64-linux-gnu/wine/x86_64-windows
        w32=root/usr/lib/i386-linux-gnu/wine/i386-windows
        cp "$w64/lz32.dll" "$out/wine64-lz32.dll"
        cp "$w64/setx.exe" "$out/wine64-setx.exe"
        cp "$w32/lz32.dll" "$out/wine32-lz32.dll"
        cp "$w32/hostname.exe" "$out/wine32-hostname.exe"
        cp "$w32/kernel32.dll" "$out/wine32-kernel32.dll" # a version resource in 36 languages
        cp root/usr/lib/shim/shimx64.efi.signed "$out/shimx64.efi.signed"

        # A two-level chain with known names: root -> code-signing CA ->
        # two signers; the signature carries the CA and the signer, and a
        # SHA-1 signature is nested in the SHA-256 one.
        cd sign
        printf '[ca]\nbasicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n[leaf]\nbasicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n' > ext.cnf
        openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -days 36500 \
            -subj "/C=ZZ/O=wimlens tests/CN=wimlens Test Root CA" \
            -addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
        openssl req -newkey rsa:2048 -nodes -keyout ca.key -out ca.csr -subj "/C=ZZ/O=wimlens tests/CN=wimlens Test Code Signing CA" 2>/dev/null
        openssl x509 -req -in ca.csr -CA root.pem -CAkey root.key -set_serial 0x1001 -days 36500 -extfile ext.cnf -extensions ca -out ca.pem 2>/dev/null
        for n in 1 2; do
            local cn="wimlens Test Signer SHA-256"; [ $n = 2 ] && cn="wimlens Test Signer SHA-1"
            openssl req -newkey rsa:2048 -nodes -keyout leaf$n.key -out leaf$n.csr -subj "/C=ZZ/O=wimlens signers/CN=$cn" 2>/dev/null
            openssl x509 -req -in leaf$n.csr -CA ca.pem -CAkey ca.key -set_serial 0x200$n -days 36500 -extfile ext.cnf -extensions leaf -out leaf$n.pem 2>/dev/null
            cat leaf$n.pem ca.pem > chain$n.pem
        done
        osslsigncode sign -certs chain1.pem -key leaf1.key -h sha256 -n "wimlens test vector" -in "$out/wine32-lz32.dll" -out s1.dll >/dev/null
        osslsigncode sign -nest -certs chain2.pem -key leaf2.key -h sha1 -in s1.dll -out "$out/signed-lz32.dll" >/dev/null
        osslsigncode verify -CAfile root.pem -in "$out/signed-lz32.dll" > "$out/signed-lz32.dll.osslsigncode.txt"
        grep -q '^Number of verified signatures: 2$' "$out/signed-lz32.dll.osslsigncode.txt"
        cd "$out"

        cat > "$w/pefile_dump.py" <<'PYTHON'
"""Dump what python3-pefile reads of a PE file: headers, and for every
language of the first RT_VERSION name, the fixed info, string tables and
translations (pefile parses each version resource in resource order)."""
import json, sys, pefile
def quad(ms, ls): return "%d.%d.%d.%d" % (ms >> 16, ms & 0xffff, ls >> 16, ls & 0xffff)
pe = pefile.PE(sys.argv[1], fast_load=True)
pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_RESOURCE"]])
out = {"machine": pe.FILE_HEADER.Machine, "magic": pe.OPTIONAL_HEADER.Magic,
       "subsystem": pe.OPTIONAL_HEADER.Subsystem, "timestamp": pe.FILE_HEADER.TimeDateStamp,
       "characteristics": pe.FILE_HEADER.Characteristics, "versions": []}
langs = []
for t in pe.DIRECTORY_ENTRY_RESOURCE.entries if hasattr(pe, "DIRECTORY_ENTRY_RESOURCE") else []:
    if t.id == 16:
        langs = [l.id for l in t.directory.entries[0].directory.entries]
        break
fixed, infos = getattr(pe, "VS_FIXEDFILEINFO", []) or [], getattr(pe, "FileInfo", []) or []
assert len(fixed) == len(infos) == len(langs), "pefile parsed a version resource partly"
for lang, f, info in zip(langs, fixed, infos):
    v = {"lang": lang, "fixed": {"file": quad(f.FileVersionMS, f.FileVersionLS),
         "product": quad(f.ProductVersionMS, f.ProductVersionLS), "flags_mask": f.FileFlagsMask,
         "flags": f.FileFlags, "os": f.FileOS, "type": f.FileType, "subtype": f.FileSubtype},
         "tables": {}, "translations": []}
    for e in info:
        if e.Key == b"StringFileInfo":
            for t in e.StringTable:
                v["tables"][t.LangID.decode()] = [[k.decode(), s.decode()] for k, s in t.entries.items()]
        elif e.Key == b"VarFileInfo":
            for var in e.Var:
                for k, s in var.entry.items():
                    if k == b"Translation":
                        x = s.split()
                        v["translations"] += [[int(x[j], 16), int(x[j + 1], 16)] for j in range(0, len(x) - 1, 2)]
    out["versions"].append(v)
json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
print()
PYTHON
        for f in wine64-lz32.dll wine64-setx.exe wine32-lz32.dll wine32-hostname.exe wine32-kernel32.dll shimx64.efi.signed signed-lz32.dll; do
            /usr/bin/python3 "$w/pefile_dump.py" "$f" > "$f.pefile.json"
            peres -v "$f" 2>/dev/null | grep -v '^DEBUG' > "$f.peres.txt" || true
            # peres 0.80 prints VS_FIXEDFILEINFO two DWORDs early: its "File
            # Version" is the signature 0xFEEF04BD as 65263.1213.x.x and its
            # "Product Version" is the file version. Check that against
            # pefile, so the two oracles agree before either is trusted.
            /usr/bin/python3 - "$f.pefile.json" "$f.peres.txt" <<'PYTHON'
import json, re, sys
ref = json.load(open(sys.argv[1]))["versions"]
peres = open(sys.argv[2]).read()
if ref and len(ref) == 1:
    m = re.search(r"^Product Version:\s+(\S+)", peres, re.M)
    assert m and m.group(1) == ref[0]["fixed"]["file"], (sys.argv[2], peres)
    assert re.search(r"^File Version:\s+65263\.1213\.", peres, re.M), (sys.argv[2], peres)
    # and pefile's fixed file version against the string FileVersion, where that is a plain a.b.c.d
    for t in ref[0]["tables"].values():
        s = dict(t).get("FileVersion", "")
        if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", s):
            assert s == ref[0]["fixed"]["file"], (sys.argv[1], s)
PYTHON
        done
        for f in shimx64.efi.signed signed-lz32.dll; do
            sbverify --list "$f" > "$f.sbverify.txt"
        done
        gzip -9n wine32-kernel32.dll
    ) || { rm -rf "$w"; echo "make.sh: the PE vectors FAILED; testvectors/pe was left as it was" >&2; return 1; }
    rm -rf "$HERE/pe"
    mkdir -p "$HERE/pe"
    cp "$out"/* "$HERE/pe/"
    rm -rf "$w"
    du -sh --apparent-size "$HERE/pe" >&2
}
if [ "${1:-}" = pe ]; then
    pe_vectors
    exit 0
fi

# ---------------------------------------------------------------- the image's registry (issue 21)
# The user hives core/registry reads besides SOFTWARE and SYSTEM, written
# into the Windows image's tree by hivex from hives/empty.gz: HKU\.DEFAULT
# (Windows\System32\config\DEFAULT) and the default user's hive
# (Users\Default\NTUSER.DAT), with a value of every common type; then
# hivex's listing (hives.py's) of each hive in the tree, the oracle of
# `wimlens reg`, into OUT/NAME.txt.gz. windows_image calls it before
# capturing the tree.
registry_hives() {  # TREE OUT
    /usr/bin/python3 - "$HERE" "$1" "$2" <<'PYTHON'
import gzip, io, os, sys
import hivex
here, tree, out = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, here)
import hives

def user_hive(dst, values):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    with gzip.open(f"{here}/hives/empty.gz") as f, open(dst, "wb") as g:
        g.write(f.read())
    h = hivex.Hivex(dst, write=True)
    for path, vals in values:
        hives.setv(h, path, vals)
    h.commit(dst)

user_hive(f"{tree}/Windows/System32/config/DEFAULT", [
    ("Control Panel\\International", [("LocaleName", 1, hives.sz("en-US")), ("sLanguage", 1, hives.sz("ENU"))]),
    ("Control Panel\\Desktop", [("ScreenSaveTimeOut", 1, hives.sz("600"))]),
])
user_hive(f"{tree}/Users/Default/NTUSER.DAT", [
    ("Control Panel\\Desktop", [("Wallpaper", 2, hives.sz("%SystemRoot%\\Web\\Wallpaper\\Windows\\img0.jpg")),
                                ("", 1, hives.sz("the default value"))]),
    ("Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Advanced",
     [("HideFileExt", 4, hives.dword(1)), ("Start_TrackProgs", 4, hives.dword(0)),
      ("TaskbarSizes", 11, (0x0123456789ABCDEF).to_bytes(8, "little")),
      ("Folders", 7, hives.multi("Documents", "Pictures")),
      ("Layout", 3, bytes(range(256)) * 6), ("Empty", 0, b"")]),
])
os.makedirs(out, exist_ok=True)
for name, rel in (("SOFTWARE", "Windows/System32/config/SOFTWARE"), ("SYSTEM", "Windows/System32/config/SYSTEM"),
                  ("DEFAULT", "Windows/System32/config/DEFAULT"), ("NTUSER.DAT", "Users/Default/NTUSER.DAT")):
    with hives.gz(f"{out}/{name}.txt.gz") as dst:
        text = io.TextIOWrapper(dst, encoding="utf-8", newline="\n")
        hives.listing(hivex.Hivex(f"{tree}/{rel}"), text)
        text.detach()
PYTHON
}

# ---------------------------------------------------------------- Windows image (testvectors/windows-image, issue 20)
# WIMs holding a Windows-like tree, for core/windows: the hives of hives/
# (edited: servicing packages that match windows/'s .mum files, a second UI
# language, an app also provisioned), Wine's x64 PE files as kernel32.dll
# and ntoskrnl.exe, shim as bootmgfw.efi, windows/'s INF, .mum and
# AppxProvisioning.xml, and a Winre.wim (a WIM of its own, with a SOFTWARE
# hive at another UBR) in System32\Recovery. wimlib-imagex capture fills the
# XML's WINDOWS element from those files, the oracle of the fields it fills;
# SPBUILD is then set to the UBR, as DISM writes it. Image 2 is the same
# tree, appended, whose SOFTWARE hive was then replaced (`wimlib-imagex
# update`) by one at another UBR and edition, its XML left stale; the two
# images share their blobs, so the second costs little.
# expected.json is what this script wrote and what hivex, wimlib, pefile
# and sbverify read back, never our Go code. Needs wimlib-imagex and
# python3-hivex; no root. It reads hives/, pe/ and windows/, so it runs
# after them:  bash testvectors/make.sh windows-image
windows_image() {  # DIR
    local w pkgs=()
    command -v wimlib-imagex >/dev/null || pkgs+=(wimtools)
    /usr/bin/python3 -c 'import hivex' 2>/dev/null || pkgs+=(python3-hivex)
    if [ ${#pkgs[@]} -gt 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
    fi
    w=$(mktemp -d /tmp/wimlens-winimg.XXXXXX)
    (
        set -e
        cd "$w"
        /usr/bin/python3 - "$HERE" "$w" trees <<'PYTHON'
import gzip, os, shutil, struct, sys
import hivex
here, w = sys.argv[1], sys.argv[2]

def sz(s): return (s + "\0").encode("utf-16-le")
def dword(n): return struct.pack("<I", n)

def key(h, path):
    node = h.root()
    for part in path.split("\\"):
        c = h.node_get_child(node, part)
        node = c if c is not None else h.node_add_child(node, part)
    return node

def setv(h, path, values):
    """Sets values of a key, keeping the others it has."""
    node = key(h, path)
    old = {h.value_key(v): h.value_value(v) for v in h.node_values(node)}
    for k, t, v in values:
        old[k] = (t, v)
    h.node_set_values(node, [{"key": k, "t": t, "value": v} for k, (t, v) in old.items()])

def hive(src, dst, edit):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    with gzip.open(src) as f, open(dst, "wb") as g:
        g.write(f.read())
    h = hivex.Hivex(dst, write=True)
    edit(h)
    h.commit(dst)

def put(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    opener = gzip.open if src.endswith(".gz") else open
    with opener(src, "rb") as f, open(dst, "wb") as g:
        g.write(f.read())

CV = "Microsoft\\Windows NT\\CurrentVersion"
CBS = "Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\Packages\\"
APPS = "Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore\\Applications\\"

# The recovery image: a SOFTWARE hive of its own.
def winre_software(h):
    setv(h, CV, [("ProductName", 1, sz("Windows 10 Pro")), ("EditionID", 1, sz("WindowsPE")),
                 ("InstallationType", 1, sz("WindowsPE")), ("CurrentBuild", 1, sz("19045")),
                 ("UBR", 4, dword(3570)), ("CurrentMajorVersionNumber", 4, dword(10)),
                 ("CurrentMinorVersionNumber", 4, dword(0))])
hive(f"{here}/hives/empty.gz", f"{w}/re/Windows/System32/config/SOFTWARE", winre_software)

def software(h):
    for name, state in [
            ("Package_for_RollupFix~31bf3856ad364e35~amd64~~22621.2506.1.7", 0x70),
            ("OpenSSH-Client-Package~31bf3856ad364e35~amd64~~10.0.22621.1", 0x40),
            ("Microsoft-Windows-Client-LanguagePack-Package~31bf3856ad364e35~amd64~de-DE~10.0.22621.2506", 0x70)]:
        setv(h, CBS + name, [("CurrentState", 4, dword(state))])
    setv(h, APPS + "Microsoft.VCLibs.140.00_14.0.30704.0_x64__8wekyb3d8bbwe", [("Path", 1, sz("C:\\Program Files\\WindowsApps\\Microsoft.VCLibs.140.00_14.0.30704.0_x64__8wekyb3d8bbwe\\AppxManifest.xml"))])
def copy_tree(src, sn, dst, dn):
    dst.node_set_values(dn, [{"key": src.value_key(v), "t": src.value_type(v)[0], "value": src.value_value(v)[1]}
                             for v in src.node_values(sn)])
    for c in src.node_children(sn):
        copy_tree(src, c, dst, dst.node_add_child(dn, src.node_name(c)))

def software_from_hives(h):
    """hives/SOFTWARE's Microsoft key (CurrentVersion, servicing packages,
    apps) without its wimlens key, whose big values and 1,200 keys, freed
    and rewritten by hivex, would make the image megabytes."""
    with gzip.open(f"{here}/hives/SOFTWARE.gz") as f, open(f"{w}/SOFTWARE.src", "wb") as g:
        g.write(f.read())
    src = hivex.Hivex(f"{w}/SOFTWARE.src")
    copy_tree(src, src.node_get_child(src.root(), "Microsoft"), h, h.node_add_child(h.root(), "Microsoft"))
    software(h)
hive(f"{here}/hives/empty.gz", f"{w}/tree/Windows/System32/config/SOFTWARE", software_from_hives)

def system(h):
    setv(h, "ControlSet001\\Control\\MUI\\UILanguages\\de-DE", [("LCID", 4, dword(0x407)), ("Type", 4, dword(0x92))])
hive(f"{here}/hives/SYSTEM.gz", f"{w}/tree/Windows/System32/config/SYSTEM", system)

# The stale image's SOFTWARE: another UBR and edition.
shutil.copy(f"{w}/tree/Windows/System32/config/SOFTWARE", f"{w}/SOFTWARE.stale")
h = hivex.Hivex(f"{w}/SOFTWARE.stale", write=True)
setv(h, CV, [("UBR", 4, dword(4170)), ("EditionID", 1, sz("Enterprise"))])
h.commit(f"{w}/SOFTWARE.stale")

t = f"{w}/tree"
put(f"{here}/pe/wine64-lz32.dll", f"{t}/Windows/System32/kernel32.dll")
put(f"{here}/pe/wine64-setx.exe", f"{t}/Windows/System32/ntoskrnl.exe")
put(f"{here}/pe/shimx64.efi.signed", f"{t}/Windows/Boot/EFI/bootmgfw.efi")
for rel in ["INF/oem3.inf", "INF/oem7.inf", "System32/DriverStore/FileRepository/nwext.inf_amd64_7c4f0e2a9b1d3e58/nwext.inf"]:
    put(f"{here}/windows/{rel}", f"{t}/Windows/{rel}")
put(f"{here}/windows/INF/oem3.inf", f"{t}/Windows/INF/machine.inf")   # not oem*: not listed
for m in os.listdir(f"{here}/windows/servicing/Packages"):
    put(f"{here}/windows/servicing/Packages/{m}", f"{t}/Windows/servicing/Packages/{m}")
put(f"{here}/windows/ProgramData/AppxProvisioning.xml", f"{t}/ProgramData/Microsoft/Windows/AppxProvisioning.xml")
os.makedirs(f"{t}/Windows/System32/Recovery")
PYTHON
        registry_hives "$w/tree" "$w/registry"
        find re tree -exec touch -h -d '2024-01-02 03:04:05 UTC' {} +
        wimlib-imagex capture re tree/Windows/System32/Recovery/Winre.wim "Microsoft Windows Recovery Environment (x64)" >/dev/null
        touch -d '2024-01-02 03:04:05 UTC' tree/Windows/System32/Recovery/Winre.wim tree/Windows/System32/Recovery
        wimlib-imagex capture tree windows.wim "Windows 10 Pro" >/dev/null
        wimlib-imagex append tree windows.wim "Windows 10 Pro, serviced" >/dev/null
        wimlib-imagex info windows.wim 1 --image-property WINDOWS/VERSION/SPBUILD=3803 >/dev/null
        wimlib-imagex info windows.wim 2 --image-property WINDOWS/VERSION/SPBUILD=3803 >/dev/null
        touch -d '2024-01-02 03:04:05 UTC' SOFTWARE.stale
        wimlib-imagex update windows.wim 2 --command "add SOFTWARE.stale /Windows/System32/config/SOFTWARE" >/dev/null
        wimlib-imagex info windows.wim --xml > windows.xml
        /usr/bin/python3 - "$HERE" "$w" <<'PYTHON'
import json, re, sys, xml.etree.ElementTree as ET
import hivex
here, w = sys.argv[1], sys.argv[2]

def text(h, v):
    t, data = h.value_value(v)
    if t in (1, 2):
        return data.decode("utf-16-le").split("\0")[0]
    if t == 4:
        return str(int.from_bytes(data[:4], "little"))
    raise ValueError(t)

def node(h, path):
    n = h.root()
    for p in path.split("\\"):
        n = h.node_get_child(n, p)
    return n

def values(h, path):
    return {h.value_key(v): text(h, v) for v in h.node_values(node(h, path)) if h.value_type(v)[0] in (1, 2, 4)}

def subkeys(h, path):
    return [h.node_name(c) for c in h.node_children(node(h, path))]

def version(path):
    h = hivex.Hivex(path)
    cv = values(h, "Microsoft\\Windows NT\\CurrentVersion")
    return h, cv, cv["CurrentBuild"] + "." + cv["UBR"]

def xml_windows(index):
    doc = open(f"{w}/windows.xml", "rb").read().decode("utf-16")
    win = ET.fromstring(doc).find(f"IMAGE[@INDEX='{index}']/WINDOWS")
    g = lambda p: (win.findtext(p) or "")
    return {"arch": g("ARCH"), "productname": g("PRODUCTNAME"), "editionid": g("EDITIONID"),
            "installationtype": g("INSTALLATIONTYPE"), "major": g("VERSION/MAJOR"), "minor": g("VERSION/MINOR"),
            "build": g("VERSION/BUILD"), "spbuild": g("VERSION/SPBUILD"),
            "languages": [l.text for l in win.findall("LANGUAGES/LANGUAGE")], "default": g("LANGUAGES/DEFAULT"),
            "systemroot": g("SYSTEMROOT")}

sysh = hivex.Hivex(f"{w}/tree/Windows/System32/config/SYSTEM")
cs = "ControlSet%03d" % int(values(sysh, "Select")["Current"])
services = []
for name in subkeys(sysh, cs + "\\Services"):
    v = values(sysh, cs + "\\Services\\" + name)
    services.append({"name": name, "type": int(v.get("Type", 0)), "start": int(v["Start"]) if "Start" in v else None,
                     "image_path": v.get("ImagePath", ""), "group": v.get("Group", "")})
langs = subkeys(sysh, cs + "\\Control\\MUI\\UILanguages")
nls = values(sysh, cs + "\\Control\\Nls\\Language")

files = json.load(open(f"{here}/windows/expected.json"))
mums = {m["file"].split("/")[-1][:-4]: m for m in files["mum"]}
softh, cv, build = version(f"{w}/tree/Windows/System32/config/SOFTWARE")
CBS = "Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\Packages"
packages = []
for name in subkeys(softh, CBS):
    m = mums.pop(name, None)
    packages.append({"name": name, "state": int(values(softh, CBS + "\\" + name)["CurrentState"]),
                     "kb": m["kb"] if m else "", "release_type": m["release_type"] if m else ""})
packages += [{"name": n, "state": None, "kb": m["kb"], "release_type": m["release_type"]} for n, m in mums.items()]
drivers = [{"path": "Windows\\" + i["file"].replace("/", "\\"), "class": i["version"]["class"], "provider": i["version"]["provider"],
            "version": i["version"]["driver_ver"]["version"], "date": i["version"]["driver_ver"]["date"]} for i in files["inf"]]
registered = subkeys(softh, "Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore\\Applications")
provisioned = [p["full_name"] for p in files["appx"]["provisioned"]]

# sbverify's listing of shim: each signature's issuer, and the certificate it issued.
signers, issuer = [], None
for line in open(f"{here}/pe/shimx64.efi.signed.sbverify.txt"):
    if line.startswith(" - /") and issuer is None:
        issuer = line.strip()[2:]
    m = re.match(r" - subject: (.*)", line)
    if m:
        subject = m.group(1)
    m = re.match(r"   issuer:  (.*)", line)
    if m and issuer is not None and m.group(1) == issuer:
        cn = lambda dn: dn.split("/CN=")[-1]
        signers.append({"signer": cn(subject), "issuer": cn(issuer)})
        issuer = None
pe = lambda f: json.load(open(f"{here}/pe/{f}.pefile.json"))
kernel32 = pe("wine64-lz32.dll")

_, re_cv, re_build = version(f"{w}/re/Windows/System32/config/SOFTWARE")
_, stale_cv, stale_build = version(f"{w}/SOFTWARE.stale")
common = {"languages": langs, "install_language": nls["InstallLanguage"], "services": services, "packages": packages,
          "drivers": drivers, "registered_apps": registered, "provisioned_apps": provisioned,
          "kernel32": {"machine": kernel32["machine"], "file_version": kernel32["versions"][0]["fixed"]["file"]},
          "boot": [{"path": "Windows\\Boot\\EFI\\bootmgfw.efi", "signers": signers},
                   {"path": "Windows\\Boot\\EFI\\bootmgr.efi", "absent": True},
                   {"path": "Windows\\System32\\winload.efi", "absent": True}],
          "winre": {"path": "Windows\\System32\\Recovery\\Winre.wim", "build": re_build, "edition": re_cv["EditionID"]}}
out = {"note": "Written by testvectors/make.sh (windows_image): what it put into each image, read back by hivex, "
               "python3-pefile and sbverify; wimlib_xml is the XML wimlib-imagex wrote (info --xml), and "
               "disagreements are the fields the script made stale.",
       "images": [dict(common, image=1, version=cv, build=build, wimlib_xml=xml_windows(1), disagreements=[]),
                  dict(common, image=2, version=stale_cv, build=stale_build, wimlib_xml=xml_windows(2),
                                 disagreements=[{"field": "EDITIONID", "xml": cv["EditionID"], "image": stale_cv["EditionID"]},
                                                {"field": "VERSION/SPBUILD", "xml": cv["UBR"], "image": stale_cv["UBR"]}])]}
assert out["images"][1]["wimlib_xml"]["editionid"] == cv["EditionID"], "wimlib update rewrote the XML"
json.dump(out, open(f"{w}/expected.json", "w"), indent=1, ensure_ascii=False)
PYTHON
    ) || { rm -rf "$w"; echo "make.sh: the Windows image vectors FAILED; testvectors/windows-image was left as it was" >&2; return 1; }
    rm -rf "$1"
    mkdir -p "$1"
    cp "$w/windows.wim" "$w/expected.json" "$1/"
    cp -r "$w/registry" "$1/"
    rm -rf "$w"
    du -sh --apparent-size "$1" >&2
}
if [ "${1:-}" = windows-image ]; then
    windows_image "$HERE/windows-image"
    exit 0
fi

# ---------------------------------------------------------------- Windows compare (testvectors/windows-diff, issue 21)
# pair.wim: two images of a Windows-like tree, a month apart, for
# core/windiff and `wimlens diff --windows`. Image 1 is windows-image's
# first image with its boot manager signed under the 2011 CA only (shim's
# second signature cut off). Image 2 is image 1 serviced: UBR 3803 → 4170;
# a package staged → installed, the rollup replaced by the next one (its
# .mum too); an app at a new version; in SYSTEM a service's start changed
# and a driver service added; oem7.inf and the driver store's nwext.inf at
# a new DriverVer (the store folder's hash changes with it); kernel32.dll's
# version resource rewritten; the boot manager signed under the 2011 and
# 2023 CAs (shim as Debian ships it); WinRE at a new UBR. The two images are
# packed into one solid resource (wimlib-imagex optimize --solid), so the
# second copy of shim costs little. expected.json lists what the script
# changed, as hivex, python3-pefile and sbverify read it back. Needs
# wimlib-imagex, python3-hivex, python3-pefile and sbsigntool; reads
# windows-image/, windows/ and pe/:  bash testvectors/make.sh windows-diff
windows_diff() {  # DIR
    local w pkgs=()
    command -v wimlib-imagex >/dev/null || pkgs+=(wimtools)
    command -v sbverify >/dev/null || pkgs+=(sbsigntool)
    /usr/bin/python3 -c 'import hivex' 2>/dev/null || pkgs+=(python3-hivex)
    /usr/bin/python3 -c 'import pefile' 2>/dev/null || pkgs+=(python3-pefile)
    if [ ${#pkgs[@]} -gt 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
    fi
    w=$(mktemp -d /tmp/wimlens-windiff.XXXXXX)
    (
        set -e
        cd "$w"
        # set -e does not hold in a subshell tested by ||: each step says so.
        wimlib-imagex apply "$HERE/windows-image/windows.wim" 1 old >/dev/null || exit 1
        wimlib-imagex apply old/Windows/System32/Recovery/Winre.wim 1 re >/dev/null || exit 1
        /usr/bin/python3 - "$HERE" "$w" <<'PYTHON' || exit 1
import json, os, re, shutil, struct, subprocess, sys
import hivex, pefile
here, w = sys.argv[1], sys.argv[2]
old, new = f"{w}/old", f"{w}/new"
W = "Windows"

def dword(n): return struct.pack("<I", n)
def node(h, path):
    n = h.root()
    for p in path.split("\\"):
        n = h.node_get_child(n, p)
    return n
def setv(h, path, values):
    n = node(h, path)
    cur = {h.value_key(v): h.value_value(v) for v in h.node_values(n)}
    for k, t, v in values:
        cur[k] = (t, v)
    h.node_set_values(n, [{"key": k, "t": t, "value": v} for k, (t, v) in cur.items()])
def value(h, path, name):
    return h.value_value(h.node_get_value(node(h, path), name))

# The boot manager of image 1: shim with its second (2023 CA) signature cut off.
boot = f"{old}/{W}/Boot/EFI/bootmgfw.efi"
b = bytearray(open(boot, "rb").read())
pe = struct.unpack_from("<I", b, 0x3c)[0]
dd = pe + 24 + (112 if struct.unpack_from("<H", b, pe + 24)[0] == 0x20b else 96) + 4 * 8
off, size = struct.unpack_from("<II", b, dd)
first = (struct.unpack_from("<I", b, off)[0] + 7) & ~7
assert first < size, "shim has one signature only"
struct.pack_into("<I", b, dd + 4, first)
open(boot, "wb").write(b[:off + first])

shutil.copytree(old, new, symlinks=True)
expected = {"packages": [], "drivers": [], "services": [], "apps": [], "pe": [], "registry": {"SOFTWARE": [], "SYSTEM": []}}
reg = lambda hive, kind, key, value=None: expected["registry"][hive].append(
    {"kind": kind, "key": "HKLM\\" + hive + "\\" + key, **({"value": value} if value is not None else {})})

# SOFTWARE: the UBR, a package installed, the rollup replaced, an app updated.
CV = "Microsoft\\Windows NT\\CurrentVersion"
CBS = "Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\Packages"
APPS = "Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore\\Applications"
path = f"{new}/{W}/System32/config/SOFTWARE"
h = hivex.Hivex(path, write=True)
old_ubr = struct.unpack("<I", value(h, CV, "UBR")[1])[0]
setv(h, CV, [("UBR", 4, dword(4170))])
reg("SOFTWARE", "value-changed", CV, "UBR")
ssh = "OpenSSH-Client-Package~31bf3856ad364e35~amd64~~10.0.22621.1"
old_state = struct.unpack("<I", value(h, CBS + "\\" + ssh, "CurrentState")[1])[0]
setv(h, CBS + "\\" + ssh, [("CurrentState", 4, dword(0x70))])
reg("SOFTWARE", "value-changed", CBS + "\\" + ssh, "CurrentState")
expected["packages"].append({"kind": "changed", "name": ssh, "old_state": old_state, "new_state": 0x70})
roll_old = "Package_for_RollupFix~31bf3856ad364e35~amd64~~22621.2506.1.7"
roll_new = "Package_for_RollupFix~31bf3856ad364e35~amd64~~22621.2861.1.6"
h.node_delete_child(node(h, CBS + "\\" + roll_old))
reg("SOFTWARE", "key-removed", CBS + "\\" + roll_old)
k = h.node_add_child(node(h, CBS), roll_new)
h.node_set_values(k, [{"key": "CurrentState", "t": 4, "value": dword(0x70)}])
reg("SOFTWARE", "key-added", CBS + "\\" + roll_new)
mums = f"{new}/{W}/servicing/Packages"
m = open(f"{mums}/{roll_old}.mum", encoding="utf-8-sig").read()
os.remove(f"{mums}/{roll_old}.mum")
m = m.replace("5031455", "5033375").replace("22621.2506.1.7", "22621.2861.1.6").replace("10.0.22621.2506", "10.0.22621.2861")
open(f"{mums}/{roll_new}.mum", "w", encoding="utf-8-sig").write(m)
expected["packages"] += [{"kind": "removed", "name": roll_old, "kb": "5031455", "old_state": 0x70},
                         {"kind": "added", "name": roll_new, "kb": "5033375", "new_state": 0x70}]
app_old = "Microsoft.VCLibs.140.00_14.0.30704.0_x64__8wekyb3d8bbwe"
app_new = "Microsoft.VCLibs.140.00_14.0.33519.0_x64__8wekyb3d8bbwe"
a = node(h, APPS + "\\" + app_old)
vals = [{"key": h.value_key(v), "t": h.value_type(v)[0], "value": h.value_value(v)[1].replace(app_old.encode("utf-16-le"), app_new.encode("utf-16-le"))}
        for v in h.node_values(a)]
h.node_delete_child(a)
h.node_set_values(h.node_add_child(node(h, APPS), app_new), vals)
reg("SOFTWARE", "key-removed", APPS + "\\" + app_old)
reg("SOFTWARE", "key-added", APPS + "\\" + app_new)
h.commit(path)
prov = f"{new}/ProgramData/Microsoft/Windows/AppxProvisioning.xml"
x = open(prov, encoding="utf-8").read()
assert app_old in x
open(prov, "w", encoding="utf-8").write(x.replace(app_old, app_new))
expected["apps"].append({"kind": "changed", "name": "Microsoft.VCLibs.140.00", "architecture": "x64", "old_version": "14.0.30704.0", "new_version": "14.0.33519.0"})

# SYSTEM: a service disabled, a file system driver added.
path = f"{new}/{W}/System32/config/SYSTEM"
h = hivex.Hivex(path, write=True)
cs = "ControlSet%03d" % struct.unpack("<I", value(h, "Select", "Current")[1])[0]
svc = cs + "\\Services\\wuauserv"
old_start = struct.unpack("<I", value(h, svc, "Start")[1])[0]
setv(h, svc, [("Start", 4, dword(4))])
reg("SYSTEM", "value-changed", svc, "Start")
expected["services"].append({"kind": "changed", "name": "wuauserv", "old_start": old_start, "new_start": 4})
k = h.node_add_child(node(h, cs + "\\Services"), "wimlensflt")
h.node_set_values(k, [{"key": "Type", "t": 4, "value": dword(2)}, {"key": "Start", "t": 4, "value": dword(1)},
                      {"key": "ImagePath", "t": 2, "value": "System32\\drivers\\wimlensflt.sys\0".encode("utf-16-le")}])
reg("SYSTEM", "key-added", cs + "\\Services\\wimlensflt")
expected["services"].append({"kind": "added", "name": "wimlensflt", "new_start": 1})
h.commit(path)

# Drivers: new DriverVer lines; the store folder's hash changes with them.
def driver_ver(f, ver):
    """Rewrites the DriverVer line, in the file's own encoding (UTF-16
    with its BOM, else bytes as Latin-1, which keeps them all)."""
    raw = open(f, "rb").read()
    enc = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "latin-1"
    t = raw.decode(enc)
    old = re.search(r"DriverVer\s*=\s*([^\r\n]*)", t).group(1)
    open(f, "wb").write(t.replace(old, ver, 1).encode(enc))
    return old
def parts(dv):
    d, v = [s.strip() for s in dv.split(",")]
    mo, da, y = d.split("/")
    return "%s-%02d-%02d" % (y, int(mo), int(da)), v
f = f"{new}/{W}/INF/oem7.inf"
(od, ov), (nd, nv) = parts(driver_ver(f, "2/14/2024, 5.3.0.2")), parts("2/14/2024, 5.3.0.2")
expected["drivers"].append({"kind": "changed", "path": "Windows\\INF\\oem7.inf", "old_version": ov, "new_version": nv, "old_date": od, "new_date": nd})
store = f"{new}/{W}/System32/DriverStore/FileRepository"
os.rename(f"{store}/nwext.inf_amd64_7c4f0e2a9b1d3e58", f"{store}/nwext.inf_amd64_d2e9a41b7c03f816")
f = f"{store}/nwext.inf_amd64_d2e9a41b7c03f816/nwext.inf"
(od, ov), (nd, nv) = parts(driver_ver(f, "1/9/2024,31.0.101.5186")), parts("1/9/2024,31.0.101.5186")
expected["drivers"].append({"kind": "changed", "path": "Windows\\System32\\DriverStore\\FileRepository\\nwext.inf_amd64_d2e9a41b7c03f816\\nwext.inf",
                            "old_path": "Windows\\System32\\DriverStore\\FileRepository\\nwext.inf_amd64_7c4f0e2a9b1d3e58\\nwext.inf",
                            "old_version": ov, "new_version": nv, "old_date": od, "new_date": nd})

# kernel32.dll: its version resource's fixed file version and FileVersion string.
f = f"{new}/{W}/System32/kernel32.dll"
p = pefile.PE(f)
ov = p.VS_FIXEDFILEINFO[0]
old_v = "%d.%d.%d.%d" % (ov.FileVersionMS >> 16, ov.FileVersionMS & 0xffff, ov.FileVersionLS >> 16, ov.FileVersionLS & 0xffff)
p.close()
b = bytearray(open(f, "rb").read())
i = b.index(struct.pack("<I", 0xFEEF04BD))
ms, ls = struct.unpack_from("<II", b, i + 8)
struct.pack_into("<II", b, i + 8, ms, (ls & 0xffff0000) | ((ls & 0xffff) + 20))
key = "FileVersion\0".encode("utf-16-le")
j = b.index(key, i) + len(key)
j += (4 - j % 4) % 4
s = old_v.encode("utf-16-le")
assert b[j:j + len(s)] == s
new_s = old_v.rsplit(".", 1)[0] + "." + str((ls & 0xffff) + 20)
assert len(new_s) == len(old_v)
b[j:j + len(s)] = new_s.encode("utf-16-le")
open(f, "wb").write(b)
p = pefile.PE(f)
nv = p.VS_FIXEDFILEINFO[0]
new_v = "%d.%d.%d.%d" % (nv.FileVersionMS >> 16, nv.FileVersionMS & 0xffff, nv.FileVersionLS >> 16, nv.FileVersionLS & 0xffff)
assert new_v == new_s and new_v != old_v
expected["pe"].append({"path": "/Windows/System32/kernel32.dll", "old": old_v, "new": new_v})

# The boot manager of image 2: shim as Debian ships it, signed under both CAs.
shutil.copy(f"{here}/pe/shimx64.efi.signed", f"{new}/{W}/Boot/EFI/bootmgfw.efi")

# WinRE: a new UBR.
path = f"{w}/re/{W}/System32/config/SOFTWARE"
h = hivex.Hivex(path, write=True)
re_ubr = struct.unpack("<I", value(h, CV, "UBR")[1])[0]
re_build = value(h, CV, "CurrentBuild")[1].decode("utf-16-le").rstrip("\0")
setv(h, CV, [("UBR", 4, dword(3693))])
h.commit(path)
expected["winre"] = {"old": f"{re_build}.{re_ubr}", "new": f"{re_build}.3693"}
json.dump(expected, open(f"{w}/changes.json", "w"))
print(old_ubr, file=open(f"{w}/old_ubr", "w"))
PYTHON
        find re -exec touch -h -d '2024-02-13 03:04:05 UTC' {} +
        rm new/Windows/System32/Recovery/Winre.wim
        wimlib-imagex capture re new/Windows/System32/Recovery/Winre.wim "Microsoft Windows Recovery Environment (x64)" >/dev/null || exit 1
        find new -exec touch -h -d '2024-02-13 03:04:05 UTC' {} +
        for i in 1 2; do sbverify --list "$([ $i = 1 ] && echo old || echo new)/Windows/Boot/EFI/bootmgfw.efi" > "boot$i.sbverify.txt" || true; done
        wimlib-imagex capture old pair.wim "Windows 10 Pro, January" >/dev/null || exit 1
        wimlib-imagex append new pair.wim "Windows 10 Pro, February" >/dev/null || exit 1
        wimlib-imagex optimize pair.wim --solid >/dev/null || exit 1
        /usr/bin/python3 - "$w" <<'PYTHON' || exit 1
import json, re, sys
w = sys.argv[1]
out = json.load(open(f"{w}/changes.json"))

def signers(f):
    """sbverify's listing: each signature's signer subject and issuer CNs."""
    got, issuer, subject = [], None, None
    for line in open(f):
        if line.startswith("signature "):
            issuer = None
        if line.startswith(" - /") and issuer is None:
            issuer = line.strip()[2:]
        m = re.match(r" - subject: (.*)", line)
        if m:
            subject = m.group(1)
        m = re.match(r"   issuer:  (.*)", line)
        if m and issuer is not None and m.group(1) == issuer:
            cn = lambda dn: dn.split("/CN=")[-1]
            got.append({"signer": cn(subject), "issuer": cn(issuer)})
            issuer = "done"
    return got
out["boot"] = [{"path": "Windows\\Boot\\EFI\\bootmgfw.efi", "old_signers": signers(f"{w}/boot1.sbverify.txt"),
                "new_signers": signers(f"{w}/boot2.sbverify.txt")}]
ubr = open(f"{w}/old_ubr").read().strip()
out["version"] = [{"name": "UBR", "old": ubr, "new": "4170"}]
out = {"note": "Written by testvectors/make.sh (windows_diff): what it changed from image 1 to image 2 of pair.wim, "
               "read back by hivex, python3-pefile and sbverify. Registry changes are keys added or removed and values changed; "
               "service starts are Windows' codes (0 boot, 1 system, 2 automatic, 3 manual, 4 disabled).", "old_image": 1, "new_image": 2, **out}
json.dump(out, open(f"{w}/expected.json", "w"), indent=1, ensure_ascii=False)
PYTHON
    ) || { rm -rf "$w"; echo "make.sh: the Windows compare vectors FAILED; testvectors/windows-diff was left as it was" >&2; return 1; }
    rm -rf "$1"
    mkdir -p "$1"
    cp "$w/pair.wim" "$w/expected.json" "$1/"
    rm -rf "$w"
    du -sh --apparent-size "$1" >&2
}
if [ "${1:-}" = windows-diff ]; then
    windows_diff "$HERE/windows-diff"
    exit 0
fi

# ---------------------------------------------------------------- pe.wim (issue 20)
# testvectors/pe.wim: the PE vectors of pe/ captured where Windows keeps
# such files, for the details of a PE file read through an image (CLI
# `dir --detailed`, the page's details pane). Beside them: a PE named
# .txt and a text file named .dll (the data is sniffed, not the name), a
# PE cut short (an error in words), and a copy of lz32.dll whose version
# strings carry markup, a bidi override and a control character, patched
# in place at the same length so the resource stays well formed. It needs
# only wimlib-imagex, python3 and gzip, and runs alone, without root:
#   bash testvectors/make.sh pe-wim
pe_wim() {
    local w t
    w=$(mktemp -d /tmp/wimlens-pewim.XXXXXX)
    t=$w/tree
    (
        set -euo pipefail
        mkdir -p "$t/Windows/System32" "$t/Windows/SysWOW64" "$t/Windows/Boot/EFI" "$t/odd"
        gzip -dc "$HERE/pe/wine32-kernel32.dll.gz" > "$t/Windows/SysWOW64/kernel32.dll"
        cp "$HERE/pe/wine64-lz32.dll" "$t/Windows/System32/lz32.dll"
        cp "$HERE/pe/wine64-setx.exe" "$t/Windows/System32/setx.exe"
        cp "$HERE/pe/wine32-lz32.dll" "$t/Windows/SysWOW64/lz32.dll"
        cp "$HERE/pe/shimx64.efi.signed" "$t/Windows/Boot/EFI/shimx64.efi"
        cp "$HERE/pe/signed-lz32.dll" "$t/odd/signed-lz32.dll"
        cp "$HERE/pe/wine32-hostname.exe" "$t/odd/hostname.txt"
        printf 'Text named .dll, not a PE file: the page asks and the engine answers none\r\n%.0s' 1 2 3 > "$t/odd/text.dll"
        head -c 2000 "$HERE/pe/wine32-lz32.dll" > "$t/odd/truncated.dll"
        /usr/bin/python3 - "$HERE/pe/wine32-lz32.dll" "$t/odd/hostile.dll" <<'PYTHON'
import sys
b = open(sys.argv[1], "rb").read()
for old, new in [("Microsoft Corporation", "<img src=x onerror=1>"), ("Wine lz32", "\u202elld.exe\u0007")]:
    o, n = old.encode("utf-16-le"), new.encode("utf-16-le")
    assert len(o) == len(n) and b.count(o) == 1, old
    b = b.replace(o, n)
open(sys.argv[2], "wb").write(b)
PYTHON
        wimlib-imagex capture "$t" "$w/pe.wim" "PE files" "PE files where Windows keeps them" --compress=LZX >/dev/null
        wimlib-imagex verify "$w/pe.wim" >/dev/null
    ) || { rm -rf "$w"; echo "make.sh: pe.wim FAILED; testvectors/ was left as it was" >&2; return 1; }
    cp "$w/pe.wim" "$HERE/pe.wim"
    rm -rf "$w"
}
if [ "${1:-}" = pe-wim ]; then
    pe_wim
    exit 0
fi

# ---------------------------------------------------------------- windows-hostile.wim (issue 20)
# testvectors/windows-hostile.wim: a Windows-like image whose hives say
# hostile things (markup, a bidi override, control characters) in the
# values the Windows tab shows: product name, edition, display version, a
# servicing package's name, a service's name and image path; and whose
# XML's EDITIONID, set after capture, is markup too, so the stale-XML
# warning quotes it. The page must show them all as text. Needs
# wimlib-imagex and python3-hivex; no root:
#   bash testvectors/make.sh windows-hostile
windows_hostile() {
    local w
    /usr/bin/python3 -c 'import hivex' 2>/dev/null || {
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-hivex >/dev/null
    }
    w=$(mktemp -d /tmp/wimlens-winhostile.XXXXXX)
    (
        set -euo pipefail
        /usr/bin/python3 - "$HERE" "$w/tree" <<'PYTHON'
import gzip, os, struct, sys
import hivex
here, t = sys.argv[1], sys.argv[2]
def sz(s): return (s + "\0").encode("utf-16-le")
def key(h, path):
    node = h.root()
    for part in path.split("\\"):
        c = h.node_get_child(node, part)
        node = c if c is not None else h.node_add_child(node, part)
    return node
def hive(src, dst, values):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    with gzip.open(src) as f, open(dst, "wb") as g:
        g.write(f.read())
    h = hivex.Hivex(dst, write=True)
    for path, vals in values:
        node = key(h, path)
        old = {h.value_key(v): h.value_value(v) for v in h.node_values(node)}
        old.update({k: (ty, v) for k, ty, v in vals})
        h.node_set_values(node, [{"key": k, "t": ty, "value": v} for k, (ty, v) in old.items()])
    h.commit(dst)
config = f"{t}/Windows/System32/config"
hive(f"{here}/hives/empty.gz", f"{config}/SOFTWARE", [
    ("Microsoft\\Windows NT\\CurrentVersion", [
        ("ProductName", 1, sz("<img src=x onerror=alert(1)>Windows 11 Pro")),
        ("EditionID", 1, sz("\u202eesirpretnE")),
        ("InstallationType", 1, sz("Client")),
        ("DisplayVersion", 1, sz("23H2\u0007")),
        ("CurrentBuild", 1, sz("22631")),
        ("UBR", 4, struct.pack("<I", 4460)),
        ("CurrentMajorVersionNumber", 4, struct.pack("<I", 10)),
        ("CurrentMinorVersionNumber", 4, struct.pack("<I", 0))]),
    ("Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\Packages\\<script>alert(1)</script>~31bf3856ad364e35~amd64~~10.0.22621.1",
     [("CurrentState", 4, struct.pack("<I", 0x70))]),
])
hive(f"{here}/hives/SYSTEM.gz", f"{config}/SYSTEM", [
    ("ControlSet001\\Services\\<b>evil</b>", [
        ("Type", 4, struct.pack("<I", 1)), ("Start", 4, struct.pack("<I", 0)),
        ("ImagePath", 2, sz("System32\\drivers\\\u202egnp.sys"))]),
])
PYTHON
        find "$w/tree" -exec touch -h -d '2024-01-02 03:04:05 UTC' {} +
        wimlib-imagex capture "$w/tree" "$w/windows-hostile.wim" "Hostile Windows" >/dev/null
        wimlib-imagex info "$w/windows-hostile.wim" 1 --image-property 'WINDOWS/EDITIONID=<i>Professional</i>' >/dev/null
        wimlib-imagex verify "$w/windows-hostile.wim" >/dev/null 2>&1
    ) || { rm -rf "$w"; echo "make.sh: windows-hostile.wim FAILED; testvectors/ was left as it was" >&2; return 1; }
    cp "$w/windows-hostile.wim" "$HERE/windows-hostile.wim"
    rm -rf "$w"
}
if [ "${1:-}" = windows-hostile ]; then
    windows_hostile
    exit 0
fi

if [ "$(id -u)" != 0 ]; then
    echo "make.sh: must run as root (ntfs-3g mounts, mknod, chown)" >&2
    exit 1
fi

missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }
need wimlib-imagex wimtools
need mkntfs ntfs-3g
need ntfs-3g ntfs-3g
need ntfscat ntfs-3g
need 7zz 7zip
need gzip gzip
need mountpoint util-linux
[ -x /usr/bin/python3 ] || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
    echo "make.sh: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -e /dev/fuse ] || { echo "make.sh: /dev/fuse is missing" >&2; exit 1; }
# Debian's python3: the tree builder reads x86-64 code from Debian's libc.
PY=/usr/bin/python3
WIMLIB_VERSION=$(wimlib-imagex --version | head -1)
case "$WIMLIB_VERSION" in
    *"wimlib-imagex 1.13."*) ;;
    *) echo "make.sh: warning: golden files are meant to come from wimlib 1.13.x, found: $WIMLIB_VERSION" >&2 ;;
esac

WORK=$(mktemp -d /tmp/wimlens-testvectors.XXXXXX)
MOUNT_PIDS=()
cleanup() {
    local rc=$?
    for m in "$WORK"/mnt*; do
        [ -d "$m" ] && mountpoint -q "$m" && { umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; }
    done
    for p in "${MOUNT_PIDS[@]}"; do
        wait "$p" 2>/dev/null || true
    done
    rm -rf "$WORK"
    [ $rc = 0 ] || echo "make.sh: FAILED (exit $rc); testvectors/ was left as it was" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

LOG=$WORK/log.txt
OUT=$WORK/out
mkdir -p "$OUT/golden" "$OUT/manifest" "$WORK/mnt"
step() { printf '== [%3ds] %s\n' "$SECONDS" "$*" >&2; }

# ---------------------------------------------------------------- python helpers
cat > "$WORK/vt.py" <<'PYTHON'
#!/usr/bin/env python3
"""Helpers for testvectors/make.sh: build the NTFS tree through an ntfs-3g
mount (streams_interface=windows), edit it, and dump manifests.

usage: vt.py populate MNT
       vt.py edit MNT
       vt.py ntfs-manifest MNT NAME OUT.json
       vt.py unixtree DIR
       vt.py unix-manifest DIR NAME OUT.json
       vt.py plaintree DIR
"""
import hashlib, json, os, random, socket, stat, struct, sys, zlib

# ---------------------------------------------------------------- times
EPOCH_DIFF = 11644473600            # seconds between 1601-01-01 and 1970-01-01
T0 = 1622534400                     # 2021-06-01 08:00:00 UTC
T_EDIT = 1640995200 + 12 * 3600     # 2022-01-01 12:00:00 UTC


def ft(unix_seconds, hundred_ns=0):
    """FILETIME (100 ns units since 1601) for a Unix time."""
    return (unix_seconds + EPOCH_DIFF) * 10**7 + hundred_ns


def times_for(i):
    """Deterministic, distinct (creation, last_write, last_access) per index,
    with non-zero sub-second parts so 100 ns precision matters."""
    c = ft(T0 + i * 61, (i * 1234567) % 10**7)
    w = c + (3600 * (1 + i % 5)) * 10**7 + 7
    a = w + 86400 * 10**7 + 13
    return c, w, a


SPECIAL_TIMES = {
    # path: (creation, last_write, last_access) as FILETIMEs
    "Odd/times/pre-1970.txt": (ft(-157766400), ft(-157766400, 1), ft(-157766400, 2)),  # 1965-01-01
    "Odd/times/y2038.txt": (ft(2147483647), ft(2147483648), ft(2147483649)),      # around 2^31
    "Odd/times/year-2100.txt": (ft(4102444800, 9999999), ft(4102444800), ft(4102531200)),
    "Odd/times/dos-epoch.txt": (ft(315532800), ft(315532800), ft(315532800)),     # 1980-01-01
    "Odd/times/zero-filetime.txt": (0, 0, 0),                                        # 1601-01-01, FILETIME 0
}

# ---------------------------------------------------------------- security descriptors
SIDS = {
    "SY": "S-1-5-18", "BA": "S-1-5-32-544", "BU": "S-1-5-32-545", "WD": "S-1-1-0",
    "CO": "S-1-3-0", "AU": "S-1-5-11", "AC": "S-1-15-2-1",
    "TI": "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464",
    "HI": "S-1-16-12288",  # High Mandatory Level
    "U1": "S-1-5-21-3141592653-589793238-462643383-1001",
}
FA, RX, M, FW = 0x1F01FF, 0x1200A9, 0x1301BF, 0x120116
GA, GX, GR = 0x10000000, 0x20000000, 0x80000000
OI, CI, NP, IO, ID, SA, FAIL = 0x01, 0x02, 0x04, 0x08, 0x10, 0x40, 0x80
ALLOW, DENY, AUDIT, ALLOW_OBJ, LABEL = 0x00, 0x01, 0x02, 0x05, 0x11


def sid(s):
    s = SIDS.get(s, s)
    parts = s.split("-")
    assert parts[0] == "S" and parts[1] == "1"
    auth = int(parts[2])
    subs = [int(x) for x in parts[3:]]
    return struct.pack("<BB", 1, len(subs)) + auth.to_bytes(6, "big") + b"".join(struct.pack("<I", x) for x in subs)


def ace(typ, flags, mask, who, obj_guid=None):
    if typ == ALLOW_OBJ:
        body = struct.pack("<II", mask, 1) + obj_guid + sid(who)
    else:
        body = struct.pack("<I", mask) + sid(who)
    return struct.pack("<BBH", typ, flags, 4 + len(body)) + body


def acl(aces, rev=2):
    body = b"".join(aces)
    return struct.pack("<BBHHH", rev, 0, 8 + len(body), len(aces), 0) + body


def sd(control, owner, group, dacl=None, sacl=None, windows_order=True):
    """Self-relative descriptor.  windows_order: SACL, DACL, owner, group (as
    Windows writes them); otherwise owner, group, SACL, DACL (as ntfs-3g)."""
    control |= 0x8000  # SE_SELF_RELATIVE
    if dacl is not None:
        control |= 0x0004
    if sacl is not None:
        control |= 0x0010
    parts = [("sacl", sacl), ("dacl", dacl), ("owner", sid(owner)), ("group", sid(group))]
    if not windows_order:
        parts = [parts[2], parts[3], parts[0], parts[1]]
    off, blob, offs = 20, b"", {"sacl": 0, "dacl": 0, "owner": 0, "group": 0}
    for name, data in parts:
        if data is None:
            continue
        offs[name] = off
        blob += data
        off += len(data)
    return struct.pack("<BBHIIII", 1, 0, control, offs["owner"], offs["group"], offs["sacl"], offs["dacl"]) + blob


PROTECTED, AUTO_INH = 0x1000, 0x0400
SACL_PROTECTED, SACL_AUTO_INH = 0x2000, 0x0800
GUID_USER_FORCE_CHANGE_PASSWORD = bytes.fromhex("0299570246d0119a8000aa00404f80be")  # any GUID

SD = {
    # root of the volume, like C:\
    "root": sd(PROTECTED, "SY", "SY", acl([
        ace(ALLOW, OI | CI, FA, "BA"), ace(ALLOW, OI | CI, FA, "SY"),
        ace(ALLOW, OI | CI | IO, GA, "CO"), ace(ALLOW, OI | CI, RX, "BU"),
        ace(ALLOW, CI, 0x000004, "BU"), ace(ALLOW, CI | IO, 0x000002, "BU"),
        ace(ALLOW, OI | CI, RX, "AU")])),
    # C:\Windows, System32 ... owned by TrustedInstaller, protected
    "ti_dir": sd(PROTECTED | AUTO_INH, "TI", "TI", acl([
        ace(ALLOW, 0, FA, "TI"), ace(ALLOW, CI | IO, GA, "TI"),
        ace(ALLOW, 0, M, "SY"), ace(ALLOW, OI | CI | IO, GA, "SY"),
        ace(ALLOW, 0, M, "BA"), ace(ALLOW, OI | CI | IO, GA, "BA"),
        ace(ALLOW, 0, RX, "BU"), ace(ALLOW, OI | CI | IO, GX | GR, "BU"),
        ace(ALLOW, OI | CI | IO, GA, "CO"),
        ace(ALLOW, 0, RX, "AC"), ace(ALLOW, OI | CI | IO, GX | GR, "AC")])),
    # system binaries
    "ti_file": sd(PROTECTED | AUTO_INH, "TI", "TI", acl([
        ace(ALLOW, 0, FA, "TI"), ace(ALLOW, 0, RX, "BA"), ace(ALLOW, 0, RX, "SY"),
        ace(ALLOW, 0, RX, "BU"), ace(ALLOW, 0, RX, "AC")])),
    # ordinary file that inherited everything from its parent
    "inherited": sd(AUTO_INH, "BA", "SY", acl([
        ace(ALLOW, ID, FA, "SY"), ace(ALLOW, ID, FA, "BA"), ace(ALLOW, ID, RX, "BU")]),
        windows_order=False),
    # explicit deny before allows, plus inherited allows
    "deny": sd(AUTO_INH, "BA", "BA", acl([
        ace(DENY, 0, FW, "WD"), ace(DENY, 0, 0x00010000, "BU"),  # DELETE
        ace(ALLOW, 0, FA, "SY"), ace(ALLOW, ID, FA, "BA"), ace(ALLOW, ID, RX, "WD")])),
    # SACL with an audit ACE and a mandatory label, SYSTEM only DACL
    "sacl": sd(PROTECTED | SACL_PROTECTED, "SY", "SY",
               dacl=acl([ace(ALLOW, OI | CI, FA, "SY"), ace(ALLOW, OI | CI, FA, "BA")]),
               sacl=acl([ace(AUDIT, OI | CI | SA | FAIL, FA, "WD"), ace(LABEL, 0, 0x1, "HI")])),
    # object ACE (ACL revision 4)
    "object": sd(0, "U1", "U1", acl([
        ace(ALLOW_OBJ, 0, 0x100, "AU", GUID_USER_FORCE_CHANGE_PASSWORD),
        ace(ALLOW, 0, FA, "U1"), ace(ALLOW, 0, FA, "SY")], rev=4)),
    # DACL present but empty: nobody gets access
    "empty_dacl": sd(PROTECTED, "BA", "BA", acl([])),
    # no DACL at all (SE_DACL_PRESENT clear: everybody gets access, like a NULL DACL)
    "no_dacl": sd(0, "WD", "WD", None),
    # user profile directory
    "users": sd(PROTECTED | AUTO_INH, "SY", "SY", acl([
        ace(ALLOW, OI | CI | IO, GA, "CO"), ace(ALLOW, OI | CI, FA, "SY"),
        ace(ALLOW, OI | CI, FA, "BA"), ace(ALLOW, OI | CI, RX, "BU"),
        ace(ALLOW, OI | CI, RX, "WD")])),
    # used by the edit step: app.exe gets a different descriptor
    "edited": sd(AUTO_INH, "BA", "BA", acl([
        ace(DENY, 0, FA, "U1"), ace(DENY, 0, FW, "WD"),
        ace(ALLOW, 0, FA, "SY"), ace(ALLOW, ID, FA, "BA"), ace(ALLOW, ID, RX, "WD")])),
}

SID_ALIAS = {v: k for k, v in SIDS.items() if k not in ("TI", "U1")}
RIGHTS_EXACT = [(0x1F01FF, "FA"), (0x120089, "FR"), (0x120116, "FW"), (0x1200A0, "FX")]
# order as Windows prints them, e.g. "GXGR", "RPWPCRCCDCLCLORCWOWDSDDTSW"
RIGHTS_BITS = [(0x10000000, "GA"), (0x20000000, "GX"), (0x40000000, "GW"), (0x80000000, "GR"),
               (0x00000010, "RP"), (0x00000020, "WP"), (0x00000100, "CR"), (0x00000001, "CC"),
               (0x00000002, "DC"), (0x00000004, "LC"), (0x00000080, "LO"), (0x00020000, "RC"),
               (0x00080000, "WO"), (0x00040000, "WD"), (0x00010000, "SD"), (0x00000040, "DT"), (0x00000008, "SW")]
ACE_TYPES = {ALLOW: "A", DENY: "D", AUDIT: "AU", ALLOW_OBJ: "OA", LABEL: "ML"}
ACE_FLAGS = [(OI, "OI"), (CI, "CI"), (NP, "NP"), (IO, "IO"), (ID, "ID"), (SA, "SA"), (FAIL, "FA")]


def sid_str(b, off=0):
    n = b[off + 1]
    auth = int.from_bytes(b[off + 2:off + 8], "big")
    subs = struct.unpack_from("<%dI" % n, b, off + 8)
    s = "S-1-%d" % auth + "".join("-%d" % x for x in subs)
    return SID_ALIAS.get(s, s), 8 + 4 * n


def rights_str(mask, label=False):
    if label:
        return "".join(n for bit, n in [(1, "NW"), (2, "NR"), (4, "NX")] if mask & bit) or "0x0"
    for m, n in RIGHTS_EXACT:
        if mask == m:
            return n
    out, rest = "", mask
    for bit, n in RIGHTS_BITS:
        if rest & bit:
            out += n
            rest &= ~bit
    return out if rest == 0 and out else "0x%x" % mask


def acl_str(b, off):
    rev, _, size, count, _ = struct.unpack_from("<BBHHH", b, off)
    p, out = off + 8, ""
    for _ in range(count):
        typ, flags, size = struct.unpack_from("<BBH", b, p)
        mask, = struct.unpack_from("<I", b, p + 4)
        q, guid = p + 8, ""
        if typ == ALLOW_OBJ:
            oflags, = struct.unpack_from("<I", b, q)
            q += 4
            if oflags & 1:
                import uuid
                guid = str(uuid.UUID(bytes_le=bytes(b[q:q + 16])))
                q += 16
        who, _ = sid_str(b, q)
        out += "(%s;%s;%s;%s;;%s)" % (ACE_TYPES.get(typ, "0x%x" % typ),
                                      "".join(n for bit, n in ACE_FLAGS if flags & bit),
                                      rights_str(mask, typ == LABEL), guid, who)
        p += size
    return out


def sddl(b):
    """Informative SDDL rendering of a self-relative descriptor (Windows conventions
    approximated; neither wimlib nor Windows produced this text)."""
    _, _, control, o, g, sa, da = struct.unpack_from("<BBHIIII", b, 0)
    out = ""
    if o:
        out += "O:" + sid_str(b, o)[0]
    if g:
        out += "G:" + sid_str(b, g)[0]
    for letter, present, prot, req, inh, off in (("D", 0x4, 0x1000, 0x100, 0x400, da), ("S", 0x10, 0x2000, 0x200, 0x800, sa)):
        if not control & present:
            continue
        flags = ("P" if control & prot else "") + ("AR" if control & req else "") + ("AI" if control & inh else "")
        out += letter + ":" + flags + (acl_str(b, off) if off else "NO_ACCESS_CONTROL")
    return out


# ---------------------------------------------------------------- reparse buffers
TAG_MOUNT_POINT, TAG_SYMLINK, TAG_APPEXECLINK = 0xA0000003, 0xA000000C, 0x8000001B


def rp_mount_point(subst, prn):
    s, p = subst.encode("utf-16le"), prn.encode("utf-16le")
    body = struct.pack("<4H", 0, len(s), len(s) + 2, len(p)) + s + b"\0\0" + p + b"\0\0"
    return struct.pack("<IHH", TAG_MOUNT_POINT, len(body), 0) + body


def rp_symlink(subst, prn, relative):
    s, p = subst.encode("utf-16le"), prn.encode("utf-16le")
    # Windows puts the print name first, then the substitute name
    body = struct.pack("<4HI", len(p), len(s), 0, len(p), 1 if relative else 0) + p + s
    return struct.pack("<IHH", TAG_SYMLINK, len(body), 0) + body


def rp_appexeclink(pkg, appid, target):
    strs = b"".join(x.encode("utf-16le") + b"\0\0" for x in (pkg, appid, target, "0"))
    body = struct.pack("<I", 3) + strs
    return struct.pack("<IHH", TAG_APPEXECLINK, len(body), 0) + body


def rp_third_party(tag, guid, payload):
    # non-Microsoft tag: REPARSE_GUID_DATA_BUFFER, length excludes the GUID
    return struct.pack("<IHH", tag, len(payload), 0) + guid + payload


# ---------------------------------------------------------------- file contents
def prng_bytes(seed, n):
    return random.Random(seed).randbytes(n)


def x86_code(n):
    """A slice of real x86-64 machine code (from libc's .text section)."""
    lib = "/usr/lib/x86_64-linux-gnu/libc.so.6"     # Debian's libc6 (amd64)
    data = open(lib, "rb").read()
    assert data[:4] == b"\x7fELF" and data[4] == 2 and struct.unpack_from("<H", data, 18)[0] == 62, lib
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    secs = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    stroff = secs[shstrndx][4]
    for s in secs:
        name = data[stroff + s[0]:data.index(b"\0", stroff + s[0])]
        if name == b".text":
            off, size = s[4], s[5]
            start = off + size // 3
            return data[start:start + n]
    raise SystemExit("no .text section")


def fake_pe(code):
    dos = bytearray(0x80)
    dos[0:2] = b"MZ"
    struct.pack_into("<HHHHHHHHHHHHHH", dos, 2, 0x90, 3, 0, 4, 0, 0xFFFF, 0, 0xB8, 0, 0, 0, 0x40, 0, 0)
    struct.pack_into("<I", dos, 0x3C, 0x80)
    stub = b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21\xb8\x01\x4c\xcd\x21This program cannot be run in DOS mode.\r\r\n$"
    dos[0x40:0x40 + len(stub)] = stub
    coff = b"PE\0\0" + struct.pack("<HHIIIHH", 0x8664, 1, 1622534400, 0, 0, 0xF0, 0x22)
    opt = bytearray(0xF0)
    struct.pack_into("<HBB", opt, 0, 0x20B, 14, 29)
    sect = b".text\0\0\0" + struct.pack("<IIIIIIHHI", len(code), 0x1000, len(code), 0x400, 0, 0, 0, 0, 0x60000020)
    hdr = bytes(dos) + coff + bytes(opt) + sect
    hdr += b"\0" * (0x400 - len(hdr))
    return hdr + code


def png(w, h):
    raw = b"".join(b"\0" + b"".join(bytes((x * 255 // (w - 1), y * 255 // (h - 1), ((x ^ y) * 37) % 256, 255))
                                       for x in range(w)) for y in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)) +
            chunk(b"tEXt", b"Comment\0wimlens test image") +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def cbs_log(size):
    """A compressible, CBS.log-like text log of exactly `size` bytes."""
    r = random.Random(1)
    pkgs = ["Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.%d.1.8" % i for i in range(1200, 1230)]
    tmpl = [
        "Info                  CBS    Session: 30890912_%d initialized by client WindowsUpdateAgent, external staging directory: (null), external registry directory: (null)",
        "Info                  CBS    Exec: Processing complete, session(Corruption Repairing): 30890912_%d [HRESULT = 0x00000000 - S_OK]",
        "Info                  CSI    00000%03x [SR] Verify complete",
        "Info                  CBS    Appl: detect Parent, Package: %s, Parent: Microsoft-Windows-Foundation-Package~31bf3856ad364e35~amd64~~10.0.19041.1, Disposition = Detect, VersionComp: EQ, ServiceComp: GE, BuildComp: GE, DistributionComp: GE, RevisionComp: GE, Exist: present",
        "Info                  CBS    Reboot mark refs: %d",
        "Info                  CBS    Loaded Servicing Stack v10.0.19041.%d with Core: C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.19041.1220_none_7e21bc567c7ed2d2\\cbscore.dll",
        "Info                  CSI    00000%03x@2021/6/1:08:00:00.000 WcpInitialize: wcp.dll version 0.0.0.6 (bld 2)",
    ]
    out, sec = [], 0
    total = 0
    while total < size:
        sec += r.choice((0, 0, 1))
        t = r.randrange(len(tmpl))
        arg = pkgs[r.randrange(len(pkgs))] if "%s" in tmpl[t] else r.randrange(4096)
        line = "2021-06-01 %02d:%02d:%02d, %s\r\n" % (8 + sec // 3600 % 12, sec // 60 % 60, sec % 60, tmpl[t] % arg)
        out.append(line)
        total += len(line)
    return "".join(out).encode()[:size]


HIVE_NAMES = ["ControlSet001", "Services", "Tcpip", "Parameters", "Interfaces", "Enum", "PCI",
              "VEN_8086&DEV_1237", "Class", "{4d36e972-e325-11ce-bfc1-08002be10318}", "DriverDesc",
              "ImagePath", "Start", "Type", "ErrorControl", "Group", "DisplayName", "Owners", "ObjectName"]


def regf(name, size, seed):
    """Registry-hive-shaped binary: regf header, then one 4 KiB hbin per 4 KiB,
    each with a few key records and otherwise zeros (compressible, not trivial)."""
    r = random.Random(seed)
    b = bytearray(size)
    b[0:4] = b"regf"
    struct.pack_into("<IIQIIIII", b, 4, 1, 1, 132000000000000000, 1, 5, 0, 1, 0x20)
    nm = name.encode("utf-16le")[:64]
    b[0x30:0x30 + len(nm)] = nm
    for off in range(0x1000, size - 0x20, 0x1000):
        b[off:off + 4] = b"hbin"
        struct.pack_into("<II", b, off + 4, off - 0x1000, 0x1000)
        pos = off + 0x20
        for _ in range(r.randrange(1, 4)):
            key = HIVE_NAMES[r.randrange(len(HIVE_NAMES))].encode()
            rec = (b"nk" + struct.pack("<HQIII", 0x20, 132000000000000000, 0, r.randrange(0x1000, 0x200000) & ~7, 0)
                   + struct.pack("<H", len(key)) + key)
            n = (len(rec) + 4 + 7) & ~7
            if pos + n > off + 0x1000:
                break
            struct.pack_into("<i", b, pos, -n)
            b[pos + 4:pos + 4 + len(rec)] = rec
            pos += n
    return bytes(b)


def manifest_xml(i):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
            '<assembly xmlns="urn:schemas-microsoft-com:asm.v3" manifestVersion="1.0">\r\n'
            '  <assemblyIdentity name="Microsoft-Windows-Component%d" version="10.0.19041.%d" '
            'processorArchitecture="amd64" language="neutral" publicKeyToken="31bf3856ad364e35" />\r\n'
            '%s</assembly>\r\n' % (i, 1000 + i, "  <file name=\"c%d.dll\" />\r\n" % i * (i % 7))).encode()


LICENSE = ("MIT License\r\n\r\nCopyright (c) 2021 Example Corp.\r\n\r\n"
           "Permission is hereby granted, free of charge, to any person obtaining a copy "
           "of this software, to deal in the Software without restriction.\r\n").encode()
ZONE_ID = b"[ZoneTransfer]\r\nZoneId=3\r\nReferrerUrl=https://example.com/downloads/\r\nHostUrl=https://example.com/downloads/setup.exe\r\n"
HOSTS = (b"# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n# This is a sample HOSTS file used by Microsoft TCP/IP for Windows.\r\n"
         b"#\r\n# localhost name resolution is handled within DNS itself.\r\n#\t127.0.0.1       localhost\r\n#\t::1             localhost\r\n")
README = ("Public documents / Öffentliche Dokumente / Документы / 公共文档 / 📄\n"
          "This file is UTF-8 without a BOM. It has a named stream ':summary', an empty stream ':empty' and an object ID.\n").encode()
UTF16 = "\ufeffUTF-16LE text with a BOM.\r\nΑλφα βήτα — ñandú — 日本語 — 😀 (surrogate pair)\r\n".encode("utf-16le")
DESKTOP_INI = "\ufeff[.ShellClassInfo]\r\nLocalizedResourceName=@%SystemRoot%\\system32\\shell32.dll,-21813\r\n".encode("utf-16le")

# path -> spec.  Every directory on the way is created; kinds:
#   ("dir",)  ("file", bytes)  ("sparse", hole, tail)
BIG_SIZE = 2_200_000               # > 2 MiB: two chunks at 2 MiB, 538 at 4 KiB (last one partial)
LOG_SIZE = 120_000
ZEROS_SIZE = 307_200


def tree():
    t = {}
    d = lambda p: t.__setitem__(p, ("dir",))
    f = lambda p, data: t.__setitem__(p, ("file", data))
    for p in ["Windows", "Windows/System32", "Windows/System32/drivers", "Windows/System32/drivers/etc",
              "Windows/System32/config", "Windows/SysWOW64", "Windows/Temp", "Windows/Logs", "Windows/Logs/CBS",
              "Windows/WinSxS", "Windows/WinSxS/Manifests", "Windows/WinSxS/amd64_microsoft-windows-shared_31bf3856ad364e35_10.0.19041.1_none_0123456789abcdef",
              "Windows/Installer", "Windows/Fonts",
              "Program Files", "Program Files/App", "Program Files/App/plugins", "Program Files (x86)", "ProgramData",
              "Users", "Users/Public", "Users/Public/Documents", "Users/Public/Pictures", "Users/Public/Downloads",
              "Users/Default", "Users/Default/AppData", "Users/Default/AppData/Local",
              "Users/Default/AppData/Local/Microsoft", "Users/Default/AppData/Local/Microsoft/WindowsApps",
              "Links", "Odd", "Odd/names", "Odd/times", "Odd/dup", "Odd/streams", "Odd/attrs"]:
        d(p)
    f("Windows/System32/drivers/etc/hosts", HOSTS)
    f("Windows/System32/config/SYSTEM", regf("SYSTEM", 16384, 1))
    f("Windows/System32/config/SOFTWARE", regf("SOFTWARE", 24576, 2))
    f("Windows/System32/config/SAM", regf("SAM", 8192, 3))
    f("Windows/System32/config/SOFTWARE.LOG1", b"\0" * ZEROS_SIZE)
    f("Windows/System32/notepad.exe", fake_pe(x86_code(8192)[::-1]))       # 2 names (Windows/notepad.exe)
    f("Windows/WinSxS/amd64_microsoft-windows-shared_31bf3856ad364e35_10.0.19041.1_none_0123456789abcdef/shared.dll",
      fake_pe(prng_bytes(7, 3000) + b"\0" * 1000))                           # 3 names
    f("Windows/Logs/CBS/CBS.log", cbs_log(LOG_SIZE))
    f("Windows/System32/config/COMPONENTS", regf("COMPONENTS", BIG_SIZE, 5))
    f("Windows/WIN.INI", b"; for 16-bit app support\r\n[fonts]\r\n[extensions]\r\n[mci extensions]\r\n[files]\r\n[Mail]\r\nMAPI=1\r\n")
    f("Windows/Fonts/desktop.ini", DESKTOP_INI)
    f("Windows/Installer/setup-log.txt", b"MSI (s) (A4:B8) [08:00:00:000]: Product: Example -- Installation completed successfully.\r\n" * 300)
    for i in range(2000):
        data = manifest_xml(i % 64) if i % 97 else b""
        f("Windows/WinSxS/Manifests/pkg_%04d.manifest" % i, data)
    f("Program Files/App/app.exe", fake_pe(x86_code(32768)))
    f("Program Files/App/license.txt", LICENSE)
    f("Program Files/App/plugins/alpha.dll", fake_pe(prng_bytes(11, 512)))
    f("Program Files/App/plugins/beta.dll", fake_pe(prng_bytes(12, 512)))
    f("ProgramData/config.json", b'{"telemetry": false, "channel": "stable"}\n')
    f("Users/Public/desktop.ini", DESKTOP_INI)
    f("Users/Public/Documents/readme.txt", README)
    f("Users/Public/Documents/utf16le.txt", UTF16)
    f("Users/Public/Documents/empty.txt", b"")
    f("Users/Public/Documents/license-copy.txt", LICENSE)
    f("Users/Public/Documents/A long document name for short names.txt", b"has the DOS name ALONGD~1.TXT\r\n")
    f("Users/Public/Documents/old-notes.txt", b"deleted in the Edited image\r\n")
    f("Users/Public/Documents/report-draft.txt", b"renamed to report-final.txt in the Edited image\r\n")
    f("Users/Public/Documents/move-me.txt", b"moved to Users/Public/Pictures in the Edited image\r\n")
    f("Users/Public/Pictures/logo.png", png(16, 16))
    f("Users/Public/Downloads/setup.exe", fake_pe(prng_bytes(13, 1024)))
    f("Users/Default/NTUSER.DAT", regf("NTUSER.DAT", 16384, 4))
    f("Users/Default/AppData/Local/Microsoft/WindowsApps/winget.exe", b"")
    f("Links/hosts-symlink", b"")
    f("Links/readme-relative-symlink", b"")
    d("Links/System32-dir-symlink")
    d("Links/junction-to-Windows")
    d("Links/volume-mount-point")
    d("Documents and Settings")
    d("Users/All Users")
    f("Odd/reparse-with-data.bin", b"file data that sits beside a third-party reparse point\r\n")
    # odd and hostile names
    for n in ["file-😀.txt", "📁 folder 🎉", "Cafe\u0301.txt", "Café.txt", "שלום.txt", "مرحبا.txt",
              "invoice\u202etxt.exe", "<img src=x onerror=alert(1)>", "\"quotes\" & 'apostrophes'.txt",
              "name with  spaces.txt", " leading space.txt", "trailing space ", "trailing dot.", "...",
              "back\\slash.txt", "CON", "aux.txt", "Readme.TXT", "README.txt", "%2e%2e%2fetc%2fpasswd",
              "semi;colon=equals+plus,comma[brackets]{braces}#hash@at$dollar!bang~tilde`tick^caret.txt",
              "L" * 251 + ".txt", "ﾊﾝｶｸ全角ＡＢＣ.txt", "Ω≈ç√∫˜µ≤≥÷.txt", "zero\u200bwidth\u200djoiner.txt"]:
        if n == "📁 folder 🎉":
            d("Odd/names/" + n)
            f("Odd/names/" + n + "/inside.txt", b"inside an emoji folder\r\n")
        else:
            f("Odd/names/" + n, n.encode("utf-8") + b"\r\n")
    p = "Odd/deep"
    d(p)
    for i in range(1, 21):
        p += "/level%02d" % i
        d(p)
    f(p + "/bottom.txt", b"20 levels down\r\n")
    for n in SPECIAL_TIMES:
        f(n, n.encode() + b"\r\n")
    f("Odd/dup/license.txt", LICENSE)
    f("Odd/dup/zone-copy.txt", ZONE_ID)   # same bytes as the Zone.Identifier streams
    f("Odd/streams/many-streams.txt", b"unnamed stream\r\n")
    f("Odd/attrs/readonly.txt", b"readonly\r\n")
    f("Odd/attrs/hidden-system.txt", b"hidden+system\r\n")
    f("Odd/attrs/all-settable.txt", b"readonly hidden system archive temporary offline not-content-indexed\r\n")
    f("Odd/attrs/normal.txt", b"no attributes at all (FILE_ATTRIBUTE_NORMAL)\r\n")
    d("Odd/attrs/compressed-dir")
    f("Odd/attrs/compressed-dir/compressed.txt", b"transparently compressed by NTFS\r\n" * 200)
    t["Odd/attrs/sparse.bin"] = ("sparse", 65536, b"data after a 64 KiB hole\r\n")
    return t


STREAMS = {
    "Program Files/App/app.exe": {"Zone.Identifier": ZONE_ID},
    "Users/Public/Downloads/setup.exe": {"Zone.Identifier": ZONE_ID},
    "Users/Public/Documents/readme.txt": {"summary": b"Summary stream: original text\r\n", "empty": b""},
    "Users/Public": {"dirstream": b"a named stream on a directory\r\n"},
    "Odd/streams/many-streams.txt": {
        "one": b"1", "two": b"22", "three": b"333", "stream with spaces": b"spaces\r\n",
        "😀emoji": "emoji stream name 😀".encode(), "big": cbs_log(40_000), "Zone.Identifier": ZONE_ID},
    "Users/Default/NTUSER.DAT": {"$Kernel.Purge": b"\0" * 64},
}

HARDLINKS = [  # (existing, new name)
    ("Windows/System32/notepad.exe", "Windows/notepad.exe"),
    ("Windows/WinSxS/amd64_microsoft-windows-shared_31bf3856ad364e35_10.0.19041.1_none_0123456789abcdef/shared.dll",
     "Windows/System32/shared.dll"),
    ("Windows/WinSxS/amd64_microsoft-windows-shared_31bf3856ad364e35_10.0.19041.1_none_0123456789abcdef/shared.dll",
     "Windows/SysWOW64/shared.dll"),
    ("Program Files/App/license.txt", "Odd/dup/license-hardlink.txt"),
]

LN_SYMLINKS = {  # created with symlink(2): ntfs-3g special_files=wsl -> IO_REPARSE_TAG_LX_SYMLINK
    "Links/ln-s-relative": "../Windows/System32/drivers/etc/hosts",
    "Links/ln-s-absolute": "/Windows/System32",
    "Links/ln-s-dangling": "does/not/exist",
}

VOLUME_GUID = "{3f1c2a5e-7b9d-4e60-a1f2-0c9e8d7b6a54}"
REPARSE = {
    "Links/hosts-symlink": rp_symlink(r"\??\C:\Windows\System32\drivers\etc\hosts", r"C:\Windows\System32\drivers\etc\hosts", False),
    "Links/readme-relative-symlink": rp_symlink(r"..\Users\Public\Documents\readme.txt", r"..\Users\Public\Documents\readme.txt", True),
    "Links/System32-dir-symlink": rp_symlink(r"\??\C:\Windows\System32", r"C:\Windows\System32", False),
    "Links/junction-to-Windows": rp_mount_point(r"\??\C:\Windows", r"C:\Windows"),
    "Links/volume-mount-point": rp_mount_point("\\??\\Volume" + VOLUME_GUID + "\\", ""),
    "Documents and Settings": rp_mount_point(r"\??\C:\Users", r"C:\Users"),
    "Users/All Users": rp_mount_point(r"\??\C:\ProgramData", r"C:\ProgramData"),
    "Users/Default/AppData/Local/Microsoft/WindowsApps/winget.exe": rp_appexeclink(
        "Microsoft.DesktopAppInstaller_8wekyb3d8bbwe", "Microsoft.DesktopAppInstaller_8wekyb3d8bbwe!winget",
        r"C:\Program Files\WindowsApps\Microsoft.DesktopAppInstaller_1.21.3482.0_x64__8wekyb3d8bbwe\winget.exe"),
    "Odd/reparse-with-data.bin": rp_third_party(0x00001234, bytes.fromhex("00112233445566778899aabbccddeeff"),
                                                b"third-party reparse payload"),
}

ACLS = {
    "": "root",
    "Windows": "ti_dir", "Windows/System32": "ti_dir", "Windows/System32/drivers": "ti_dir",
    "Windows/System32/drivers/etc": "ti_dir", "Windows/SysWOW64": "ti_dir", "Windows/WinSxS": "ti_dir",
    "Windows/System32/notepad.exe": "ti_file", "Windows/System32/drivers/etc/hosts": "inherited",
    "Windows/WinSxS/amd64_microsoft-windows-shared_31bf3856ad364e35_10.0.19041.1_none_0123456789abcdef/shared.dll": "ti_file",
    "Windows/System32/config": "sacl", "Windows/System32/config/SAM": "sacl",
    "Windows/System32/config/SYSTEM": "inherited", "Windows/System32/config/SOFTWARE": "inherited",
    "Windows/Temp": "empty_dacl",
    "Program Files": "ti_dir", "Program Files (x86)": "ti_dir",
    "Program Files/App/app.exe": "deny", "Program Files/App/license.txt": "inherited",
    "Users": "users", "Users/Public": "users", "Users/Default": "users",
    "Users/Public/Documents/readme.txt": "inherited", "Users/Public/Documents/utf16le.txt": "inherited",
    "Users/Public/Documents/empty.txt": "inherited",
    "Users/Default/NTUSER.DAT": "object",
    "Odd/attrs/readonly.txt": "no_dacl",
    "Links/junction-to-Windows": "inherited", "Documents and Settings": "sacl",
}

DOS_NAMES = {
    "Program Files": "PROGRA~1", "Program Files (x86)": "PROGRA~2", "ProgramData": "PROGRA~3",
    "Documents and Settings": "DOCUME~1",
    "Users/Public/Documents/A long document name for short names.txt": "ALONGD~1.TXT",
    "Users/Public/Documents/readme.txt": "README.TXT",   # same as the long name up to case
    "Windows/WIN.INI": "WIN.INI",                        # long name is itself 8.3
    "Windows/System32/config/SOFTWARE.LOG1": "SOFTWA~1.LOG",
    "Users/Default/NTUSER.DAT": "NTUSER.DAT",
    "Odd/names/Café.txt": "CAF~1.TXT",
}

A_RO, A_HID, A_SYS, A_DIR, A_ARC, A_NORMAL, A_TMP, A_OFFLINE, A_NCI = 1, 2, 4, 0x10, 0x20, 0x80, 0x100, 0x1000, 0x2000
ATTRS = {  # set after all content is written
    "ProgramData": A_HID | A_DIR | A_NCI,
    "Users/Default": A_HID | A_DIR,
    "Users/Default/AppData": A_HID | A_DIR,
    "Users/Public/desktop.ini": A_HID | A_SYS | A_ARC,
    "Windows/Fonts/desktop.ini": A_HID | A_SYS | A_ARC,
    "Users/Default/NTUSER.DAT": A_HID | A_ARC | A_NCI,
    "Windows/System32/config/SAM": A_ARC | A_NCI | A_SYS,
    "Odd/attrs/readonly.txt": A_RO | A_ARC,
    "Odd/attrs/hidden-system.txt": A_HID | A_SYS,
    "Odd/attrs/all-settable.txt": A_RO | A_HID | A_SYS | A_ARC | A_TMP | A_OFFLINE | A_NCI,
    "Odd/attrs/normal.txt": A_NORMAL,
    "Documents and Settings": A_HID | A_SYS | A_DIR | 0x400,
    "Users/All Users": A_HID | A_SYS | A_DIR | 0x400,
}
COMPRESSED_DIRS = ["Odd/attrs/compressed-dir", "Windows/Installer"]  # marked before their files are written
OBJECT_IDS = {
    "Users/Public/Documents/readme.txt": bytes.fromhex("6c1a4e3f2b9d11ebb0e5000c29a1b2c3") +
    bytes.fromhex("9b8a7c6d5e4f40318273645546372819") + bytes.fromhex("6c1a4e3f2b9d11ebb0e5000c29a1b2c3") + bytes(16),
    "Windows/System32/drivers/etc/hosts": bytes.fromhex("00112233445566778899aabbccddeeff") + bytes(48),
}


def sx(path, name, value):
    try:
        os.setxattr(path, name, value, follow_symlinks=False)
    except OSError as e:
        raise SystemExit("setxattr %s on %r failed: %s" % (name, path, e))


_libc = None


def gx(path, name):
    """lgetxattr, asking for the size first: ntfs-3g answers a too-small buffer
    with EIO rather than ERANGE, which defeats os.getxattr's 128-byte first try."""
    global _libc
    import ctypes
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
        _libc.lgetxattr.restype = ctypes.c_ssize_t
        _libc.lgetxattr.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_size_t]
    p, n = os.fsencode(path), name.encode()
    size = _libc.lgetxattr(p, n, None, 0)
    if size < 0:
        return None
    buf = ctypes.create_string_buffer(size + 1)
    got = _libc.lgetxattr(p, n, buf, size + 1)
    if got < 0:
        raise OSError(ctypes.get_errno(), "lgetxattr %s %r" % (name, path))
    return buf.raw[:got]


def set_times(mnt, rel, c, w, a):
    sx(os.path.join(mnt, rel), "system.ntfs_times", struct.pack("<4Q", c, w, a, w))


def populate(mnt):
    t = tree()
    for rel in COMPRESSED_DIRS:
        os.makedirs(os.path.join(mnt, rel), exist_ok=True)
        sx(os.path.join(mnt, rel), "system.ntfs_attrib", struct.pack("<I", 0x810))
    for rel, spec in sorted(t.items()):
        path = os.path.join(mnt, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if spec[0] == "dir":
            os.makedirs(path, exist_ok=True)
        elif spec[0] == "file":
            with open(path, "wb") as fh:
                fh.write(spec[1])
        elif spec[0] == "sparse":
            with open(path, "wb") as fh:
                fh.seek(spec[1])
                fh.write(spec[2])
    for rel, streams in STREAMS.items():
        for name, data in streams.items():
            with open(os.path.join(mnt, rel) + ":" + name, "wb") as fh:
                fh.write(data)
    for old, new in HARDLINKS:
        os.link(os.path.join(mnt, old), os.path.join(mnt, new))
    for rel, target in LN_SYMLINKS.items():
        os.symlink(target, os.path.join(mnt, rel))
    for rel, buf in REPARSE.items():
        sx(os.path.join(mnt, rel), "system.ntfs_reparse_data", buf)
    for rel, oid in OBJECT_IDS.items():
        sx(os.path.join(mnt, rel), "system.ntfs_object_id", oid)
    for rel, name in ACLS.items():
        sx(os.path.join(mnt, rel) if rel else mnt, "system.ntfs_acl", SD[name])
    for rel, dos in DOS_NAMES.items():
        sx(os.path.join(mnt, rel), "system.ntfs_dos_name", dos.encode())
    for rel, attr in ATTRS.items():
        path = os.path.join(mnt, rel)
        cur = struct.unpack("<I", gx(path, "system.ntfs_attrib"))[0]
        keep = cur & (0x400 | 0x800 | 0x200)  # reparse, compressed, sparse are not ours to set
        sx(path, "system.ntfs_attrib", struct.pack("<I", attr | keep))
    stamp_all(mnt)


def all_paths(mnt):
    out = [""]
    for root, dirs, files in os.walk(mnt):
        dirs.sort()
        for n in sorted(dirs + files):
            out.append(os.path.relpath(os.path.join(root, n), mnt))
    return sorted(set(out))


def stamp_all(mnt):
    seen = set()
    for i, rel in enumerate(all_paths(mnt)):
        path = os.path.join(mnt, rel) if rel else mnt
        ino = os.lstat(path).st_ino
        if ino in seen:
            continue
        seen.add(ino)
        c, w, a = SPECIAL_TIMES.get(rel) or times_for(i)
        set_times(mnt, rel, c, w, a)


# ---------------------------------------------------------------- edit for image 2
EDITS = [
    ("delete", "Users/Public/Documents/old-notes.txt", None),
    ("delete", "Program Files/App/plugins", None),          # directory with 2 files
    ("modify", "Windows/System32/drivers/etc/hosts", None),  # content changed
    ("rename", "Users/Public/Documents/report-draft.txt", "Users/Public/Documents/report-final.txt"),
    ("move", "Users/Public/Documents/move-me.txt", "Users/Public/Pictures/move-me.txt"),
    ("acl", "Program Files/App/app.exe", None),             # security descriptor deny -> edited
    ("stream", "Users/Public/Documents/readme.txt", "summary"),  # named stream content changed
    ("add", "Users/Public/Documents/new-file.txt", None),
    ("add", "Program Files/NewApp", None),                  # new folder ...
    ("add", "Program Files/NewApp/newapp.exe", None),       # ... with two files
    ("add", "Program Files/NewApp/config.ini", None),
]
HOSTS_EDITED = HOSTS + b"127.0.0.1       wimlens.test\r\n"
SUMMARY_EDITED = b"Summary stream: EDITED text, longer than before\r\n"


def edit(mnt):
    P = lambda rel: os.path.join(mnt, rel)
    times = lambda rel: struct.unpack("<4Q", gx(P(rel), "system.ntfs_times"))
    parents = ["Users/Public/Documents", "Users/Public/Pictures", "Program Files", "Program Files/App"]
    saved = {rel: times(rel) for rel in parents + ["Users/Public/Documents/report-draft.txt",
                                                   "Users/Public/Documents/move-me.txt",
                                                   "Program Files/App/app.exe",
                                                   "Users/Public/Documents/readme.txt",
                                                   "Windows/System32/drivers/etc/hosts"]}
    # additions first, so that new files never reuse a deleted file's MFT record
    with open(P("Users/Public/Documents/new-file.txt"), "wb") as fh:
        fh.write(b"added in the Edited image\r\n")
    os.mkdir(P("Program Files/NewApp"))
    with open(P("Program Files/NewApp/newapp.exe"), "wb") as fh:
        fh.write(fake_pe(x86_code(4096)))
    with open(P("Program Files/NewApp/config.ini"), "wb") as fh:
        fh.write(b"[NewApp]\r\nEnabled=1\r\n")
    os.unlink(P("Users/Public/Documents/old-notes.txt"))
    for n in os.listdir(P("Program Files/App/plugins")):
        os.unlink(P("Program Files/App/plugins/" + n))
    os.rmdir(P("Program Files/App/plugins"))
    with open(P("Windows/System32/drivers/etc/hosts"), "wb") as fh:
        fh.write(HOSTS_EDITED)
    os.rename(P("Users/Public/Documents/report-draft.txt"), P("Users/Public/Documents/report-final.txt"))
    os.rename(P("Users/Public/Documents/move-me.txt"), P("Users/Public/Pictures/move-me.txt"))
    sx(P("Program Files/App/app.exe"), "system.ntfs_acl", SD["edited"])
    with open(P("Users/Public/Documents/readme.txt:summary"), "wb") as fh:
        fh.write(SUMMARY_EDITED)
    # timestamps: unchanged things keep theirs; changed content gets T_EDIT
    e = ft(T_EDIT)
    for rel in parents:
        c, w, a, _ = saved[rel]
        set_times(mnt, rel, c, w, a)
    for old, new in [("Users/Public/Documents/report-draft.txt", "Users/Public/Documents/report-final.txt"),
                     ("Users/Public/Documents/move-me.txt", "Users/Public/Pictures/move-me.txt"),
                     ("Program Files/App/app.exe", "Program Files/App/app.exe")]:
        c, w, a, _ = saved[old]
        set_times(mnt, new, c, w, a)
    for rel in ["Windows/System32/drivers/etc/hosts", "Users/Public/Documents/readme.txt"]:
        c, w, a, _ = saved[rel]
        set_times(mnt, rel, c, e, e)
    for k, rel in enumerate(["Users/Public/Documents/new-file.txt", "Program Files/NewApp",
                             "Program Files/NewApp/newapp.exe", "Program Files/NewApp/config.ini"]):
        set_times(mnt, rel, e + k, e + k, e + k)


# ---------------------------------------------------------------- manifests
def sha1(b):
    return hashlib.sha1(b).hexdigest()


def wim_path(rel):
    return "/" + rel if rel else "/"


def read_file(path):
    with open(path, "rb") as fh:
        return fh.read()


def decode_reparse(rp):
    tag, length = struct.unpack_from("<IH", rp)
    d = rp[8:]
    u16 = lambda off, n: d[off:off + n].decode("utf-16le")
    if tag == TAG_MOUNT_POINT:
        so, sl, po, pl = struct.unpack_from("<4H", d)
        return {"kind": "mount_point", "substitute_name": u16(8 + so, sl), "print_name": u16(8 + po, pl)}
    if tag == TAG_SYMLINK:
        so, sl, po, pl, fl = struct.unpack_from("<4HI", d)
        return {"kind": "symlink", "substitute_name": u16(12 + so, sl), "print_name": u16(12 + po, pl),
                "relative": bool(fl & 1)}
    if tag == 0xA000001D:
        return {"kind": "lx_symlink", "target": d[4:].decode("utf-8")}
    if tag == TAG_APPEXECLINK:
        return {"kind": "app_exec_link", "strings": d[4:].decode("utf-16le").split("\0")[:-1]}
    if not tag & 0x80000000:
        return {"kind": "third_party", "guid": d[:16].hex(), "payload_hex": d[16:].hex()}
    return {"kind": "other"}


def ntfs_manifest(mnt, name, out):
    entries, sds, sd_index, inodes = [], [], {}, {}
    for rel in all_paths(mnt):
        path = os.path.join(mnt, rel) if rel else mnt
        st = os.lstat(path)
        attrib = struct.unpack("<I", gx(path, "system.ntfs_attrib"))[0]
        c, w, a, _ = struct.unpack("<4Q", gx(path, "system.ntfs_times"))
        raw_sd = gx(path, "system.ntfs_acl")
        if raw_sd not in sd_index:
            sd_index[raw_sd] = len(sds)
            names = [k for k, v in SD.items() if v == raw_sd]
            sds.append({"name": names[0] if names else "ntfs-3g default", "size": len(raw_sd),
                        "sha1": sha1(raw_sd), "sddl": sddl(raw_sd), "hex": raw_sd.hex()})
        e = {"path": wim_path(rel), "ino": st.st_ino,
             "type": "dir" if attrib & A_DIR else "file",
             "attributes": "0x%08x" % attrib,
             "creation_time": c, "last_write_time": w, "last_access_time": a,
             "security_descriptor": sd_index[raw_sd]}
        dos = gx(path, "system.ntfs_dos_name")
        if dos:
            e["short_name"] = dos.decode()
        oid = gx(path, "system.ntfs_object_id")
        if oid:
            e["object_id"] = oid.hex()
        rp = gx(path, "system.ntfs_reparse_data") if attrib & 0x400 else None
        if rp:
            tag, = struct.unpack_from("<I", rp)
            e["reparse"] = {"tag": "0x%08x" % tag, "data_size": len(rp) - 8, "data_sha1": sha1(rp[8:])}
            e["reparse"].update(decode_reparse(rp))
            e["reparse"]["hex"] = rp.hex()
        if e["type"] == "file" and not stat.S_ISLNK(st.st_mode):
            # reparse points ntfs-3g shows as symlinks get size/sha1 later from
            # ntfscat (reparse-data); wimlib's dir does not print this stream
            data = read_file(path)
            e["size"], e["sha1"] = len(data), sha1(data)
        names = gx(path, "ntfs.streams.list")
        if names:
            e["streams"] = []
            for sname in sorted(names.decode().split("\0")):
                data = read_file(path + ":" + sname)
                e["streams"].append({"name": sname, "size": len(data), "sha1": sha1(data)})
        inodes.setdefault(st.st_ino, []).append(e["path"])
        entries.append(e)
    for e in entries:
        e["links"] = len(inodes[e["ino"]])
    groups = sorted(sorted(v) for v in inodes.values() if len(v) > 1)
    doc = {"name": name, "kind": "ntfs",
           "note": "Read from the ntfs-3g mount (ro, streams_interface=windows) just before capture. "
                   "Times are FILETIMEs (100 ns since 1601, UTC). reparse.hex is the whole reparse buffer "
                   "(tag, length, reserved, data); WIM stores data only, so reparse.data_sha1 is the hash "
                   "'dir --detailed' shows for the reparse point stream. size/sha1 of a file are its unnamed stream; "
                   "for reparse points (read with ntfscat) wimlib stores that stream too but 'dir' does not print it. "
                   "short_name is what ntfs-3g reports (upper case even when the volume holds one Win32+DOS name). "
                   "security_descriptor indexes security_descriptors.",
           "entry_count": len(entries), "security_descriptors": sds,
           "hardlink_groups": groups, "entries": entries}
    write_json(doc, out)


def write_json(doc, out):
    """JSON with one array element per line (small diffs, greppable after zcat)."""
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("{\n")
        items = list(doc.items())
        for k, (key, val) in enumerate(items):
            fh.write(" %s: " % json.dumps(key))
            if isinstance(val, list) and val and isinstance(val[0], (dict, list)):
                fh.write("[\n" + ",\n".join("  " + json.dumps(v, ensure_ascii=False, sort_keys=False) for v in val) + "\n ]")
            else:
                fh.write(json.dumps(val, ensure_ascii=False))
            fh.write(",\n" if k + 1 < len(items) else "\n")
        fh.write("}\n")


def reparse_data(img, manifest):
    """Add the unnamed stream of reparse-point files, which ntfs-3g shows as
    symlinks (so it cannot be read through the mount), read with ntfscat."""
    import subprocess
    doc = load(manifest)
    for e in doc["entries"]:
        if "reparse" in e and e["type"] == "file" and "sha1" not in e:
            data = subprocess.run(["ntfscat", img, e["path"]], capture_output=True, check=True).stdout
            e["size"], e["sha1"] = len(data), sha1(data)
    write_json(doc, manifest)


# ---------------------------------------------------------------- UNIX tree (--unix-data)
def posix_acl(entries):
    # system.posix_acl_access value: version 2, then (tag u16, perm u16, id u32)
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", t, p, i) for t, p, i in entries)


def unixtree(d):
    P = lambda rel: os.path.join(d, rel)
    os.makedirs(P("bin"))
    os.makedirs(P("etc"))
    os.makedirs(P("home/user"))
    os.makedirs(P("tmp"))
    os.makedirs(P("dev"))
    w = lambda rel, data, mode: (open(P(rel), "wb").write(data), os.chmod(P(rel), mode))
    w("bin/tool", fake_pe(x86_code(2048)), 0o755)
    w("bin/setuid-tool", b"#!/bin/sh\necho setuid\n", 0o4755)
    w("etc/config", b"key=value\n", 0o644)
    w("etc/secret", b"password=hunter2\n", 0o600)
    w("home/user/notes.txt", "notes — UTF-8 ✓\n".encode(), 0o640)
    w("home/user/empty", b"", 0o644)
    os.chown(P("home/user"), 1000, 1000)
    os.chown(P("home/user/notes.txt"), 1000, 1000)
    os.chown(P("home/user/empty"), 1000, 100)
    os.chmod(P("tmp"), 0o1777)
    os.link(P("etc/config"), P("etc/config.hardlink"))
    os.symlink("../etc/config", P("bin/config-link"))
    os.symlink("/etc/hostname", P("bin/absolute-link"))
    os.symlink("nowhere", P("bin/dangling-link"))
    os.mkfifo(P("dev/fifo"), 0o644)
    os.mknod(P("dev/null"), 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    os.mknod(P("dev/loop0"), 0o660 | stat.S_IFBLK, os.makedev(7, 0))
    s = socket.socket(socket.AF_UNIX)
    s.bind(P("dev/socket"))
    s.close()
    os.setxattr(P("home/user/notes.txt"), "user.comment", "a user xattr ✓".encode())
    os.setxattr(P("home/user/notes.txt"), "user.empty", b"")
    os.setxattr(P("etc/config"), "trusted.overlay.opaque", b"y")
    os.setxattr(P("etc/secret"), "system.posix_acl_access",
                posix_acl([(0x01, 6, 0xFFFFFFFF), (0x02, 4, 1000), (0x04, 0, 0xFFFFFFFF),
                           (0x10, 4, 0xFFFFFFFF), (0x20, 0, 0xFFFFFFFF)]))
    for i, rel in enumerate(sorted(all_paths(d), reverse=True)):
        ns = (T0 + 86400 * 30 + i * 17) * 10**9 + 123456789
        os.utime(P(rel) if rel else d, ns=(ns + 10**9, ns), follow_symlinks=False)


def plaintree(d):
    """Small tree for the 7-Zip-written WIM."""
    os.makedirs(os.path.join(d, "docs/sub"))
    open(os.path.join(d, "docs/readme.txt"), "wb").write(README)
    open(os.path.join(d, "docs/sub/license.txt"), "wb").write(LICENSE)
    open(os.path.join(d, "docs/sub/empty.txt"), "wb").close()
    open(os.path.join(d, "app.exe"), "wb").write(fake_pe(x86_code(16384)))
    open(os.path.join(d, "log.txt"), "wb").write(cbs_log(20_000))
    open(os.path.join(d, "Café ✓.txt"), "wb").write("non-ASCII name\n".encode())
    for i, rel in enumerate(sorted(all_paths(d), reverse=True)):
        ns = (T0 + 86400 * 60 + i * 17) * 10**9 + 500000000
        os.utime(os.path.join(d, rel) if rel else d, ns=(ns, ns), follow_symlinks=False)


def unix_manifest(d, name, out):
    entries, inodes = [], {}
    for rel in all_paths(d):
        path = os.path.join(d, rel) if rel else d
        st = os.lstat(path)
        e = {"path": wim_path(rel), "ino": st.st_ino, "mode": "0%o" % st.st_mode,
             "uid": st.st_uid, "gid": st.st_gid, "mtime_ns": st.st_mtime_ns, "atime_ns": st.st_atime_ns}
        if stat.S_ISREG(st.st_mode):
            data = read_file(path)
            e["size"], e["sha1"] = len(data), sha1(data)
        elif stat.S_ISLNK(st.st_mode):
            e["symlink"] = os.readlink(path)
        elif stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
            e["rdev"] = "0x%x" % st.st_rdev
        if not stat.S_ISLNK(st.st_mode):
            xa = {}
            for n in sorted(os.listxattr(path, follow_symlinks=False)):
                xa[n] = os.getxattr(path, n, follow_symlinks=False).hex()
            if xa:
                e["xattrs_hex"] = xa
        inodes.setdefault(st.st_ino, []).append(e["path"])
        entries.append(e)
    for e in entries:
        e["links"] = len(inodes[e["ino"]])
    doc = {"name": name, "kind": "unix", "entry_count": len(entries),
           "hardlink_groups": sorted(sorted(v) for v in inodes.values() if len(v) > 1),
           "entries": entries}
    write_json(doc, out)


# ---------------------------------------------------------------- diff of the two NTFS manifests
EXPECTED_CHANGES = [
    {"change": "added", "path": "/Program Files/NewApp"},
    {"change": "added", "path": "/Program Files/NewApp/config.ini"},
    {"change": "added", "path": "/Program Files/NewApp/newapp.exe"},
    {"change": "added", "path": "/Users/Public/Documents/new-file.txt"},
    {"change": "deleted", "path": "/Program Files/App/plugins"},
    {"change": "deleted", "path": "/Program Files/App/plugins/alpha.dll"},
    {"change": "deleted", "path": "/Program Files/App/plugins/beta.dll"},
    {"change": "deleted", "path": "/Users/Public/Documents/old-notes.txt"},
    {"change": "modified", "path": "/Program Files/App/app.exe", "fields": ["security_descriptor"]},
    {"change": "modified", "path": "/Users/Public/Documents/readme.txt",
     "fields": ["last_access_time", "last_write_time", "streams"]},
    {"change": "modified", "path": "/Windows/System32/drivers/etc/hosts",
     "fields": ["last_access_time", "last_write_time", "sha1", "size"]},
    {"change": "moved", "from": "/Users/Public/Documents/move-me.txt", "to": "/Users/Public/Pictures/move-me.txt"},
    {"change": "renamed", "from": "/Users/Public/Documents/report-draft.txt", "to": "/Users/Public/Documents/report-final.txt"},
]
COMPARED = ["type", "attributes", "creation_time", "last_write_time", "last_access_time", "security_descriptor",
            "short_name", "object_id", "reparse", "size", "sha1", "streams", "links"]


def load(path):
    import gzip
    with (gzip.open if path.endswith(".gz") else open)(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def diff(base_path, edited_path, out):
    A, B = load(base_path), load(edited_path)
    def norm(doc):
        m = {}
        for e in doc["entries"]:
            e = dict(e)
            e["security_descriptor"] = doc["security_descriptors"][e["security_descriptor"]]["hex"]
            m[e["path"]] = e
        return m
    a, b = norm(A), norm(B)
    changes = []
    only_a = sorted(set(a) - set(b))
    only_b = sorted(set(b) - set(a))
    by_ino_b = {b[p]["ino"]: p for p in only_b}
    for p in list(only_a):
        q = by_ino_b.get(a[p]["ino"])
        if q is not None and a[p]["type"] == "file":
            kind = "renamed" if os.path.dirname(p) == os.path.dirname(q) else "moved"
            fields = [k for k in COMPARED if a[p].get(k) != b[q].get(k)]
            ch = {"change": kind, "from": p, "to": q}
            if fields:
                ch["fields"] = fields
            changes.append(ch)
            only_a.remove(p)
            only_b.remove(q)
    changes += [{"change": "deleted", "path": p} for p in only_a]
    changes += [{"change": "added", "path": p} for p in only_b]
    for p in sorted(set(a) & set(b)):
        fields = [k for k in COMPARED if a[p].get(k) != b[p].get(k)]
        if fields:
            changes.append({"change": "modified", "path": p, "fields": sorted(fields)})
    changes.sort(key=lambda c: (c["change"], c.get("path", c.get("from"))))
    doc = {"base": A["name"], "edited": B["name"],
           "note": "Difference between the two NTFS volumes (image 1 'Base' and image 2 'Edited' of ntfs-two.wim). "
                   "Renames/moves are matched by NTFS file record number. Directory timestamps were restored after the edit, "
                   "so only the listed entries differ.",
           "changes": changes}
    write_json(doc, out)
    if changes != EXPECTED_CHANGES:
        json.dump(changes, sys.stderr, indent=1)
        raise SystemExit("edit diff differs from EXPECTED_CHANGES")


# ---------------------------------------------------------------- cross-check manifest vs wimlib dir --detailed
ZERO_HASH = "0" * 40
EMPTY_SHA1 = hashlib.sha1(b"").hexdigest()


def parse_dir_detailed(text):
    """Parse `wimlib-imagex dir --detailed` output into {path: entry}."""
    out = {}
    for block in text.split("-" * 76 + "\n")[1:]:
        e, streams, cur = {}, [], None
        for line in block.split("\n"):
            if not line.strip():
                continue
            if line.startswith("\t"):
                cur = {"kind": line.strip()}
                streams.append(cur)
                continue
            if "=" not in line:
                continue
            k, v = line.split("=", 1)
            k, v = k.strip(), v.strip() if not line.startswith("Full Path") and not line.startswith("Short Name") else v[1:]
            (cur if cur is not None else e)[k] = v
        e["streams"] = streams
        path = e["Full Path"]
        assert path.startswith('"') and path.endswith('"'), path
        e["Full Path"] = path[1:-1]
        if "Short Name" in e:
            e["Short Name"] = e["Short Name"][1:-1]
        out[e["Full Path"]] = e
    return out


def wimlib_time(filetime):
    import time
    t = filetime // 10**7 - EPOCH_DIFF
    return time.strftime("%a %b %d %H:%M:%S %Y UTC", time.gmtime(t))


def stream_hash(size, sha):
    return "0x" + (ZERO_HASH if size == 0 else sha)


def crosscheck(manifest_path, *dir_gzs):
    man = load(manifest_path)
    for dir_gz in dir_gzs:
        crosscheck_one(man, manifest_path, dir_gz)


def crosscheck_one(man, manifest_path, dir_gz):
    import gzip
    with gzip.open(dir_gz, "rt", encoding="utf-8") as fh:
        d = parse_dir_detailed(fh.read())
    errs = []
    mpaths = {e["path"] for e in man["entries"]}
    if set(d) != mpaths:
        errs.append("path sets differ: only in WIM %s, only on volume %s" %
                    (sorted(set(d) - mpaths)[:5], sorted(mpaths - set(d))[:5]))
    notes = []
    for m in man["entries"]:
        w = d.get(m["path"])
        if w is None:
            continue
        def chk(what, want, got):
            if want != got:
                errs.append("%s: %s: volume %r, WIM %r" % (m["path"], what, want, got))
        chk("attributes", m["attributes"], w["Attributes"])
        sdhex = man["security_descriptors"][m["security_descriptor"]]["hex"]
        chk("security descriptor", sdhex, w.get("Security Descriptor"))
        chk("creation", wimlib_time(m["creation_time"]), w["Creation Time"])
        chk("last write", wimlib_time(m["last_write_time"]), w["Last Write Time"])
        chk("last access", wimlib_time(m["last_access_time"]), w["Last Access Time"])
        if m.get("short_name", "") != w.get("Short Name", ""):
            notes.append("%s: short name on volume %r, in WIM %r" % (m["path"], m.get("short_name"), w.get("Short Name")))
        chk("link count", str(m["links"] if m["type"] == "file" else 1), w["Link Count"])
        if "object_id" in m:
            oid = m["object_id"]
            chk("object id", "0x" + oid[:32], w.get("Object ID"))
        streams = {s["kind"]: s for s in w["streams"]}
        if "reparse" in m:
            chk("reparse tag", "0x%x" % int(m["reparse"]["tag"], 16), w.get("Reparse Tag"))
            rs = streams.get("Reparse point stream:")
            chk("reparse stream hash", stream_hash(m["reparse"]["data_size"], m["reparse"]["data_sha1"]), rs and rs["Hash"])
            chk("reparse stream size", "%d bytes" % m["reparse"]["data_size"], rs and rs["Uncompressed size"])
        elif m["type"] == "file":
            us = streams.get("Unnamed data stream:")
            chk("data hash", stream_hash(m["size"], m["sha1"]), us and us["Hash"])
            chk("data size", "%d bytes" % m["size"], us and us["Uncompressed size"])
        for s in m.get("streams", []):
            ws = streams.get('Named data stream "%s":' % s["name"])
            chk("stream %s" % s["name"], stream_hash(s["size"], s["sha1"]), ws and ws["Hash"])
        named = sorted(k for k in streams if k.startswith("Named"))
        chk("named stream count", len(m.get("streams", [])), len(named))
    if errs:
        sys.stderr.write("\n".join(errs[:40]) + "\n")
        raise SystemExit("cross-check of %s against %s failed (%d differences)" % (manifest_path, dir_gz, len(errs)))
    print("cross-check %s vs %s: %d entries agree%s" % (os.path.basename(manifest_path), os.path.basename(dir_gz),
                                                     len(man["entries"]), "" if not notes else "; notes:"))
    for n in notes:
        print("  " + n)


# ---------------------------------------------------------------- vectors.json
def parse_kv(path):
    kv = {}
    for line in open(path, encoding="utf-8", errors="replace"):
        if ":" in line and "=" not in line.split(":")[0]:
            k, v = line.split(":", 1)
            kv.setdefault(k.strip(), v.strip())
        elif "=" in line:
            k, v = line.split("=", 1)
            kv.setdefault(k.strip(), v.strip())
    return kv


def index(outdir, tsv, out):
    vectors = []
    for line in open(tsv, encoding="utf-8"):
        name, files, source, extra, purpose = line.rstrip("\n").split("\t")
        files = files.split(",")
        extra = json.loads(extra)
        g = "golden/" + name
        info = parse_kv(os.path.join(outdir, g + ".info.txt"))
        hdr = parse_kv(os.path.join(outdir, g + ".header.txt"))
        blobs = open(os.path.join(outdir, g + ".blobs.txt"), encoding="utf-8").read()
        images = int(info["Image Count"])
        with open(os.path.join(outdir, files[0]), "rb") as fh:
            magic = fh.read(8)
        golden = {"info": g + ".info.txt", "xml": g + ".xml", "header": g + ".header.txt",
                  "blobs": g + ".blobs.txt", "verify": g + ".verify.txt",
                  "dir": {str(i): g + ".dir-%d.txt.gz" % i for i in range(1, images + 1)}}
        if len(files) > 1:
            golden["part_header"] = {f: "golden/%s.part%d.header.txt" % (name, k + 1) for k, f in enumerate(files)}
            golden["part_blobs"] = {f: "golden/%s.part%d.blobs.txt" % (name, k + 1) for k, f in enumerate(files)}
        for k in list(golden):
            paths = golden[k].values() if isinstance(golden[k], dict) else [golden[k]]
            for p in paths:
                assert os.path.exists(os.path.join(outdir, p)), p
        stderr = g + ".verify.stderr.txt"
        if os.path.exists(os.path.join(outdir, stderr)):
            golden["verify_stderr"] = stderr
        v = {"name": name, "files": files,
             "size": sum(os.path.getsize(os.path.join(outdir, f)) for f in files),
             "source": source,
             "compression": info["Compression"],
             "chunk_size": int(info["Chunk Size"].split()[0]),
             "solid": "WIM_RESHDR_FLAG_SOLID" in blobs,
             "pipable": magic == b"WLPWM\0\0\0",
             "split": len(files) > 1,
             "parts": len(files),
             "integrity": int(hdr["Integrity Size"]) != 0,
             "images": images,
             "boot_index": int(info["Boot Index"]),
             "wim_version": "0x%x" % int(info["Version"]),
             "header_flags": hdr["Flags"],
             "guid": info["GUID"]}
        v.update(extra)
        v["golden"] = golden
        v["purpose"] = purpose
        vectors.append(v)
    doc = {"note": "Written by testvectors/make.sh. Paths are relative to testvectors/. Golden files are the "
                   "stdout of wimlib-imagex 1.13.5 (LC_ALL=C.UTF-8, run inside testvectors/ so 'Path:' is the bare "
                   "file name); dir goldens are gzip'd; .xml is the raw UTF-16LE XML resource with BOM as "
                   "'info --xml' prints it; verify.txt keeps the carriage-return progress lines. "
                   "compression/chunk_size/images/boot_index/integrity come from wimlib's own info/header output.",
           "wimlib_version": open(os.path.join(outdir, "golden/wimlib-version.txt")).readline().strip(),
           "vectors": vectors}
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"populate": populate, "edit": edit, "ntfs-manifest": ntfs_manifest, "unixtree": unixtree,
     "unix-manifest": unix_manifest, "plaintree": plaintree, "diff": diff, "index": index,
     "crosscheck": crosscheck, "reparse-data": reparse_data}[cmd](*args)
PYTHON

MNT=$WORK/mnt
MOUNT_PID=
ntfs_mount() {  # IMAGE EXTRA_OPTIONS
    # no_detach keeps ntfs-3g in the foreground so that after umount we can
    # wait for it to finish writing the image before anything reads it.
    ntfs-3g -o "no_detach,streams_interface=windows,special_files=wsl,$2" "$1" "$MNT" >>"$LOG" 2>&1 &
    MOUNT_PID=$!
    MOUNT_PIDS+=("$MOUNT_PID")
    for _ in $(seq 200); do
        mountpoint -q "$MNT" && return 0
        kill -0 "$MOUNT_PID" 2>/dev/null || break
        sleep 0.05
    done
    echo "make.sh: ntfs-3g could not mount $1 (see log below)" >&2
    tail -5 "$LOG" >&2
    return 1
}
ntfs_umount() {
    umount "$MNT"
    wait "$MOUNT_PID"
}

# ---------------------------------------------------------------- NTFS volumes
step "NTFS volume: mkntfs + populate through ntfs-3g"
BASE=$WORK/ntfs-base.img
EDITED=$WORK/ntfs-edited.img
truncate -s 16M "$BASE"
mkntfs -F -f -q -s 512 -p 0 -H 1 -S 1 -L WIMLENS "$BASE" >>"$LOG" 2>&1
ntfs_mount "$BASE" noatime
$PY "$WORK/vt.py" populate "$MNT"
ntfs_umount
ntfs_mount "$BASE" ro
$PY "$WORK/vt.py" ntfs-manifest "$MNT" ntfs-base "$WORK/ntfs-base.json"
ntfs_umount
$PY "$WORK/vt.py" reparse-data "$BASE" "$WORK/ntfs-base.json"

step "NTFS volume: edited copy for image 2"
cp "$BASE" "$EDITED"
ntfs_mount "$EDITED" noatime
$PY "$WORK/vt.py" edit "$MNT"
ntfs_umount
ntfs_mount "$EDITED" ro
$PY "$WORK/vt.py" ntfs-manifest "$MNT" ntfs-edited "$WORK/ntfs-edited.json"
ntfs_umount
$PY "$WORK/vt.py" reparse-data "$EDITED" "$WORK/ntfs-edited.json"
$PY "$WORK/vt.py" diff "$WORK/ntfs-base.json" "$WORK/ntfs-edited.json" "$OUT/manifest/edit-changes.json"

step "plain directories for the UNIX-data and 7-Zip vectors"
mkdir "$WORK/unix-tree" "$WORK/plain-tree"
$PY "$WORK/vt.py" unixtree "$WORK/unix-tree"
$PY "$WORK/vt.py" unix-manifest "$WORK/unix-tree" unix-tree "$WORK/unix-tree.json"
$PY "$WORK/vt.py" plaintree "$WORK/plain-tree"
$PY "$WORK/vt.py" unix-manifest "$WORK/plain-tree" plain-tree "$WORK/plain-tree.json"
for m in ntfs-base ntfs-edited unix-tree plain-tree; do
    gzip -9n -c "$WORK/$m.json" > "$OUT/manifest/$m.json.gz"
done

# ---------------------------------------------------------------- captures
TSV=$WORK/vectors.tsv
: > "$TSV"
vector() {  # NAME FILES(comma-separated) SOURCE EXTRA_JSON PURPOSE
    printf '%s\t%s\t%s\t%s\t%s\n' "$@" >> "$TSV"
}
cap() {  # SOURCE WIMFILE IMAGE_NAME IMAGE_DESC [OPTIONS...]
    local src=$1 wim=$2 name=$3 desc=$4
    shift 4
    echo "+ wimlib-imagex capture $src $wim $name $* " >>"$LOG"
    wimlib-imagex capture "$src" "$OUT/$wim" "$name" "$desc" "$@" >>"$LOG" 2>&1
}
NAME="wimlens NTFS base"
DESC="Windows-shaped NTFS volume built by testvectors/make.sh"

step "capturing"
cap "$BASE" sample.wim "Windows 10 Pro" 'Sample image: <Windows> & "wimlens" – ✓'
wimlib-imagex info "$OUT/sample.wim" 1 \
    --image-property 'WINDOWS/ARCH=9' \
    --image-property 'WINDOWS/PRODUCTNAME=Microsoft® Windows® Operating System' \
    --image-property 'WINDOWS/EDITIONID=Professional' \
    --image-property 'WINDOWS/INSTALLATIONTYPE=Client' \
    --image-property 'WINDOWS/PRODUCTTYPE=WinNT' \
    --image-property 'WINDOWS/PRODUCTSUITE=Terminal Server' \
    --image-property 'WINDOWS/HAL=acpiapic' \
    --image-property 'WINDOWS/LANGUAGES/LANGUAGE=en-US' \
    --image-property 'WINDOWS/LANGUAGES/LANGUAGE[2]=de-DE' \
    --image-property 'WINDOWS/LANGUAGES/DEFAULT=en-US' \
    --image-property 'WINDOWS/VERSION/MAJOR=10' \
    --image-property 'WINDOWS/VERSION/MINOR=0' \
    --image-property 'WINDOWS/VERSION/BUILD=19041' \
    --image-property 'WINDOWS/VERSION/SPBUILD=1' \
    --image-property 'WINDOWS/VERSION/SPLEVEL=0' \
    --image-property 'WINDOWS/SYSTEMROOT=WINDOWS' \
    --image-property 'DISPLAYNAME=Windows 10 Pro' \
    --image-property 'DISPLAYDESCRIPTION=Windows 10 Pro (wimlens sample)' \
    --image-property 'FLAGS=Professional' >>"$LOG" 2>&1
vector sample sample.wim ntfs-base '{"capture":"LZX (default), 32 KiB chunks; Windows XML properties set with info --image-property"}' \
    "Small Windows-shaped sample the web app ships; LZX 32 KiB; realistic <WINDOWS> XML info; name/description need XML escaping"

cap "$BASE" ntfs-none.wim "$NAME" "$DESC" --compress=none
vector ntfs-none ntfs-none.wim ntfs-base '{"capture":"--compress=none"}' "Uncompressed resources (raw reads, no chunk tables)"
cap "$BASE" ntfs-xpress-4k.wim "$NAME" "$DESC" --compress=XPRESS --chunk-size=4K
vector ntfs-xpress-4k ntfs-xpress-4k.wim ntfs-base '{"capture":"--compress=XPRESS --chunk-size=4K"}' "XPRESS, smallest chunk size: many chunks per resource (COMPONENTS has 538)"
cap "$BASE" ntfs-xpress-64k.wim "$NAME" "$DESC" --compress=XPRESS --chunk-size=64K
vector ntfs-xpress-64k ntfs-xpress-64k.wim ntfs-base '{"capture":"--compress=XPRESS --chunk-size=64K"}' "XPRESS, largest chunk size wimlib allows for XPRESS"
cap "$BASE" ntfs-xpress-integrity.wim "$NAME" "$DESC" --compress=XPRESS --check
vector ntfs-xpress-integrity ntfs-xpress-integrity.wim ntfs-base '{"capture":"--compress=XPRESS --check"}' "XPRESS 32 KiB (DISM /compress:fast) with an integrity table"
cap "$BASE" ntfs-lzx-2m.wim "$NAME" "$DESC" --compress=LZX --chunk-size=2M
vector ntfs-lzx-2m ntfs-lzx-2m.wim ntfs-base '{"capture":"--compress=LZX --chunk-size=2M"}' "LZX with 2 MiB chunks: COMPONENTS (2,200,000 bytes) is a 2-chunk resource"
cap "$BASE" ntfs-lzms.wim "$NAME" "$DESC" --compress=LZMS
vector ntfs-lzms ntfs-lzms.wim ntfs-base '{"capture":"--compress=LZMS (not solid)"}' "LZMS in ordinary (non-solid) resources, default chunk size"
cap "$BASE" ntfs-lzms-2m.wim "$NAME" "$DESC" --compress=LZMS --chunk-size=2M
vector ntfs-lzms-2m ntfs-lzms-2m.wim ntfs-base '{"capture":"--compress=LZMS --chunk-size=2M"}' "LZMS non-solid with 2 MiB chunks"
cap "$BASE" ntfs-solid.esd "$NAME" "$DESC" --solid
vector ntfs-solid ntfs-solid.esd ntfs-base '{"capture":"--solid","solid_compression":"LZMS","solid_chunk_size":67108864}' \
    "ESD: solid LZMS resource (DISM /compress:recovery), 64 MiB solid chunk, one chunk"
cap "$BASE" ntfs-solid-1m.esd "$NAME" "$DESC" --solid --solid-chunk-size=1M
vector ntfs-solid-1m ntfs-solid-1m.esd ntfs-base '{"capture":"--solid --solid-chunk-size=1M","solid_compression":"LZMS","solid_chunk_size":1048576}' \
    "ESD whose solid LZMS resource spans several 1 MiB chunks"
cap "$BASE" ntfs-solid-lzx.wim "$NAME" "$DESC" --solid --solid-compress=LZX --solid-chunk-size=32K
vector ntfs-solid-lzx ntfs-solid-lzx.wim ntfs-base '{"capture":"--solid --solid-compress=LZX --solid-chunk-size=32K","solid_compression":"LZX","solid_chunk_size":32768}' \
    "Solid resource compressed with LZX (wimlib extension), many 32 KiB chunks"
cap "$BASE" ntfs-solid-xpress.wim "$NAME" "$DESC" --solid --solid-compress=XPRESS --solid-chunk-size=64K
vector ntfs-solid-xpress ntfs-solid-xpress.wim ntfs-base '{"capture":"--solid --solid-compress=XPRESS --solid-chunk-size=64K","solid_compression":"XPRESS","solid_chunk_size":65536}' \
    "Solid resource compressed with XPRESS (wimlib extension), 64 KiB chunks"
cap "$BASE" ntfs-pipable.wim "$NAME" "$DESC" --pipable
vector ntfs-pipable ntfs-pipable.wim ntfs-base '{"capture":"--pipable"}' "Pipable WIM (wimlib extension): WLPWM magic, stream headers before each resource"

step "split WIM"
size=$(stat -c %s "$OUT/sample.wim")
part_mb=$($PY -c "print('%.4f' % ($size / 4.0 / 1048576))")
wimlib-imagex split "$OUT/sample.wim" "$OUT/ntfs-split.swm" "$part_mb" >>"$LOG" 2>&1
SPLIT_PARTS=$(cd "$OUT" && ls ntfs-split*.swm | sort -V | paste -sd, -)
nparts=$(echo "$SPLIT_PARTS" | tr ',' '\n' | wc -l)
[ "$nparts" -ge 3 ] || { echo "make.sh: split made only $nparts parts" >&2; exit 1; }
vector ntfs-split "$SPLIT_PARTS" ntfs-base "{\"capture\":\"wimlib-imagex split sample.wim ntfs-split.swm $part_mb\"}" \
    "Split WIM (.swm parts) of sample.wim; open part 1 and reference the others (--ref)"

step "two-image WIM and the edited image alone"
cap "$BASE" ntfs-two.wim "Base" "$DESC"
echo "+ wimlib-imagex append $EDITED ntfs-two.wim Edited --boot" >>"$LOG"
wimlib-imagex append "$EDITED" "$OUT/ntfs-two.wim" "Edited" "Base with the edits listed in README.md" --boot >>"$LOG" 2>&1
vector ntfs-two ntfs-two.wim ntfs-base+ntfs-edited '{"capture":"capture Base (LZX) + append Edited --boot"}' \
    "Two images sharing blobs; image 2 is image 1 edited (see manifest/edit-changes.json); boot index 2"
cap "$EDITED" ntfs-edited-xpress.wim "Edited" "Base with the edits listed in README.md" --compress=XPRESS
vector ntfs-edited-xpress ntfs-edited-xpress.wim ntfs-edited '{"capture":"--compress=XPRESS"}' \
    "The Edited image alone, XPRESS, for diffs across WIM files of different compression"

step "UNIX-data and 7-Zip vectors"
cap "$WORK/unix-tree" unix-data.wim "UNIX tree" "Directory captured with --unix-data" --unix-data
vector unix-data unix-data.wim unix-tree '{"capture":"directory capture --unix-data"}' \
    "UNIX mode capture: wimlib's tagged UNIX data (uid/gid/mode/rdev, xattrs), symlinks as reparse points, device nodes, fifo, socket"
(cd "$WORK/plain-tree" && 7zz a -twim -bd -bb0 "$OUT/7zip.wim" -- * >>"$LOG" 2>&1)
vector 7zip 7zip.wim plain-tree '{"capture":"7zz a -twim"}' "WIM written by 7-Zip rather than wimlib"

# ---------------------------------------------------------------- golden files
step "golden files"
wimlib-imagex --version > "$OUT/golden/wimlib-version.txt"
golden() {  # NAME FILE [--ref=GLOB]
    local name=$1 file=$2 n i
    shift 2
    (
        cd "$OUT"
        wimlib-imagex info "$file" > "golden/$name.info.txt"
        wimlib-imagex info "$file" --xml > "golden/$name.xml"
        wimlib-imagex info "$file" --header > "golden/$name.header.txt"
        wimlib-imagex info "$file" --blobs > "golden/$name.blobs.txt" 2>>"$LOG"
        n=$(sed -n 's/^Image Count: *//p' "golden/$name.info.txt")
        for i in $(seq 1 "$n"); do
            wimlib-imagex dir "$file" "$i" --detailed "$@" | gzip -9n > "golden/$name.dir-$i.txt.gz"
        done
        wimlib-imagex verify "$file" "$@" > "golden/$name.verify.txt" 2> "golden/$name.verify.stderr.txt"
        # the integrity-check progress line names the WIM by absolute path: keep it relative
        sed -i "s|$OUT/||g" "golden/$name.verify.txt"
        [ -s "golden/$name.verify.stderr.txt" ] || rm "golden/$name.verify.stderr.txt"
    ) </dev/null
}
golden_vector() {  # NAME FILES
    local name=$1 files=$2 first=${2%%,*} k part
    if [ "$files" != "$first" ]; then
        golden "$name" "$first" "--ref=${first%.swm}*.swm"
        k=1
        for part in ${files//,/ }; do
            (cd "$OUT" && wimlib-imagex info "$part" --header > "golden/$name.part$k.header.txt" \
                && wimlib-imagex info "$part" --blobs > "golden/$name.part$k.blobs.txt" 2>>"$LOG") </dev/null
            k=$((k + 1))
        done
    else
        golden "$name" "$first"
    fi
}
# a few at a time: dir --detailed | gzip -9 and verify are CPU-bound
# (each job is a subshell with errexit; its status is collected by wait PID)
pids=()
while IFS=$'\t' read -r name files _; do
    golden_vector "$name" "$files" &
    pids+=($!)
    while [ "$(jobs -rp | wc -l)" -ge 3 ]; do sleep 0.1; done
done < "$TSV"
for p in "${pids[@]}"; do
    wait "$p" || { echo "make.sh: a golden command failed (see $LOG)" >&2; exit 1; }
done

# ---------------------------------------------------------------- checks
step "cross-checks"
# Every NTFS-based image must agree with the manifest of its volume.
$PY "$WORK/vt.py" crosscheck "$WORK/ntfs-base.json" "$OUT/golden/sample.dir-1.txt.gz" \
    "$OUT"/golden/ntfs-{none,xpress-4k,lzms,solid,solid-lzx,pipable,split,two}.dir-1.txt.gz \
    | tee -a "$LOG" | sed -n "1,2p" >&2
$PY "$WORK/vt.py" crosscheck "$WORK/ntfs-edited.json" "$OUT/golden/ntfs-two.dir-2.txt.gz" \
    "$OUT/golden/ntfs-edited-xpress.dir-1.txt.gz" >>"$LOG"
# 7-Zip must be able to list what it claims to support.
while IFS=$'\t' read -r name files _; do
    first=${files%%,*}
    if (cd "$OUT" && 7zz l -ba "$first" </dev/null >/dev/null 2>&1); then echo "$name" >> "$WORK/7zz-ok"; fi
done < "$TSV"
$PY - "$TSV" "$WORK/7zz-ok" <<'EOF'
import json, sys
ok = set(open(sys.argv[2]).read().split()) if __import__("os").path.exists(sys.argv[2]) else set()
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
with open(sys.argv[1], "w", encoding="utf-8") as fh:
    for r in rows:
        extra = json.loads(r[3]); extra["sevenzip_lists"] = r[0] in ok; r[3] = json.dumps(extra, ensure_ascii=False)
        fh.write("\t".join(r) + "\n")
EOF
$PY "$WORK/vt.py" index "$OUT" "$TSV" "$OUT/vectors.json"

if grep -q 'WARNING' "$LOG"; then
    step "wimlib/ntfs-3g warnings (see also the log)"
    grep 'WARNING' "$LOG" | sort | uniq -c >&2
fi

# ---------------------------------------------------------------- registry hives
# core/hive's vectors: SOFTWARE- and SYSTEM-like hives written by hivex from a
# minimal hive of our own, each with hivex's listing of it (hives.py says how).
step "registry hives (hivex)"
if ! $PY -c 'import hivex' 2>/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-hivex >/dev/null
fi
$PY "$HERE/hives.py" "$OUT/hives"

# ---------------------------------------------------------------- install
step "installing into $HERE"
rm -rf "$HERE/golden" "$HERE/manifest" "$HERE/hives"
rm -f "$HERE"/*.wim "$HERE"/*.esd "$HERE"/*.swm "$HERE/vectors.json"
cp -r "$OUT/golden" "$OUT/manifest" "$OUT/hives" "$HERE/"
cp "$OUT"/*.wim "$OUT"/*.esd "$OUT"/*.swm "$OUT/vectors.json" "$HERE/"
windows_files "$HERE/windows"
step "PE vectors"
pe_vectors
step "pe.wim"
pe_wim
step "windows-hostile.wim"
windows_hostile
step "Windows image vectors"
windows_image "$HERE/windows-image"
step "Windows compare vectors"
windows_diff "$HERE/windows-diff"
du -sh --apparent-size "$HERE" >&2
step "done"
