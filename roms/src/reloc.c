/* reloc.exe — exercises base relocation.
 * Linked at the preferred base 0x60000000 (RELOC_PREFERRED_BASE, see build.sh) — outside the 32 MB
 * process slot of CE 5, where the CE loader always places an EXE at 0x00010000 — so a CE-faithful
 * loader must apply the .reloc section (delta = actual base - 0x60000000).
 * The image holds absolute pointers of both relocation kinds lld emits for ARM:
 *   - data tables of string/function pointers  -> IMAGE_REL_BASED_HIGHLOW (3)
 *   - code taking addresses with movw/movt     -> IMAGE_REL_BASED_THUMB_MOV32 (7)
 * It prints the table (so the load address is observable) and self-checks: every pointer lies
 * inside [hInstance, hInstance + SizeOfImage), strings read back correctly, the function pointers
 * (odd: Thumb) can be called. Exit code = number of failures. */
#include <windows.h>

#ifndef RELOC_PREFERRED_BASE
#define RELOC_PREFERRED_BASE 0x60000000u
#endif

static int failures;
static void check(int cond, const char *name)
{
    if (cond) printf("ok %s\n", name);
    else { printf("FAIL %s\n", name); failures++; }
}

static const char s_alpha[] = "alpha", s_beta[] = "beta", s_gamma[] = "gamma";
const char *const names[] = { s_alpha, s_beta, s_gamma };            /* HIGHLOW x3 */
const wchar_t *const wname = L"wide pointer";                        /* HIGHLOW */

__attribute__((noinline)) static int twice(int x) { return 2 * x; }
__attribute__((noinline)) static int square(int x) { return x * x; }
int (*const funcs[])(int) = { twice, square };                       /* HIGHLOW (Thumb bit set) */
struct node { int value; struct node *next; };
struct node n3 = { 3, 0 }, n2 = { 2, &n3 }, n1 = { 1, &n2 };          /* HIGHLOW in writable data */

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrevInstance, LPWSTR lpCmdLine, int nCmdShow)
{
    (void)hPrevInstance; (void)lpCmdLine; (void)nCmdShow;
    unsigned base = (unsigned)hInstance;
    const unsigned char *hdr = (const unsigned char *)hInstance;
    unsigned pe = *(const unsigned *)(hdr + 0x3c);
    unsigned size = *(const unsigned *)(hdr + pe + 24 + 56);           /* OptionalHeader.SizeOfImage */
    printf("reloc: loaded at 0x%08x (preferred 0x%08x, delta 0x%08x), SizeOfImage 0x%x\n",
           base, RELOC_PREFERRED_BASE, base - RELOC_PREFERRED_BASE, size);
    check(base == (unsigned)GetModuleHandleW(NULL), "hInstance == GetModuleHandleW(NULL)");
#define INSIDE(p) ((unsigned)(p) - base < size)
    for (int i = 0; i < 3; i++) {
        printf("names[%d] = 0x%08x \"%s\"\n", i, (unsigned)names[i], INSIDE(names[i]) ? names[i] : "(outside image)");
        check(INSIDE(names[i]), "string pointer inside image");
    }
    check(INSIDE(names[0]) && strcmp(names[0], "alpha") == 0 && strcmp(names[2], "gamma") == 0, "table strings");
    check(names[1] == s_beta, "table entry == movw/movt address");            /* HIGHLOW vs MOV32 */
    check(INSIDE(wname) && wcscmp(wname, L"wide pointer") == 0, "wide string pointer");
    for (int i = 0; i < 2; i++) {
        printf("funcs[%d] = 0x%08x\n", i, (unsigned)funcs[i]);
        check(INSIDE(funcs[i]) && ((unsigned)funcs[i] & 1), "function pointer inside image, Thumb bit");
    }
    if (INSIDE(funcs[0]) && INSIDE(funcs[1]))
        check(funcs[0](21) == 42 && funcs[1](9) == 81, "call through relocated function pointers");
    int sum = 0, hops = 0;
    for (struct node *n = &n1; n && hops < 5 && INSIDE(n); n = n->next, hops++) sum += n->value;
    check(sum == 6 && hops == 3, "linked list through relocated pointers");
    printf("reloc: %d failures\n", failures);
    return failures;
}
