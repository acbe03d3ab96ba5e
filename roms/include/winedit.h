/* winedit.h — the EDIT control's messages and styles, the caret and the clipboard (coredll) for the
 * wmemu test ROMs. Ordinals in comments are coredll's. */
#ifndef _WMEMU_WINEDIT_H
#define _WMEMU_WINEDIT_H
#include "winuser.h"
#include "wingdi.h"

#define ES_LEFT        0x0000
#define ES_CENTER      0x0001
#define ES_RIGHT       0x0002
#define ES_MULTILINE   0x0004
#define ES_UPPERCASE   0x0008
#define ES_LOWERCASE   0x0010
#define ES_PASSWORD    0x0020
#define ES_AUTOVSCROLL 0x0040
#define ES_AUTOHSCROLL 0x0080
#define ES_NOHIDESEL   0x0100
#define ES_READONLY    0x0800
#define ES_WANTRETURN  0x1000
#define ES_NUMBER      0x2000
#define WS_BORDER      0x00800000
#define WS_TABSTOP     0x00010000
#define WS_CAPTION     0x00C00000
#define WS_SYSMENU     0x00080000

#define EM_GETSEL            0x00B0
#define EM_SETSEL            0x00B1
#define EM_GETRECT           0x00B2
#define EM_SCROLLCARET       0x00B7
#define EM_GETMODIFY         0x00B8
#define EM_SETMODIFY         0x00B9
#define EM_GETLINECOUNT      0x00BA
#define EM_LINEINDEX         0x00BB
#define EM_LINELENGTH        0x00C1
#define EM_REPLACESEL        0x00C2
#define EM_GETLINE           0x00C4
#define EM_LIMITTEXT         0x00C5
#define EM_SETLIMITTEXT      EM_LIMITTEXT
#define EM_CANUNDO           0x00C6
#define EM_UNDO              0x00C7
#define EM_LINEFROMCHAR      0x00C9
#define EM_SETPASSWORDCHAR   0x00CC
#define EM_EMPTYUNDOBUFFER   0x00CD
#define EM_GETFIRSTVISIBLELINE 0x00CE
#define EM_SETREADONLY       0x00CF
#define EM_GETPASSWORDCHAR   0x00D2
#define EM_SETMARGINS        0x00D3
#define EM_GETMARGINS        0x00D4
#define EM_GETLIMITTEXT      0x00D5
#define EM_POSFROMCHAR       0x00D6
#define EM_CHARFROMPOS       0x00D7
#define EC_LEFTMARGIN  1
#define EC_RIGHTMARGIN 2

#define EN_SETFOCUS  0x0100
#define EN_KILLFOCUS 0x0200
#define EN_CHANGE    0x0300
#define EN_UPDATE    0x0400
#define EN_MAXTEXT   0x0501

#define WM_SETFOCUS       0x0007
#define WM_GETTEXTLENGTH  0x000E
#define WM_COMMAND        0x0111
#define WM_GETDLGCODE     0x0087
#define WM_CUT            0x0300
#define WM_COPY           0x0301
#define WM_PASTE          0x0302
#define WM_CLEAR          0x0303
#define WM_UNDO           0x0304
#define WM_DESTROYCLIPBOARD 0x0307
#define WM_CTLCOLOREDIT   0x0133
#define WM_CTLCOLORSTATIC 0x0138
#define DLGC_WANTARROWS   0x0001
#define DLGC_WANTALLKEYS  0x0004
#define DLGC_HASSETSEL    0x0008
#define DLGC_WANTCHARS    0x0080
#define CF_TEXT         1
#define CF_UNICODETEXT 13
#define LOWORD(l) ((WORD)((DWORD)(l) & 0xFFFF))
#define HIWORD(l) ((WORD)((DWORD)(l) >> 16))
#define MAKELPARAM(l, h) ((LPARAM)(((DWORD)(WORD)(l)) | (((DWORD)(WORD)(h)) << 16)))

WINBASEAPI BOOL   WINAPI CreateCaret(HWND h, HBITMAP bmp, int w, int hh);                   /* 658 */
WINBASEAPI BOOL   WINAPI DestroyCaret(void);                                                /* 659 */
WINBASEAPI BOOL   WINAPI HideCaret(HWND h);                                                 /* 660 */
WINBASEAPI BOOL   WINAPI ShowCaret(HWND h);                                                 /* 661 */
WINBASEAPI BOOL   WINAPI SetCaretPos(int x, int y);                                         /* 662 */
WINBASEAPI BOOL   WINAPI GetCaretPos(POINT *p);                                             /* 663 */
WINBASEAPI BOOL   WINAPI SetCaretBlinkTime(UINT ms);                                        /* 664 */
WINBASEAPI UINT   WINAPI GetCaretBlinkTime(void);                                           /* 665 */
WINBASEAPI BOOL   WINAPI OpenClipboard(HWND h);                                             /* 668 */
WINBASEAPI BOOL   WINAPI CloseClipboard(void);                                              /* 669 */
WINBASEAPI HWND   WINAPI GetClipboardOwner(void);                                           /* 670 */
WINBASEAPI HANDLE WINAPI SetClipboardData(UINT fmt, HANDLE h);                              /* 671 */
WINBASEAPI HANDLE WINAPI GetClipboardData(UINT fmt);                                        /* 672 */
WINBASEAPI UINT   WINAPI RegisterClipboardFormatW(LPCWSTR name);                            /* 673 */
WINBASEAPI int    WINAPI CountClipboardFormats(void);                                       /* 674 */
WINBASEAPI UINT   WINAPI EnumClipboardFormats(UINT fmt);                                    /* 675 */
WINBASEAPI int    WINAPI GetClipboardFormatNameW(UINT fmt, LPWSTR s, int n);                /* 676 */
WINBASEAPI BOOL   WINAPI EmptyClipboard(void);                                              /* 677 */
WINBASEAPI BOOL   WINAPI IsClipboardFormatAvailable(UINT fmt);                              /* 678 */
WINBASEAPI int    WINAPI GetPriorityClipboardFormat(UINT *list, int n);                     /* 679 */
WINBASEAPI HWND   WINAPI GetOpenClipboardWindow(void);                                      /* 680 */
WINBASEAPI HANDLE WINAPI GetClipboardDataAlloc(UINT fmt);                                   /* 681 */
WINBASEAPI HWND   WINAPI SetFocus(HWND h);                                                  /* 704 */
#endif
