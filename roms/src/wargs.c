/* wargs.exe — a wmain ROM (entry mainWCRTStartup, roms/crt/wmain_startup.c).
 * Prints argc and each argv[i] (argv[0] = module file name) and exits with argc.
 * `wargs a "b c" d\"e` prints argc=4: [module] [a] [b c] [d"e]. */
#include <windows.h>

int wmain(int argc, wchar_t **argv)
{
    wprintf(L"argc=%d\n", argc);
    for (int i = 0; i < argc; i++) wprintf(L"argv[%d]=[%s]\n", i, argv[i]);
    return argc;
}
