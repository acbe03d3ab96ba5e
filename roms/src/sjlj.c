/* sjlj.exe — setjmp/longjmp from Thumb-2 code (coredll 2054 / 1036; the ARM-mode cases are in
 * roms/asm/rtcheck.s). Non-volatile locals the compiler keeps in callee-saved registers across
 * setjmp must have their values after longjmp; longjmp from several frames down, longjmp(buf, 0)
 * makes setjmp return 1, nested buffers unwind inner to outer. Prints one line per check and returns
 * the number of failures. */
#include <windows.h>
#include <setjmp.h>

static jmp_buf outer, inner;
static int failures;
static volatile int sink;

static void check(int ok, const char *what)
{
    printf("%s %s\n", ok ? "ok" : "FAIL", what);
    if (!ok) failures++;
}

/* Recurses `depth` frames (each with its own stack data), then jumps. */
__attribute__((noinline)) static void deep(int depth, int *env, int value)
{
    volatile int pad[16];
    pad[depth & 15] = depth;
    sink = pad[depth & 15];
    if (depth > 0) deep(depth - 1, env, value);
    longjmp(env, value);
}

__attribute__((noinline)) static int mix(int a, int b) { return a * 31 + b; }

__attribute__((noinline)) static int nested(int seed)
{
    int keep = mix(seed, 7); /* lives in a callee-saved register across setjmp */
    int r = setjmp(inner);
    if (r == 0) {
        deep(3, inner, 5);
        return -1;
    }
    check(r == 5 && keep == mix(seed, 7), "inner setjmp got 5 from 4 frames down, local intact");
    longjmp(outer, 7); /* unwind past this frame to the outer buffer */
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrevInstance, LPWSTR lpCmdLine, int nCmdShow)
{
    int a = mix(nCmdShow, 1), b = mix(a, 2), c = mix(b, 3), d = mix(c, 4);
    static volatile int calls; /* changed between setjmp and longjmp: must not live in a register */
    int r = setjmp(outer);
    calls++;
    if (r == 0) {
        check(1, "setjmp returned 0");
        deep(5, outer, 0);
    } else if (r == 1) {
        check(calls == 2, "longjmp(buf, 0) made setjmp return 1");
        check(a == mix(nCmdShow, 1) && b == mix(a, 2) && c == mix(b, 3) && d == mix(c, 4), "register locals intact");
        nested(d);
    } else {
        check(r == 7 && calls == 3, "outer setjmp got 7 from the inner function");
    }
    if (r == 7) {
        printf("sjlj: %d failures\n", failures);
        return failures;
    }
    return 100; /* not reached */
}
