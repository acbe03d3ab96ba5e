/* dpa.c — coredll's dynamic pointer and structure arrays (issue 14): DPA_* and DSA_* by name, and the
 * ordinals coredll exports without a name (1838 DPA_CreateEx, 1839 DPA_Clone, 1840 DPA_DeleteAllPtrs,
 * 1841 DPA_DeletePtr, 1846 DPA_GetPtrIndex, 1849 DPA_Search) through GetProcAddressW, as commctrl.dll
 * imports them. Checks the structures commctrl.h's macros read (count at offset 0, pointer array at 4),
 * growth, insertion past the end, callbacks (stopping at 0), a stable sort and sorted/linear search.
 * Prints "ok NAME" / "FAIL NAME got=N"; exit code = failures (test/coredll/dpa.test.ts). */
#include <windows.h>
#include <winuser.h>
#include <ce_modules.h>

typedef void *HDPA, *HDSA;
typedef int (*PFNCOMPARE)(void *, void *, LPARAM);
typedef int (*PFNENUM)(void *, void *);
WINBASEAPI HDPA WINAPI DPA_Create(int grow);
WINBASEAPI BOOL WINAPI DPA_Destroy(HDPA);
WINBASEAPI void WINAPI DPA_DestroyCallback(HDPA, PFNENUM, void *);
WINBASEAPI void WINAPI DPA_EnumCallback(HDPA, PFNENUM, void *);
WINBASEAPI void *WINAPI DPA_GetPtr(HDPA, int);
WINBASEAPI BOOL WINAPI DPA_Grow(HDPA, int);
WINBASEAPI int WINAPI DPA_InsertPtr(HDPA, int, void *);
WINBASEAPI BOOL WINAPI DPA_SetPtr(HDPA, int, void *);
WINBASEAPI BOOL WINAPI DPA_Sort(HDPA, PFNCOMPARE, LPARAM);
WINBASEAPI HDSA WINAPI DSA_Create(int cb, int grow);
WINBASEAPI HDSA WINAPI DSA_Clone(HDSA);
WINBASEAPI BOOL WINAPI DSA_Destroy(HDSA);
WINBASEAPI BOOL WINAPI DSA_DeleteAllItems(HDSA);
WINBASEAPI BOOL WINAPI DSA_DeleteItem(HDSA, int);
WINBASEAPI void WINAPI DSA_EnumCallback(HDSA, PFNENUM, void *);
WINBASEAPI void WINAPI DSA_DestroyCallback(HDSA, PFNENUM, void *);
WINBASEAPI BOOL WINAPI DSA_GetItem(HDSA, int, void *);
WINBASEAPI void *WINAPI DSA_GetItemPtr(HDSA, int);
WINBASEAPI int WINAPI DSA_InsertItem(HDSA, int, void *);
WINBASEAPI BOOL WINAPI DSA_SetItem(HDSA, int, void *);

static int g_fail;
static void check(const char *name, int ok, long got)
{
    if (ok) printf("ok %s\n", name);
    else { printf("FAIL %s got=%ld\n", name, got); g_fail++; }
}
#define CHECK(name, expr, got) check(name, (expr), (long)(got))
#define COUNT(h) (*(int *)(h))
#define PTRS(h) (((void ***)(h))[1])

