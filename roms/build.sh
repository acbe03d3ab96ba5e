#!/usr/bin/env bash
# roms/build.sh — build the wmemu test ROMs (Windows CE ARM PE files) from roms/src (C) and roms/asm (ARM asm).
#
#   bash roms/build.sh [OUT_DIR [BUILD_DIR]]      defaults: roms/bin  roms/build
#
# Output is byte-for-byte reproducible: no timestamps (lld /Brepro, elf2pe writes 0), no absolute
# paths (everything is compiled from the repository root with relative paths, no debug info).
# Needs clang-19, lld-link-19, ld.lld-19, llvm-dlltool-19 (Debian llvm-19 / clang-19 / lld-19) and node.
# See roms/README.md for the flags and why.
set -euo pipefail
cd "$(dirname "$0")/.."                      # repository root: keeps every path relative
ROOT=$PWD
OUT=${1:-roms/bin}
BUILD=${2:-roms/build}
mkdir -p "$OUT" "$BUILD"
OUT=$(cd "$OUT" && pwd); BUILD=$(cd "$BUILD" && pwd)
# Relative spellings for the compiler command lines (the object files never see them anyway).
rel() { realpath --relative-to="$ROOT" "$1"; }
B=$(rel "$BUILD")

LLVM_BIN=/usr/lib/llvm-19/bin
tool() { if command -v "$1-19" >/dev/null; then echo "$1-19"; elif [ -x "$LLVM_BIN/$1" ]; then echo "$LLVM_BIN/$1"; else echo "roms/build.sh: $1-19 not found" >&2; exit 1; fi; }
CC=$(tool clang); LINK=$(tool lld-link); ELFLD=$(tool ld.lld); DLLTOOL=$(tool llvm-dlltool); RC=$(tool llvm-rc)
export LC_ALL=C SOURCE_DATE_EPOCH=0
unset LIB LIBPATH INCLUDE                     # lld-link reads these; /lldignoreenv too

# ---- 1. import libraries from the export tables ------------------------------------------------
node roms/tools/gen-defs.mjs . "$B"
for d in coredll ws2 ws2_ord winsock winsock_ord; do
  "$DLLTOOL" -m arm -d "$B/$d.def" -l "$B/$d.lib"
done

# ---- 2. C ROMs (Thumb-2, ARMNT object format) --------------------------------------------------
CFLAGS=(--target=thumbv7-pc-windows-msvc -O2 -std=gnu11 -ffreestanding -fno-builtin -nostdlib -nostdinc
  -fno-stack-protector -fshort-wchar -fno-unwind-tables -fno-asynchronous-unwind-tables
  -mno-stack-arg-probe -fno-ident -Iroms/include -Wall -Wextra -Werror -Wno-unused-parameter)
LDFLAGS=(/machine:arm /subsystem:windows,5.02 /nodefaultlib /lldignoreenv /Brepro /base:0x10000
  /stack:0x10000,0x1000 /heap:0x100000,0x1000 /opt:ref /opt:noicf /guard:no /debug:none)

cc() { "$CC" "${CFLAGS[@]}" "$@"; }
cc -c roms/crt/exit.c -o "$B/exit.o"
cc -c roms/crt/winmain_startup.c -o "$B/winmain_startup.o"
cc -c roms/crt/wmain_startup.c -o "$B/wmain_startup.o"

# rc_res SRC: compiles roms/src/SRC.rc (if there is one) to $B/SRC.res and prints that name (for lld-link).
rc_res() {
  if [ -f "roms/src/$1.rc" ]; then "$RC" -no-preprocess -fo "$B/$1.res" "roms/src/$1.rc"; echo "$1.res"; fi
}

