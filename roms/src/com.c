/* com.c — wmemu's ole32.dll (imported by name through roms/src/ole32.def): CoInitializeEx per thread,
 * CoCreateInstance of comsrv.dll's class (registered by the test in HKCR\CLSID), GUID strings,
 * task memory, CoFreeUnusedLibraries, and the error paths (no CoInitialize, unregistered class,
 * a missing server DLL, bad strings, RPC_E_CHANGED_MODE). ok/FAIL lines; exit code = failures. */
#include <ce_modules.h>
#include "comsrv.h"

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}
/* Registered by the test with InprocServer32 = "nosuch.dll"; never registered: CLSID_Unknown. */
static const CLSID CLSID_Missing = {0x6d1c2f12, 0x3b5a, 0x4c1e, {0x9a, 0x2b, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66}};
static const CLSID CLSID_Unknown = {0x6d1c2f13, 0x3b5a, 0x4c1e, {0x9a, 0x2b, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66}};

static int wsame(const wchar_t *a, const wchar_t *b)
{
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

/* A memory stream of 24 bytes for WriteClassStm/ReadClassStm. */
typedef struct { IStream iface; BYTE data[24]; ULONG len, pos; } MemStream;
static HRESULT ms_qi(IStream *This, REFIID riid, void **ppv) { *ppv = NULL; return E_NOINTERFACE; }
static ULONG ms_ref(IStream *This) { return 1; }
static HRESULT ms_read(IStream *This, void *pv, ULONG cb, ULONG *read)
{
    MemStream *m = (MemStream *)This;
    ULONG n = 0;
    while (n < cb && m->pos < m->len) ((BYTE *)pv)[n++] = m->data[m->pos++];
    if (read) *read = n;
    return S_OK;
}
static HRESULT ms_write(IStream *This, const void *pv, ULONG cb, ULONG *written)
{
    MemStream *m = (MemStream *)This;
    ULONG n = 0;
    while (n < cb && m->len < sizeof m->data) m->data[m->len++] = ((const BYTE *)pv)[n++];
    if (written) *written = n;
    return n == cb ? S_OK : 0x80030070L; /* STG_E_MEDIUMFULL */
}
static const IStreamVtbl ms_vtbl = {ms_qi, ms_ref, ms_ref, ms_read, ms_write, 0, 0, 0, 0, 0, 0, 0, 0, 0};

/* A counting IUnknown for CoSetState. */
static int g_refs = 1;
static HRESULT cu_qi(IUnknown *This, REFIID riid, void **ppv) { *ppv = NULL; return E_NOINTERFACE; }
static ULONG cu_addref(IUnknown *This) { return ++g_refs; }
static ULONG cu_release(IUnknown *This) { return --g_refs; }
static const IUnknownVtbl cu_vtbl = {cu_qi, cu_addref, cu_release};

int WINAPI WinMain(HINSTANCE h, HINSTANCE p, LPWSTR cmd, int show)
{
    ICalc *calc = (ICalc *)1;
    HRESULT hr = CoCreateInstance(&CLSID_WmemuCalc, NULL, CLSCTX_INPROC_SERVER, &IID_ICalc, (void **)&calc);
    check(hr == CO_E_NOTINITIALIZED && calc == NULL, "CoCreateInstance before CoInitializeEx -> CO_E_NOTINITIALIZED, *ppv NULL");

    check(CoInitializeEx((void *)4, COINIT_MULTITHREADED) == E_INVALIDARG, "CoInitializeEx(reserved != NULL) -> E_INVALIDARG");
    check(CoInitializeEx(NULL, COINIT_MULTITHREADED) == S_OK, "CoInitializeEx -> S_OK");
    check(CoInitializeEx(NULL, COINIT_MULTITHREADED) == S_FALSE, "CoInitializeEx again -> S_FALSE");
    check(CoInitializeEx(NULL, COINIT_APARTMENTTHREADED) == RPC_E_CHANGED_MODE, "CoInitializeEx other model -> RPC_E_CHANGED_MODE");

    /* GUID strings */
    CLSID c;
    check(CLSIDFromString(L"{6D1C2F10-3b5a-4C1E-9A2B-112233445566}", &c) == S_OK && IsEqualGUID(&c, &CLSID_WmemuCalc), "CLSIDFromString");
    check(CLSIDFromString(L"{6D1C2F10-3b5a-4C1E-9A2B}", &c) == CO_E_CLASSSTRING, "CLSIDFromString(bad) -> CO_E_CLASSSTRING");
    check(CLSIDFromString(L"wmemu.Calc", &c) == S_OK && IsEqualGUID(&c, &CLSID_WmemuCalc), "CLSIDFromString(ProgID)");
    check(CLSIDFromProgID(L"wmemu.Calc", &c) == S_OK && IsEqualGUID(&c, &CLSID_WmemuCalc), "CLSIDFromProgID");
    check(CLSIDFromProgID(L"wmemu.NoSuch", &c) == CO_E_CLASSSTRING, "CLSIDFromProgID(unknown) -> CO_E_CLASSSTRING");
    check(IIDFromString(L"{6D1C2F11-3B5A-4C1E-9A2B-112233445566}", &c) == S_OK && IsEqualGUID(&c, &IID_ICalc), "IIDFromString");
    check(IIDFromString(L"6D1C2F11-3B5A-4C1E-9A2B-112233445566", &c) == CO_E_IIDSTRING, "IIDFromString(no braces) -> CO_E_IIDSTRING");
    wchar_t buf[40];
    check(StringFromGUID2(&CLSID_WmemuCalc, buf, 40) == 39 && wsame(buf, L"{6D1C2F10-3B5A-4C1E-9A2B-112233445566}"), "StringFromGUID2");
    check(StringFromGUID2(&CLSID_WmemuCalc, buf, 38) == 0, "StringFromGUID2(38 chars) -> 0");
    LPWSTR s = NULL;
    check(StringFromCLSID(&IID_ICalc, &s) == S_OK && s && wsame(s, L"{6D1C2F11-3B5A-4C1E-9A2B-112233445566}"), "StringFromCLSID");
    CoTaskMemFree(s);

    /* task memory */
    char *m = (char *)CoTaskMemAlloc(16);
    check(m != NULL, "CoTaskMemAlloc");
    if (m) {
        for (int i = 0; i < 16; i++) m[i] = (char)i;
        m = (char *)CoTaskMemRealloc(m, 4096);
        check(m && m[15] == 15, "CoTaskMemRealloc keeps the contents");
        check(CoTaskMemRealloc(m, 0) == NULL, "CoTaskMemRealloc(p, 0) frees -> NULL");
    }
    CoTaskMemFree(NULL);
    m = (char *)CoTaskMemAlloc(100);
    check(CoTaskMemSize(m) >= 100 && CoTaskMemSize(NULL) == 0, "CoTaskMemSize");
    CoTaskMemFree(m);

    /* CoCreateGuid: version 4, RFC 4122 variant, two differ */
    GUID g1, g2;
    check(CoCreateGuid(&g1) == S_OK && CoCreateGuid(&g2) == S_OK, "CoCreateGuid -> S_OK");
    check((g1.Data3 >> 12) == 4 && (g1.Data4[0] & 0xc0) == 0x80 && !IsEqualGUID(&g1, &g2), "CoCreateGuid: random (version 4) GUIDs");

    /* WriteClassStm / ReadClassStm through a guest IStream */
    MemStream ms = {{&ms_vtbl}, {0}, 0, 0};
    check(WriteClassStm(&ms.iface, &CLSID_WmemuCalc) == S_OK && ms.len == 16, "WriteClassStm writes 16 bytes");
    check(ReadClassStm(&ms.iface, &c) == S_OK && IsEqualGUID(&c, &CLSID_WmemuCalc), "ReadClassStm reads them back");
    check(ReadClassStm(&ms.iface, &c) == STG_E_READFAULT, "ReadClassStm at the end -> STG_E_READFAULT");
    check(WriteClassStm(&ms.iface, &CLSID_WmemuCalc) == (HRESULT)0x80030070L, "WriteClassStm passes IStream::Write's error on");

    /* CreateStreamOnHGlobal: write, seek, read back, size, the block, QueryInterface, Release */
    IStream *stm = NULL;
    check(CreateStreamOnHGlobal(NULL, TRUE, &stm) == S_OK && stm, "CreateStreamOnHGlobal(NULL)");
    if (stm) {
        ULONG n = 0;
        char rd[16] = {0};
        unsigned long long pos = 99;
        check(stm->lpVtbl->Write(stm, "hello, stream", 13, &n) == S_OK && n == 13, "IStream::Write 13 bytes");
        check(stm->lpVtbl->Seek(stm, (DWORD)-6, -1, 1, &pos) == S_OK && pos == 7, "IStream::Seek(-6, STREAM_SEEK_CUR) -> 7");
        check(stm->lpVtbl->Read(stm, rd, 16, &n) == S_OK && n == 6 && rd[0] == 's' && rd[5] == 'm', "IStream::Read the rest (6 bytes)");
        check(stm->lpVtbl->Seek(stm, (DWORD)-1, -1, 0, NULL) != S_OK, "IStream::Seek before the start fails");
        DWORD st[18];
        check(stm->lpVtbl->Stat(stm, st, 1) == S_OK && st[1] == 2 && st[2] == 13, "IStream::Stat: STGTY_STREAM, 13 bytes");
        char *hg = NULL;
        check(GetHGlobalFromStream(stm, (void **)&hg) == S_OK && hg && hg[0] == 'h' && hg[12] == 'm', "GetHGlobalFromStream: the bytes written");
        IUnknown *u = NULL;
        check(stm->lpVtbl->QueryInterface(stm, &IID_IUnknown_, (void **)&u) == S_OK && u == (IUnknown *)stm, "IStream::QueryInterface(IUnknown)");
        check(stm->lpVtbl->QueryInterface(stm, &IID_ICalc, (void **)&u) == E_NOINTERFACE && u == NULL, "IStream::QueryInterface(other) -> E_NOINTERFACE");
        check(stm->lpVtbl->Release(stm) == 1 && stm->lpVtbl->Release(stm) == 0, "IStream::Release twice -> 0");
    }

    /* CoSetState keeps a reference to the thread's state object */
    IUnknown cu = {&cu_vtbl};
    check(CoSetState(&cu) == S_OK && g_refs == 2, "CoSetState AddRefs the object");
    check(CoSetState(NULL) == S_OK && g_refs == 1, "CoSetState(NULL) Releases it");

    /* the in-process server */
    check(GetModuleHandleW(L"comsrv.dll") == NULL, "comsrv.dll not loaded yet");
    calc = NULL;
    hr = CoCreateInstance(&CLSID_WmemuCalc, NULL, CLSCTX_INPROC_SERVER, &IID_ICalc, (void **)&calc);
    check(hr == S_OK && calc != NULL, "CoCreateInstance(CLSID_WmemuCalc) -> S_OK");
    if (calc) {
        int sum = 0;
        check(calc->lpVtbl->Add(calc, 2, 40, &sum) == S_OK && sum == 42, "ICalc::Add(2, 40) = 42");
        printf("sum %d\n", sum);
        check(calc->lpVtbl->Release(calc) == 0, "Release -> 0");
    }
    IUnknown *unk = (IUnknown *)1;
    hr = CoCreateInstance(&CLSID_WmemuCalc, NULL, CLSCTX_INPROC_SERVER, &IID_IClassFactory_, (void **)&unk);
    check(hr == E_NOINTERFACE && unk == NULL, "CoCreateInstance(unsupported IID) -> E_NOINTERFACE from the server");
    IClassFactory *cf = NULL;
    hr = CoGetClassObject(&CLSID_WmemuCalc, CLSCTX_INPROC_SERVER, NULL, &IID_IClassFactory_, (void **)&cf);
    check(hr == S_OK && cf != NULL, "CoGetClassObject -> the class factory");
    if (cf) {
        check(cf->lpVtbl->LockServer(cf, TRUE) == S_OK, "IClassFactory::LockServer(TRUE)");
        CoFreeUnusedLibraries();
        check(GetModuleHandleW(L"comsrv.dll") != NULL, "CoFreeUnusedLibraries keeps a locked server");
        cf->lpVtbl->LockServer(cf, FALSE);
        cf->lpVtbl->Release(cf);
    }
    unk = (IUnknown *)1;
    hr = CoCreateInstance(&CLSID_Unknown, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown_, (void **)&unk);
    check(hr == REGDB_E_CLASSNOTREG && unk == NULL, "CoCreateInstance(unregistered) -> REGDB_E_CLASSNOTREG, *ppv NULL");
    hr = CoCreateInstance(&CLSID_Missing, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown_, (void **)&unk);
    check(hr == CO_E_DLLNOTFOUND && unk == NULL, "CoCreateInstance(server DLL missing) -> CO_E_DLLNOTFOUND");
    check(CoCreateInstance(&CLSID_WmemuCalc, NULL, CLSCTX_INPROC_SERVER, &IID_ICalc, NULL) == E_POINTER, "CoCreateInstance(ppv NULL) -> E_POINTER");

    CoFreeUnusedLibraries();
    check(GetModuleHandleW(L"comsrv.dll") == NULL, "CoFreeUnusedLibraries unloads the idle server");

    CoUninitialize();
    CoUninitialize();
    hr = CoCreateInstance(&CLSID_WmemuCalc, NULL, CLSCTX_INPROC_SERVER, &IID_ICalc, (void **)&calc);
    check(hr == CO_E_NOTINITIALIZED, "after the last CoUninitialize -> CO_E_NOTINITIALIZED");
    check(CoInitialize(NULL) == S_OK, "CoInitialize (apartment) after CoUninitialize -> S_OK");
    check(CoInitializeEx(NULL, COINIT_MULTITHREADED) == RPC_E_CHANGED_MODE, "then CoInitializeEx(MULTITHREADED) -> RPC_E_CHANGED_MODE");
    CoUninitialize();

    printf("com: %d failures\n", failures);
    return failures;
}
