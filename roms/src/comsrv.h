/* comsrv.h — the class comsrv.dll serves (CLSID_WmemuCalc, interface ICalc), shared with com.c. */
#include <ce_modules.h>
#include <ce_com.h>
static const CLSID CLSID_WmemuCalc = {0x6d1c2f10, 0x3b5a, 0x4c1e, {0x9a, 0x2b, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66}};
static const IID IID_ICalc = {0x6d1c2f11, 0x3b5a, 0x4c1e, {0x9a, 0x2b, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66}};
static const IID IID_IUnknown_ = {0x00000000, 0x0000, 0x0000, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const IID IID_IClassFactory_ = {0x00000001, 0x0000, 0x0000, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
typedef struct ICalc ICalc;
typedef struct ICalcVtbl {
    HRESULT (*QueryInterface)(ICalc *This, REFIID riid, void **ppv);
    ULONG (*AddRef)(ICalc *This);
    ULONG (*Release)(ICalc *This);
    HRESULT (*Add)(ICalc *This, int a, int b, int *sum);
} ICalcVtbl;
struct ICalc { const ICalcVtbl *lpVtbl; };