# c_rom NAME ENTRY STARTUP_OBJ [extra cflags/ldflags via env; ROM_SRC=other source name than NAME]
# roms/src/NAME.rc, when present, becomes the .rsrc section.
c_rom() {
  local name=$1 entry=$2 startup=$3; shift 3
  cc ${ROM_CFLAGS:-} -c "roms/src/${ROM_SRC:-$name}.c" -o "$B/$name.o"
  local res; res=$(rc_res "${ROM_SRC:-$name}")
  (cd "$BUILD" && "$LINK" "${LDFLAGS[@]}" ${ROM_LDFLAGS:-} /entry:"$entry" /out:"$name.exe" \
      "$name.o" $res "$startup" exit.o coredll.lib)
  node roms/tools/ce-postlink.mjs "$B/$name.exe"
  cp "$B/$name.exe" "$OUT/$name.exe"
}
c_rom hello     WinMainCRTStartup winmain_startup.o
c_rom coretest  WinMainCRTStartup winmain_startup.o
c_rom crash     WinMainCRTStartup winmain_startup.o
c_rom unimpl    WinMainCRTStartup winmain_startup.o
c_rom exitcodes WinMainCRTStartup winmain_startup.o
c_rom wargs     mainWCRTStartup   wmain_startup.o
c_rom threads   WinMainCRTStartup winmain_startup.o
c_rom files     WinMainCRTStartup winmain_startup.o
c_rom stdio     WinMainCRTStartup winmain_startup.o
c_rom echo      WinMainCRTStartup winmain_startup.o
c_rom registry  WinMainCRTStartup winmain_startup.o
c_rom sandbox   mainWCRTStartup   wmain_startup.o
c_rom hang      WinMainCRTStartup winmain_startup.o
c_rom slicecheck WinMainCRTStartup winmain_startup.o
c_rom yieldcheck WinMainCRTStartup winmain_startup.o
# reloc.exe: preferred base outside the CE 5 process slot, so the loader has to relocate it.
ROM_CFLAGS=-DRELOC_PREFERRED_BASE=0x60000000u ROM_LDFLAGS=/base:0x60000000 \
  c_rom reloc   WinMainCRTStartup winmain_startup.o
# Benchmark ROMs (`npm run bench`, bench/README.md); bench_send imports ws2.dll by name.
ROM_LDFLAGS=ws2.lib c_rom bench_send mainWCRTStartup wmain_startup.o
ROM_CFLAGS=-DWMEMU_WS2 ROM_LDFLAGS=ws2.lib c_rom bench_recv mainWCRTStartup wmain_startup.o
c_rom bench_trap mainWCRTStartup wmain_startup.o
c_rom bench_cpu  mainWCRTStartup wmain_startup.o
c_rom bench_gui  mainWCRTStartup wmain_startup.o
# Winsock send() conformance ROM, one source linked three ways: WS2.dll by name, WS2.dll by ordinal,
# WINSOCK.dll (Winsock 1.1; WSAGetLastError is GetLastError there, as in CE's winsock.h).
ROM_CFLAGS=-DWMEMU_WS2 ROM_LDFLAGS=ws2.lib c_rom wsconf_send mainWCRTStartup wmain_startup.o
# ws2's CE-private WSAControl: the resolver-cache flush of ipconfig /flushdns (test/winsock/winsock-wsacontrol.test.ts).
ROM_CFLAGS=-DWMEMU_WS2 ROM_LDFLAGS=ws2.lib c_rom wsactl WinMainCRTStartup winmain_startup.o
ROM_CFLAGS=-DWMEMU_WS2 ROM_LDFLAGS=ws2_ord.lib ROM_SRC=wsconf_send c_rom wsconf_send_ord mainWCRTStartup wmain_startup.o
ROM_LDFLAGS=winsock.lib ROM_SRC=wsconf_send c_rom wsconf_send11 mainWCRTStartup wmain_startup.o
# Winsock select/events/resolver/interop ROMs (roms/src/ws_util.h; ws2.dll by name).
for r in ws_echosrv ws_echocli ws_bulk ws_mt ws_select ws_resolve ws_faults ws_echomt ws_ioctl ws_wsaaccept wsconf_win ws_recvbuf ws_dgramq ws_asyncsel ws_netstat; do
  ROM_CFLAGS=-DWMEMU_WS2 ROM_LDFLAGS=ws2.lib c_rom $r mainWCRTStartup wmain_startup.o
