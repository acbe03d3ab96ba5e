/* imm.c — the IMM of an en-US device (no IME loaded), issue 14: input contexts exist (each thread has
 * a default one that its windows share), their state is kept, and what needs an IME fails. Each check
 * prints "ok NAME" or "FAIL NAME got=..."; the exit code is the number of failures
 * (test/gwes/imm.test.ts). References: CE's IMM pages and Wine's imm32 (see emulator/dlls/coredll/imm.ts). */
#include <windows.h>
#include <winuser.h>
#include <wingdi.h>
#include <imm.h>
#include <ce_modules.h>

static int g_fail;
static void check(const char *name, int ok, long got)
{
    if (ok) printf("ok %s\n", name);
    else { printf("FAIL %s got=%ld\n", name, got); g_fail++; }
}
#define CHECK(name, expr, got) check(name, (expr), (long)(got))

static LRESULT WndProc(HWND h, UINT m, WPARAM w, LPARAM l) { return DefWindowProcW(h, m, w, l); }

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE prev, LPWSTR cmd, int show)
{
    WNDCLASSW wc = {0};
    wc.lpfnWndProc = WndProc;
    wc.hInstance = hInstance;
    wc.lpszClassName = L"ImmTest";
    RegisterClassW(&wc);
    HWND top = CreateWindowExW(0, L"ImmTest", L"Imm", WS_CAPTION | WS_VISIBLE, 0, 0, 200, 100, NULL, NULL, hInstance, NULL);
    HWND child = CreateWindowExW(0, L"ImmTest", L"c", WS_CHILD | WS_VISIBLE, 0, 0, 50, 20, top, NULL, hInstance, NULL);
    HKL hkl = (HKL)0x04090409;
    DWORD conv = 77, sent = 77, x = 0;

    HIMC def = ImmGetContext(top);
    CHECK("default-context", def != 0, def);
    CHECK("child-shares-default", ImmGetContext(child) == def, ImmGetContext(child));
    CHECK("release", ImmReleaseContext(top, def), 0);
    SetLastError(0);
    CHECK("null-window", ImmGetContext(NULL) == 0, ImmGetContext(NULL));
    CHECK("null-window-error", GetLastError() == 1400, GetLastError());

    CHECK("open-initially-closed", !ImmGetOpenStatus(def), 1);
    CHECK("set-open", ImmSetOpenStatus(def, TRUE), 0);
    CHECK("open-read-back", ImmGetOpenStatus(def), 0);
    ImmSetOpenStatus(def, FALSE);
    CHECK("open-null-himc", !ImmGetOpenStatus(NULL), 1);

    CHECK("get-conversion", ImmGetConversionStatus(def, &conv, &sent), 0);
    CHECK("conversion-alphanumeric", conv == 0 && sent == 0, conv * 1000 + sent);
    CHECK("set-conversion", ImmSetConversionStatus(def, 9, 8), 0);
    ImmGetConversionStatus(def, &conv, &sent);
    CHECK("conversion-read-back", conv == 9 && sent == 8, conv * 1000 + sent);
    ImmSetConversionStatus(def, 0, 0);
    CHECK("conversion-null-himc", !ImmGetConversionStatus(NULL, &conv, &sent), 1);

    WCHAR buf[16];
    CHECK("no-composition", ImmGetCompositionStringW(def, GCS_COMPSTR, buf, sizeof buf) == 0, ImmGetCompositionStringW(def, GCS_COMPSTR, buf, sizeof buf));
    CHECK("no-result", ImmGetCompositionStringW(def, GCS_RESULTSTR, buf, sizeof buf) == 0, 1);
    CHECK("set-composition-fails", !ImmSetCompositionStringW(def, SCS_SETSTR, L"a", 2, NULL, 0), 1);
    CHECK("notify-fails", !ImmNotifyIME(def, NI_COMPOSITIONSTR, CPS_CANCEL, 0), 1);
    CHECK("escape-0", ImmEscapeW(hkl, def, IME_ESC_QUERY_SUPPORT, &x) == 0, 1);
    CHECK("not-ime", !ImmIsIME(hkl), 1);
    CHECK("property-0", ImmGetProperty(hkl, IGP_PROPERTY) == 0, ImmGetProperty(hkl, IGP_PROPERTY));
    CHECK("virtual-key", ImmGetVirtualKey(top) == VK_PROCESSKEY, ImmGetVirtualKey(top));
    CHECK("disable-ime", ImmDisableIME(0), 0);
    CHECK("no-input-panel", !ImmSIPanelState(0, &x), 1);

    CANDIDATEFORM cf = {0};
    CHECK("candidate-unset", !ImmGetCandidateWindow(def, 0, &cf), 1);
    cf.dwIndex = 1; cf.dwStyle = CFS_CANDIDATEPOS; cf.ptCurrentPos.x = 10; cf.ptCurrentPos.y = 20;
    CHECK("set-candidate", ImmSetCandidateWindow(def, &cf), 0);
    CANDIDATEFORM back = {0};
    CHECK("candidate-read-back", ImmGetCandidateWindow(def, 1, &back) && back.dwStyle == CFS_CANDIDATEPOS && back.ptCurrentPos.y == 20, back.ptCurrentPos.y);
    cf.dwIndex = 4;
    CHECK("candidate-index-4", !ImmSetCandidateWindow(def, &cf), 1);
    COMPOSITIONFORM comp = {CFS_POINT, {3, 4}, {0, 0, 0, 0}}, comp2 = {0};
    CHECK("set-composition-window", ImmSetCompositionWindow(def, &comp), 0);
    CHECK("composition-window-read-back", ImmGetCompositionWindow(def, &comp2) && comp2.dwStyle == CFS_POINT && comp2.ptCurrentPos.x == 3, comp2.ptCurrentPos.x);

    HIMC mine = ImmCreateContext();
    CHECK("create", mine != 0 && mine != def, mine);
    CHECK("associate-returns-previous", ImmAssociateContext(top, mine) == def, 0);
    CHECK("associated", ImmGetContext(top) == mine, ImmGetContext(top));
    CHECK("child-unchanged", ImmGetContext(child) == def, ImmGetContext(child));
    CHECK("associate-null", ImmAssociateContext(top, NULL) == mine, 0);
    CHECK("no-context", ImmGetContext(top) == 0, ImmGetContext(top));
    CHECK("associate-ex-default", ImmAssociateContextEx(top, NULL, IACE_DEFAULT), 0);
    CHECK("back-to-default", ImmGetContext(top) == def, ImmGetContext(top));
    CHECK("associate-ex-children", ImmAssociateContextEx(top, mine, IACE_CHILDREN), 0);
    CHECK("children-associated", ImmGetContext(top) == mine && ImmGetContext(child) == mine, ImmGetContext(child));
    CHECK("own-context-state", !ImmGetOpenStatus(mine) && ImmSetOpenStatus(mine, TRUE) && ImmGetOpenStatus(mine) && !ImmGetOpenStatus(def), 1);
    CHECK("associate-bad-window", ImmAssociateContext((HWND)0x1234, mine) == 0, 1);
    ImmAssociateContextEx(top, NULL, IACE_DEFAULT | IACE_CHILDREN);
    CHECK("destroy", ImmDestroyContext(mine), 0);
    CHECK("destroy-default-fails", !ImmDestroyContext(def), 1);
    CHECK("destroyed-gone", !ImmGetOpenStatus(mine) && !ImmSetOpenStatus(mine, TRUE), 1);

    /* CE 6 R3's window auto gestures (coredll-ce6 only): no gesture component, so they fail. */
    BOOL (*getAutoGesture)(HWND, void *) = (void *)GetProcAddressW(GetModuleHandleW(L"coredll.dll"), L"GetWindowAutoGesture");
    if (getAutoGesture) {
        DWORD wag[8] = {0};
        SetLastError(0);
        CHECK("auto-gesture-unsupported", !getAutoGesture(top, wag) && GetLastError() == 50, GetLastError());
        SetLastError(0);
        CHECK("auto-gesture-bad-window", !getAutoGesture((HWND)0x1234, wag) && GetLastError() == 1400, GetLastError());
    } else printf("no GetWindowAutoGesture\n");
    /* CE 6 R3's gesture info handles come only with WM_GESTURE, which never arrives: every handle is bad. */
    BOOL (*getGestureInfo)(HANDLE, void *) = (void *)GetProcAddressW(GetModuleHandleW(L"coredll.dll"), L"GetGestureInfo");
    BOOL (*closeGesture)(HANDLE) = (void *)GetProcAddressW(GetModuleHandleW(L"coredll.dll"), L"CloseGestureInfoHandle");
    if (getGestureInfo && closeGesture) {
        DWORD gi[12] = {48};
        SetLastError(0);
        CHECK("gesture-info-bad-handle", !getGestureInfo((HANDLE)0x1234, gi) && GetLastError() == 6, GetLastError());
        SetLastError(0);
        CHECK("gesture-info-null", !getGestureInfo((HANDLE)0x1234, NULL) && GetLastError() == 87, GetLastError());
        SetLastError(0);
        CHECK("gesture-close-bad-handle", !closeGesture((HANDLE)0x1234) && GetLastError() == 6, GetLastError());
    } else printf("no GetGestureInfo\n");

    DestroyWindow(top);
    printf("failures %d\n", g_fail);
    return g_fail;
}
