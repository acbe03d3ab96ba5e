/* cards.c — the code paths of the corpus's solitare.exe without the corpus (test/gwes/cards.test.ts):
 * an overlapped main window (WS_BORDER | WS_CLIPCHILDREN, not visible at creation) whose WM_SIZE
 * handler needs a pointer the program sets only after CreateWindowExW returns (CE, like Wine, sends an
 * overlapped window's creation WM_SIZE/WM_MOVE from its first ShowWindow); a child panel dialog
 * created in WM_CREATE (CreateDialogParamW) and moved to the window's right edge with SetWindowPos;
 * a card face from the program's resources (LoadBitmapW, 4 bpp) drawn with BitBlt through a memory DC;
 * a drag of the card (SetCapture, WM_MOUSEMOVE, WM_LBUTTONUP: prints "moved X Y"); the panel's Deal
 * button puts it back and counts deals in a static; Options... runs a modal dialog (DialogBoxParamW)
 * that ESC or OK ends. Without arguments the program checks and exits (exit code = failures);
 * argument "loop": it stays in its message loop (PostQuitMessage on WM_CLOSE). */
#include <windows.h>
#include <wingdi.h>
#include <windlg.h>

#define WS_BORDER 0x00800000
#define WS_CLIPCHILDREN 0x02000000
#define SWP_NOSIZE 0x0001
#define SWP_NOZORDER 0x0004
WINBASEAPI BOOL WINAPI SetWindowPos(HWND h, HWND after, int x, int y, int cx, int cy, UINT f); /* 247 */
WINBASEAPI HBITMAP WINAPI LoadBitmapW(HINSTANCE h, LPCWSTR name);                           /* 873 */
WINBASEAPI BOOL WINAPI ClientToScreen(HWND h, POINT *p);                                     /* 254 */
WINBASEAPI HWND WINAPI GetParent(HWND h);                                                    /* 269 */

struct game {
    int sized, moved; /* WM_SIZE / WM_MOVE seen */
    int x, y;         /* the card, client coordinates */
    int drag, dx, dy;
    int deals;
};

static int failures;
static struct game *g_game; /* set after CreateWindowExW returns, as solitare.exe does */
static HINSTANCE g_inst;
static HWND g_panel;
static HBITMAP g_card;

static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

static void invalidateCard(HWND h)
{
    RECT r = {g_game->x, g_game->y, g_game->x + 52, g_game->y + 70};
    InvalidateRect(h, &r, TRUE);
}

static BOOL OptionsProc(HWND d, UINT m, WPARAM w, LPARAM l)
{
    if (m == WM_INITDIALOG) return TRUE;
    if (m == WM_COMMAND && (LOWORD(w) == IDOK || LOWORD(w) == IDCANCEL)) {
        EndDialog(d, LOWORD(w));
        return TRUE;
    }
    return FALSE;
}

static BOOL PanelProc(HWND d, UINT m, WPARAM w, LPARAM l)
{
    if (m == WM_INITDIALOG) return TRUE;
    if (m == WM_COMMAND && LOWORD(w) == 1001) {
        HWND main = GetParent(d);
        invalidateCard(main);
        g_game->x = 10;
        g_game->y = 10;
        invalidateCard(main);
        SetDlgItemInt(d, 1008, ++g_game->deals, FALSE);
        return TRUE;
    }
    if (m == WM_COMMAND && LOWORD(w) == 1003) {
        int r = DialogBoxParamW(g_inst, MAKEINTRESOURCE(101), GetParent(d), OptionsProc, 0);
        printf("options %d\n", r);
        return TRUE;
    }
    return FALSE;
}