done
# Send coalescing rules (winsock-shim/send.ts; test/winsock/winsock-coalesce.test.ts).
ROM_CFLAGS=-DWMEMU_WS2 ROM_LDFLAGS=ws2.lib c_rom ws_coalesce mainWCRTStartup wmain_startup.o
# Run-limit and shutdown ROMs (test/core/robustness-limits.test.ts, test/system/robustness-shutdown.test.ts).
c_rom limits_mem     WinMainCRTStartup winmain_startup.o
c_rom limits_threads WinMainCRTStartup winmain_startup.o
ROM_CFLAGS=-DWMEMU_WS2 ROM_LDFLAGS=ws2.lib c_rom limits_shutdown mainWCRTStartup wmain_startup.o

# c_dll NAME [SRC]: a DLL ROM (Thumb-2, entry DllMain, preferred base 0x10000000) -> OUT/NAME.dll and
# the import library $B/NAME.lib for ROMs that import it. roms/src/SRC.def (exports, ordinals,
# forwarders) and roms/src/SRC.rc are used when present. ROM_CFLAGS/ROM_LDFLAGS as for c_rom.
c_dll() {
  local name=$1 src=${2:-$1}
  cc ${ROM_CFLAGS:-} -c "roms/src/$src.c" -o "$B/$name.o"
  local res def=; res=$(rc_res "$src")
  [ -f "roms/src/$src.def" ] && def="/def:$ROOT/roms/src/$src.def"
  (cd "$BUILD" && "$LINK" "${LDFLAGS[@]}" /dll /base:0x10000000 $def ${ROM_LDFLAGS:-} /entry:DllMain \
      /out:"$name.dll" /implib:"$name.lib" "$name.o" $res coredll.lib)
  node roms/tools/ce-postlink.mjs "$B/$name.dll"
  cp "$B/$name.dll" "$OUT/$name.dll"
}
# Module tests: testdll.dll imports testdll2.dll and forwards to it and to COREDLL; faildll.dll's
# DllMain fails; dllstatic.exe imports testdll statically, dynload.exe loads it with LoadLibraryW.
c_dll testdll2
ROM_LDFLAGS=testdll2.lib c_dll testdll
ROM_CFLAGS=-DFAIL_ATTACH ROM_LDFLAGS=testdll2.lib c_dll faildll testdll
ROM_LDFLAGS="testdll.lib testdll2.lib" c_rom dllstatic WinMainCRTStartup winmain_startup.o
c_rom dynload   WinMainCRTStartup winmain_startup.o
c_rom winmsg    WinMainCRTStartup winmain_startup.o
# GUI part 1: window manager, non-client drawing, GDI (test/gui.test.ts; include/wingdi.h).
c_rom gui       WinMainCRTStartup winmain_startup.o
# What the corpus's GUI programs call before their first window; resources from src/resimg.rc + src/resimg/.
c_rom resimg    WinMainCRTStartup winmain_startup.o
# Activation by a tap (test/gwes/guiact.test.ts); StretchBlt, TransparentImage, DrawTextW layouts (test/gdi/gdidraw.test.ts).
c_rom guiact    WinMainCRTStartup winmain_startup.o
# Double taps and a held scroll-bar arrow: the pen over time (test/gwes/pentime.test.ts).
c_rom pentime   WinMainCRTStartup winmain_startup.o
# ExtractIconExW on its own icon groups (test/coredll/exticon.test.ts; src/exticon.rc).
c_rom exticon   WinMainCRTStartup winmain_startup.o
c_rom gdidraw   WinMainCRTStartup winmain_startup.o
# CreateDCW, font enumeration, StretchDIBits, GetKeyboardLayout, SHGetFileInfo: the corpus's GDI stops (test/gdi/gdidev.test.ts).
c_rom gdidev    WinMainCRTStartup winmain_startup.o
# The device's own fonts: \Windows\*.ttf at start-up, AddFontResourceW / RemoveFontResourceW (test/gdi/devfont.test.ts).
c_rom devfont   WinMainCRTStartup winmain_startup.o
# Viewport and window origins through drawing, clipping and hit calls (test/gdi/gdiorg.test.ts); CE 6 exports by ordinal from roms/src/gdiorg.def.
"$DLLTOOL" -m arm -d roms/src/gdiorg.def -l "$B/gdiorg.lib"
ROM_LDFLAGS=gdiorg.lib c_rom gdiorg WinMainCRTStartup winmain_startup.o
# Dialog manager, BUTTON and STATIC (test/gwes/dialogs.test.ts; include/windlg.h, src/dialogs.rc).
c_rom dialogs   WinMainCRTStartup winmain_startup.o
# STATIC controls whose template title is a resource ordinal: SS_ICON, SS_BITMAP (test/gwes/dialogs.test.ts; src/dlgicon.rc).
c_rom dlgicon   WinMainCRTStartup winmain_startup.o
# Menus, TrackPopupMenuEx and accelerators (test/gwes/menus.test.ts; include/winmenu.h, src/menus.rc).
c_rom menus     WinMainCRTStartup winmain_startup.o
# solitare.exe's code paths without the corpus (test/gwes/cards.test.ts; src/cards.rc, src/cards/card.bmp).
c_rom cards     WinMainCRTStartup winmain_startup.o
c_rom locale    WinMainCRTStartup winmain_startup.o
# IMM of an en-US device, no IME (test/gwes/imm.test.ts; include/imm.h).
c_rom imm       WinMainCRTStartup winmain_startup.o
# Image lists (test/coredll/imagelist.test.ts; include/commctrl.h).
c_rom imagelist WinMainCRTStartup winmain_startup.o
# DrawEdge with BF_DIAGONAL (test/gdi/diagedge.test.ts).
c_rom diagedge WinMainCRTStartup winmain_startup.o
# SPI_GETHIGHCONTRAST / SPI_SETHIGHCONTRAST (test/gwes/hicontrast.test.ts).
c_rom hicontrast WinMainCRTStartup winmain_startup.o
# The shell's API set served by a guest shell (test/coredll/shellsrv.test.ts).
c_rom shellsrv WinMainCRTStartup winmain_startup.o
# Menu bars opened from the keyboard (test/gwes/menukeys.test.ts).
c_rom menukeys WinMainCRTStartup winmain_startup.o
# BeginDeferWindowPos / DeferWindowPos / EndDeferWindowPos (test/gwes/deferpos.test.ts).
c_rom deferpos WinMainCRTStartup winmain_startup.o
# DPA/DSA, named and by ordinal (test/coredll/dpa.test.ts).
c_rom dpa       WinMainCRTStartup winmain_startup.o
# A window's scroll bar state (test/gwes/scroll.test.ts).
c_rom scroll    WinMainCRTStartup winmain_startup.o
# USER/GDI calls several corpus binaries import: RoundRect, GetWindowTextWDirect, ScrollWindowEx, mouse_event, PostKeybdMessage,
# CreateIconIndirect, ImageList_GetIcon, image list dragging, DrawFrameControl (test/gwes/usermisc.test.ts).
c_rom usermisc  WinMainCRTStartup winmain_startup.o
# TranslateCharsetInfo, SHLoadIndirectString, ImmLockIMC/IMCC, GetIconInfo, EM_SETWORDBREAKPROC (test/gwes/smallgui.test.ts).
c_rom smallgui  WinMainCRTStartup winmain_startup.o
# The shell's registrations with GWES: RegisterDesktop, RegisterTaskBar, Shell_NotifyIcon (test/gwes/shelldesk.test.ts).
c_rom shelldesk WinMainCRTStartup winmain_startup.o
# The EDIT control, the caret and the clipboard (test/gwes/edit.test.ts; include/winedit.h).
c_rom edit      WinMainCRTStartup winmain_startup.o
# LISTBOX, COMBOBOX, SCROLLBAR and non-client scroll bars (test/gwes/lists.test.ts).
c_rom lists     WinMainCRTStartup winmain_startup.o
# Window regions: drawing, visible regions, hit testing, bRedraw (test/gwes/winrgn.test.ts).
c_rom winrgn    WinMainCRTStartup winmain_startup.o
# iphlpapi.dll has no reference export table: its import library comes from roms/src/iphlpapi.def.
"$DLLTOOL" -m arm -d roms/src/iphlpapi.def -l "$B/iphlpapi.lib"
ROM_LDFLAGS=iphlpapi.lib c_rom ipinfo mainWCRTStartup wmain_startup.o
# Address/route change notification and GetRTTAndHopCount (test/iphlpapi/ipnotify.test.ts); import library from roms/src/ipnotify.def.
"$DLLTOOL" -m arm -d roms/src/ipnotify.def -l "$B/ipnotify.lib"
ROM_LDFLAGS=ipnotify.lib c_rom ipnotify WinMainCRTStartup winmain_startup.o
# The CE 7 IP helper writes and NSI.dll parameters (test/iphlpapi/ipwrite.test.ts); import libraries from roms/src/ipwrite.def, roms/src/nsi.def.
"$DLLTOOL" -m arm -d roms/src/ipwrite.def -l "$B/ipwrite.lib"
"$DLLTOOL" -m arm -d roms/src/nsi.def -l "$B/nsi.lib"
ROM_LDFLAGS="ipwrite.lib nsi.lib" c_rom ipwrite WinMainCRTStartup winmain_startup.o
# wmemu's ole32.dll (imported by name, roms/src/ole32.def) and an in-process server (test/ole32/com.test.ts).
"$DLLTOOL" -m arm -d roms/src/ole32.def -l "$B/ole32.lib"
c_dll comsrv
ROM_LDFLAGS=ole32.lib c_rom com WinMainCRTStartup winmain_startup.o
# Bind contexts, the running object table, advise holders, ReleaseStgMedium, OleRun (test/ole32/ole2.test.ts; include/ce_ole2.h).
ROM_LDFLAGS=ole32.lib c_rom ole2 WinMainCRTStartup winmain_startup.o
# Structured storage: a compound file made, read back, changed, transacted (test/ole32/storage.test.ts).
ROM_LDFLAGS=ole32.lib c_rom olestg WinMainCRTStartup winmain_startup.o
c_rom procspawn WinMainCRTStartup winmain_startup.o
# Cross-process SendMessageW, RegisterWindowMessageW, IsChild, SetParent, the cursor (test/gwes/xproc.test.ts; a parent and itself as the child).
c_rom xproc     WinMainCRTStartup winmain_startup.o
# A Control Panel applet (copied as \Windows\sample.cpl by test/gwes/control.test.ts; exports CPlApplet, icon from src/resimg).
c_dll samplecpl
c_rom ktrap     WinMainCRTStartup winmain_startup.o
# setjmp/longjmp from Thumb-2 code (test/coredll/rt-helpers.test.ts; the ARM-mode cases are in rtcheck.s).
c_rom sjlj      WinMainCRTStartup winmain_startup.o
# Formatted input, share modes, message tables (test/coredll/scanf.test.ts, test/coredll/share.test.ts, test/coredll/msgtable.test.ts).
c_rom scanf     WinMainCRTStartup winmain_startup.o
c_rom share     WinMainCRTStartup winmain_startup.o
# Message tables: llvm-rc cannot compile MESSAGETABLE, so roms/tools/mkmsgtable.mjs writes the binary
# tables into the build folder and the .rc files include them as numeric type 11 (RT_MESSAGETABLE).
for t in msgtable_en msgtable_de msgdll; do node roms/tools/mkmsgtable.mjs "roms/src/$t.json" "$B/$t.bin"; done
for r in msgtable_res msgdll_res; do "$RC" -no-preprocess -I "$B" -fo "$B/$r.res" "roms/src/$r.rc"; done
ROM_LDFLAGS=msgdll_res.res c_dll msgdll
ROM_LDFLAGS=msgtable_res.res c_rom msgtable WinMainCRTStartup winmain_startup.o

