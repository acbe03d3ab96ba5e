/* imagelist.c — coredll's image lists (issue 14): images are built with SetPixel in memory bitmaps,
 * added (ImageList_Add with a mask bitmap, ImageList_AddMasked with a key colour), drawn into another
 * memory bitmap in each mode and read back with GetPixel against what the documented ROPs give:
 * transparent = (dest AND mask) OR image, opaque = background colour under the mask, ILD_MASK,
 * ILD_IMAGE, ILD_BLEND50 (50% with the foreground colour), overlays. Prints "ok NAME" / "FAIL NAME
 * got=..."; exit code = failures (test/coredll/imagelist.test.ts). Then SHLoadDIBitmap on a 2 bpp
 * `.2bp` file the program writes (CE's 4-grey bitmaps), a missing file and a file that is no bitmap. */
#include <windows.h>
#include <wingdi.h>
#include <commctrl.h>
#include <ce_files.h>

WINBASEAPI HBITMAP WINAPI SHLoadDIBitmap(LPCWSTR file);
WINBASEAPI BOOL WINAPI DrawEdge(HDC, RECT *, UINT, UINT);
typedef HANDLE HRGN_;
WINBASEAPI HRGN_ WINAPI CreateRectRgn(int, int, int, int);
WINBASEAPI int WINAPI GetClipRgn(HDC, HRGN_);
WINBASEAPI int WINAPI GetRgnBox(HRGN_, RECT *);
WINBASEAPI int WINAPI IntersectClipRect(HDC, int, int, int, int);
typedef struct { DWORD cbSize; HIMAGELIST himl; int i; HDC hdcDst; int x, y, cx, cy, xBitmap, yBitmap; COLORREF rgbBk, rgbFg; UINT fStyle; DWORD dwRop; } IMAGELISTDRAWPARAMS;
WINBASEAPI BOOL WINAPI ImageList_DrawIndirect(IMAGELISTDRAWPARAMS *);
#define ILD_ROP 0x0040
#define SRCPAINT 0x00EE0086
#define SRCINVERT 0x00660046
#define BLACKNESS 0x00000042

static int g_fail;
static void check(const char *name, int ok, long got)
{
    if (ok) printf("ok %s\n", name);
    else { printf("FAIL %s got=%lx\n", name, got); g_fail++; }
}
#define CHECK(name, expr, got) check(name, (expr), (long)(got))
#define RED RGB(255, 0, 0)
#define GREEN RGB(0, 255, 0)
#define BLUE RGB(0, 0, 255)
#define MAGENTA RGB(255, 0, 255)
#define GREY RGB(128, 128, 128)

