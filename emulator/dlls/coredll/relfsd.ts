/**
 * coredll U_ropen / U_rread / U_rwrite / U_rlseek / U_rclose: the kernel's PPFS client (ppfs.c), the
 * file access relfsd.dll (the "Release" folder file system) uses to reach files on the development
 * workstation over KITL. wmemu has no KITL connection (no desktop side, as on a retail device), so
 * every call fails the way the PPFS client fails when the transport is not up: -1, the last error
 * left alone (the client does not set one).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';

export const relfsd: ApiDef[] = [
  fn('U_ropen(wstr name, u32 mode): i32', () => -1),
  fn('U_rread(i32 fd, ptr buf, i32 cnt): i32', () => -1),
  fn('U_rwrite(i32 fd, ptr buf, i32 cnt): i32', () => -1),
  fn('U_rlseek(i32 fd, i32 off, i32 mode): i32', () => -1),
  fn('U_rclose(i32 fd): i32', () => -1),
];