# ---- 3. ARM-mode assembly ROMs (ELF -> PE) -----------------------------------------------------
# asm_rom NAME [--relocs]
asm_rom() {
  local name=$1; shift
  "$CC" --target=armv5te-none-eabi -c -Iroms/asm "roms/asm/$name.s" -o "$B/$name.o"
  "$ELFLD" -T roms/asm/ce.ld --emit-relocs --build-id=none -e start "$B/$name.o" -o "$B/$name.elf"
  node roms/tools/elf2pe.mjs "$@" "$B/$name.elf" "$B/$name.exe"
  node roms/tools/ce-postlink.mjs "$B/$name.exe"
  cp "$B/$name.exe" "$OUT/$name.exe"
}
asm_rom armhello
asm_rom interwork --relocs
asm_rom armcrash
asm_rom seh_basic
asm_rom seh_unhandled
asm_rom seh_unwind
asm_rom seh_nested
asm_rom cxx_eh
# Guest call stacks: GetThreadCallStack, CeSetExtendedPdata (test/coredll/callstack.test.ts).
asm_rom callstack
# Tool Help snapshots: THCreateSnapshot, read directly and through the device's toolhelp.dll (test/coredll/toolhelp.test.ts).
asm_rom toolhelp
# ARM runtime helpers (integer division/shifts, soft-float, setjmp/longjmp): test/coredll/rt-helpers.test.ts.
asm_rom rtcheck