WINBASEAPI HBITMAP WINAPI CreateBitmap(int w, int h, UINT planes, UINT bpp, const void *bits);
static HDC g_screen;
/* A w x h bitmap whose pixel (x, y) is f(x, y), and a DC it stays selected into. */
static HBITMAP make(HDC *dc, int w, int h, COLORREF (*f)(int, int))
{
    *dc = CreateCompatibleDC(g_screen);
    HBITMAP b = CreateBitmap(w, h, 1, 32, NULL); /* 32 bpp: the colours read back exactly */
    SelectObject(*dc, b);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) SetPixel(*dc, x, y, f(x, y));
    return b;
}
/* Two 4x4 images: image 0 red with a magenta top-left 2x2 corner; image 1 blue with magenta right half. */
static COLORREF strip(int x, int y) { return x < 4 ? (x < 2 && y < 2 ? MAGENTA : RED) : (x >= 6 ? MAGENTA : BLUE); }
static COLORREF grey(int x, int y) { return GREY; }
static COLORREF maskf(int x, int y) { return x < 2 && y < 2 ? RGB(255, 255, 255) : 0; }

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE prev, LPWSTR cmd, int show)
{
    g_screen = GetDC(NULL);
    HDC sdc, ddc, mdc;
    HBITMAP src = make(&sdc, 8, 4, strip);
    HBITMAP dst = make(&ddc, 16, 16, grey);
    int cx = 0, cy = 0;

    CHECK("create-bad-size", ImageList_Create(0, 4, ILC_MASK, 1, 1) == NULL, 1);
    HIMAGELIST il = ImageList_Create(4, 4, ILC_MASK | ILC_COLOR16, 2, 2);
    CHECK("create", il != NULL, 0);
    CHECK("empty", ImageList_GetImageCount(il) == 0, ImageList_GetImageCount(il));
    CHECK("icon-size", ImageList_GetIconSize(il, &cx, &cy) && cx == 4 && cy == 4, cx * 100 + cy);
    CHECK("bk-none", ImageList_GetBkColor(il) == CLR_NONE, ImageList_GetBkColor(il));
    CHECK("add-masked", ImageList_AddMasked(il, src, MAGENTA) == 0, 1);
    CHECK("two-images", ImageList_GetImageCount(il) == 2, ImageList_GetImageCount(il));

    /* Transparent: grey shows through the magenta corner. */
    CHECK("draw-transparent", ImageList_Draw(il, 0, ddc, 0, 0, ILD_TRANSPARENT), 0);
    CHECK("transparent-bg", GetPixel(ddc, 0, 0) == GREY, GetPixel(ddc, 0, 0));
    CHECK("transparent-fg", GetPixel(ddc, 3, 3) == RED, GetPixel(ddc, 3, 3));
    /* Normal with CLR_NONE background: transparent too. */
    ImageList_Draw(il, 1, ddc, 4, 0, ILD_NORMAL);
    CHECK("normal-clrnone", GetPixel(ddc, 7, 0) == GREY && GetPixel(ddc, 4, 0) == BLUE, GetPixel(ddc, 7, 0));
    /* Opaque: the background colour under the mask. */
    CHECK("set-bk-returns-old", ImageList_SetBkColor(il, GREEN) == CLR_NONE, 1);
    ImageList_Draw(il, 0, ddc, 8, 0, ILD_NORMAL);
    CHECK("opaque-bg", GetPixel(ddc, 8, 0) == GREEN && GetPixel(ddc, 10, 2) == RED, GetPixel(ddc, 8, 0));
    ImageList_DrawEx(il, 0, ddc, 12, 0, 0, 0, CLR_NONE, CLR_DEFAULT, ILD_NORMAL);
    CHECK("drawex-clrnone", GetPixel(ddc, 12, 0) == GREY, GetPixel(ddc, 12, 0));
    /* Mask and image alone. */
    ImageList_Draw(il, 0, ddc, 0, 4, ILD_MASK);
    CHECK("mask", GetPixel(ddc, 0, 4) == RGB(255, 255, 255) && GetPixel(ddc, 3, 7) == 0, GetPixel(ddc, 0, 4));
    ImageList_Draw(il, 0, ddc, 4, 4, ILD_IMAGE);
    CHECK("image-black-bg", GetPixel(ddc, 4, 4) == 0 && GetPixel(ddc, 7, 7) == RED, GetPixel(ddc, 4, 4));
    /* Blend 50% with the foreground colour. */
    ImageList_DrawEx(il, 0, ddc, 8, 4, 0, 0, CLR_NONE, BLUE, ILD_BLEND50);
    CHECK("blend50", GetPixel(ddc, 11, 7) == RGB(128, 0, 128) && GetPixel(ddc, 8, 4) == GREY, GetPixel(ddc, 11, 7));
    /* DrawEx with a smaller size draws part of the image. */
    ImageList_DrawEx(il, 1, ddc, 12, 4, 1, 1, CLR_NONE, CLR_DEFAULT, ILD_NORMAL);
    CHECK("drawex-size", GetPixel(ddc, 12, 4) == BLUE && GetPixel(ddc, 13, 4) == GREY, GetPixel(ddc, 13, 4));

    /* ImageList_Add with a mask bitmap: the image's background becomes black. */
    HBITMAP mask = make(&mdc, 4, 4, maskf);
    HIMAGELIST il2 = ImageList_Create(4, 4, ILC_MASK, 1, 1);
    CHECK("add-with-mask", ImageList_Add(il2, src, mask) == 0 && ImageList_GetImageCount(il2) == 2, ImageList_GetImageCount(il2));
    ImageList_Draw(il2, 0, ddc, 0, 8, ILD_IMAGE);
    CHECK("add-background-black", GetPixel(ddc, 0, 8) == 0 && GetPixel(ddc, 2, 8) == RED, GetPixel(ddc, 0, 8));
    ImageList_Draw(il2, 0, ddc, 4, 8, ILD_TRANSPARENT);
    CHECK("add-transparent", GetPixel(ddc, 4, 8) == GREY, GetPixel(ddc, 4, 8));
    /* Image 1 of il2 had no mask bits: opaque, its magenta stays. */
    ImageList_Draw(il2, 1, ddc, 8, 8, ILD_TRANSPARENT);
    CHECK("add-opaque-rest", GetPixel(ddc, 11, 8) == MAGENTA, GetPixel(ddc, 11, 8));

    /* ImageList_DrawIndirect: a part of the image (xBitmap/yBitmap) of cx x cy. */
    HDC edc;
    HBITMAP ebm = make(&edc, 16, 16, grey);
    IMAGELISTDRAWPARAMS p = {sizeof p, il2, 0, edc, 0, 0, 2, 2, 2, 0, CLR_NONE, CLR_DEFAULT, ILD_IMAGE, 0};
    CHECK("draw-indirect", ImageList_DrawIndirect(&p), 0);
    CHECK("indirect-offset", GetPixel(edc, 0, 0) == RED && GetPixel(edc, 2, 0) == GREY, GetPixel(edc, 0, 0));
    p.xBitmap = 0; p.x = 4;
    ImageList_DrawIndirect(&p);
    CHECK("indirect-origin", GetPixel(edc, 4, 0) == 0 && GetPixel(edc, 5, 1) == 0, GetPixel(edc, 4, 0));
    /* ILD_ROP: ILD_MASK / ILD_IMAGE are blitted with dwRop (comctl32's ImageList_DrawIndirect).
     * Image 0 of il2: mask 1 (white) in its top-left 2x2 corner, black image there, red elsewhere. */
    IMAGELISTDRAWPARAMS q = {sizeof q, il2, 0, edc, 0, 12, 0, 0, 0, 0, CLR_NONE, CLR_DEFAULT, ILD_MASK | ILD_ROP, SRCCOPY};
    CHECK("rop-mask-srccopy", ImageList_DrawIndirect(&q) && GetPixel(edc, 0, 12) == RGB(255, 255, 255) && GetPixel(edc, 3, 15) == 0, GetPixel(edc, 0, 12));
    q.x = 4; q.dwRop = SRCPAINT; /* grey OR mask: white under mask 1, grey under mask 0 */
    ImageList_DrawIndirect(&q);
    CHECK("rop-mask-srcpaint", GetPixel(edc, 4, 12) == RGB(255, 255, 255) && GetPixel(edc, 7, 15) == GREY, GetPixel(edc, 7, 15));
    q.x = 8; q.fStyle = ILD_IMAGE | ILD_ROP; q.dwRop = SRCINVERT; /* grey XOR image: grey on black, (0x80^0xff, 0x80, 0x80) on red */
    ImageList_DrawIndirect(&q);
    CHECK("rop-image-srcinvert", GetPixel(edc, 8, 12) == GREY && GetPixel(edc, 11, 15) == RGB(0x7f, 0x80, 0x80), GetPixel(edc, 11, 15));
    q.x = 12; q.fStyle = ILD_TRANSPARENT | ILD_ROP; q.dwRop = BLACKNESS; /* plain drawing ignores dwRop */
    ImageList_DrawIndirect(&q);
    CHECK("rop-ignored-otherwise", GetPixel(edc, 12, 12) == GREY && GetPixel(edc, 15, 15) == RED, GetPixel(edc, 12, 12));
    p.cbSize = 8;
    CHECK("indirect-bad-size", !ImageList_DrawIndirect(&p), 1);

    /* DrawEdge: EDGE_RAISED (outer stock white/3DDKSHADOW as CE 6's gwes.dll, inner BTNHIGHLIGHT/BTNSHADOW), BF_RECT|BF_MIDDLE|BF_ADJUST. */
    RECT er = {0, 4, 8, 12};
    CHECK("drawedge", DrawEdge(edc, &er, 0x5, 0x0F | 0x800 | 0x2000), 0);
    CHECK("edge-raised-outer", GetPixel(edc, 0, 4) == RGB(255, 255, 255) && GetPixel(edc, 7, 4) == GetSysColor(21) && GetPixel(edc, 0, 11) == GetSysColor(21), GetPixel(edc, 0, 4));
    CHECK("edge-raised-inner", GetPixel(edc, 1, 5) == GetSysColor(20) && GetPixel(edc, 6, 5) == GetSysColor(16) && GetPixel(edc, 1, 10) == GetSysColor(16), GetPixel(edc, 1, 5));
    CHECK("edge-middle", GetPixel(edc, 3, 7) == GetSysColor(15), GetPixel(edc, 3, 7));
    CHECK("edge-adjust", er.left == 2 && er.top == 6 && er.right == 6 && er.bottom == 10, er.left);
    /* EDGE_SUNKEN, only the top and left sides (BF_TOPLEFT). */
    RECT sr = {8, 4, 16, 12};
    DrawEdge(edc, &sr, 0xA, 0x3);
    CHECK("edge-sunken", GetPixel(edc, 8, 4) == GetSysColor(16) && GetPixel(edc, 9, 5) == GetSysColor(21) && GetPixel(edc, 15, 11) == GREY, GetPixel(edc, 9, 5));
    /* GetClipRgn: 0 without a clipping region, 1 and the region after IntersectClipRect, -1 on bad handles. */
    HRGN_ rgn = CreateRectRgn(0, 0, 1, 1);
    RECT box = {0};
    CHECK("cliprgn-none", GetClipRgn(edc, rgn) == 0, GetClipRgn(edc, rgn));
    IntersectClipRect(edc, 2, 3, 10, 12);
    CHECK("cliprgn", GetClipRgn(edc, rgn) == 1 && GetRgnBox(rgn, &box) && box.left == 2 && box.top == 3 && box.right == 10 && box.bottom == 12, box.right);
    CHECK("cliprgn-bad", GetClipRgn(edc, (HRGN_)0x1234) == -1 && GetClipRgn((HDC)0x1234, rgn) == -1, 1);
    DeleteObject(rgn);
    DeleteDC(edc);
    DeleteObject(ebm);

    /* Without ILC_MASK: AddMasked adds the image alone, drawing copies it. */
    HIMAGELIST il3 = ImageList_Create(4, 4, ILC_COLOR16, 1, 1);
    CHECK("nomask-addmasked", ImageList_AddMasked(il3, src, MAGENTA) == 0, 1);
    ImageList_Draw(il3, 0, ddc, 12, 8, ILD_TRANSPARENT);
    CHECK("nomask-copies", GetPixel(ddc, 12, 8) == MAGENTA, GetPixel(ddc, 12, 8));

    /* Overlay: image 1 drawn over image 0. */
    CHECK("set-overlay", ImageList_SetOverlayImage(il, 1, 1), 0);
    ImageList_SetBkColor(il, CLR_NONE);
    ImageList_Draw(il, 0, ddc, 0, 12, ILD_TRANSPARENT | INDEXTOOVERLAYMASK(1));
    CHECK("overlay", GetPixel(ddc, 0, 12) == BLUE && GetPixel(ddc, 3, 15) == RED, GetPixel(ddc, 3, 15));

    /* Duplicate is independent of the original; Copy within a list (move, swap). */
    HIMAGELIST dup = ImageList_Duplicate(il);
    CHECK("duplicate", dup && dup != il && ImageList_GetImageCount(dup) == 2, dup ? ImageList_GetImageCount(dup) : -1);
    CHECK("copy-swap", ImageList_Copy(dup, 0, dup, 1, ILCF_SWAP), 0);
    ImageList_Draw(dup, 0, ddc, 4, 12, ILD_IMAGE);
    ImageList_Draw(il, 0, ddc, 8, 12, ILD_IMAGE);
    CHECK("swapped", GetPixel(ddc, 4, 12) == BLUE && GetPixel(ddc, 8, 12) == 0, GetPixel(ddc, 4, 12));
    CHECK("copy-move", ImageList_Copy(dup, 1, dup, 0, ILCF_MOVE), 0);
    ImageList_Draw(dup, 1, ddc, 12, 12, ILD_IMAGE);
    CHECK("moved", GetPixel(ddc, 12, 12) == BLUE, GetPixel(ddc, 12, 12));
    CHECK("copy-other-list", !ImageList_Copy(dup, 0, il, 1, ILCF_MOVE), 1);
    ImageList_Destroy(dup);

    /* Replace, Remove, SetImageCount, SetIconSize. */
    CHECK("replace", ImageList_Replace(il, 1, src, NULL), 0);
    CHECK("replace-out-of-range", !ImageList_Replace(il, 5, src, NULL), 1);
    CHECK("remove-bad", !ImageList_Remove(il, 2), 1);
    CHECK("remove", ImageList_Remove(il, 0) && ImageList_GetImageCount(il) == 1, ImageList_GetImageCount(il));
    CHECK("set-count", ImageList_SetImageCount(il, 3) && ImageList_GetImageCount(il) == 3, ImageList_GetImageCount(il));
    CHECK("remove-all", ImageList_Remove(il, -1) && ImageList_GetImageCount(il) == 0, ImageList_GetImageCount(il));
    ImageList_AddMasked(il, src, CLR_DEFAULT);
    CHECK("clr-default-key", ImageList_GetImageCount(il) == 2, ImageList_GetImageCount(il));
    CHECK("set-icon-size", ImageList_SetIconSize(il, 8, 2) && ImageList_GetImageCount(il) == 0, ImageList_GetImageCount(il));
    ImageList_GetIconSize(il, &cx, &cy);
    CHECK("new-size", cx == 8 && cy == 2, cx * 100 + cy);
    CHECK("draw-bad-index", !ImageList_Draw(il, 0, ddc, 0, 0, 0), 1);
    CHECK("destroy", ImageList_Destroy(il) && ImageList_Destroy(il2) && ImageList_Destroy(il3), 0);
    CHECK("destroy-twice", !ImageList_Destroy(il), 1);
    CHECK("add-destroyed", ImageList_Add(il, src, NULL) == -1, 1);

    /* A 4x2 2 bpp bitmap file: rows (top) 0 1 2 3 and (bottom) 3 2 1 0 of a 4-grey palette. */
    static const unsigned char bmp[78] = {
        'B', 'M', 78, 0, 0, 0, 0, 0, 0, 0, 70, 0, 0, 0,                     /* BITMAPFILEHEADER */
        40, 0, 0, 0, 4, 0, 0, 0, 2, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 8, 0, 0, 0, /* BITMAPINFOHEADER */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0x80, 0x80, 0x80, 0, 0xC0, 0xC0, 0xC0, 0, 0xFF, 0xFF, 0xFF, 0, /* palette */
        0xE4, 0, 0, 0, 0x1B, 0, 0, 0,                                        /* bottom row first */
    };
    DWORD put = 0;
    HANDLE f = CreateFileW(L"\\test.2bp", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    WriteFile(f, bmp, sizeof bmp, &put, NULL);
    CloseHandle(f);
    f = CreateFileW(L"\\notbmp.2bp", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    WriteFile(f, "hello, world", 12, &put, NULL);
    CloseHandle(f);
    HBITMAP two = SHLoadDIBitmap(L"\\test.2bp");
    CHECK("shload-2bp", two != NULL, GetLastError());
    HDC tdc = CreateCompatibleDC(g_screen);
    SelectObject(tdc, two);
    CHECK("2bp-top-row", GetPixel(tdc, 0, 0) == 0 && GetPixel(tdc, 1, 0) == RGB(128, 128, 128) && GetPixel(tdc, 2, 0) == RGB(192, 192, 192) && GetPixel(tdc, 3, 0) == RGB(255, 255, 255), GetPixel(tdc, 1, 0));
    CHECK("2bp-bottom-row", GetPixel(tdc, 0, 1) == RGB(255, 255, 255) && GetPixel(tdc, 3, 1) == 0, GetPixel(tdc, 0, 1));
    DeleteDC(tdc);
    DeleteObject(two);
    SetLastError(0);
    CHECK("shload-missing", SHLoadDIBitmap(L"\\nothere.bmp") == NULL && GetLastError() == 2, GetLastError());
    SetLastError(0);
    CHECK("shload-not-bitmap", SHLoadDIBitmap(L"\\notbmp.2bp") == NULL && GetLastError() == 13, GetLastError());
    DeleteFileW(L"\\test.2bp");
    DeleteFileW(L"\\notbmp.2bp");

    DeleteDC(sdc); DeleteDC(ddc); DeleteDC(mdc);
    DeleteObject(src); DeleteObject(dst); DeleteObject(mask);
    ReleaseDC(NULL, g_screen);
    printf("failures %d\n", g_fail);
    return g_fail;
}
