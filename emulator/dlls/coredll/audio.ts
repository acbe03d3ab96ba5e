/**
 * coredll's waveform audio and mixer API (mmsystem.h) on a device with no audio driver: wmemu has
 * no sound device, so a run is a device whose wavedev driver is not loaded. Reference: the CE / Win32
 * mmsystem documentation: *GetNumDevs returns 0; opening a device - WAVE_MAPPER (-1) or any ID -
 * fails with MMSYSERR_BADDEVICEID (2) when the ID is not below the device count, which is every ID
 * here (also WAVE_MAPPER: with no devices the mapper has nothing to map to: MMSYSERR_NODRIVER, 6);
 * the capability queries fail the same way; a handle-based call gets MMSYSERR_INVALHANDLE (5), since
 * no open can have produced a handle.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';

const MMSYSERR_BADDEVICEID = 2;
const MMSYSERR_INVALHANDLE = 5;
const MMSYSERR_NODRIVER = 6;
const WAVE_MAPPER = 0xffffffff;

const openResult = (id: number) => (id >>> 0 === WAVE_MAPPER ? MMSYSERR_NODRIVER : MMSYSERR_BADDEVICEID);

export const audio: ApiDef[] = [
  // PlaySound/sndPlaySound: nothing can play without a wave device: FALSE (the documented failure result).
  fn('sndPlaySoundW(wstr lpszSound, hex fuSound): bool', (_cx, s: number) => (s ? 0 : 1)), // NULL stops: nothing plays, TRUE
  fn('PlaySoundW(wstr pszSound, handle hmod, hex fdwSound): bool', (_cx, s: number) => (s ? 0 : 1)),
  fn('waveOutGetNumDevs(): u32', () => 0),
  fn('waveInGetNumDevs(): u32', () => 0),
  fn('mixerGetNumDevs(): u32', () => 0),
  fn('waveOutOpen(ptr phwo, u32 uDeviceID, ptr pwfx, u32 dwCallback, u32 dwInstance, hex fdwOpen): u32', (_cx, _p: number, id: number) => openResult(id)),
  fn('waveInOpen(ptr phwi, u32 uDeviceID, ptr pwfx, u32 dwCallback, u32 dwInstance, hex fdwOpen): u32', (_cx, _p: number, id: number) => openResult(id)),
  fn('mixerOpen(ptr phmx, u32 uMxId, u32 dwCallback, u32 dwInstance, hex fdwOpen): u32', () => MMSYSERR_BADDEVICEID),
  fn('waveOutGetDevCaps(u32 uDeviceID, ptr pwoc, u32 cbwoc): u32', (_cx, id: number) => openResult(id)),
  fn('waveInGetDevCaps(u32 uDeviceID, ptr pwic, u32 cbwic): u32', (_cx, id: number) => openResult(id)),
  fn('mixerGetDevCaps(u32 uMxId, ptr pmxcaps, u32 cbmxcaps): u32', () => MMSYSERR_BADDEVICEID),
  fn('waveOutClose(handle hwo): u32', () => MMSYSERR_INVALHANDLE),
  fn('waveInClose(handle hwi): u32', () => MMSYSERR_INVALHANDLE),
  fn('mixerClose(handle hmx): u32', () => MMSYSERR_INVALHANDLE),
  fn('waveOutGetVolume(handle hwo, ptr pdwVolume): u32', () => MMSYSERR_INVALHANDLE),
  fn('waveOutSetVolume(handle hwo, u32 dwVolume): u32', () => MMSYSERR_INVALHANDLE),
];