# asm_dll NAME BASE: an ARM-mode DLL linked at BASE (entry DllMain, exports from roms/asm/NAME.def, base
# relocations) -> OUT/NAME.dll, and the import library $B/NAME.lib from the same .def.
asm_dll() {
  local name=$1 base=$2
  "$CC" --target=armv5te-none-eabi -c -Iroms/asm "roms/asm/$name.s" -o "$B/$name.o"
  "$ELFLD" -T roms/asm/ce.ld --defsym CE_IMAGE_BASE="$base" --emit-relocs --build-id=none -e DllMain "$B/$name.o" -o "$B/$name.elf"
  node roms/tools/elf2pe.mjs --dll --def "roms/asm/$name.def" --base "$base" --relocs "$B/$name.elf" "$B/$name.dll"
  node roms/tools/ce-postlink.mjs "$B/$name.dll"
  "$DLLTOOL" -m arm -d "roms/asm/$name.def" -l "$B/$name.lib"
  cp "$B/$name.dll" "$OUT/$name.dll"
}
# Module lifecycle (test/core/modules.test.ts): armdll.dll (ARM mode) used from Thumb-2 C code, imported
# statically by armuse.exe and loaded with LoadLibraryW by armdyn.exe (one source, roms/src/armuse.c).
asm_dll armdll 0x10400000
# C++ exceptions across a DLL boundary (cxx_eh.exe case 7, test/coredll/cxxeh.test.ts).
asm_dll cxxdll 0x10500000
ROM_CFLAGS=-DSTATIC_IMPORT ROM_LDFLAGS=armdll.lib c_rom armuse WinMainCRTStartup winmain_startup.o
ROM_SRC=armuse c_rom armdyn WinMainCRTStartup winmain_startup.o
# CREATE_SUSPENDED threads and children, TerminateProcess of a child, children outliving their
# parent (test/coredll/processes.test.ts).
# C runtime, strsafe, ctype, conversions, time zones, secure CRT (test/coredll/crt.test.ts): the CE 6 exports
# the CE 5 table lacks come from roms/src/coredll6.def (by ordinal, like the rest of coredll.lib).
"$DLLTOOL" -m arm -d roms/src/coredll6.def -l "$B/coredll6.lib"
ROM_LDFLAGS=coredll6.lib c_rom crt WinMainCRTStartup winmain_startup.o
# Start-up runtime: /GS cookies, new/delete, API sets, KData, VirtualQuery, shell folders, the exit
# trap and CE's break instruction (test/coredll/rtstart.test.ts); CE 6 exports by ordinal from roms/src/rtstart6.def.
"$DLLTOOL" -m arm -d roms/src/rtstart6.def -l "$B/rtstart6.lib"
ROM_LDFLAGS=rtstart6.lib c_rom rtstart WinMainCRTStartup winmain_startup.o
c_rom procsusp  WinMainCRTStartup winmain_startup.o
c_rom procorphan WinMainCRTStartup winmain_startup.o
# Mapped files, message queues, device manager/OAL calls, shell (test/coredll/kobjects.test.ts).
c_rom kobjects  WinMainCRTStartup winmain_startup.o
# Event log, KernelLibIoControl, caller buffers, DPAPI, credentials, shortcuts, debug zones and other
# kernel odds and ends (test/coredll/kmisc2.test.ts); CE 6 exports by ordinal from roms/src/kmisc2.def.
"$DLLTOOL" -m arm -d roms/src/kmisc2.def -l "$B/kmisc2.lib"
ROM_LDFLAGS=kmisc2.lib c_rom kmisc2 WinMainCRTStartup winmain_startup.o
# API sets as CE 6/7 number them, user management, object-store queries, CeRunAppAtEvent
# (test/coredll/kmisc3.test.ts); CE 6 exports by ordinal from roms/src/kmisc3.def.
"$DLLTOOL" -m arm -d roms/src/kmisc3.def -l "$B/kmisc3.lib"
ROM_LDFLAGS=kmisc3.lib c_rom kmisc3 WinMainCRTStartup winmain_startup.o
# CE property databases: object store, mounted volume, sort orders, seeks (test/coredll/cedb.test.ts).
c_rom cedb      WinMainCRTStartup winmain_startup.o
# Audio and TAPI as a device without those drivers (test/coredll/nodrivers.test.ts).
c_rom nodrivers WinMainCRTStartup winmain_startup.o
# RAS without a modem: phone book list, rename, dial parameters, EAP data; no device, no connection; TAPI dialing
# locations (test/coredll/ras.test.ts).
c_rom ras       WinMainCRTStartup winmain_startup.o
# ExtractResource: copies of this EXE's resources (roms/src/extres.rc) and of a DLL's (test/coredll/extres.test.ts).
c_rom extres    WinMainCRTStartup winmain_startup.o
# CryptoAPI keys: RSA pairs, blobs, session ciphers, signatures, provider parameters (test/coredll/crypt2.test.ts).
c_rom crypt2    WinMainCRTStartup winmain_startup.o
c_rom reliab    mainWCRTStartup   wmain_startup.o
# Driver support: interrupts, DDKReg_*, physical memory, resources, power, relfsd and the device
# manager loading ddkdrv.dll (test/coredll/ddk.test.ts); CE 6's ForwardDeviceIoControl by ordinal.
c_dll ddkdrv
"$DLLTOOL" -m arm -d roms/src/ddk.def -l "$B/ddk.lib"
ROM_LDFLAGS=ddk.lib c_rom ddk mainWCRTStartup wmain_startup.o
# Stream-driver file handles: devio.exe opens, reads, writes, seeks, controls and closes devdrv.dll's
# devices (test/coredll/devio.test.ts).
c_dll devdrv
"$DLLTOOL" -m arm -d roms/src/devio.def -l "$B/devio.lib"
ROM_LDFLAGS=devio.lib c_rom devio mainWCRTStartup wmain_startup.o

