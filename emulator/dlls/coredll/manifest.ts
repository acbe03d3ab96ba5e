/**
 * COREDLL.dll: the CE kernel, C runtime and (later) GWES entry points. One file per API family;
 * the reference export table (ordinals of every CE 5 coredll export) is coredll-exports.tsv; CE 6's
 * and CE 7's tables (coredll-ce6-exports.tsv, coredll-ce7-exports.tsv, scripts/gen-coredll-tables.mjs)
 * add their new ordinals and the names they changed; the device profile's osVersion picks one.
 * A bad guest pointer inside a coredll function crashes the guest, as on a device.
 */
import { defineDll } from '../../core/api/registry.js';
import { memory } from './memory.js';
import { strings } from './strings.js';
import { printf } from './printf.js';
import { debug } from './debug.js';
import { time } from './time.js';
import { sync } from './sync.js';
import { tls } from './tls.js';
import { processApis } from './process.js';
import { rt } from './rt.js';
import { softfloat } from './softfloat.js';
import { setjmpApis } from './setjmp.js';
import { sehApis } from './seh.js';
import { cxxehApis } from './cxxeh.js';
import { rttiApis } from './rtti.js';
import { ehvecApis } from './ehvec.js';
import { threads } from './threads.js';
import { objects } from './objects.js';
import { files } from './files.js';
import { stdio } from './stdio.js';
import { scanfApis } from './scanf.js';
import { registry } from './registry.js';
import { modules } from './modules.js';
import { windows } from './windows.js';
import { processes } from './processes.js';
import { locale } from './locale.js';
import { messages } from './messages.js';
import { strsafe } from './strsafe.js';
import { ctype } from './ctype.js';
import { convert } from './convert.js';
import { timeconv } from './timeconv.js';
import { sysinfo } from './sysinfo.js';
import { sort } from './sort.js';
import { securecrt } from './securecrt.js';
import { math } from './math.js';
import { mapping } from './mapping.js';
import { msgqueue } from './msgqueue.js';
import { cedb } from './cedb.js';
import { tapi } from './tapi.js';
import { tapiloc } from './tapiloc.js';
import { extractres } from './extractres.js';
import { charsetinfo } from './charsetinfo.js';
import { shindirect } from './shindirect.js';
import { servers } from './servers.js';
import { device } from './device.js';
import { shell } from './shell.js';
import { shellexec } from './shellexec.js';
import { md5 } from './md5.js';
import { wnet } from './wnet.js';
import { duplicate } from './duplicate.js';
import { winpos } from './winpos.js';
import { paint } from './paint.js';
import { dialogApis } from './dialogs.js';
import { msgbox } from './msgbox.js';
import { uistate } from './uistate.js';
import { gdi } from './gdi.js';
import { sysmetrics } from './sysmetrics.js';
import { startup } from './startup.js';
import { apisets } from './apisets.js';
import { users } from './users.js';
import { kquery } from './kquery.js';
import { callstack } from './callstack.js';
import { toolhelp } from './toolhelp.js';
import { notifyevents } from './notifyevents.js';
import { regnotify } from './regnotify.js';
import { devkeys } from './devkeys.js';
import { kernelmode } from './kernelmode.js';
import { audio } from './audio.js';
import { resimage } from './resimage.js';
import { rects } from './rects.js';
import { dispsettings } from './dispsettings.js';
import { kservices } from './kservices.js';
import { crypto } from './crypto.js';
import { cryptkeys } from './cryptkeys.js';
import { kmisc } from './kmisc.js';
import { changenotify } from './changenotify.js';
import { ras } from './ras.js';
import { rasconn } from './rasconn.js';
import { numfmt } from './numfmt.js';
import { imm } from './imm.js';
import { imagelist } from './imagelist.js';
import { dibfile } from './dibfile.js';
import { dpaApis } from './dpa.js';
import { gestures } from './gestures.js';
import { desktop } from './desktop.js';
import { shellapi } from './shellapi.js';
import { deferwinpos } from './deferwinpos.js';
import { scrollinfo } from './scrollinfo.js';
import { drawedge } from './drawedge.js';
import { inject } from './inject.js';
import { scrollwnd } from './scrollwnd.js';
import { roundrect } from './roundrect.js';
import { windirect } from './windirect.js';
import { viewport } from './viewport.js';
import { winrgn } from './winrgn.js';
import { printing } from './printing.js';
import { iconindirect } from './iconindirect.js';
import { imagedrag } from './imagedrag.js';
import { drawframe } from './drawframe.js';
import { cliprgn } from './cliprgn.js';
import { caret } from './caret.js';
import { clipboard } from './clipboard.js';
import { menus } from './menus.js';
import { eventlog } from './eventlog.js';
import { kserver } from './kserver.js';
import { dpapi } from './dpapi.js';
import { credman } from './credman.js';
import { shortcut } from './shortcut.js';
import { ksystem } from './ksystem.js';
import { power } from './power.js';
import { svchost } from './svchost.js';
import { password } from './password.js';
import { usermisc } from './usermisc.js';
import { gdidc } from './gdidc.js';
import { fontenum } from './fontenum.js';
import { fontres } from './fontres.js';
import { dibits } from './dibits.js';
import { kbdlayout } from './kbdlayout.js';
import { shfileinfo } from './shfileinfo.js';
import { extracticon } from './extracticon.js';
import { ofn } from './ofn.js';
import { sip } from './sip.js';
import { gdipal } from './gdipal.js';
import { drawicon } from './drawicon.js';
import { monitors } from './monitors.js';
import { interrupts } from './interrupts.js';
import { ddkreg } from './ddkreg.js';
import { physmem } from './physmem.js';
import { resmgr } from './resmgr.js';
import { relfsd } from './relfsd.js';
import { syspower } from './syspower.js';
import { devmgr } from './devmgr.js';
import { romstore } from './romstore.js';

