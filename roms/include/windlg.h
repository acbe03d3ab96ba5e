/* windlg.h — Windows CE dialog manager and BUTTON/STATIC controls (coredll) for the wmemu test ROMs.
 * Ordinals in comments are coredll's. As in CE's winuser.h, DialogBoxParamW, CreateDialogParamW,
 * CheckDlgButton and IsDlgButtonChecked are macros (CE exports only the Indirect functions). */
#ifndef _WMEMU_WINDLG_H
#define _WMEMU_WINDLG_H
#include "winuser.h"
#include "wingdi.h"
#include "ce_modules.h"

typedef BOOL (*DLGPROC)(HWND, UINT, WPARAM, LPARAM);
typedef struct { DWORD style; DWORD dwExtendedStyle; WORD cdit; short x, y, cx, cy; } DLGTEMPLATE;

#define RT_DIALOG       MAKEINTRESOURCE(5)
#define WM_COMMAND      0x0111
#define WM_INITDIALOG   0x0110
#define WM_KEYUP        0x0101
#define WM_GETDLGCODE   0x0087
#define WM_CTLCOLORSTATIC 0x0138
#define WM_DRAWITEM     0x002B
#define VK_TAB    0x09
#define VK_RETURN 0x0D
#define VK_ESCAPE 0x1B
#define VK_SPACE  0x20
#define VK_LEFT   0x25
#define VK_UP     0x26
#define VK_RIGHT  0x27
#define VK_DOWN   0x28
#define BM_GETCHECK 0x00F0
#define BM_SETCHECK 0x00F1
#define BM_GETSTATE 0x00F2
#define BM_CLICK    0x00F5
#define BST_CHECKED 1
#define BN_CLICKED  0
#define DM_GETDEFID 0x0400
#define DWL_MSGRESULT 0
#define DWL_DLGPROC   4
#define MB_YESNOCANCEL 0x3
#define MB_DEFBUTTON2  0x100
#define LOWORD(l) ((WORD)((DWORD)(l) & 0xFFFF))
#define HIWORD(l) ((WORD)((DWORD)(l) >> 16))

WINBASEAPI HWND    WINAPI CreateDialogIndirectParamW(HINSTANCE h, const void *tmpl, HWND parent, DLGPROC proc, LPARAM p); /* 688 */
WINBASEAPI int     WINAPI DialogBoxIndirectParamW(HINSTANCE h, const void *tmpl, HWND parent, DLGPROC proc, LPARAM p);    /* 690 */
WINBASEAPI LRESULT WINAPI DefDlgProcW(HWND h, UINT m, WPARAM w, LPARAM l);                                           /* 689 */
WINBASEAPI BOOL    WINAPI EndDialog(HWND h, int result);                                                             /* 691 */
WINBASEAPI HWND    WINAPI GetDlgItem(HWND h, int id);                                                                /* 692 */
WINBASEAPI int     WINAPI GetDlgCtrlID(HWND h);                                                                      /* 693 */
WINBASEAPI LONG    WINAPI GetDialogBaseUnits(void);                                                                  /* 694 */
WINBASEAPI UINT    WINAPI GetDlgItemInt(HWND h, int id, BOOL *ok, BOOL sign);                                        /* 695 */
WINBASEAPI HWND    WINAPI GetNextDlgTabItem(HWND h, HWND ctl, BOOL prev);                                            /* 696 */
WINBASEAPI HWND    WINAPI GetNextDlgGroupItem(HWND h, HWND ctl, BOOL prev);                                          /* 697 */
WINBASEAPI BOOL    WINAPI IsDialogMessageW(HWND h, MSG *m);                                                          /* 698 */
WINBASEAPI BOOL    WINAPI MapDialogRect(HWND h, RECT *r);                                                            /* 699 */
WINBASEAPI BOOL    WINAPI SetDlgItemInt(HWND h, int id, UINT v, BOOL sign);                                          /* 700 */
WINBASEAPI BOOL    WINAPI CheckRadioButton(HWND h, int first, int last, int check);                                  /* 684 */
WINBASEAPI LRESULT WINAPI SendDlgItemMessageW(HWND h, int id, UINT m, WPARAM w, LPARAM l);                           /* 685 */
WINBASEAPI BOOL    WINAPI SetDlgItemTextW(HWND h, int id, LPCWSTR s);                                                /* 686 */
WINBASEAPI UINT    WINAPI GetDlgItemTextW(HWND h, int id, LPWSTR s, int n);                                          /* 687 */
WINBASEAPI BOOL    WINAPI ScreenToClient(HWND h, POINT *p);                                                          /* 255 */
WINBASEAPI int     WINAPI GetClassNameW(HWND h, LPWSTR s, int n);                                                    /* 283 */
WINBASEAPI HWND    WINAPI SetFocus(HWND h);                                                                          /* 704 */
WINBASEAPI HWND    WINAPI SetCapture(HWND h);                                                                        /* 708 */
WINBASEAPI BOOL    WINAPI ReleaseCapture(void);                                                                      /* 709 */
WINBASEAPI HWND    WINAPI GetCapture(void);                                                                          /* 707 */
WINBASEAPI short   WINAPI GetKeyState(int vk);                                                                       /* 860 */
WINBASEAPI short   WINAPI GetAsyncKeyState(int vk);                                                                  /* 826 */
WINBASEAPI UINT    WINAPI GetDoubleClickTime(void);                                                                  /* 888 */
WINBASEAPI BOOL    WINAPI DrawFocusRect(HDC dc, const RECT *r);                                                      /* 933 */
WINBASEAPI BOOL    WINAPI sndPlaySoundW(LPCWSTR s, UINT flags);                                                      /* 377 */
WINBASEAPI BOOL    WINAPI IsWindowVisible(HWND h);                                                                   /* 886 */

#define CheckDlgButton(h, id, c)  SendDlgItemMessageW((h), (id), BM_SETCHECK, (WPARAM)(c), 0)
#define IsDlgButtonChecked(h, id) ((UINT)SendDlgItemMessageW((h), (id), BM_GETCHECK, 0, 0))
#define DialogBoxParamW(i, name, parent, proc, p) \
    DialogBoxIndirectParamW((i), LoadResource((i), FindResourceW((i), (name), RT_DIALOG)), (parent), (proc), (p))
#define CreateDialogParamW(i, name, parent, proc, p) \
    CreateDialogIndirectParamW((i), LoadResource((i), FindResourceW((i), (name), RT_DIALOG)), (parent), (proc), (p))
#endif
