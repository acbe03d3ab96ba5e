/* ce_ole2.h — bind contexts, the running object table, advise holders, STGMEDIUM and structured storage
 * (objidl.h / ole2.h) as far as the wmemu ROMs use them; the ole32.dll exports are imported by name
 * through roms/src/ole32.def. */
#ifndef CE_OLE2_H
#define CE_OLE2_H
#include <ce_com.h>
#include <ce_files.h>
#include <wingdi.h>

#define E_NOTIMPL        ((HRESULT)0x80004001L)
#define E_FAIL           ((HRESULT)0x80004005L)
#define MK_E_NOTBOUND    ((HRESULT)0x800401E9L)
#define MK_E_UNAVAILABLE ((HRESULT)0x800401E3L)
#define MK_S_MONIKERALREADYREGISTERED ((HRESULT)0x000401E7L)
#define OLE_E_NOCONNECTION ((HRESULT)0x80040004L)
#define STGM_READ        0x0
#define STGM_WRITE       0x1
#define STGM_READWRITE   0x2
#define STGM_SHARE_DENY_NONE  0x40
#define STGM_SHARE_DENY_READ  0x30
#define STGM_SHARE_DENY_WRITE 0x20
#define STGM_SHARE_EXCLUSIVE  0x10
#define STGM_CREATE      0x1000
#define STGM_TRANSACTED  0x10000
#define STGM_FAILIFTHERE 0x0
#define STGM_DELETEONRELEASE 0x4000000

typedef struct { DWORD cbStruct, grfFlags, grfMode, dwTickCountDeadline; } BIND_OPTS;
typedef struct { DWORD cbStruct, grfFlags, grfMode, dwTickCountDeadline, dwTrackFlags, dwClassContext; DWORD locale; void *pServerInfo; } BIND_OPTS2;

typedef struct IRunningObjectTable IRunningObjectTable;
typedef struct IBindCtx IBindCtx;
typedef struct IBindCtxVtbl {
    HRESULT (*QueryInterface)(IBindCtx *This, REFIID riid, void **ppv);
    ULONG (*AddRef)(IBindCtx *This);
    ULONG (*Release)(IBindCtx *This);
    HRESULT (*RegisterObjectBound)(IBindCtx *This, IUnknown *punk);
    HRESULT (*RevokeObjectBound)(IBindCtx *This, IUnknown *punk);
    HRESULT (*ReleaseBoundObjects)(IBindCtx *This);
    HRESULT (*SetBindOptions)(IBindCtx *This, BIND_OPTS *opts);
    HRESULT (*GetBindOptions)(IBindCtx *This, BIND_OPTS *opts);
    HRESULT (*GetRunningObjectTable)(IBindCtx *This, IRunningObjectTable **rot);
    HRESULT (*RegisterObjectParam)(IBindCtx *This, LPCWSTR key, IUnknown *punk);
    HRESULT (*GetObjectParam)(IBindCtx *This, LPCWSTR key, IUnknown **punk);
    HRESULT (*EnumObjectParam)(IBindCtx *This, void **penum);
    HRESULT (*RevokeObjectParam)(IBindCtx *This, LPCWSTR key);
} IBindCtxVtbl;
struct IBindCtx { const IBindCtxVtbl *lpVtbl; };

/* IMoniker: only IsEqual (slot 13) is called by the running object table; the rest are placeholders. */
typedef struct IMoniker IMoniker;
typedef struct IMonikerVtbl {
    HRESULT (*QueryInterface)(IMoniker *This, REFIID riid, void **ppv);
    ULONG (*AddRef)(IMoniker *This);
    ULONG (*Release)(IMoniker *This);
    void *unused[10];
    HRESULT (*IsEqual)(IMoniker *This, IMoniker *other);
    void *unused2[9];
} IMonikerVtbl;
struct IMoniker { const IMonikerVtbl *lpVtbl; };

typedef struct IRunningObjectTableVtbl {
    HRESULT (*QueryInterface)(IRunningObjectTable *This, REFIID riid, void **ppv);
    ULONG (*AddRef)(IRunningObjectTable *This);
    ULONG (*Release)(IRunningObjectTable *This);
    HRESULT (*Register)(IRunningObjectTable *This, DWORD flags, IUnknown *obj, IMoniker *name, DWORD *cookie);
    HRESULT (*Revoke)(IRunningObjectTable *This, DWORD cookie);
    HRESULT (*IsRunning)(IRunningObjectTable *This, IMoniker *name);
    HRESULT (*GetObject)(IRunningObjectTable *This, IMoniker *name, IUnknown **obj);
    HRESULT (*NoteChangeTime)(IRunningObjectTable *This, DWORD cookie, FILETIME *ft);
    HRESULT (*GetTimeOfLastChange)(IRunningObjectTable *This, IMoniker *name, FILETIME *ft);
    HRESULT (*EnumRunning)(IRunningObjectTable *This, void **penum);
} IRunningObjectTableVtbl;
struct IRunningObjectTable { const IRunningObjectTableVtbl *lpVtbl; };