typedef struct { int key; int seq; } Rec;
static int cmp_key(void *a, void *b, LPARAM lp) { return ((Rec *)a)->key - ((Rec *)b)->key; }
static int g_seen, g_sum;
static int count_until_3(void *p, void *data) { g_seen++; g_sum += ((Rec *)p)->key; return ((Rec *)p)->key != 3; }
static int sum_ints(void *p, void *data) { g_sum += *(int *)p; *(int *)data += 1; return 1; }

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE prev, LPWSTR cmd, int show)
{
    HMODULE core = GetModuleHandleW(L"coredll.dll");
    HDPA (*CreateEx)(int, HANDLE) = (void *)GetProcAddressW(core, (LPCWSTR)1838);
    HDPA (*Clone)(HDPA, HDPA) = (void *)GetProcAddressW(core, (LPCWSTR)1839);
    BOOL (*DeleteAllPtrs)(HDPA) = (void *)GetProcAddressW(core, (LPCWSTR)1840);
    void *(*DeletePtr)(HDPA, int) = (void *)GetProcAddressW(core, (LPCWSTR)1841);
    int (*GetPtrIndex)(HDPA, void *) = (void *)GetProcAddressW(core, (LPCWSTR)1846);
    int (*Search)(HDPA, void *, int, PFNCOMPARE, LPARAM, UINT) = (void *)GetProcAddressW(core, (LPCWSTR)1849);
    CHECK("ordinals", CreateEx && Clone && DeleteAllPtrs && DeletePtr && GetPtrIndex && Search, 0);

    static Rec r[6] = {{3, 0}, {1, 1}, {3, 2}, {2, 3}, {1, 4}, {5, 5}};
    HDPA d = DPA_Create(2);
    CHECK("create", d && COUNT(d) == 0, 0);
    for (int i = 0; i < 6; i++) DPA_InsertPtr(d, 0x7fffffff, &r[i]);
    CHECK("insert-append", COUNT(d) == 6 && PTRS(d)[5] == &r[5] && DPA_GetPtr(d, 0) == &r[0], COUNT(d));
    CHECK("insert-front", DPA_InsertPtr(d, 0, &r[5]) == 0 && COUNT(d) == 7 && DPA_GetPtr(d, 1) == &r[0], COUNT(d));
    CHECK("insert-negative", DPA_InsertPtr(d, -1, &r[0]) == -1, 1);
    CHECK("delete-ptr", DeletePtr(d, 0) == &r[5] && COUNT(d) == 6, COUNT(d));
    CHECK("delete-out-of-range", DeletePtr(d, 6) == NULL, 1);
    CHECK("get-out-of-range", DPA_GetPtr(d, 6) == NULL && DPA_GetPtr(d, -1) == NULL, 1);
    CHECK("ptr-index", GetPtrIndex(d, &r[3]) == 3 && GetPtrIndex(d, &g_fail) == -1, GetPtrIndex(d, &r[3]));
    CHECK("sort", DPA_Sort(d, cmp_key, 0), 0);
    int order = 0;
    for (int i = 0; i < 6; i++) order = order * 10 + ((Rec *)DPA_GetPtr(d, i))->seq;
    CHECK("sort-stable", order == 143025, order); /* keys 1 1 2 3 3 5: seq 1 4 3 0 2 5 */
    Rec k2 = {2, 0}, k4 = {4, 0};
    CHECK("search-sorted", Search(d, &k2, 0, cmp_key, 0, 1) == 2, Search(d, &k2, 0, cmp_key, 0, 1));
    CHECK("search-missing", Search(d, &k4, 0, cmp_key, 0, 1) == -1, Search(d, &k4, 0, cmp_key, 0, 1));
    CHECK("search-insert-point", Search(d, &k4, 0, cmp_key, 0, 1 | 2) == 5, Search(d, &k4, 0, cmp_key, 0, 3));
    CHECK("search-linear", Search(d, &k2, 3, cmp_key, 0, 0) == -1 && Search(d, &k2, 0, cmp_key, 0, 0) == 2, 1);
    g_seen = g_sum = 0;
    DPA_EnumCallback(d, count_until_3, NULL);
    CHECK("enum-stops", g_seen == 4 && g_sum == 7, g_seen * 100 + g_sum);
    CHECK("set-past-end", DPA_SetPtr(d, 9, &r[0]) && COUNT(d) == 10 && DPA_GetPtr(d, 7) == NULL && DPA_GetPtr(d, 9) == &r[0], COUNT(d));
    HDPA c = Clone(d, NULL);
    CHECK("clone", c && c != d && COUNT(c) == 10 && DPA_GetPtr(c, 9) == &r[0], c ? COUNT(c) : -1);
    CHECK("delete-all", DeleteAllPtrs(d) && COUNT(d) == 0 && COUNT(c) == 10, COUNT(d));
    CHECK("grow", DPA_Grow(d, 100) && COUNT(d) == 0, 0);
    CHECK("destroy", DPA_Destroy(d), 0);
    CHECK("destroy-null", !DPA_Destroy(NULL), 1);
    g_seen = g_sum = 0;
    DPA_DestroyCallback(c, count_until_3, NULL);
    CHECK("destroy-callback", g_seen == 4, g_seen);
    HDPA e = CreateEx(4, GetProcessHeap());
    CHECK("create-ex", e && COUNT(e) == 0 && DPA_InsertPtr(e, 5, &r[1]) == 0, 0);
    DPA_Destroy(e);

    HDSA s = DSA_Create(sizeof(int), 2);
    int v, n = 0;
    for (v = 10; v < 15; v++) DSA_InsertItem(s, 0x7fffffff, &v);
    CHECK("dsa-insert", COUNT(s) == 5 && *(int *)DSA_GetItemPtr(s, 4) == 14, COUNT(s));
    v = 99;
    CHECK("dsa-insert-front", DSA_InsertItem(s, 0, &v) == 0 && *(int *)DSA_GetItemPtr(s, 1) == 10, 0);
    v = 0;
    CHECK("dsa-get", DSA_GetItem(s, 0, &v) && v == 99, v);
    CHECK("dsa-get-out-of-range", !DSA_GetItem(s, 6, &v) && DSA_GetItemPtr(s, 6) == NULL, 1);
    CHECK("dsa-delete", DSA_DeleteItem(s, 0) && COUNT(s) == 5 && !DSA_DeleteItem(s, 5), COUNT(s));
    v = 7;
    CHECK("dsa-set-past-end", DSA_SetItem(s, 7, &v) && COUNT(s) == 8 && *(int *)DSA_GetItemPtr(s, 6) == 0, COUNT(s));
    g_sum = 0;
    DSA_EnumCallback(s, sum_ints, &n);
    CHECK("dsa-enum", n == 8 && g_sum == 10 + 11 + 12 + 13 + 14 + 7, g_sum);
    HDSA s2 = DSA_Clone(s);
    CHECK("dsa-clone", s2 && COUNT(s2) == 8 && *(int *)DSA_GetItemPtr(s2, 7) == 7 && DSA_GetItemPtr(s2, 0) != DSA_GetItemPtr(s, 0), 0);
    CHECK("dsa-delete-all", DSA_DeleteAllItems(s) && COUNT(s) == 0, COUNT(s));
    CHECK("dsa-destroy", DSA_Destroy(s) && !DSA_Destroy(NULL), 0);
    n = 0;
    g_sum = 0;
    DSA_DestroyCallback(s2, sum_ints, &n);
    CHECK("dsa-destroy-callback", n == 8, n);
    CHECK("dsa-create-bad", DSA_Create(0, 4) == NULL, 1);

    printf("failures %d\n", g_fail);
    return g_fail;
}