# cxx_rom NAME ENTRY STARTUP_OBJ: roms/src/NAME.cpp as C++ (MSVC ABI: RTTI as MSVC for ARM CE emits it,
# no exceptions: clang has no ARM Windows EH); linked like c_rom.
CXXFLAGS=(--target=thumbv7-pc-windows-msvc -O2 -std=c++17 -ffreestanding -fno-builtin -nostdlib -nostdinc
  -fno-exceptions -frtti -fno-sized-deallocation -fno-threadsafe-statics -fno-stack-protector -fshort-wchar -fno-unwind-tables
  -fno-asynchronous-unwind-tables -mno-stack-arg-probe -fno-ident -Iroms/include -Wall -Wextra -Werror -Wno-unused-parameter)
cxx_rom() {
  local name=$1 entry=$2 startup=$3
  "$CC" "${CXXFLAGS[@]}" -c "roms/src/$name.cpp" -o "$B/$name.o"
  (cd "$BUILD" && "$LINK" "${LDFLAGS[@]}" /entry:"$entry" /out:"$name.exe" "$name.o" "$startup" exit.o coredll.lib)
  node roms/tools/ce-postlink.mjs "$B/$name.exe"
  cp "$B/$name.exe" "$OUT/$name.exe"
}
# C++ run-time type information: dynamic_cast, typeid, type_info (test/coredll/rtti.test.ts).
cxx_rom rtti WinMainCRTStartup winmain_startup.o

ls -l "$OUT"/*.exe "$OUT"/*.dll | awk '{print "roms/build.sh: " $5 "\t" $NF}' >&2