typedef struct IAdviseSink IAdviseSink;
typedef struct IAdviseSinkVtbl {
    HRESULT (*QueryInterface)(IAdviseSink *This, REFIID riid, void **ppv);
    ULONG (*AddRef)(IAdviseSink *This);
    ULONG (*Release)(IAdviseSink *This);
    void (*OnDataChange)(IAdviseSink *This, void *fmt, void *medium);
    void (*OnViewChange)(IAdviseSink *This, DWORD aspect, LONG index);
    void (*OnRename)(IAdviseSink *This, IMoniker *pmk);
    void (*OnSave)(IAdviseSink *This);
    void (*OnClose)(IAdviseSink *This);
} IAdviseSinkVtbl;
struct IAdviseSink { const IAdviseSinkVtbl *lpVtbl; };

typedef struct IOleAdviseHolder IOleAdviseHolder;
typedef struct IOleAdviseHolderVtbl {
    HRESULT (*QueryInterface)(IOleAdviseHolder *This, REFIID riid, void **ppv);
    ULONG (*AddRef)(IOleAdviseHolder *This);
    ULONG (*Release)(IOleAdviseHolder *This);
    HRESULT (*Advise)(IOleAdviseHolder *This, IAdviseSink *sink, DWORD *conn);
    HRESULT (*Unadvise)(IOleAdviseHolder *This, DWORD conn);
    HRESULT (*EnumAdvise)(IOleAdviseHolder *This, void **penum);
    HRESULT (*SendOnRename)(IOleAdviseHolder *This, IMoniker *pmk);
    HRESULT (*SendOnSave)(IOleAdviseHolder *This);
    HRESULT (*SendOnClose)(IOleAdviseHolder *This);
} IOleAdviseHolderVtbl;
struct IOleAdviseHolder { const IOleAdviseHolderVtbl *lpVtbl; };

#define TYMED_NULL 0
#define TYMED_HGLOBAL 1
#define TYMED_FILE 2
#define TYMED_ISTREAM 4
#define TYMED_ISTORAGE 8
#define TYMED_GDI 16
typedef struct { DWORD tymed; void *data; IUnknown *pUnkForRelease; } STGMEDIUM;

