/* ole2.c — wmemu's ole32.dll beyond CoCreateInstance (imported by name through roms/src/ole32.def):
 * CreateBindCtx / IBindCtx (bound objects, bind options, object parameters), the running object table
 * (GetRunningObjectTable and through a bind context), CreateOleAdviseHolder / IOleAdviseHolder,
 * ReleaseStgMedium for each medium and OleRun; the expected values are those of the Win32 documentation
 * and Wine's ole32 tests (moniker.c test_bind_context, test_ROT). Every guest object counts its
 * references, so each AddRef/Release ole32 makes is checked. ok/FAIL lines; exit code = failures. */
#include <ce_ole2.h>

WINBASEAPI DWORD WINAPI GetObjectType(HGDIOBJ h); /* 922 */

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

/* A counting object: IUnknown, IMoniker (IsEqual compares a key), IAdviseSink (counts calls),
 * IRunnableObject (Run counts). One vtable with enough slots for each use. */
typedef struct Obj { const void *vtbl; int refs; int key; int renames, saves, closes, runs; IMoniker *renamed; } Obj;
static const IID IID_IUnknown_ = {0, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const IID IID_IRunnableObject_ = {0x126, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const IID IID_IViewObject_ = {0x10d, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static int runnable_enabled, view_enabled;
static HRESULT o_qi(Obj *o, REFIID riid, void **ppv)
{
    if (IsEqualGUID(riid, &IID_IUnknown_) || (runnable_enabled && IsEqualGUID(riid, &IID_IRunnableObject_)) || (view_enabled && IsEqualGUID(riid, &IID_IViewObject_))) {
        o->refs++;
        *ppv = o;
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}
static ULONG o_addref(Obj *o) { return ++o->refs; }
static ULONG o_release(Obj *o) { return --o->refs; }
static HRESULT o_isequal(Obj *o, Obj *other) { return o->key == other->key ? S_OK : S_FALSE; }
static void o_ondatachange(Obj *o, void *a, void *b) {}
static void o_onviewchange(Obj *o, DWORD a, LONG b) {}
static void o_onrename(Obj *o, IMoniker *pmk) { o->renames++; o->renamed = pmk; }
static void o_onsave(Obj *o) { o->saves++; }
static void o_onclose(Obj *o) { o->closes++; }
static HRESULT o_getrunningclass(Obj *o, CLSID *c) { return E_NOTIMPL; }
static HRESULT o_run(Obj *o, IBindCtx *pbc) { o->runs++; return pbc == NULL ? 0x00040000 /* a success code to pass on */ : E_FAIL; }

/* IViewObject::Draw: records its arguments. */
static struct { DWORD aspect; LONG lindex; void *aspectp, *ptd; HDC target, hdc; const RECT *bounds; void *wbounds, *cont; DWORD contarg; int calls; } drawn;
static HRESULT o_draw(Obj *o, DWORD aspect, LONG lindex, void *pv, void *ptd, HDC target, HDC hdc, const RECT *b, void *wb, void *cont, DWORD arg)
{
    drawn.aspect = aspect; drawn.lindex = lindex; drawn.aspectp = pv; drawn.ptd = ptd; drawn.target = target; drawn.hdc = hdc;
    drawn.bounds = b; drawn.wbounds = wb; drawn.cont = cont; drawn.contarg = arg; drawn.calls++;
    return 0x00040002; /* a success code to pass on */
}
static const void *view_vtbl[] = {o_qi, o_addref, o_release, o_draw};
static const void *sink_vtbl[] = {o_qi, o_addref, o_release, o_ondatachange, o_onviewchange, o_onrename, o_onsave, o_onclose};
static const void *runnable_vtbl[] = {o_qi, o_addref, o_release, o_getrunningclass, o_run};
static const void *moniker_vtbl[23] = {o_qi, o_addref, o_release, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, o_isequal};

static Obj mk(const void *vtbl, int key) { Obj o = {vtbl, 1, key, 0, 0, 0, 0, 0}; return o; }
#define UNK(o) ((IUnknown *)&(o))

static void bind_contexts(void)
{
    IBindCtx *bc = (IBindCtx *)1;
    check(CreateBindCtx(0, NULL) == E_INVALIDARG, "CreateBindCtx(0, NULL) -> E_INVALIDARG");
    check(CreateBindCtx(0xdeadbeef, &bc) == E_INVALIDARG, "CreateBindCtx(reserved) -> E_INVALIDARG");
    check(CreateBindCtx(0, &bc) == S_OK && bc, "CreateBindCtx");

    BIND_OPTS2 o2;
    o2.cbStruct = (DWORD)-1;
    check(bc->lpVtbl->GetBindOptions(bc, (BIND_OPTS *)&o2) == S_OK && o2.cbStruct == sizeof o2, "GetBindOptions(cbStruct -1) -> sizeof(BIND_OPTS2)");
    check(o2.grfFlags == 0 && o2.grfMode == STGM_READWRITE && o2.dwTickCountDeadline == 0 && o2.dwTrackFlags == 0, "default bind options");
    check(o2.dwClassContext == 0x15 && o2.locale == 0x409 && o2.pServerInfo == NULL, "BIND_OPTS2 defaults: CLSCTX_SERVER, locale, no server info");
    BIND_OPTS o1 = {sizeof o1, 0, 0, 0};
    o1.grfFlags = 1; /* BIND_MAYBOTHERUSER */
    o1.grfMode = STGM_READ | STGM_SHARE_DENY_WRITE;
    o1.dwTickCountDeadline = 5000;
    check(bc->lpVtbl->SetBindOptions(bc, &o1) == S_OK, "SetBindOptions(BIND_OPTS)");
    o2.cbStruct = sizeof o2;
    check(bc->lpVtbl->GetBindOptions(bc, (BIND_OPTS *)&o2) == S_OK && o2.grfFlags == 1 && o2.grfMode == (STGM_READ | STGM_SHARE_DENY_WRITE) &&
              o2.dwTickCountDeadline == 5000 && o2.dwClassContext == 0x15 && o2.cbStruct == sizeof o2,
          "GetBindOptions returns what was set, the rest kept");
    BIND_OPTS small = {sizeof small, 9, 9, 9};
    check(bc->lpVtbl->GetBindOptions(bc, &small) == S_OK && small.cbStruct == sizeof small && small.dwTickCountDeadline == 5000, "GetBindOptions(BIND_OPTS) keeps cbStruct 16");
    o2.cbStruct = (DWORD)-1;
    check(bc->lpVtbl->SetBindOptions(bc, (BIND_OPTS *)&o2) == E_INVALIDARG, "SetBindOptions(cbStruct too big) -> E_INVALIDARG");

    Obj p = mk(sink_vtbl, 0), p2 = mk(sink_vtbl, 0);
    IUnknown *got = (IUnknown *)1;
    check(bc->lpVtbl->RegisterObjectParam(bc, L"Gemma", NULL) == E_INVALIDARG, "RegisterObjectParam(NULL) -> E_INVALIDARG");
    check(bc->lpVtbl->RegisterObjectParam(bc, L"Gemma", UNK(p)) == S_OK && p.refs == 2, "RegisterObjectParam AddRefs");
    check(bc->lpVtbl->GetObjectParam(bc, L"Gemma", &got) == S_OK && got == UNK(p) && p.refs == 3, "GetObjectParam AddRefs");
    got->lpVtbl->Release(got);
    check(bc->lpVtbl->GetObjectParam(bc, L"gemma", &got) == E_FAIL && got == NULL, "GetObjectParam is case sensitive: E_FAIL, NULL");
    check(bc->lpVtbl->GetObjectParam(bc, L"NonExistent", &got) == E_FAIL && got == NULL, "GetObjectParam(unknown) -> E_FAIL, NULL");
    check(bc->lpVtbl->RevokeObjectParam(bc, L"NonExistent") == E_FAIL, "RevokeObjectParam(unknown) -> E_FAIL");
    check(bc->lpVtbl->RegisterObjectParam(bc, L"Gemma", UNK(p2)) == S_OK && p.refs == 1 && p2.refs == 2, "RegisterObjectParam again replaces (old Released)");
    check(bc->lpVtbl->RegisterObjectParam(bc, L"Other", UNK(p)) == S_OK && p.refs == 2, "a second parameter");
    check(bc->lpVtbl->RevokeObjectParam(bc, L"Other") == S_OK && p.refs == 1, "RevokeObjectParam Releases");
    void *en = (void *)1;
    check(bc->lpVtbl->EnumObjectParam(bc, &en) == E_NOTIMPL && en == NULL, "EnumObjectParam -> E_NOTIMPL, NULL");

    Obj b1 = mk(sink_vtbl, 0), b2 = mk(sink_vtbl, 0);
    check(bc->lpVtbl->RegisterObjectBound(bc, NULL) == S_OK, "RegisterObjectBound(NULL) -> S_OK");
    check(bc->lpVtbl->RevokeObjectBound(bc, NULL) == E_INVALIDARG, "RevokeObjectBound(NULL) -> E_INVALIDARG");
    check(bc->lpVtbl->RegisterObjectBound(bc, UNK(b1)) == S_OK && b1.refs == 2, "RegisterObjectBound AddRefs");
    check(bc->lpVtbl->RegisterObjectBound(bc, UNK(b2)) == S_OK && b2.refs == 2, "RegisterObjectBound a second");
    check(bc->lpVtbl->RevokeObjectBound(bc, UNK(b1)) == S_OK && b1.refs == 1, "RevokeObjectBound Releases");
    check(bc->lpVtbl->RevokeObjectBound(bc, UNK(b1)) == MK_E_NOTBOUND, "RevokeObjectBound again -> MK_E_NOTBOUND");
    check(bc->lpVtbl->ReleaseBoundObjects(bc) == S_OK && b2.refs == 1 && p2.refs == 2, "ReleaseBoundObjects Releases the bound, not the parameters");
    check(bc->lpVtbl->RegisterObjectBound(bc, UNK(b1)) == S_OK && b1.refs == 2, "bound again");

    IUnknown *q = NULL;
    static const IID IID_IBindCtx_ = {0xe, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
    static const IID IID_IClassFactory_ = {1, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
    check(bc->lpVtbl->QueryInterface(bc, &IID_IBindCtx_, (void **)&q) == S_OK && q == (IUnknown *)bc, "QueryInterface(IID_IBindCtx)");
    check(q->lpVtbl->Release(q) == 1, "Release after QueryInterface -> 1");
    check(bc->lpVtbl->QueryInterface(bc, &IID_IClassFactory_, (void **)&q) == E_NOINTERFACE && q == NULL, "QueryInterface(other) -> E_NOINTERFACE");

    IRunningObjectTable *rot = NULL, *rot2 = NULL;
    check(bc->lpVtbl->GetRunningObjectTable(bc, &rot) == S_OK && rot, "IBindCtx::GetRunningObjectTable");
    check(GetRunningObjectTable(0, &rot2) == S_OK && rot2 == rot, "GetRunningObjectTable: the same table");
    check(GetRunningObjectTable(1, &rot2) == E_INVALIDARG, "GetRunningObjectTable(reserved) -> E_INVALIDARG");
    rot->lpVtbl->Release(rot);
    rot->lpVtbl->Release(rot);

    check(bc->lpVtbl->Release(bc) == 0 && b1.refs == 1 && p2.refs == 1 && p.refs == 1, "last Release frees the bound objects and parameters");
}

static void running_objects(void)
{
    IRunningObjectTable *rot = NULL;
    check(GetRunningObjectTable(0, &rot) == S_OK && rot, "GetRunningObjectTable");
    Obj obj = mk(sink_vtbl, 0), obj2 = mk(sink_vtbl, 0), name = mk(moniker_vtbl, 7), same = mk(moniker_vtbl, 7), other = mk(moniker_vtbl, 8);
    DWORD c1 = 0, c2 = 0;
    check(rot->lpVtbl->Register(rot, 0, NULL, (IMoniker *)&name, &c1) == E_INVALIDARG, "Register(NULL object) -> E_INVALIDARG");
    check(rot->lpVtbl->Register(rot, 4, UNK(obj), (IMoniker *)&name, &c1) == E_INVALIDARG, "Register(bad flags) -> E_INVALIDARG");
    check(rot->lpVtbl->Register(rot, 1, UNK(obj), (IMoniker *)&name, &c1) == S_OK && c1 && obj.refs == 2 && name.refs == 2, "Register AddRefs object and moniker");
    check(rot->lpVtbl->IsRunning(rot, (IMoniker *)&same) == S_OK, "IsRunning(an equal moniker) -> S_OK");
    check(rot->lpVtbl->IsRunning(rot, (IMoniker *)&other) == S_FALSE, "IsRunning(another) -> S_FALSE");
    IUnknown *got = (IUnknown *)1;
    check(rot->lpVtbl->GetObject(rot, (IMoniker *)&same, &got) == S_OK && got == UNK(obj) && obj.refs == 3, "GetObject AddRefs");
    got->lpVtbl->Release(got);
    check(rot->lpVtbl->GetObject(rot, (IMoniker *)&other, &got) == MK_E_UNAVAILABLE && got == NULL, "GetObject(not running) -> MK_E_UNAVAILABLE, NULL");
    check(rot->lpVtbl->Register(rot, 0, UNK(obj2), (IMoniker *)&same, &c2) == MK_S_MONIKERALREADYREGISTERED && c2 && c2 != c1, "Register an equal moniker -> MK_S_MONIKERALREADYREGISTERED");
    FILETIME ft = {0x12345678, 0x01d00000}, back = {0, 0};
    check(rot->lpVtbl->NoteChangeTime(rot, c1, &ft) == S_OK, "NoteChangeTime");
    check(rot->lpVtbl->GetTimeOfLastChange(rot, (IMoniker *)&name, &back) == S_OK && back.dwLowDateTime == ft.dwLowDateTime && back.dwHighDateTime == ft.dwHighDateTime,
          "GetTimeOfLastChange returns it");
    check(rot->lpVtbl->GetTimeOfLastChange(rot, (IMoniker *)&other, &back) == MK_E_UNAVAILABLE, "GetTimeOfLastChange(not running) -> MK_E_UNAVAILABLE");
    check(rot->lpVtbl->NoteChangeTime(rot, 0xdead, &ft) == E_INVALIDARG, "NoteChangeTime(unknown cookie) -> E_INVALIDARG");
    check(rot->lpVtbl->Revoke(rot, c1) == S_OK && obj.refs == 1 && name.refs == 1, "Revoke Releases object and moniker");
    check(rot->lpVtbl->Revoke(rot, c1) == E_INVALIDARG, "Revoke again -> E_INVALIDARG");
    check(rot->lpVtbl->Revoke(rot, c2) == S_OK && obj2.refs == 1 && same.refs == 1, "Revoke the second");
    check(rot->lpVtbl->IsRunning(rot, (IMoniker *)&name) == S_FALSE, "IsRunning after Revoke -> S_FALSE");
    rot->lpVtbl->Release(rot);
}

static void advise_holders(void)
{
    IOleAdviseHolder *h = NULL;
    check(CreateOleAdviseHolder(NULL) == E_INVALIDARG, "CreateOleAdviseHolder(NULL) -> E_INVALIDARG");
    check(CreateOleAdviseHolder(&h) == S_OK && h, "CreateOleAdviseHolder");
    Obj s1 = mk(sink_vtbl, 0), s2 = mk(sink_vtbl, 0), pmk = mk(moniker_vtbl, 1);
    DWORD c1 = 0, c2 = 0;
    check(h->lpVtbl->Advise(h, NULL, &c1) == E_INVALIDARG, "Advise(NULL) -> E_INVALIDARG");
    check(h->lpVtbl->Advise(h, (IAdviseSink *)&s1, &c1) == S_OK && c1 != 0 && s1.refs == 2, "Advise AddRefs, a nonzero connection");
    check(h->lpVtbl->Advise(h, (IAdviseSink *)&s2, &c2) == S_OK && c2 != 0 && c2 != c1 && s2.refs == 2, "Advise a second sink");
    check(h->lpVtbl->SendOnRename(h, (IMoniker *)&pmk) == S_OK && s1.renames == 1 && s2.renames == 1 && s1.renamed == (IMoniker *)&pmk, "SendOnRename reaches both");
    check(h->lpVtbl->SendOnSave(h) == S_OK && s1.saves == 1 && s2.saves == 1, "SendOnSave reaches both");
    check(h->lpVtbl->Unadvise(h, c1) == S_OK && s1.refs == 1, "Unadvise Releases");
    check(h->lpVtbl->Unadvise(h, c1) == OLE_E_NOCONNECTION, "Unadvise again -> OLE_E_NOCONNECTION");
    check(h->lpVtbl->Unadvise(h, 0) == OLE_E_NOCONNECTION, "Unadvise(0) -> OLE_E_NOCONNECTION");
    check(h->lpVtbl->SendOnClose(h) == S_OK && s1.closes == 0 && s2.closes == 1, "SendOnClose reaches only the connected sink");
    check(h->lpVtbl->Release(h) == 0 && s2.refs == 1, "last Release Releases the connected sinks");
}

static void stg_mediums(void)
{
    STGMEDIUM m;
    ReleaseStgMedium(NULL);
    check(1, "ReleaseStgMedium(NULL) returns");

    void *block = LocalAlloc(0, 64);
    m.tymed = TYMED_HGLOBAL; m.data = block; m.pUnkForRelease = NULL;
    ReleaseStgMedium(&m);
    check(LocalSize(block) == 0 && m.tymed == TYMED_NULL && m.data == NULL, "TYMED_HGLOBAL: the block is freed, the medium cleared");

    Obj owner = mk(sink_vtbl, 0);
    block = LocalAlloc(0, 64);
    m.tymed = TYMED_HGLOBAL; m.data = block; m.pUnkForRelease = UNK(owner);
    owner.refs = 2;
    ReleaseStgMedium(&m);
    check(LocalSize(block) == 64 && owner.refs == 1, "TYMED_HGLOBAL with pUnkForRelease: block kept, owner Released");
    LocalFree(block);

    HBRUSH br = CreateSolidBrush(0x00ff00);
    m.tymed = TYMED_GDI; m.data = br; m.pUnkForRelease = NULL;
    ReleaseStgMedium(&m);
    check(GetObjectType(br) == 0, "TYMED_GDI: DeleteObject");

    Obj stm = mk(sink_vtbl, 0);
    stm.refs = 2;
    m.tymed = TYMED_ISTREAM; m.data = &stm; m.pUnkForRelease = UNK(owner);
    owner.refs = 2;
    ReleaseStgMedium(&m);
    check(stm.refs == 1 && owner.refs == 1, "TYMED_ISTREAM with pUnkForRelease: both Released");
    m.tymed = TYMED_ISTORAGE; m.data = &stm; m.pUnkForRelease = NULL;
    ReleaseStgMedium(&m);
    check(stm.refs == 0, "TYMED_ISTORAGE: Released");

    static const WCHAR path[] = L"\\medium.tmp";
    HANDLE f = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    CloseHandle(f);
    WCHAR *name = CoTaskMemAlloc(sizeof path);
    for (unsigned i = 0; i < sizeof path / 2; i++) name[i] = path[i];
    m.tymed = TYMED_FILE; m.data = name; m.pUnkForRelease = UNK(owner);
    owner.refs = 2;
    ReleaseStgMedium(&m);
    check(GetFileAttributesW(path) != 0xFFFFFFFF && CoTaskMemSize(name) == 0 && owner.refs == 1, "TYMED_FILE with pUnkForRelease: file kept, name freed");
    name = CoTaskMemAlloc(sizeof path);
    for (unsigned i = 0; i < sizeof path / 2; i++) name[i] = path[i];
    m.tymed = TYMED_FILE; m.data = name; m.pUnkForRelease = NULL;
    ReleaseStgMedium(&m);
    check(GetFileAttributesW(path) == 0xFFFFFFFF && CoTaskMemSize(name) == 0, "TYMED_FILE: file deleted, name freed");
}

static void ole_run(void)
{
    Obj plain = mk(runnable_vtbl, 0);
    check(OleRun(UNK(plain)) == S_OK && plain.runs == 0 && plain.refs == 1, "OleRun of an object without IRunnableObject -> S_OK");
    runnable_enabled = 1;
    check(OleRun(UNK(plain)) == 0x00040000 && plain.runs == 1 && plain.refs == 1, "OleRun calls IRunnableObject::Run(NULL), passes its result, Releases");
    runnable_enabled = 0;
}

static void ole_draw(void)
{
    Obj v = mk(view_vtbl, 0);
    RECT r = {1, 2, 30, 40};
    check(OleDraw(UNK(v), 1, (HDC)0x1234, &r) == DV_E_NOIVIEWOBJECT && drawn.calls == 0, "OleDraw without IViewObject -> DV_E_NOIVIEWOBJECT");
    view_enabled = 1;
    check(OleDraw(UNK(v), 1, (HDC)0x1234, &r) == 0x00040002 && drawn.calls == 1 && v.refs == 1, "OleDraw calls IViewObject::Draw, passes its result, Releases");
    check(drawn.aspect == 1 && drawn.lindex == -1 && !drawn.aspectp && !drawn.ptd && !drawn.target && drawn.hdc == (HDC)0x1234 && drawn.bounds == &r && !drawn.wbounds && !drawn.cont && !drawn.contarg,
          "Draw(aspect, -1, NULL, NULL, NULL, hdc, bounds, NULL, NULL, 0)");
    view_enabled = 0;
}

/* The worker thread gets the interface out of the stream, uses it, releases it. */
static IStream *g_stm;
static IUnknown *g_got;
static HRESULT g_hr;
static DWORD WINAPI worker(LPVOID arg)
{
    g_hr = CoGetInterfaceAndReleaseStream(g_stm, &IID_IUnknown_, (void **)&g_got);
    if (g_hr == S_OK) ((Obj *)g_got)->renames++; /* "a call" on the other thread */
    return 0;
}

static void marshal_threads(void)
{
    Obj o = mk(sink_vtbl, 0);
    IStream *stm = (IStream *)1;
    check(CoMarshalInterThreadInterfaceInStream(&IID_IUnknown_, NULL, &stm) == E_INVALIDARG, "CoMarshalInterThreadInterfaceInStream(NULL) -> E_INVALIDARG");
    check(CoMarshalInterThreadInterfaceInStream(&IID_IViewObject_, UNK(o), &stm) == E_NOINTERFACE && stm == NULL && o.refs == 1, "an interface the object lacks -> E_NOINTERFACE");
    check(CoMarshalInterThreadInterfaceInStream(&IID_IUnknown_, UNK(o), &g_stm) == S_OK && g_stm && o.refs == 2, "CoMarshalInterThreadInterfaceInStream holds a reference");
    HANDLE t = CreateThread(NULL, 0, worker, NULL, 0, NULL);
    WaitForSingleObject(t, 10000);
    CloseHandle(t);
    check(g_hr == S_OK && g_got == UNK(o) && o.renames == 1 && o.refs == 2, "CoGetInterfaceAndReleaseStream on another thread: the object, one reference for the caller");
    g_got->lpVtbl->Release(g_got);
    check(o.refs == 1, "released: back to the owner's reference");
    IStream *plain = NULL;
    IUnknown *x = (IUnknown *)1;
    check(CreateStreamOnHGlobal(NULL, TRUE, &plain) == S_OK && CoGetInterfaceAndReleaseStream(plain, &IID_IUnknown_, (void **)&x) == RPC_E_INVALID_OBJREF && x == NULL,
          "a stream without a marshaled interface -> RPC_E_INVALID_OBJREF, NULL");
}

int WINAPI WinMain(HINSTANCE h, HINSTANCE p, LPWSTR cmd, int show)
{
    bind_contexts();
    running_objects();
    advise_holders();
    stg_mediums();
    ole_run();
    ole_draw();
    marshal_threads();
    printf("ole2: %d failures\n", failures);
    return failures;
}
