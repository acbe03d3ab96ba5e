#!/usr/bin/env node
// ce-postlink.mjs — turn an lld-link output into a Windows CE style PE, in place.
//
//   node roms/tools/ce-postlink.mjs [options] file.exe
//     --machine <n>        COFF Machine (default 0x01C2 = IMAGE_FILE_MACHINE_THUMB, "ARMV4I")
//     --os <maj.min>       Major/MinorOperatingSystemVersion (default 4.20)
//     --subsystem <maj.min> Major/MinorSubsystemVersion (default 5.02 = CE 5.2, WM 6 / 6.5)
//
// What it sets and why (see roms/README.md):
//   Machine            lld-link only writes 0x01C4 (ARMNT). Real CE 5 binaries say 0x01C2 (ARM code with
//                      Thumb interworking). NOTE: our C ROMs contain Thumb-2 code, so the CPU model that
//                      runs them must implement ARMv7 Thumb-2 whatever the header says.
//   Subsystem          9 = IMAGE_SUBSYSTEM_WINDOWS_CE_GUI (lld-link has no /subsystem:windowsce).
//   Subsystem version  the CE loader compares this (its e32_cever) with the OS version and refuses newer
//                      images; WM 6.x SDK projects link with /SUBSYSTEM:WINDOWSCE,5.02.
//   OS version         ignored by the CE loader; 4.20 by project convention.
//   DllCharacteristics 0: DYNAMIC_BASE / NX_COMPAT / TERMINAL_SERVER_AWARE mean nothing on CE 5
//                      (relocation is decided by the presence of .reloc, like the CE loader does).
//   CheckSum           recomputed with the standard PE algorithm (CE does not check it; it is just right).
// Plain Node ESM, no dependencies. Idempotent: running it twice gives the same bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

function parseArgs(argv) {
  const o = { machine: 0x01c2, os: [4, 20], subsystem: [5, 2], file: null };
  const ver = (s) => {
    const m = /^(\d+)\.(\d+)$/.exec(s);
    if (!m) throw new Error(`bad version ${s} (want maj.min, e.g. 5.02)`);
    return [Number(m[1]), Number(m[2])];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--machine') o.machine = Number(argv[++i]);
    else if (a === '--os') o.os = ver(argv[++i]);
    else if (a === '--subsystem') o.subsystem = ver(argv[++i]);
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else o.file = a;
  }
  if (!o.file) throw new Error('usage: ce-postlink.mjs [--machine 0x1c2] [--os 4.20] [--subsystem 5.02] file.exe');
  return o;
}

/** Standard PE checksum: 16-bit one's-complement-ish sum of the file (checksum field as 0) + file length. */
export function peChecksum(buf, checksumOffset) {
  let sum = 0;
  const n = buf.length & ~1;
  for (let i = 0; i < n; i += 2) {
    if (i === checksumOffset || i === checksumOffset + 2) continue;
    sum += buf[i] | (buf[i + 1] << 8);
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  if (buf.length & 1) {
    sum += buf[buf.length - 1];
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  sum = (sum & 0xffff) + (sum >>> 16);
  return (sum + buf.length) >>> 0;
}

export function postlink(buf, { machine = 0x01c2, os = [4, 20], subsystem = [5, 2] } = {}) {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (dv.getUint16(0, true) !== 0x5a4d) throw new Error('not an MZ file');
  const pe = dv.getUint32(0x3c, true);
  if (dv.getUint32(pe, true) !== 0x4550) throw new Error('no PE signature');
  const coff = pe + 4;
  const opt = coff + 20;
  if (dv.getUint16(opt, true) !== 0x10b) throw new Error('not PE32');
  dv.setUint16(coff + 0, machine, true); // Machine
  dv.setUint16(opt + 40, os[0], true); // MajorOperatingSystemVersion
  dv.setUint16(opt + 42, os[1], true); // MinorOperatingSystemVersion
  dv.setUint16(opt + 48, subsystem[0], true); // MajorSubsystemVersion
  dv.setUint16(opt + 50, subsystem[1], true); // MinorSubsystemVersion
  dv.setUint16(opt + 68, 9, true); // Subsystem = WINDOWS_CE_GUI
  dv.setUint16(opt + 70, 0, true); // DllCharacteristics
  if (dv.getUint16(coff + 18, true) & 0x2000) fixForwarders(buf, dv, coff, opt); // IMAGE_FILE_DLL
  dv.setUint32(opt + 64, 0, true);
  dv.setUint32(opt + 64, peChecksum(buf, opt + 64), true); // CheckSum
  return buf;
}

/**
 * lld-link 19 sets the Thumb bit on every export RVA of an ARM image, forwarders included, so a
 * forwarder string at an even RVA ("COREDLL.memcpy") comes out pointing one byte into the string
 * ("OREDLL.memcpy"). A forwarder RVA (one inside the export directory) with bit 0 set whose string
 * really starts one byte earlier (preceded by a NUL) gets bit 0 cleared again.
 */
function fixForwarders(buf, dv, coff, opt) {
  const nsec = dv.getUint16(coff + 2, true);
  const sect = opt + dv.getUint16(coff + 16, true);
  const off = (rva) => {
    for (let i = 0; i < nsec; i++) {
      const h = sect + 40 * i;
      const va = dv.getUint32(h + 12, true),
        raw = dv.getUint32(h + 16, true),
        ptr = dv.getUint32(h + 20, true);
      if (rva >= va && rva < va + raw) return ptr + rva - va;
    }
    return -1;
  };
  const expRva = dv.getUint32(opt + 96, true),
    expSize = dv.getUint32(opt + 100, true);
  const dir = off(expRva);
  if (!expRva || dir < 0) return;
  const n = dv.getUint32(dir + 20, true);
  const table = off(dv.getUint32(dir + 28, true));
  for (let i = 0; i < n && table >= 0; i++) {
    const rva = dv.getUint32(table + 4 * i, true);
    if (!(rva & 1) || rva < expRva || rva >= expRva + expSize) continue;
    const p = off(rva - 1);
    if (p > 0 && buf[p - 1] === 0 && buf[p] !== 0) dv.setUint32(table + 4 * i, rva - 1, true);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const o = parseArgs(process.argv.slice(2));
    const buf = readFileSync(o.file);
    writeFileSync(o.file, postlink(buf, o));
  } catch (e) {
    console.error(`ce-postlink: ${e.message}`);
    process.exit(1);
  }
}
