/* wingdi.h — the CE GWES/GDI subset wmemu's GUI ROMs use (CE exports these from coredll). Our own
 * declarations; values from the CE SDK documentation (COLOR_* carry SYS_COLOR_INDEX_FLAG on CE). */
#ifndef WMEMU_WINGDI_H
#define WMEMU_WINGDI_H
#include <winuser.h>
typedef HANDLE HDC, HBITMAP, HPEN, HFONT, HRGN;
typedef DWORD COLORREF;
typedef struct tagRECT { LONG left, top, right, bottom; } RECT;
typedef struct tagSIZE { LONG cx, cy; } SIZE;
typedef struct tagPAINTSTRUCT { HDC hdc; BOOL fErase; RECT rcPaint; BOOL fRestore; BOOL fIncUpdate; BYTE rgbReserved[32]; } PAINTSTRUCT;
typedef struct tagLOGFONTW { LONG lfHeight, lfWidth, lfEscapement, lfOrientation, lfWeight; BYTE lfItalic, lfUnderline, lfStrikeOut,
    lfCharSet, lfOutPrecision, lfClipPrecision, lfQuality, lfPitchAndFamily; WCHAR lfFaceName[32]; } LOGFONTW;
#define RGB(r, g, b) ((COLORREF)(((BYTE)(r)) | ((WORD)((BYTE)(g)) << 8) | (((DWORD)(BYTE)(b)) << 16)))
#define SYS_COLOR_INDEX_FLAG 0x40000000
#define COLOR_ACTIVECAPTION (2 | SYS_COLOR_INDEX_FLAG)
#define COLOR_WINDOW (5 | SYS_COLOR_INDEX_FLAG)
#define COLOR_BTNFACE (15 | SYS_COLOR_INDEX_FLAG)
#define COLOR_3DLIGHT (22 | SYS_COLOR_INDEX_FLAG)
#define COLOR_STATIC (25 | SYS_COLOR_INDEX_FLAG)
#define COLOR_STATICTEXT (26 | SYS_COLOR_INDEX_FLAG)
#define SM_CXSCREEN 0
#define SM_CYSCREEN 1
#define SM_CYCAPTION 4
#define SM_CXEDGE 45
#define WS_CAPTION 0x00C00000
#define WS_SYSMENU 0x00080000
#define WS_EX_CONTEXTHELP 0x00000400
#define WM_MOVE 0x0003
#define WM_SIZE 0x0005
#define WM_ACTIVATE 0x0006
#define WM_SETFOCUS 0x0007
#define WM_KILLFOCUS 0x0008
#define WM_PAINT 0x000F
#define WM_CLOSE 0x0010
#define WM_ERASEBKGND 0x0014
#define WM_SHOWWINDOW 0x0018
#define WM_WINDOWPOSCHANGING 0x0046
#define WM_WINDOWPOSCHANGED 0x0047
#define WM_MOUSEMOVE 0x0200
#define WM_LBUTTONDOWN 0x0201
#define WM_LBUTTONUP 0x0202
#define SW_SHOW 5
#define TRANSPARENT 1
#define OPAQUE 2
#define SRCCOPY 0x00CC0020
#define DT_SINGLELINE 0x0020
#define DT_CALCRECT 0x0400
WINBASEAPI BOOL     WINAPI ValidateRect(HWND h, const RECT *r);                                      /* 278 */
WINBASEAPI BOOL     WINAPI InvalidateRect(HWND h, const RECT *r, BOOL erase);                        /* 250 */
WINBASEAPI HDC      WINAPI BeginPaint(HWND h, PAINTSTRUCT *ps);                                      /* 260 */
WINBASEAPI BOOL     WINAPI EndPaint(HWND h, const PAINTSTRUCT *ps);                                  /* 261 */
WINBASEAPI HDC      WINAPI GetDC(HWND h);                                                            /* 262 */
WINBASEAPI int      WINAPI ReleaseDC(HWND h, HDC dc);                                                /* 263 */
WINBASEAPI BOOL     WINAPI GetWindowRect(HWND h, RECT *r);                                           /* 248 */
WINBASEAPI BOOL     WINAPI GetClientRect(HWND h, RECT *r);                                           /* 249 */
WINBASEAPI BOOL     WINAPI MoveWindow(HWND h, int x, int y, int w, int hh, BOOL repaint);            /* 272 */
WINBASEAPI HWND     WINAPI GetFocus(void);                                                           /* 705 */
WINBASEAPI HWND     WINAPI GetActiveWindow(void);                                                    /* 706 */
WINBASEAPI int      WINAPI GetSystemMetrics(int i);                                                  /* 885 */
WINBASEAPI DWORD    WINAPI GetSysColor(int i);                                                       /* 889 */
WINBASEAPI COLORREF WINAPI GetPixel(HDC dc, int x, int y);                                           /* 936 */
WINBASEAPI COLORREF WINAPI SetPixel(HDC dc, int x, int y, COLORREF c);                               /* 944 */
WINBASEAPI BOOL     WINAPI ExtTextOutW(HDC dc, int x, int y, UINT o, const RECT *r, LPCWSTR s, UINT n, const int *dx); /* 896 */
WINBASEAPI HBRUSH   WINAPI CreateSolidBrush(COLORREF c);                                             /* 931 */
WINBASEAPI int      WINAPI FillRect(HDC dc, const RECT *r, HBRUSH b);                                /* 935 */
WINBASEAPI BOOL     WINAPI DeleteObject(HGDIOBJ o);                                                  /* 912 */
WINBASEAPI HGDIOBJ  WINAPI SelectObject(HDC dc, HGDIOBJ o);                                          /* 921 */
WINBASEAPI HFONT    WINAPI CreateFontIndirectW(const LOGFONTW *lf);                                  /* 895 */
WINBASEAPI int      WINAPI SetBkMode(HDC dc, int m);                                                 /* 923 */
WINBASEAPI COLORREF WINAPI SetTextColor(HDC dc, COLORREF c);                                         /* 924 */
WINBASEAPI BOOL     WINAPI Rectangle(HDC dc, int l, int t, int r, int b);                            /* 941 */
WINBASEAPI HDC      WINAPI CreateCompatibleDC(HDC dc);                                               /* 910 */
WINBASEAPI HBITMAP  WINAPI CreateCompatibleBitmap(HDC dc, int w, int h);                             /* 902 */
WINBASEAPI BOOL     WINAPI BitBlt(HDC d, int x, int y, int w, int h, HDC s, int sx, int sy, DWORD rop); /* 903 */
WINBASEAPI BOOL     WINAPI DeleteDC(HDC dc);                                                         /* 911 */
WINBASEAPI BOOL     WINAPI GetTextExtentExPointW(HDC dc, LPCWSTR s, int n, int max, int *fit, int *dx, SIZE *sz); /* 897 */
WINBASEAPI int      WINAPI DrawTextW(HDC dc, LPCWSTR s, int n, RECT *r, UINT fmt);             /* 945 */
#endif
