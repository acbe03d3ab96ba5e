@ toolhelp.s — THCreateSnapshot, read the way the CE 6 toolhelp.dll reads it, and (argument t) the
@ device's own toolhelp.dll driving it (the vitest passes the corpus folder; nothing of it is here):
@   no argument: armdll.dll loaded and a second thread waiting, then THCreateSnapshot(PROCESS |
@     THREAD | MODULE, 0): header counts at +0x10/+0x14/+0x18, records from +0x3C: PROCESSENTRY32
@     (564: size, this process's ID, 2 threads, its name), MODULEENTRY32 (1076: armdll.dll's base,
@     handle and name), THREADENTRY32 (36: both thread IDs, owner = this process); VirtualFree
@     releases the snapshot; another process ID fails with ERROR_INVALID_PARAMETER
@   t: the same through toolhelp.dll's CreateToolhelp32Snapshot, Process32First/Next,
@     Thread32First/Next, Module32First/Next, CloseToolhelp32Snapshot (ERROR_NO_MORE_FILES at the end)
@     and GetHeapSnapshot on a TH32CS_SNAPHEAPLIST snapshot: one heap list record, the process heap
@   h: toolhelp.dll with TH32CS_SNAPHEAPLIST too: Heap32ListFirst gives the process heap (HF32_DEFAULT),
@     Heap32First/Next walk its blocks and find a 1000-byte LocalAlloc block, ERROR_NO_MORE_FILES at
@     the end of the blocks and of the heap lists
@ Prints "ok ..." / "FAIL ..." (and the names it reads) and returns the number of failures.
        .include "ce.inc"
        .syntax unified
        .arch armv5te
        .arm

        .set KDATA_CURTHREAD, 0xFFFFC808
        .set KDATA_CURPROC, 0xFFFFC80C

        .macro CALL name
        ldr     r12, =iat_\name
        mov     lr, pc
        ldr     pc, [r12]
        .endm

        @ expect(r0 = actual, expected, message)
        .macro EXPECT expected, msg
        ldr     r1, =\expected
        ldr     r2, =\msg
        bl      expect
        .endm

        @ expect(r0 = actual, [symbol] (a word variable), message)
        .macro EXPECTV var, msg
        ldr     r1, =\var
        ldr     r1, [r1]
        ldr     r2, =\msg
        bl      expect
        .endm

        .macro WSTR s
        .irpc c, \s
        .short  '\c'
        .endr
        .short  0
        .endm

        .text
        .globl start
        .p2align 2
start:
        stmdb   sp!, {r4-r8, lr}
        sub     sp, sp, #8
