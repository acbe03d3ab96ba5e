/* winmenu.h — Windows CE menus and accelerator tables (GWES, exported by coredll) for the wmemu test ROMs.
 * Ordinals in comments are coredll's. CE's MENUITEMINFO is the 44-byte one (no hbmpItem). */
#ifndef _WMEMU_WINMENU_H
#define _WMEMU_WINMENU_H
#include "winuser.h"
#include "wingdi.h"
#include "ce_modules.h"

typedef HANDLE HACCEL;
typedef struct tagMENUITEMINFOW {
    UINT cbSize; UINT fMask; UINT fType; UINT fState; UINT wID; HMENU hSubMenu;
    HANDLE hbmpChecked; HANDLE hbmpUnchecked; DWORD dwItemData; LPWSTR dwTypeData; UINT cch;
} MENUITEMINFOW;
typedef struct tagACCEL { BYTE fVirt; WORD key; WORD cmd; } ACCEL;
typedef struct tagTPMPARAMS { UINT cbSize; RECT rcExclude; } TPMPARAMS;
typedef struct tagMEASUREITEMSTRUCT { UINT CtlType; UINT CtlID; UINT itemID; UINT itemWidth; UINT itemHeight; DWORD itemData; } MEASUREITEMSTRUCT;
typedef struct tagDRAWITEMSTRUCT {
    UINT CtlType; UINT CtlID; UINT itemID; UINT itemAction; UINT itemState; HWND hwndItem; HDC hDC; RECT rcItem; DWORD itemData;
} DRAWITEMSTRUCT;

#define MF_BYCOMMAND   0x0000
#define MF_BYPOSITION  0x0400
#define MF_ENABLED     0x0000
#define MF_GRAYED      0x0001
#define MF_DISABLED    0x0002
#define MF_STRING      0x0000
#define MF_UNCHECKED   0x0000
#define MF_CHECKED     0x0008
#define MF_POPUP       0x0010
#define MF_SEPARATOR   0x0800
#define MFT_STRING     0x0000
#define MFT_RADIOCHECK 0x0200
#define MFT_SEPARATOR  0x0800
#define MFS_GRAYED     0x0003
#define MFS_CHECKED    0x0008
#define MIIM_STATE     0x0001
#define MIIM_ID        0x0002
#define MIIM_SUBMENU   0x0004
#define MIIM_TYPE      0x0010
#define MIIM_DATA      0x0020
#define TPM_LEFTALIGN  0x0000
#define TPM_TOPALIGN   0x0000
#define TPM_RIGHTALIGN 0x0008
#define TPM_BOTTOMALIGN 0x0020
#define TPM_NONOTIFY   0x0080
#define TPM_RETURNCMD  0x0100
#define WM_INITMENUPOPUP 0x0117
#define WM_MEASUREITEM 0x002C
#define MF_OWNERDRAW   0x0100
#define ODT_MENU       1
#define ODS_SELECTED   0x0001
#define FVIRTKEY  0x01
#define FSHIFT    0x04
#define FCONTROL  0x08
#define FALT      0x10
#define VK_SHIFT   0x10
#define VK_CONTROL 0x11
#define RT_MENU        MAKEINTRESOURCE(4)
#define ERROR_INVALID_MENU_HANDLE 1401
#define ERROR_MENU_ITEM_NOT_FOUND 1456

WINBASEAPI HMENU  WINAPI CreateMenu(void);                                                     /* 851 */
WINBASEAPI HMENU  WINAPI CreatePopupMenu(void);                                                /* 852 */
WINBASEAPI BOOL   WINAPI DestroyMenu(HMENU m);                                                 /* 844 */
WINBASEAPI HMENU  WINAPI LoadMenuW(HINSTANCE h, LPCWSTR name);                                 /* 846 */
WINBASEAPI BOOL   WINAPI InsertMenuW(HMENU m, UINT pos, UINT flags, UINT id, LPCWSTR s);       /* 841 */
WINBASEAPI BOOL   WINAPI AppendMenuW(HMENU m, UINT flags, UINT id, LPCWSTR s);                 /* 842 */
WINBASEAPI BOOL   WINAPI RemoveMenu(HMENU m, UINT pos, UINT flags);                            /* 843 */
WINBASEAPI BOOL   WINAPI DeleteMenu(HMENU m, UINT pos, UINT flags);                            /* 850 */
WINBASEAPI DWORD  WINAPI EnableMenuItem(HMENU m, UINT item, UINT flags);                       /* 847 */
WINBASEAPI DWORD  WINAPI CheckMenuItem(HMENU m, UINT item, UINT flags);                        /* 848 */
WINBASEAPI BOOL   WINAPI CheckMenuRadioItem(HMENU m, UINT first, UINT last, UINT check, UINT flags); /* 849 */
WINBASEAPI HMENU  WINAPI GetSubMenu(HMENU m, int pos);                                         /* 855 */
WINBASEAPI BOOL   WINAPI GetMenuItemInfoW(HMENU m, UINT item, BOOL byPos, MENUITEMINFOW *mii); /* 854 */
WINBASEAPI BOOL   WINAPI SetMenuItemInfoW(HMENU m, UINT item, BOOL byPos, const MENUITEMINFOW *mii); /* 853 */
WINBASEAPI BOOL   WINAPI DrawMenuBar(HWND h);                                                  /* 856 */
WINBASEAPI BOOL   WINAPI SetAssociatedMenu(HWND h, HMENU m);                                   /* 299 */
WINBASEAPI HMENU  WINAPI GetAssociatedMenu(HWND h);                                            /* 300 */
WINBASEAPI BOOL   WINAPI TrackPopupMenuEx(HMENU m, UINT flags, int x, int y, HWND h, TPMPARAMS *p); /* 845 */
WINBASEAPI HACCEL WINAPI LoadAcceleratorsW(HINSTANCE h, LPCWSTR name);                         /* 94 */
WINBASEAPI HACCEL WINAPI CreateAcceleratorTableW(const ACCEL *a, int n);                       /* 92 */
WINBASEAPI BOOL   WINAPI DestroyAcceleratorTable(HACCEL a);                                    /* 93 */
WINBASEAPI int    WINAPI TranslateAcceleratorW(HWND h, HACCEL a, MSG *m);                      /* 838 */
#endif