OLEAPI CreateBindCtx(DWORD reserved, IBindCtx **ppbc);
OLEAPI GetRunningObjectTable(DWORD reserved, IRunningObjectTable **pprot);
OLEAPI CreateOleAdviseHolder(IOleAdviseHolder **pp);
__declspec(dllimport) void ReleaseStgMedium(STGMEDIUM *medium);
OLEAPI OleRun(IUnknown *unk);
OLEAPI CoMarshalInterThreadInterfaceInStream(REFIID riid, IUnknown *unk, IStream **stm);
OLEAPI CoGetInterfaceAndReleaseStream(IStream *stm, REFIID riid, void **ppv);
#define RPC_E_INVALID_OBJREF ((HRESULT)0x8001011DL)
OLEAPI OleDraw(IUnknown *unk, DWORD aspect, HDC hdc, const RECT *bounds);
#define DV_E_NOIVIEWOBJECT ((HRESULT)0x80040068L)
/* Structured storage. */
#define STG_E_FILENOTFOUND      ((HRESULT)0x80030002L)
#define STG_E_PATHNOTFOUND      ((HRESULT)0x80030003L)
#define STG_E_ACCESSDENIED      ((HRESULT)0x80030005L)
#define STG_E_INVALIDPOINTER    ((HRESULT)0x80030009L)
#define STG_E_FILEALREADYEXISTS ((HRESULT)0x80030050L)
#define STG_E_INVALIDPARAMETER  ((HRESULT)0x80030057L)
#define STG_E_INVALIDNAME       ((HRESULT)0x800300FCL)
#define STG_E_INVALIDFLAG       ((HRESULT)0x800300FFL)
#define STG_E_INVALIDFUNCTION   ((HRESULT)0x80030001L)
#define STG_E_MEDIUMFULL        ((HRESULT)0x80030070L)
#define STGC_DEFAULT 0
#define STATFLAG_DEFAULT 0
#define STATFLAG_NONAME 1
#define STGTY_STORAGE 1
#define STGTY_STREAM 2
typedef struct { LPWSTR pwcsName; DWORD type; unsigned long long cbSize; FILETIME mtime, ctime, atime; DWORD grfMode, grfLocksSupported; CLSID clsid; DWORD grfStateBits, reserved; } STATSTG;
typedef struct IEnumSTATSTG IEnumSTATSTG;
typedef struct IEnumSTATSTGVtbl {
    HRESULT (*QueryInterface)(IEnumSTATSTG *This, REFIID riid, void **ppv);
    ULONG (*AddRef)(IEnumSTATSTG *This);
    ULONG (*Release)(IEnumSTATSTG *This);
    HRESULT (*Next)(IEnumSTATSTG *This, ULONG celt, STATSTG *rgelt, ULONG *fetched);
    HRESULT (*Skip)(IEnumSTATSTG *This, ULONG celt);
    HRESULT (*Reset)(IEnumSTATSTG *This);
    HRESULT (*Clone)(IEnumSTATSTG *This, IEnumSTATSTG **out);
} IEnumSTATSTGVtbl;
struct IEnumSTATSTG { const IEnumSTATSTGVtbl *lpVtbl; };
typedef struct IStorage IStorage;
typedef struct IStorageVtbl {
    HRESULT (*QueryInterface)(IStorage *This, REFIID riid, void **ppv);
    ULONG (*AddRef)(IStorage *This);
    ULONG (*Release)(IStorage *This);
    HRESULT (*CreateStream)(IStorage *This, LPCWSTR name, DWORD mode, DWORD r1, DWORD r2, IStream **out);
    HRESULT (*OpenStream)(IStorage *This, LPCWSTR name, void *r1, DWORD mode, DWORD r2, IStream **out);
    HRESULT (*CreateStorage)(IStorage *This, LPCWSTR name, DWORD mode, DWORD r1, DWORD r2, IStorage **out);
    HRESULT (*OpenStorage)(IStorage *This, LPCWSTR name, IStorage *prio, DWORD mode, void *snb, DWORD r, IStorage **out);
    HRESULT (*CopyTo)(IStorage *This, DWORD ciidExclude, const IID *rgiidExclude, WCHAR **snbExclude, IStorage *dest);
    HRESULT (*MoveElementTo)(IStorage *This, LPCWSTR name, IStorage *dest, LPCWSTR newName, DWORD flags);
    HRESULT (*Commit)(IStorage *This, DWORD flags);
    HRESULT (*Revert)(IStorage *This);
    HRESULT (*EnumElements)(IStorage *This, DWORD r1, void *r2, DWORD r3, IEnumSTATSTG **out);
    HRESULT (*DestroyElement)(IStorage *This, LPCWSTR name);
    HRESULT (*RenameElement)(IStorage *This, LPCWSTR from, LPCWSTR to);
    HRESULT (*SetElementTimes)(IStorage *This, LPCWSTR name, const FILETIME *ctime, const FILETIME *atime, const FILETIME *mtime);
    HRESULT (*SetClass)(IStorage *This, REFCLSID clsid);
    HRESULT (*SetStateBits)(IStorage *This, DWORD bits, DWORD mask);
    HRESULT (*Stat)(IStorage *This, STATSTG *st, DWORD flag);
} IStorageVtbl;
struct IStorage { const IStorageVtbl *lpVtbl; };
OLEAPI StgCreateDocfile(LPCWSTR name, DWORD mode, DWORD reserved, IStorage **out);
OLEAPI StgOpenStorage(LPCWSTR name, IStorage *prio, DWORD mode, void *snb, DWORD reserved, IStorage **out);
OLEAPI StgIsStorageFile(LPCWSTR name);
/* ILockBytes: 64-bit offsets and sizes as two words (low, high), as CE's compiler passes a ULARGE_INTEGER. */
typedef struct ILockBytes ILockBytes;
typedef struct ILockBytesVtbl {
    HRESULT (*QueryInterface)(ILockBytes *This, REFIID riid, void **ppv);
    ULONG (*AddRef)(ILockBytes *This);
    ULONG (*Release)(ILockBytes *This);
    HRESULT (*ReadAt)(ILockBytes *This, DWORD offLo, DWORD offHi, void *pv, ULONG cb, ULONG *read);
    HRESULT (*WriteAt)(ILockBytes *This, DWORD offLo, DWORD offHi, const void *pv, ULONG cb, ULONG *written);
    HRESULT (*Flush)(ILockBytes *This);
    HRESULT (*SetSize)(ILockBytes *This, DWORD sizeLo, DWORD sizeHi);
    HRESULT (*LockRegion)(ILockBytes *This, DWORD offLo, DWORD offHi, DWORD cbLo, DWORD cbHi, DWORD type);
    HRESULT (*UnlockRegion)(ILockBytes *This, DWORD offLo, DWORD offHi, DWORD cbLo, DWORD cbHi, DWORD type);
    HRESULT (*Stat)(ILockBytes *This, STATSTG *st, DWORD flag);
} ILockBytesVtbl;
struct ILockBytes { const ILockBytesVtbl *lpVtbl; };
OLEAPI StgCreateDocfileOnILockBytes(ILockBytes *lkb, DWORD mode, DWORD reserved, IStorage **out);
OLEAPI StgOpenStorageOnILockBytes(ILockBytes *lkb, IStorage *prio, DWORD mode, void *snb, DWORD reserved, IStorage **out);
OLEAPI GetClassFile(LPCWSTR name, CLSID *clsid);
#define MK_E_CANTOPENFILE ((HRESULT)0x800401EAL)
#define MK_E_INVALIDEXTENSION ((HRESULT)0x800401E6L)
#define STGMOVE_MOVE 0
#define STGMOVE_COPY 1
#define STGMOVE_SHALLOWCOPY 2
OLEAPI WriteClassStg(IStorage *stg, REFCLSID clsid);
OLEAPI ReadClassStg(IStorage *stg, CLSID *clsid);
#endif
