/* comsrv.c — a tiny in-process COM server (wmemu's ole32 tests, roms/src/com.c): one class,
 * CLSID_WmemuCalc, whose objects implement ICalc::Add. DllGetClassObject hands out a static class
 * factory; DllCanUnloadNow is S_OK when no object is alive and the server is not locked. */
#include "comsrv.h"

static int g_objects, g_locks;

typedef struct { ICalc iface; ULONG refs; } Calc;

static HRESULT calc_qi(ICalc *This, REFIID riid, void **ppv)
{
    if (IsEqualGUID(riid, &IID_IUnknown_) || IsEqualGUID(riid, &IID_ICalc)) {
        *ppv = This;
        This->lpVtbl->AddRef(This);
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}
static ULONG calc_addref(ICalc *This) { return ++((Calc *)This)->refs; }
static ULONG calc_release(ICalc *This)
{
    Calc *c = (Calc *)This;
    ULONG r = --c->refs;
    if (r == 0) {
        LocalFree(c);
        g_objects--;
        printf("comsrv: object freed\n");
    }
    return r;
}
static HRESULT calc_add(ICalc *This, int a, int b, int *sum)
{
    if (!sum) return E_POINTER;
    *sum = a + b;
    return S_OK;
}
static const ICalcVtbl calc_vtbl = {calc_qi, calc_addref, calc_release, calc_add};

static HRESULT cf_qi(IClassFactory *This, REFIID riid, void **ppv)
{
    if (IsEqualGUID(riid, &IID_IUnknown_) || IsEqualGUID(riid, &IID_IClassFactory_)) {
        *ppv = This;
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}
static ULONG cf_addref(IClassFactory *This) { return 2; }
static ULONG cf_release(IClassFactory *This) { return 1; }
static HRESULT cf_create(IClassFactory *This, IUnknown *outer, REFIID riid, void **ppv)
{
    *ppv = NULL;
    if (outer) return CLASS_E_NOAGGREGATION;
    Calc *c = (Calc *)LocalAlloc(LPTR, sizeof *c);
    if (!c) return 0x8007000EL; /* E_OUTOFMEMORY */
    c->iface.lpVtbl = &calc_vtbl;
    c->refs = 1;
    g_objects++;
    HRESULT hr = calc_qi(&c->iface, riid, ppv);
    calc_release(&c->iface); /* the QI reference is the caller's; on failure this frees it */
    return hr;
}
static HRESULT cf_lock(IClassFactory *This, BOOL lock)
{
    g_locks += lock ? 1 : -1;
    return S_OK;
}
static const IClassFactoryVtbl cf_vtbl = {cf_qi, cf_addref, cf_release, cf_create, cf_lock};
static IClassFactory g_factory = {&cf_vtbl};

__declspec(dllexport) HRESULT DllGetClassObject(REFCLSID clsid, REFIID riid, void **ppv)
{
    printf("comsrv: DllGetClassObject\n");
    if (!IsEqualGUID(clsid, &CLSID_WmemuCalc)) {
        *ppv = NULL;
        return CLASS_E_CLASSNOTAVAILABLE;
    }
    return cf_qi(&g_factory, riid, ppv);
}

__declspec(dllexport) HRESULT DllCanUnloadNow(void) { return g_objects == 0 && g_locks == 0 ? S_OK : S_FALSE; }

BOOL WINAPI DllMain(HINSTANCE hinst, DWORD reason, LPVOID reserved)
{
    if (reason == DLL_PROCESS_ATTACH) printf("comsrv: DLL_PROCESS_ATTACH\n");
    else if (reason == DLL_PROCESS_DETACH) printf("comsrv: DLL_PROCESS_DETACH\n");
    return TRUE;
}