static LRESULT WndProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    switch (m) {
    case WM_CREATE: {
        g_panel = CreateDialogParamW(g_inst, MAKEINTRESOURCE(100), h, PanelProc, 0);
        RECT wr, pr;
        GetWindowRect(h, &wr);
        GetWindowRect(g_panel, &pr);
        SetWindowPos(g_panel, NULL, wr.right - (pr.right - pr.left) - 4, 1, 0, 0, SWP_NOSIZE | SWP_NOZORDER);
        return 0;
    }
    case WM_SIZE:
        /* solitare.exe's DEBUGCHK: the game must exist when the window gets its size */
        if (!g_game) { printf("FAIL WM_SIZE during CreateWindowExW\n"); failures++; return 0; }
        g_game->sized++;
        return 0;
    case WM_MOVE:
        if (g_game) g_game->moved++;
        return 0;
    case WM_PAINT: {
        PAINTSTRUCT ps;
        HDC dc = BeginPaint(h, &ps);
        HDC mem = CreateCompatibleDC(dc);
        HGDIOBJ old = SelectObject(mem, g_card);
        BitBlt(dc, g_game->x, g_game->y, 52, 70, mem, 0, 0, SRCCOPY);
        SelectObject(mem, old);
        DeleteDC(mem);
        EndPaint(h, &ps);
        return 0;
    }
    case WM_LBUTTONDOWN: {
        int x = (short)LOWORD(l), y = (short)HIWORD(l);
        if (x >= g_game->x && x < g_game->x + 52 && y >= g_game->y && y < g_game->y + 70) {
            g_game->drag = 1;
            g_game->dx = x - g_game->x;
            g_game->dy = y - g_game->y;
            SetCapture(h);
        }
        return 0;
    }
    case WM_MOUSEMOVE:
        if (g_game->drag) {
            invalidateCard(h);
            g_game->x = (short)LOWORD(l) - g_game->dx;
            g_game->y = (short)HIWORD(l) - g_game->dy;
            invalidateCard(h);
        }
        return 0;
    case WM_LBUTTONUP:
        if (g_game->drag) {
            g_game->drag = 0;
            ReleaseCapture();
            printf("moved %d %d\n", g_game->x, g_game->y);
        }
        return 0;
    case WM_CLOSE:
        PostQuitMessage(0);
        return 0;
    }
    return DefWindowProcW(h, m, w, l);
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE prev, LPWSTR cmd, int show)
{
    static struct game game = {0, 0, 10, 10, 0, 0, 0, 0};
    g_inst = hInstance;
    g_card = LoadBitmapW(hInstance, MAKEINTRESOURCE(1));
    check(g_card != NULL, "LoadBitmapW card");
    WNDCLASSW wc = {0};
    wc.lpfnWndProc = WndProc;
    wc.hInstance = hInstance;
    wc.hbrBackground = CreateSolidBrush(RGB(0, 128, 0));
    wc.lpszClassName = L"Cards";
    check(RegisterClassW(&wc) != 0, "RegisterClassW");
    HWND h = CreateWindowExW(0, L"Cards", L"Cards", WS_BORDER | WS_CLIPCHILDREN, CW_USEDEFAULT, CW_USEDEFAULT, CW_USEDEFAULT,
                             CW_USEDEFAULT, NULL, NULL, hInstance, NULL);
    check(h != NULL && g_panel != NULL, "CreateWindowExW with a panel created in WM_CREATE");
    g_game = &game;
    check(game.sized == 0, "no WM_SIZE before ShowWindow");
    ShowWindow(h, SW_SHOW);
    UpdateWindow(h);
    check(game.sized == 1 && game.moved == 1, "WM_SIZE and WM_MOVE from the first ShowWindow");
    RECT wr, pr, cr;
    POINT o = {0, 0};
    GetWindowRect(h, &wr);
    GetWindowRect(g_panel, &pr);
    ClientToScreen(h, &o);
    check(pr.right - o.x == wr.right - 4 && pr.top - o.y == 1, "panel moved to the right edge");
    HWND deal = GetDlgItem(g_panel, 1001);
    GetWindowRect(deal, &cr);
    check(cr.left > pr.left && cr.right < pr.right && cr.top > pr.top, "panel buttons moved with the panel");
    if (!(cmd && cmd[0] == L'l')) return failures;
    MSG msg;
    while (GetMessageW(&msg, NULL, 0, 0)) {
        if (IsDialogMessageW(g_panel, &msg)) continue;
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    return failures;
}
