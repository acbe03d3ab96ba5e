/* nodrivers.c — the driver-backed coredll families as a device without the drivers: the waveform
 * audio and mixer calls (no wave driver: no devices, no handles) and the TAPI line calls (TAPI
 * running, no line device: no modem on a serial port). Every result is the documented one for that
 * situation (emulator/dlls/coredll/audio.ts, tapi.ts). Prints ok/FAIL lines; exit code = failures. */
#include <windows.h>

typedef DWORD MMRESULT;
WINBASEAPI UINT     WINAPI waveOutGetNumDevs(void);
WINBASEAPI MMRESULT WINAPI waveOutOpen(HANDLE *h, UINT id, LPVOID fmt, DWORD cb, DWORD inst, DWORD flags);
WINBASEAPI MMRESULT WINAPI waveOutPrepareHeader(HANDLE h, LPVOID hdr, UINT size);
WINBASEAPI MMRESULT WINAPI waveOutWrite(HANDLE h, LPVOID hdr, UINT size);
WINBASEAPI MMRESULT WINAPI waveOutReset(HANDLE h);
WINBASEAPI MMRESULT WINAPI waveOutPause(HANDLE h);
WINBASEAPI MMRESULT WINAPI waveOutGetPosition(HANDLE h, LPVOID mmt, UINT size);
WINBASEAPI MMRESULT WINAPI waveOutMessage(HANDLE h, UINT msg, DWORD a, DWORD b);
WINBASEAPI MMRESULT WINAPI waveInStart(HANDLE h);
WINBASEAPI MMRESULT WINAPI waveInAddBuffer(HANDLE h, LPVOID hdr, UINT size);
WINBASEAPI MMRESULT WINAPI mixerGetLineInfo(HANDLE h, LPVOID info, DWORD flags);
WINBASEAPI MMRESULT WINAPI mixerGetControlDetails(HANDLE h, LPVOID d, DWORD flags);
#define MMSYSERR_BADDEVICEID 2
#define MMSYSERR_INVALHANDLE 5
#define MMSYSERR_NODRIVER    6
#define MIXER_OBJECTF_HMIXER   0x80000000
#define MIXER_OBJECTF_WAVEOUT  0x10000000