export const COREDLL_FAMILIES = [
  memory,
  strings,
  printf,
  debug,
  time,
  sync,
  tls,
  processApis,
  rt,
  softfloat,
  setjmpApis,
  sehApis,
  cxxehApis,
  rttiApis,
  ehvecApis,
  threads,
  objects,
  modules,
  windows,
  locale,
  messages,
  processes,
  files,
  stdio,
  scanfApis,
  registry,
  strsafe,
  ctype,
  convert,
  timeconv,
  sysinfo,
  sort,
  securecrt,
  math,
  mapping,
  msgqueue,
  cedb,
  tapi,
  tapiloc,
  extractres,
  charsetinfo,
  shindirect,
  servers,
  device,
  shell,
  shellexec,
  md5,
  wnet,
  duplicate,
  winpos,
  dialogApis,
  msgbox,
  uistate,
  paint,
  gdi,
  sysmetrics,
  startup,
  apisets,
  users,
  kquery,
  callstack,
  toolhelp,
  notifyevents,
  regnotify,
  devkeys,
  kernelmode,
  audio,
  resimage,
  rects,
  dispsettings,
  kservices,
  crypto,
  cryptkeys,
  kmisc,
  changenotify,
  ras,
  rasconn,
  numfmt,
  imm,
  imagelist,
  dibfile,
  dpaApis,
  gestures,
  desktop,
  shellapi,
  deferwinpos,
  scrollinfo,
  drawedge,
  inject,
  scrollwnd,
  roundrect,
  windirect,
  viewport,
  winrgn,
  printing,
  iconindirect,
  imagedrag,
  drawframe,
  cliprgn,
  caret,
  clipboard,
  menus,
  eventlog,
  kserver,
  dpapi,
  credman,
  shortcut,
  ksystem,
  power,
  svchost,
  password,
  usermisc,
  gdidc,
  fontenum,
  fontres,
  dibits,
  kbdlayout,
  shfileinfo,
  extracticon,
  ofn,
  sip,
  gdipal,
  drawicon,
  monitors,
  interrupts,
  ddkreg,
  physmem,
  resmgr,
  relfsd,
  syspower,
  devmgr,
  romstore,
];

export const COREDLL = defineDll({
  name: 'COREDLL.dll',
  exportTable: {
    name: 'coredll',
    file: 'emulator/dlls/coredll/coredll-exports.tsv',
    versions: { 6: 'emulator/dlls/coredll/coredll-ce6-exports.tsv', 7: 'emulator/dlls/coredll/coredll-ce7-exports.tsv' },
  },
  fault: { kind: 'crash' },
  families: COREDLL_FAMILIES,
});
