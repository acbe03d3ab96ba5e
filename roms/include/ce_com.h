/* ce_com.h — the bit of COM (objbase.h / unknwn.h) the wmemu ROMs use: GUIDs, IUnknown, IClassFactory,
 * and the ole32.dll exports implemented by wmemu (imported by name through roms/src/ole32.def). */
#ifndef CE_COM_H
#define CE_COM_H
#include <windows.h>
#include <ce_crt.h>

typedef struct _GUID { DWORD Data1; WORD Data2; WORD Data3; BYTE Data4[8]; } GUID, IID, CLSID;
typedef const GUID *REFGUID, *REFIID, *REFCLSID;
typedef unsigned long ULONG;

#ifndef S_OK
#define S_OK 0
#endif
#define S_FALSE                   ((HRESULT)1)
#define E_NOINTERFACE             ((HRESULT)0x80004002L)
#define E_POINTER                 ((HRESULT)0x80004003L)
#define E_INVALIDARG              ((HRESULT)0x80070057L)
#define CLASS_E_NOAGGREGATION     ((HRESULT)0x80040110L)
#define CLASS_E_CLASSNOTAVAILABLE ((HRESULT)0x80040111L)
#define REGDB_E_CLASSNOTREG       ((HRESULT)0x80040154L)
#define CO_E_NOTINITIALIZED       ((HRESULT)0x800401F0L)
#define CO_E_CLASSSTRING          ((HRESULT)0x800401F3L)
#define CO_E_IIDSTRING            ((HRESULT)0x800401F4L)
#define CO_E_DLLNOTFOUND          ((HRESULT)0x800401F8L)
#define RPC_E_CHANGED_MODE        ((HRESULT)0x80010106L)
#define COINIT_MULTITHREADED      0x0
#define COINIT_APARTMENTTHREADED  0x2
#define CLSCTX_INPROC_SERVER      0x1

typedef struct IUnknown IUnknown;
typedef struct IUnknownVtbl {
    HRESULT (*QueryInterface)(IUnknown *This, REFIID riid, void **ppv);
    ULONG (*AddRef)(IUnknown *This);
    ULONG (*Release)(IUnknown *This);
} IUnknownVtbl;
struct IUnknown { const IUnknownVtbl *lpVtbl; };

typedef struct IClassFactory IClassFactory;
typedef struct IClassFactoryVtbl {
    HRESULT (*QueryInterface)(IClassFactory *This, REFIID riid, void **ppv);
    ULONG (*AddRef)(IClassFactory *This);
    ULONG (*Release)(IClassFactory *This);
    HRESULT (*CreateInstance)(IClassFactory *This, IUnknown *outer, REFIID riid, void **ppv);
    HRESULT (*LockServer)(IClassFactory *This, BOOL lock);
} IClassFactoryVtbl;
struct IClassFactory { const IClassFactoryVtbl *lpVtbl; };

static inline int IsEqualGUID(REFGUID a, REFGUID b)
{
    const BYTE *x = (const BYTE *)a, *y = (const BYTE *)b;
    for (int i = 0; i < 16; i++) if (x[i] != y[i]) return 0;
    return 1;
}

#define OLEAPI __declspec(dllimport) HRESULT
OLEAPI CoInitializeEx(void *reserved, DWORD coinit);
OLEAPI CoInitialize(void *reserved);
__declspec(dllimport) void CoUninitialize(void);
OLEAPI CoCreateInstance(REFCLSID clsid, IUnknown *outer, DWORD ctx, REFIID riid, void **ppv);
OLEAPI CoGetClassObject(REFCLSID clsid, DWORD ctx, void *serverInfo, REFIID riid, void **ppv);
__declspec(dllimport) void CoFreeUnusedLibraries(void);
OLEAPI CLSIDFromString(LPCWSTR s, CLSID *clsid);
OLEAPI IIDFromString(LPCWSTR s, IID *iid);
OLEAPI CLSIDFromProgID(LPCWSTR progId, CLSID *clsid);
OLEAPI StringFromCLSID(REFCLSID clsid, LPWSTR *out);
__declspec(dllimport) int StringFromGUID2(REFGUID g, LPWSTR buf, int cch);
__declspec(dllimport) void *CoTaskMemAlloc(DWORD cb);
__declspec(dllimport) void *CoTaskMemRealloc(void *pv, DWORD cb);
__declspec(dllimport) void CoTaskMemFree(void *pv);
__declspec(dllimport) DWORD CoTaskMemSize(void *pv);
OLEAPI CoCreateGuid(GUID *g);
OLEAPI CoSetState(IUnknown *state);

/* IStream. CE's compiler passes a LARGE_INTEGER argument in the next two words without aligning it to an
 * even register (shdocvw.dll calls IStream::Seek with the offset in R1:R2, the origin in R3), unlike
 * clang's AAPCS for thumbv7-windows: the ROMs spell the halves out so both pass them the same way. */
typedef struct IStream IStream;
typedef struct IStreamVtbl {
    HRESULT (*QueryInterface)(IStream *This, REFIID riid, void **ppv);
    ULONG (*AddRef)(IStream *This);
    ULONG (*Release)(IStream *This);
    HRESULT (*Read)(IStream *This, void *pv, ULONG cb, ULONG *read);
    HRESULT (*Write)(IStream *This, const void *pv, ULONG cb, ULONG *written);
    HRESULT (*Seek)(IStream *This, DWORD moveLo, LONG moveHi, DWORD origin, unsigned long long *newPos);
    HRESULT (*SetSize)(IStream *This, DWORD sizeLo, DWORD sizeHi);
    HRESULT (*CopyTo)(IStream *This, IStream *to, DWORD cbLo, DWORD cbHi, unsigned long long *read, unsigned long long *written);
    HRESULT (*Commit)(IStream *This, DWORD flags);
    HRESULT (*Revert)(IStream *This);
    HRESULT (*LockRegion)(IStream *This, DWORD offLo, DWORD offHi, DWORD cbLo, DWORD cbHi, DWORD type);
    HRESULT (*UnlockRegion)(IStream *This, DWORD offLo, DWORD offHi, DWORD cbLo, DWORD cbHi, DWORD type);
    HRESULT (*Stat)(IStream *This, void *statstg, DWORD flag);
    HRESULT (*Clone)(IStream *This, IStream **out);
} IStreamVtbl;
OLEAPI CreateStreamOnHGlobal(void *hGlobal, BOOL deleteOnRelease, IStream **out);
OLEAPI GetHGlobalFromStream(IStream *stm, void **hGlobal);
struct IStream { const IStreamVtbl *lpVtbl; };
OLEAPI WriteClassStm(IStream *stm, REFCLSID clsid);
OLEAPI ReadClassStm(IStream *stm, CLSID *clsid);
#define STG_E_READFAULT ((HRESULT)0x8003001EL)
#endif