typedef DWORD HLINEAPP_;
WINBASEAPI LONG WINAPI lineInitialize(HLINEAPP_ *app, HINSTANCE inst, LPVOID cb, LPCWSTR name, LPDWORD n);
WINBASEAPI LONG WINAPI lineShutdown(HLINEAPP_ app);
WINBASEAPI LONG WINAPI lineNegotiateAPIVersion(HLINEAPP_ app, DWORD dev, DWORD lo, DWORD hi, LPDWORD ver, LPVOID ext);
WINBASEAPI LONG WINAPI lineGetDevCaps(HLINEAPP_ app, DWORD dev, DWORD ver, DWORD ext, LPVOID caps);
WINBASEAPI LONG WINAPI lineOpen(HLINEAPP_ app, DWORD dev, HANDLE *line, DWORD ver, DWORD ext, DWORD inst, DWORD priv, DWORD media, LPVOID params);
WINBASEAPI LONG WINAPI lineGetDevConfig(DWORD dev, LPVOID cfg, LPCWSTR cls);
WINBASEAPI LONG WINAPI lineClose(HANDLE line);
WINBASEAPI LONG WINAPI lineMakeCall(HANDLE line, HANDLE *call, LPCWSTR addr, DWORD country, LPVOID params);
WINBASEAPI LONG WINAPI lineGetID(HANDLE line, DWORD addr, HANDLE call, DWORD select, LPVOID id, LPCWSTR cls);
WINBASEAPI LONG WINAPI lineDrop(HANDLE call, LPCSTR info, DWORD size);
#define LINEERR_BADDEVICEID     0x80000002
#define LINEERR_INVALAPPHANDLE  0x80000014
#define LINEERR_INVALCALLHANDLE 0x80000018
#define LINEERR_INVALCALLSELECT 0x8000001B
#define LINEERR_INVALLINEHANDLE 0x8000002B
#define LINEERR_INVALPOINTER    0x80000035

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}
static void CALLBACK line_callback(void) {}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmd, int show)
{
    BYTE fmt[18] = { 1, 0, 1, 0, 0x40, 0x1f, 0, 0, 0x40, 0x1f, 0, 0, 1, 0, 8, 0, 0, 0 }; /* 8 kHz 8-bit mono PCM */
    BYTE hdr[32] = { 0 }, buf[64];
    HANDLE wo = (HANDLE)0x1234;
    check(waveOutGetNumDevs() == 0, "waveOutGetNumDevs: 0 (no wave driver)");
    check(waveOutOpen(&wo, 0, fmt, 0, 0, 0) == MMSYSERR_BADDEVICEID, "waveOutOpen(device 0): MMSYSERR_BADDEVICEID");
    check(waveOutOpen(&wo, (UINT)-1, fmt, 0, 0, 0) == MMSYSERR_NODRIVER, "waveOutOpen(WAVE_MAPPER): MMSYSERR_NODRIVER");
    check(waveOutPrepareHeader(wo, hdr, sizeof hdr) == MMSYSERR_INVALHANDLE, "waveOutPrepareHeader: MMSYSERR_INVALHANDLE");
    check(waveOutWrite(wo, hdr, sizeof hdr) == MMSYSERR_INVALHANDLE, "waveOutWrite: MMSYSERR_INVALHANDLE");
    check(waveOutReset(wo) == MMSYSERR_INVALHANDLE, "waveOutReset: MMSYSERR_INVALHANDLE");
    check(waveOutPause(wo) == MMSYSERR_INVALHANDLE, "waveOutPause: MMSYSERR_INVALHANDLE");
    check(waveOutGetPosition(wo, buf, 12) == MMSYSERR_INVALHANDLE, "waveOutGetPosition: MMSYSERR_INVALHANDLE");
    check(waveOutMessage(wo, 0x800, 0, 0) == MMSYSERR_INVALHANDLE, "waveOutMessage: MMSYSERR_INVALHANDLE");
    check(waveInStart(wo) == MMSYSERR_INVALHANDLE && waveInAddBuffer(wo, hdr, sizeof hdr) == MMSYSERR_INVALHANDLE, "waveInStart, waveInAddBuffer: MMSYSERR_INVALHANDLE");
    check(mixerGetLineInfo((HANDLE)0, buf, MIXER_OBJECTF_WAVEOUT) == MMSYSERR_BADDEVICEID, "mixerGetLineInfo(a wave-out device ID): MMSYSERR_BADDEVICEID");
    check(mixerGetControlDetails(wo, buf, MIXER_OBJECTF_HMIXER) == MMSYSERR_INVALHANDLE, "mixerGetControlDetails(an HMIXER): MMSYSERR_INVALHANDLE");

    HLINEAPP_ app = 0;
    DWORD n = 99, ver = 0;
    check(lineInitialize(NULL, inst, line_callback, L"nodrivers", &n) == (LONG)LINEERR_INVALPOINTER, "lineInitialize(NULL lphLineApp): LINEERR_INVALPOINTER");
    check(lineInitialize(&app, inst, line_callback, L"nodrivers", &n) == 0 && app != 0 && n == 0, "lineInitialize: 0, a handle, no line devices");
    check(lineNegotiateAPIVersion(app, 0, 0x10003, 0x20000, &ver, buf) == (LONG)LINEERR_BADDEVICEID, "lineNegotiateAPIVersion(device 0): LINEERR_BADDEVICEID");
    check(lineNegotiateAPIVersion(app + 1, 0, 0x10003, 0x20000, &ver, buf) == (LONG)LINEERR_INVALAPPHANDLE, "with another handle: LINEERR_INVALAPPHANDLE");
    check(lineGetDevCaps(app, 0, 0x20000, 0, buf) == (LONG)LINEERR_BADDEVICEID, "lineGetDevCaps(device 0): LINEERR_BADDEVICEID");
    HANDLE line = NULL, call = NULL;
    check(lineOpen(app, 0, &line, 0x20000, 0, 0, 1, 0x10, NULL) == (LONG)LINEERR_BADDEVICEID, "lineOpen(device 0): LINEERR_BADDEVICEID");
    check(lineGetDevConfig(0, buf, L"comm/datamodem") == (LONG)LINEERR_BADDEVICEID, "lineGetDevConfig(device 0): LINEERR_BADDEVICEID");
    check(lineMakeCall(line, &call, L"5551234", 0, NULL) == (LONG)LINEERR_INVALLINEHANDLE, "lineMakeCall without a line: LINEERR_INVALLINEHANDLE");
    check(lineGetID(line, 0, NULL, 1, buf, L"comm") == (LONG)LINEERR_INVALLINEHANDLE, "lineGetID(LINECALLSELECT_LINE): LINEERR_INVALLINEHANDLE");
    check(lineGetID(line, 0, call, 4, buf, L"comm") == (LONG)LINEERR_INVALCALLHANDLE, "lineGetID(LINECALLSELECT_CALL): LINEERR_INVALCALLHANDLE");
    check(lineGetID(line, 0, call, 3, buf, L"comm") == (LONG)LINEERR_INVALCALLSELECT, "lineGetID(dwSelect 3): LINEERR_INVALCALLSELECT");
    check(lineDrop(call, NULL, 0) == (LONG)LINEERR_INVALCALLHANDLE, "lineDrop: LINEERR_INVALCALLHANDLE");
    check(lineClose(line) == (LONG)LINEERR_INVALLINEHANDLE, "lineClose: LINEERR_INVALLINEHANDLE");
    check(lineShutdown(app) == 0, "lineShutdown: 0");
    check(lineShutdown(app) == (LONG)LINEERR_INVALAPPHANDLE, "lineShutdown again: LINEERR_INVALAPPHANDLE");

    printf("nodrivers: %d failures\n", failures);
    return failures;
}
