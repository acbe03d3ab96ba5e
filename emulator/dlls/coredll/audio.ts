/**
 * coredll's waveform audio and mixer API (mmsystem.h) on a device with no audio driver: wmemu has
 * no sound device, so a run is a device whose wavedev driver is not loaded. Reference: the CE / Win32
 * mmsystem documentation: *GetNumDevs returns 0; opening a device - WAVE_MAPPER (-1) or any ID -
 * fails with MMSYSERR_BADDEVICEID (2) when the ID is not below the device count, which is every ID
 * here (also WAVE_MAPPER: with no devices the mapper has nothing to map to: MMSYSERR_NODRIVER, 6);
 * the capability queries fail the same way; a handle-based call gets MMSYSERR_INVALHANDLE (5), since
 * no open can have produced a handle. The mixer calls that name their object by `fdw`'s
 * MIXER_OBJECTF_* (mixerGetLineInfo, mixerGetLineControls, mixerGet/SetControlDetails, mixerGetID):
 * a handle (MIXER_OBJECTF_HANDLE set) is MMSYSERR_INVALHANDLE, a device ID MMSYSERR_BADDEVICEID.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';

const MMSYSERR_BADDEVICEID = 2;
const MMSYSERR_INVALHANDLE = 5;
const MMSYSERR_NODRIVER = 6;
const WAVE_MAPPER = 0xffffffff;

const MIXER_OBJECTF_HANDLE = 0x80000000;
const mixerObject = (fdw: number) => (fdw & MIXER_OBJECTF_HANDLE ? MMSYSERR_INVALHANDLE : MMSYSERR_BADDEVICEID);
const noHandle = () => MMSYSERR_INVALHANDLE;

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
  // The rest of the handle-based wave calls (what the corpus imports): no open produced a handle.
  fn('waveOutPrepareHeader(handle hwo, ptr pwh, u32 cbwh): u32', noHandle),
  fn('waveOutUnprepareHeader(handle hwo, ptr pwh, u32 cbwh): u32', noHandle),
  fn('waveOutWrite(handle hwo, ptr pwh, u32 cbwh): u32', noHandle),
  fn('waveOutReset(handle hwo): u32', noHandle),
  fn('waveOutPause(handle hwo): u32', noHandle),
  fn('waveOutRestart(handle hwo): u32', noHandle),
  fn('waveOutBreakLoop(handle hwo): u32', noHandle),
  fn('waveOutGetPosition(handle hwo, ptr pmmt, u32 cbmmt): u32', noHandle),
  fn('waveOutGetPitch(handle hwo, ptr pdwPitch): u32', noHandle),
  fn('waveOutSetPitch(handle hwo, u32 dwPitch): u32', noHandle),
  fn('waveOutGetPlaybackRate(handle hwo, ptr pdwRate): u32', noHandle),
  fn('waveOutSetPlaybackRate(handle hwo, u32 dwRate): u32', noHandle),
  fn('waveOutMessage(handle hwo, u32 uMsg, u32 dw1, u32 dw2): u32', noHandle),
  fn('waveOutSetProperty(handle hwo, ptr pPropSetId, u32 ulPropId, ptr pvPropParams, u32 cbPropParams): u32', noHandle),
  fn('waveInPrepareHeader(handle hwi, ptr pwh, u32 cbwh): u32', noHandle),
  fn('waveInUnprepareHeader(handle hwi, ptr pwh, u32 cbwh): u32', noHandle),
  fn('waveInAddBuffer(handle hwi, ptr pwh, u32 cbwh): u32', noHandle),
  fn('waveInStart(handle hwi): u32', noHandle),
  fn('waveInStop(handle hwi): u32', noHandle),
  fn('waveInReset(handle hwi): u32', noHandle),
  fn('waveInGetPosition(handle hwi, ptr pmmt, u32 cbmmt): u32', noHandle),
  fn('waveInMessage(handle hwi, u32 uMsg, u32 dw1, u32 dw2): u32', noHandle),
  fn('waveInSetProperty(handle hwi, ptr pPropSetId, u32 ulPropId, ptr pvPropParams, u32 cbPropParams): u32', noHandle),
  fn('mixerGetID(handle hmxobj, ptr puMxId, hex fdwId): u32', (_cx, _h: number, _p: number, fdw: number) => mixerObject(fdw)),
  fn('mixerGetLineInfo(handle hmxobj, ptr pmxl, hex fdwInfo): u32', (_cx, _h: number, _p: number, fdw: number) => mixerObject(fdw)),
  fn('mixerGetLineControls(handle hmxobj, ptr pmxlc, hex fdwControls): u32', (_cx, _h: number, _p: number, fdw: number) => mixerObject(fdw)),
  fn('mixerGetControlDetails(handle hmxobj, ptr pmxcd, hex fdwDetails): u32', (_cx, _h: number, _p: number, fdw: number) => mixerObject(fdw)),
  fn('mixerSetControlDetails(handle hmxobj, ptr pmxcd, hex fdwDetails): u32', (_cx, _h: number, _p: number, fdw: number) => mixerObject(fdw)),
];
