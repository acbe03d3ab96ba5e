/*
 * wmemu time-slice helper for unicorn 2.0.x.
 *
 * Why this exists: stopping unicorn asynchronously (uc_emu_start's timeout, or uc_emu_stop from
 * another thread) can leave PC at the start of a translation block whose instructions have already
 * partly run; restarting there re-executes them and silently corrupts guest state
 * (unicorn-engine/unicorn#1105, #1565; reproduced with roms/bin/slicecheck.exe). Stopping from
 * inside a hook, on the emulation thread, is exact. So: a ticker thread bumps an epoch counter every
 * period; a UC_HOOK_BLOCK callback written in C (unlike a JavaScript callback, its cost is unicorn's
 * own per-block hook dispatch) compares the epoch with the one its machine saw at the start of the
 * slice and calls uc_emu_stop when a tick has passed. Deterministic runs give each slice a budget of
 * block entries instead, which is reproducible from run to run. The machine installs ONE hook over
 * the whole address space (each further hook costs ~40 ns per executed block) and the callback skips
 * the trap page, so a slice never ends between an import trap's handler and the stub's result load.
 *
 * Built by scripts/setup.sh into dist/native/libwmemu_slicer.so. Without it, wmemu falls back to
 * instruction-count slices (exact, but guest code runs about 2x slower).
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>

typedef int (*uc_emu_stop_fn)(void *uc);

static uc_emu_stop_fn emu_stop;
static volatile uint32_t epoch;
static pthread_t ticker_thread;
static int ticker_started;
static uint32_t period_us = 10000;

struct slot {
    volatile uint32_t seen;   /* epoch when the slice started (written by the machine) */
    volatile uint32_t stops;  /* number of stops requested (diagnostics) */
    volatile uint32_t budget; /* non-zero: deterministic slices of this many blocks, no ticker */
    uint32_t skip_begin;      /* blocks in [skip_begin, skip_begin + skip_len) never end a slice */
    uint32_t skip_len;        /* (the import-trap page); 0 = none */
};

static void *ticker(void *arg)
{
    (void)arg;
    struct timespec ts;
    for (;;) {
        ts.tv_sec = period_us / 1000000;
        ts.tv_nsec = (long)(period_us % 1000000) * 1000;
        nanosleep(&ts, 0);
        __atomic_add_fetch(&epoch, 1, __ATOMIC_RELAXED);
    }
    return 0;
}

/* UC_HOOK_BLOCK callback: void (*)(uc_engine *, uint64_t address, uint32_t size, void *user_data). */
static void block_hook(void *uc, uint64_t address, uint32_t size, void *user_data)
{
    (void)size;
    struct slot *s = (struct slot *)user_data;
    /* One hook over the whole address space, filtered here: unicorn's per-block cost grows with the
       number of block hooks installed (measured: 1 hook ~12-18 ns, 2 hooks ~53-60 ns per block). */
    if ((uint32_t)address - s->skip_begin < s->skip_len) return;
    if (s->budget) {
        /* Deterministic runs: a slice is a fixed number of translated-block entries. */
        if (--s->budget == 0) {
            s->stops++;
            emu_stop(uc);
        }
        return;
    }
    uint32_t now = __atomic_load_n(&epoch, __ATOMIC_RELAXED);
    if (s->seen != now) {
        s->seen = now;
        s->stops++;
        emu_stop(uc);
    }
}

/* Resolves uc_emu_stop from the already loaded libunicorn and starts the ticker. 0 = ok. */
int wmemu_slicer_init(uint32_t tick_us)
{
    if (!emu_stop) {
        void *lib = dlopen("libunicorn.so.2", RTLD_NOW | RTLD_NOLOAD);
        if (!lib) lib = dlopen("libunicorn.so.2", RTLD_NOW);
        if (!lib) return -1;
        emu_stop = (uc_emu_stop_fn)dlsym(lib, "uc_emu_stop");
        if (!emu_stop) return -2;
    }
    if (tick_us >= 1000) period_us = tick_us;
    if (!ticker_started) {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&ticker_thread, &attr, ticker, 0) != 0) return -3;
        ticker_started = 1;
    }
    return 0;
}

/* Address of the hook callback, for uc_hook_add. */
uintptr_t wmemu_slicer_hook(void) { return (uintptr_t)&block_hook; }

/* Current epoch: a machine writes it into its slot before each slice. */
uint32_t wmemu_slicer_epoch(void) { return __atomic_load_n(&epoch, __ATOMIC_RELAXED); }

/*
 * Import-trap fast path. unicorn's UC_HOOK_INTR callback in C reads R0-R3, SP, LR and PC into the
 * machine's trap buffer (TypeScript sees it as a Uint32Array) and then calls the JavaScript hook, so
 * the per-call register read costs no trip through the FFI.
 */
typedef int (*uc_reg_read_batch_fn)(void *uc, int *regs, void **vals, int count);
static uc_reg_read_batch_fn reg_read_batch;

struct trapbuf {
    uint32_t regs[8];           /* R0, R1, R2, R3, SP, LR, PC, (pad) */
    void (*js)(uint32_t intno); /* the JavaScript interrupt hook */
};

/* uc_arm_reg ids of unicorn 2.0: R0..R3 = 66..69, SP = 12, LR = 10, PC = 11. */
static int trap_regs[7] = {66, 67, 68, 69, 12, 10, 11};

static void intr_hook(void *uc, uint32_t intno, void *user_data)
{
    struct trapbuf *t = (struct trapbuf *)user_data;
    void *vals[7];
    for (int i = 0; i < 7; i++) vals[i] = &t->regs[i];
    reg_read_batch(uc, trap_regs, vals, 7);
    t->js(intno);
}

/* Address of the interrupt hook (0 if uc_reg_read_batch cannot be found). */
uintptr_t wmemu_trap_hook(void)
{
    if (!reg_read_batch) {
        void *lib = dlopen("libunicorn.so.2", RTLD_NOW | RTLD_NOLOAD);
        if (!lib) return 0;
        reg_read_batch = (uc_reg_read_batch_fn)dlsym(lib, "uc_reg_read_batch");
        if (!reg_read_batch) return 0;
    }
    return (uintptr_t)&intr_hook;
}
