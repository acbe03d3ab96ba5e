/* winuser.h — Windows CE windowing (GWES, exported by coredll) for the wmemu test ROMs.
 * Ordinals in comments are coredll's. Headless in wmemu: nothing is drawn. */
#ifndef _WMEMU_WINUSER_H
#define _WMEMU_WINUSER_H
#include "windows.h"

typedef unsigned int  WPARAM;
typedef long          LPARAM;
typedef long          LRESULT;
typedef unsigned short ATOM;
typedef HANDLE HMENU, HICON, HCURSOR, HBRUSH, HGDIOBJ;
typedef LRESULT (*WNDPROC)(HWND, UINT, WPARAM, LPARAM);
typedef void (*TIMERPROC)(HWND, UINT, UINT, DWORD);

typedef struct tagPOINT { LONG x, y; } POINT;
typedef struct tagMSG {
    HWND hwnd; UINT message; WPARAM wParam; LPARAM lParam; DWORD time; POINT pt;
} MSG, *LPMSG;
typedef struct tagWNDCLASSW {
    UINT style; WNDPROC lpfnWndProc; int cbClsExtra; int cbWndExtra; HINSTANCE hInstance;
    HICON hIcon; HCURSOR hCursor; HBRUSH hbrBackground; LPCWSTR lpszMenuName; LPCWSTR lpszClassName;
} WNDCLASSW;
typedef struct tagCREATESTRUCTW {
    LPVOID lpCreateParams; HINSTANCE hInstance; HMENU hMenu; HWND hwndParent;
    int cy, cx, y, x; LONG style; LPCWSTR lpszName; LPCWSTR lpszClass; DWORD dwExStyle;
} CREATESTRUCTW;

#define WM_NULL        0x0000
#define WM_CREATE      0x0001
#define WM_DESTROY     0x0002
#define WM_SETTEXT     0x000C
#define WM_GETTEXT     0x000D
#define WM_CLOSE       0x0010
#define WM_QUIT        0x0012
#define WM_NCCREATE    0x0081
#define WM_NCDESTROY   0x0082
#define WM_KEYDOWN     0x0100
#define WM_CHAR        0x0102
#define WM_TIMER       0x0113
#define WM_USER        0x0400
#define PM_NOREMOVE    0x0000
#define PM_REMOVE      0x0001
#define WS_VISIBLE     0x10000000
#define WS_CHILD       0x40000000
#define CW_USEDEFAULT  ((int)0x80000000)
#define GWL_WNDPROC    (-4)
#define GWL_STYLE      (-16)
#define GWL_USERDATA   (-21)
#define WHITE_BRUSH    0
#define BLACK_PEN      7
#define SYSTEM_FONT    13
#define MB_OK          0x0
#define MB_OKCANCEL    0x1
#define MB_YESNO       0x4
#define IDOK     1
#define IDCANCEL 2
#define IDYES    6
#define IDNO     7
#define ERROR_CLASS_ALREADY_EXISTS   1410
#define ERROR_CANNOT_FIND_WND_CLASS  1411
#define ERROR_INVALID_WINDOW_HANDLE  1400

WINBASEAPI ATOM    WINAPI RegisterClassW(const WNDCLASSW *wc);                                       /* 95 */
WINBASEAPI BOOL    WINAPI UnregisterClassW(LPCWSTR cls, HINSTANCE h);                                /* 884 */
WINBASEAPI HWND    WINAPI CreateWindowExW(DWORD ex, LPCWSTR cls, LPCWSTR name, DWORD style, int x, int y,
                                          int w, int h, HWND parent, HMENU menu, HINSTANCE inst, LPVOID param); /* 246 */
WINBASEAPI BOOL    WINAPI DestroyWindow(HWND h);                                                    /* 265 */
WINBASEAPI LRESULT WINAPI DefWindowProcW(HWND h, UINT m, WPARAM w, LPARAM l);                       /* 264 */
WINBASEAPI LRESULT WINAPI CallWindowProcW(WNDPROC p, HWND h, UINT m, WPARAM w, LPARAM l);           /* 285 */
WINBASEAPI BOOL    WINAPI GetMessageW(LPMSG msg, HWND h, UINT min, UINT max);                       /* 861 */
WINBASEAPI BOOL    WINAPI PeekMessageW(LPMSG msg, HWND h, UINT min, UINT max, UINT remove);         /* 864 */
WINBASEAPI BOOL    WINAPI TranslateMessage(const MSG *msg);                                         /* 870 */
WINBASEAPI LRESULT WINAPI DispatchMessageW(const MSG *msg);                                         /* 859 */
WINBASEAPI BOOL    WINAPI PostMessageW(HWND h, UINT m, WPARAM w, LPARAM l);                         /* 865 */
WINBASEAPI BOOL    WINAPI PostThreadMessageW(DWORD tid, UINT m, WPARAM w, LPARAM l);                /* 290 */
WINBASEAPI LRESULT WINAPI SendMessageW(HWND h, UINT m, WPARAM w, LPARAM l);                         /* 868 */
WINBASEAPI void    WINAPI PostQuitMessage(int code);                                                /* 866 */
WINBASEAPI UINT    WINAPI SetTimer(HWND h, UINT id, UINT ms, TIMERPROC proc);                       /* 875 */
WINBASEAPI BOOL    WINAPI KillTimer(HWND h, UINT id);                                               /* 876 */
WINBASEAPI HWND    WINAPI FindWindowW(LPCWSTR cls, LPCWSTR name);                                   /* 286 */
WINBASEAPI BOOL    WINAPI IsWindow(HWND h);                                                         /* 271 */
WINBASEAPI BOOL    WINAPI ShowWindow(HWND h, int show);                                             /* 266 */
WINBASEAPI BOOL    WINAPI UpdateWindow(HWND h);                                                     /* 267 */
WINBASEAPI LONG    WINAPI GetWindowLongW(HWND h, int i);                                            /* 259 */
WINBASEAPI LONG    WINAPI SetWindowLongW(HWND h, int i, LONG v);                                    /* 258 */
WINBASEAPI BOOL    WINAPI SetWindowTextW(HWND h, LPCWSTR s);                                        /* 256 */
WINBASEAPI int     WINAPI GetWindowTextW(HWND h, LPWSTR s, int n);                                  /* 257 */
WINBASEAPI DWORD   WINAPI GetWindowThreadProcessId(HWND h, LPDWORD pid);                            /* 292 */
WINBASEAPI HGDIOBJ WINAPI GetStockObject(int i);                                                    /* 919 */
#define QS_ALLINPUT 0x04FF
WINBASEAPI DWORD   WINAPI MsgWaitForMultipleObjectsEx(DWORD n, const HANDLE *h, DWORD ms, DWORD mask, DWORD flags); /* 871 */
WINBASEAPI int     WINAPI MessageBoxW(HWND h, LPCWSTR text, LPCWSTR caption, UINT type);            /* 858 */
#endif