start_pe:
        ldrh    r4, [r2]                @ lpCmdLine[0]
        ldr     r0, =KDATA_CURPROC
        ldr     r0, [r0]
        ldr     r1, =pid
        str     r0, [r1]
        ldr     r0, =KDATA_CURTHREAD
        ldr     r0, [r0]
        ldr     r1, =tid_main
        str     r0, [r1]
        mov     r0, #0                  @ LMEM_FIXED
        mov     r1, #1000
        CALL    LocalAlloc
        ldr     r1, =block
        str     r0, [r1]
        CALL    GetProcessHeap
        ldr     r1, =pheap
        str     r0, [r1]
        ldr     r0, =w_armdll
        CALL    LoadLibraryW
        ldr     r1, =hmod
        str     r0, [r1]
        @ a second thread, waiting on an event
        mov     r0, #0
        mov     r1, #1
        mov     r2, #0
        mov     r3, #0
        CALL    CreateEventW
        mov     r5, r0
        ldr     r3, =tid_2
        str     r3, [sp, #4]            @ lpThreadId
        mov     r3, #0
        str     r3, [sp]
        mov     r0, #0
        mov     r1, #0
        ldr     r2, =waiter
        mov     r3, r5
        CALL    CreateThread
        mov     r6, r0
        mov     r0, #50
        CALL    Sleep
        cmp     r4, #'t'
        beq     start_t
        cmp     r4, #'h'
        beq     start_h
        bl      test_kernel
        b       start_out
start_t:
        mov     r0, #0xE                @ PROCESS | THREAD | MODULE
        bl      test_dll
        b       start_out
start_h:
        mov     r0, #0xF                @ with HEAPLIST
        bl      test_dll
start_out:
        mov     r0, r5
        mov     r1, #3                  @ EVENT_SET
        CALL    EventModify
        mov     r0, r6
        mvn     r1, #0
        CALL    WaitForSingleObject
        ldr     r1, =fails
        ldr     r1, [r1]
        ldr     r0, =msg_done
        bl      print
        ldr     r0, =fails
        ldr     r0, [r0]
        add     sp, sp, #8
        ldmia   sp!, {r4-r8, lr}
        bx      lr
start_end:
        PDATA   start, start_pe, start_end, 0
        .ltorg

waiter:                                 @ r0 = event
        stmdb   sp!, {r4, lr}
waiter_pe:
        mvn     r1, #0
        CALL    WaitForSingleObject
        mov     r0, #0
        ldmia   sp!, {r4, lr}
        bx      lr
waiter_end:
        PDATA   waiter, waiter_pe, waiter_end, 0
        .ltorg

print:
        stmdb   sp!, {r4, lr}
print_pe:
        CALL    printf
        ldmia   sp!, {r4, lr}
        bx      lr
print_end:
        PDATA   print, print_pe, print_end, 0
        .ltorg

expect:
        stmdb   sp!, {r4, lr}
expect_pe:
        cmp     r0, r1
        beq     expect_ok
        mov     r3, r1
        mov     r1, r2
        mov     r2, r0
        ldr     r0, =fmt_fail
        bl      print
        ldr     r12, =fails
        ldr     r3, [r12]
        add     r3, r3, #1
        str     r3, [r12]
        b       expect_out
expect_ok:
        mov     r1, r2
        ldr     r0, =fmt_ok
        bl      print
expect_out:
        ldmia   sp!, {r4, lr}
        bx      lr
expect_end:
        PDATA   expect, expect_pe, expect_end, 0
        .ltorg

@ ---- the kernel's snapshot, read directly -------------------------------------------------------
test_kernel:
        stmdb   sp!, {r4-r6, lr}
test_kernel_pe:
        mov     r0, #0xE
        mov     r1, #0
        CALL    THCreateSnapshot
        movs    r4, r0
        moveq   r0, #0
        movne   r0, #1
        EXPECT  1, mk_snap
        cmp     r4, #0
        beq     tk_out
        ldr     r0, [r4, #0x10]
        EXPECT  1, mk_nprocs
        ldr     r0, [r4, #0x14]
        EXPECT  1, mk_nmods
        ldr     r0, [r4, #0x18]
        EXPECT  2, mk_nthreads
        add     r5, r4, #0x3C           @ PROCESSENTRY32
        ldr     r0, [r5]
        EXPECT  564, mk_psize
        ldr     r0, [r5, #8]
        EXPECTV pid, mk_pid
        ldr     r0, [r5, #20]
        EXPECT  2, mk_pthreads
        add     r1, r5, #36
        ldr     r0, =fmt_proc
        bl      print
        add     r5, r5, #564            @ MODULEENTRY32
        ldr     r0, [r5]
        EXPECT  1076, mk_msize
        ldr     r0, [r5, #8]
        EXPECTV pid, mk_mpid
        ldr     r0, [r5, #20]
        EXPECTV hmod, mk_mbase
        ldr     r0, [r5, #28]
        EXPECTV hmod, mk_mhandle
        add     r1, r5, #32
        ldr     r0, =fmt_mod
        bl      print
        add     r5, r5, #1024
        add     r5, r5, #52             @ THREADENTRY32
        ldr     r0, [r5]
        EXPECT  36, mk_tsize
        ldr     r0, [r5, #8]
        EXPECTV tid_main, mk_t0
        ldr     r0, [r5, #12]
        EXPECTV pid, mk_t0owner
        ldr     r0, [r5, #44]
        EXPECTV tid_2, mk_t1
        mov     r0, r4
        mov     r1, #0
        mov     r2, #0x8000             @ MEM_RELEASE
        CALL    VirtualFree
        EXPECT  1, mk_free
tk_out:
        @ GetHeapSnapshot appends the heap lists to a TH32CS_SNAPHEAPLIST snapshot
        mov     r0, #1
        mov     r1, #0
        CALL    THCreateSnapshot
        mov     r4, r0
        ldr     r0, [r4, #0x20]
        EXPECT  0, mk_h0
        mov     r0, r4
        CALL    GetHeapSnapshot
        cmp     r0, #0
        movne   r0, #1
        EXPECT  1, mk_hbytes
        ldr     r0, [r4, #0x20]
        EXPECT  1, mk_h1
        ldr     r0, [r4, #0x3C]
        EXPECT  16, mk_hsize
        ldr     r0, [r4, #0x44]
        EXPECTV pheap, mk_hid
        ldr     r0, [r4, #0x48]
        EXPECT  1, mk_hflags
        mov     r0, r4
        mov     r1, #0
        mov     r2, #0x8000
        CALL    VirtualFree
        EXPECT  1, mk_hfree
        mov     r0, #0xE
        ldr     r1, =0x1234
        CALL    THCreateSnapshot
        EXPECT  0, mk_other
        CALL    GetLastError
        EXPECT  87, mk_other_err
        ldmia   sp!, {r4-r6, lr}
        bx      lr
test_kernel_end:
        PDATA   test_kernel, test_kernel_pe, test_kernel_end, 0
        .ltorg

@ ---- the device's toolhelp.dll ------------------------------------------------------------------
@ r0 = TH32CS_* flags
test_dll:
        stmdb   sp!, {r4-r8, lr}
test_dll_pe:
        mov     r7, r0
        ldr     r0, =w_toolhelp
        CALL    LoadLibraryW
        movs    r4, r0
        bne     td_loaded
        ldr     r0, =msg_nodll
        bl      print
        ldr     r12, =fails
        mov     r3, #1
        str     r3, [r12]
        b       td_out
td_loaded:
        ldr     r5, =names
        ldr     r6, =procs
td_resolve:                             @ procs[i] = GetProcAddressA(toolhelp, names[i])
        ldr     r1, [r5], #4
        cmp     r1, #0
        beq     td_go
        mov     r0, r4
        CALL    GetProcAddressA
        str     r0, [r6], #4
        b       td_resolve
td_go:
        @ h = CreateToolhelp32Snapshot(flags, 0)
        mov     r0, r7
        mov     r1, #0
        ldr     r12, =procs
        mov     lr, pc
        ldr     pc, [r12, #0]
        mov     r8, r0
        cmn     r0, #1
        moveq   r0, #0
        movne   r0, #1
        EXPECT  1, md_snap
        @ processes
        ldr     r0, =entry
        mov     r1, #564
        str     r1, [r0]
        mov     r0, r8
        ldr     r1, =entry
        ldr     r12, =procs
        mov     lr, pc
        ldr     pc, [r12, #4]           @ Process32First
        EXPECT  1, md_p1
        ldr     r0, =entry
        ldr     r0, [r0, #8]
        EXPECTV pid, md_pid
        ldr     r1, =entry + 36
        ldr     r0, =fmt_proc
        bl      print
        mov     r0, r8
        ldr     r1, =entry
        ldr     r12, =procs
        mov     lr, pc
        ldr     pc, [r12, #8]           @ Process32Next
        EXPECT  0, md_p2
        CALL    GetLastError
        EXPECT  18, md_p2_err
        @ threads: count this process's
        mov     r6, #0
        ldr     r0, =entry
        mov     r1, #36
        str     r1, [r0]
        mov     r0, r8
        ldr     r1, =entry
        ldr     r12, =procs
        mov     lr, pc
        ldr     pc, [r12, #12]          @ Thread32First
td_thread:
        cmp     r0, #0
        beq     td_threads_done
        ldr     r0, =entry
        ldr     r0, [r0, #12]           @ th32OwnerProcessID
        ldr     r1, =pid
        ldr     r1, [r1]
        cmp     r0, r1
        addeq   r6, r6, #1
        mov     r0, r8
        ldr     r1, =entry
        ldr     r12, =procs
        mov     lr, pc
        ldr     pc, [r12, #16]          @ Thread32Next
        b       td_thread
td_threads_done:
        mov     r0, r6
        EXPECT  2, md_threads
        @ modules
        ldr     r0, =entry
        ldr     r1, =1076
        str     r1, [r0]
        mov     r0, r8
        ldr     r1, =entry
        ldr     r12, =procs
        mov     lr, pc
        ldr     pc, [r12, #20]          @ Module32First
        mov     r6, #0
td_module:
        cmp     r0, #0
        beq     td_modules_done
        add     r6, r6, #1
        ldr     r1, =entry + 32
        ldr     r0, =fmt_mod
        bl      print
        mov     r0, r8
        ldr     r1, =entry
        ldr     r12, =procs
        mov     lr, pc
        ldr     pc, [r12, #24]          @ Module32Next
        b       td_module
td_modules_done:
        CALL    GetLastError
        EXPECT  18, md_m_err
        mov     r0, r6
        EXPECT  2, md_mods              @ armdll.dll and toolhelp.dll
        tst     r7, #1
        blne    heap_walk
        mov     r0, r8
        ldr     r12, =procs
        mov     lr, pc
        ldr     pc, [r12, #28]          @ CloseToolhelp32Snapshot
        EXPECT  1, md_close
td_out:
        ldmia   sp!, {r4-r8, lr}
        bx      lr
test_dll_end:
        PDATA   test_dll, test_dll_pe, test_dll_end, 0
        .ltorg

@ r8 = the toolhelp.dll snapshot (TH32CS_SNAPHEAPLIST)
heap_walk:
        stmdb   sp!, {r4-r7, lr}
heap_walk_pe:
        ldr     r0, =hlist
        mov     r1, #16
        str     r1, [r0]
        mov     r0, r8
        ldr     r1, =hlist
        ldr     r12, =procs
        mov     lr, pc
        ldr     pc, [r12, #32]          @ Heap32ListFirst
        EXPECT  1, mh_l1
        ldr     r0, =hlist
        ldr     r0, [r0, #4]
        EXPECTV pid, mh_lpid
        ldr     r0, =hlist
        ldr     r0, [r0, #8]
        EXPECTV pheap, mh_lid
        ldr     r0, =hlist
        ldr     r0, [r0, #12]
        EXPECT  1, mh_lflags
        @ the blocks: count them, find ours
        mov     r5, #0                  @ blocks
        mov     r6, #0                  @ ours found (its size)
        ldr     r0, =entry
        mov     r1, #36
        str     r1, [r0]
        mov     r0, r8
        ldr     r1, =entry
        ldr     r2, =pid
        ldr     r2, [r2]
        ldr     r3, =pheap
        ldr     r3, [r3]
        ldr     r12, =procs
        mov     lr, pc
        ldr     pc, [r12, #40]          @ Heap32First
hw_next:
        cmp     r0, #0
        beq     hw_done
        add     r5, r5, #1
        ldr     r0, =entry
        ldr     r1, [r0, #8]            @ dwAddress
        ldr     r2, =block
        ldr     r2, [r2]
        cmp     r1, r2
        ldreq   r6, [r0, #12]           @ dwBlockSize
        mov     r0, r8
        ldr     r1, =entry
        ldr     r12, =procs
        mov     lr, pc
        ldr     pc, [r12, #44]          @ Heap32Next
        b       hw_next
hw_done:
        CALL    GetLastError
        EXPECT  18, mh_end
        cmp     r5, #0
        movne   r0, #1
        moveq   r0, #0
        EXPECT  1, mh_blocks
        mov     r0, r6
        EXPECT  1000, mh_ours
        mov     r0, r8
        ldr     r1, =hlist
        ldr     r12, =procs
        mov     lr, pc
        ldr     pc, [r12, #36]          @ Heap32ListNext
        EXPECT  0, mh_l2
        CALL    GetLastError
        EXPECT  18, mh_l2_err
        ldmia   sp!, {r4-r7, lr}
        bx      lr
heap_walk_end:
        PDATA   heap_walk, heap_walk_pe, heap_walk_end, 0
        .ltorg

        .section .rdata, "a"
        .p2align 1
w_armdll:       WSTR    armdll.dll
w_toolhelp:     WSTR    toolhelp.dll
        .p2align 2
names:          .word n_create, n_p1, n_pn, n_t1, n_tn, n_m1, n_mn, n_close, n_hl1, n_hln, n_h1, n_hn, 0
n_create:       .asciz "CreateToolhelp32Snapshot"
n_p1:           .asciz "Process32First"
n_pn:           .asciz "Process32Next"
n_t1:           .asciz "Thread32First"
n_tn:           .asciz "Thread32Next"
n_m1:           .asciz "Module32First"
n_mn:           .asciz "Module32Next"
n_close:        .asciz "CloseToolhelp32Snapshot"
n_hl1:          .asciz "Heap32ListFirst"
n_hln:          .asciz "Heap32ListNext"
n_h1:           .asciz "Heap32First"
n_hn:           .asciz "Heap32Next"
fmt_ok:         .asciz "ok %s\n"
fmt_fail:       .asciz "FAIL %s: %08X, expected %08X\n"
fmt_proc:       .asciz "process %S\n"
fmt_mod:        .asciz "module %S\n"
msg_done:       .asciz "toolhelp: %d failures\n"
msg_nodll:      .asciz "FAIL toolhelp.dll not found\n"
mk_snap:        .asciz "k THCreateSnapshot returns a snapshot"
mk_nprocs:      .asciz "k one process"
mk_nmods:       .asciz "k one module (armdll.dll)"
mk_nthreads:    .asciz "k two threads"
mk_psize:       .asciz "k PROCESSENTRY32 dwSize"
mk_pid:         .asciz "k th32ProcessID is this process"
mk_pthreads:    .asciz "k cntThreads"
mk_msize:       .asciz "k MODULEENTRY32 dwSize"
mk_mpid:        .asciz "k module th32ProcessID"
mk_mbase:       .asciz "k modBaseAddr is LoadLibraryW's handle"
mk_mhandle:     .asciz "k hModule"
mk_tsize:       .asciz "k THREADENTRY32 dwSize"
mk_t0:          .asciz "k thread 0 is the main thread"
mk_t0owner:     .asciz "k thread 0 belongs to this process"
mk_t1:          .asciz "k thread 1 is the waiting thread"
mk_free:        .asciz "k VirtualFree releases the snapshot"
mk_other:       .asciz "k another process ID fails"
mk_h0:          .asciz "k a TH32CS_SNAPHEAPLIST snapshot starts without heap lists"
mk_hbytes:      .asciz "k GetHeapSnapshot adds bytes"
mk_h1:          .asciz "k one heap list"
mk_hsize:       .asciz "k HEAPLIST32 dwSize"
mk_hid:         .asciz "k th32HeapID is GetProcessHeap()"
mk_hflags:      .asciz "k HF32_DEFAULT"
mk_hfree:       .asciz "k VirtualFree releases the grown snapshot"
mk_other_err:   .asciz "k ERROR_INVALID_PARAMETER"
md_snap:        .asciz "t CreateToolhelp32Snapshot"
md_p1:          .asciz "t Process32First"
md_pid:         .asciz "t th32ProcessID is this process"
md_p2:          .asciz "t Process32Next: no second process"
md_p2_err:      .asciz "t ERROR_NO_MORE_FILES"
md_threads:     .asciz "t Thread32First/Next: two threads of this process"
md_m_err:       .asciz "t Module32Next ends with ERROR_NO_MORE_FILES"
md_mods:        .asciz "t two modules"
md_close:       .asciz "t CloseToolhelp32Snapshot"
mh_l1:          .asciz "h Heap32ListFirst"
mh_lpid:        .asciz "h th32ProcessID is this process"
mh_lid:         .asciz "h th32HeapID is GetProcessHeap()"
mh_lflags:      .asciz "h dwFlags HF32_DEFAULT"
mh_end:         .asciz "h Heap32Next ends with ERROR_NO_MORE_FILES"
mh_blocks:      .asciz "h Heap32First/Next list blocks"
mh_ours:        .asciz "h the 1000-byte LocalAlloc block is listed with its size"
mh_l2:          .asciz "h Heap32ListNext: no second heap"
mh_l2_err:      .asciz "h ERROR_NO_MORE_FILES"

        .data
        .p2align 2
fails:          .word 0
pid:            .word 0
tid_main:       .word 0
tid_2:          .word 0
hmod:           .word 0
block:          .word 0
pheap:          .word 0
hlist:          .space 16
procs:          .space 4 * 12
entry:          .space 1100

        IMPORT_DIRECTORY_BEGIN
        IMPORT_DESCRIPTOR coredll
        IMPORT_DIRECTORY_END
        IMPORT_TABLES_BEGIN coredll, "COREDLL.dll"
        IMPORT_ORDINAL printf, 1102
        IMPORT_ORDINAL THCreateSnapshot, 511
        IMPORT_ORDINAL VirtualFree, 525
        IMPORT_ORDINAL GetLastError, 516
        IMPORT_ORDINAL LoadLibraryW, 528
        IMPORT_ORDINAL GetProcAddressA, 1230
        IMPORT_ORDINAL CreateThread, 492
        IMPORT_ORDINAL CreateEventW, 495
        IMPORT_ORDINAL EventModify, 494
        IMPORT_ORDINAL WaitForSingleObject, 497
        IMPORT_ORDINAL Sleep, 496
        IMPORT_ORDINAL LocalAlloc, 33
        IMPORT_ORDINAL GetProcessHeap, 50
        IMPORT_ORDINAL GetHeapSnapshot, 52
        IMPORT_TABLES_END coredll
