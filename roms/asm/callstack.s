@ callstack.s — GetThreadCallStack and CeSetExtendedPdata, checked against the return addresses and
@ stack pointers of this program's own frames (ARM mode, CE .pdata from ce.inc):
@   1. the calling thread: start -> lvl1 -> lvl2 -> lvl3, four frames whose return addresses are the
@      labels after each call, in order; skip 2; STACKSNAP_EXTENDED_INFO (dwFramePtr = the frame's SP,
@      dwCurProc = this process); STACKSNAP_NEW_VM (CallSnapshot3, 32-byte records)
@   2. error paths: EXTENDED_INFO with NEW_VM, an unknown flag, dwMaxFrames 0, a bad buffer, a bad
@      handle, dwSkip past the stack: ERROR_INVALID_PARAMETER / ERROR_INVALID_HANDLE and 0; a short
@      buffer: 0 and ERROR_INSUFFICIENT_BUFFER with FAIL_IF_INCOMPLETE (buffer untouched), the frames
@      found with RETURN_FRAMES_ON_ERROR, else just the first frames; RETURN_FRAMES_ON_ERROR alone
@      sets the last error to 0
@   3. another thread blocked in WaitForSingleObject: its PC (in the export) first, then its return
@      addresses; STACKSNAP_INPROC_ONLY leaves the export's frame out; once it has exited,
@      ERROR_INVALID_HANDLE
@   4. code generated into VirtualAlloc'd memory: its fault is caught by the caller's __try only through
@      the .pdata table registered with CeSetExtendedPdata (a list { pNext, cEntries, entries }, head
@      pointer passed); GetThreadCallStack stops at the generated frame (the CE kernel finds no
@      module there and does not read extended .pdata)
@ Argument n: the generated code faults without CeSetExtendedPdata: nothing can unwind it (its LR
@ is gone), the run ends with the crash report and its call stack.
@ Prints "ok ..." / "FAIL ..." and returns the number of failures.
        .include "ce.inc"
        .syntax unified
        .arch armv5te
        .arm

        .set CUR_THREAD, 0x41                   @ GetCurrentThread()
        .set KDATA_CURPROC, 0xFFFFC80C          @ GetCurrentProcessId() reads it
        .set SNAP_FAIL, 1
        .set SNAP_EXT, 2
        .set SNAP_INPROC, 4
        .set SNAP_RETERR, 8
        .set SNAP_NEWVM, 16

        .macro CALL name
        ldr     r12, =iat_\name
        mov     lr, pc
        ldr     pc, [r12]
        .endm

        @ r0 = GetThreadCallStack(h, max, frames, flags, skip); `ret` labels the return address
        .macro GTCS h, max, flags, skip, ret
        ldr     r3, =\skip
        str     r3, [sp]
        ldr     r0, =\h
        ldr     r1, =\max
        ldr     r2, =frames
        ldr     r3, =\flags
        CALL    GetThreadCallStack
\ret:
        .endm

        @ expect(r0 = actual, expected, message)
        .macro EXPECT expected, msg
        ldr     r1, =\expected
        ldr     r2, =\msg
        bl      expect
        .endm

        @ r0 = frames word at byte offset `off`
        .macro FRAME off
        ldr     r0, =frames
        ldr     r0, [r0, #\off]
        .endm

        .macro LASTERR
        CALL    GetLastError
        .endm

        .text
        .globl start
        .p2align 2
start:
        stmdb   sp!, {r4, lr}
start_pe:
        ldrh    r4, [r2]                @ lpCmdLine[0]
        cmp     r4, #'n'
        beq     start_n
        bl      lvl1
ret0:
        bl      test_thread
        bl      test_gen
        ldr     r1, =fails
        ldr     r1, [r1]
        ldr     r0, =msg_done
        bl      print
        ldr     r0, =fails
        ldr     r0, [r0]
        ldmia   sp!, {r4, lr}
        bx      lr
start_n:
        ldr     r0, =msg_nopdata
        bl      print
        bl      gen_copy
        ldr     r1, =cb_nothing
        blx     r0                      @ faults; nothing catches it
        mov     r0, #99
        ldmia   sp!, {r4, lr}
        bx      lr
start_end:
        PDATA   start, start_pe, start_end, 0
        .ltorg

@ print(fmt, a1, a2, a3): printf through the IAT
print:
        stmdb   sp!, {r4, lr}
print_pe:
        CALL    printf
        ldmia   sp!, {r4, lr}
        bx      lr
print_end:
        PDATA   print, print_pe, print_end, 0
        .ltorg

@ expect(actual, expected, msg): "ok msg" or "FAIL msg: actual, expected"; counts failures
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

@ ---- 1, 2: the calling thread -------------------------------------------------------------------
lvl1:
        stmdb   sp!, {r4, lr}
lvl1_pe:
        bl      lvl2
ret1:
        ldmia   sp!, {r4, lr}
        bx      lr
lvl1_end:
        PDATA   lvl1, lvl1_pe, lvl1_end, 0

lvl2:
        stmdb   sp!, {r4, r5, lr}
        sub     sp, sp, #12
lvl2_pe:
        ldr     r4, =sp2
        str     sp, [r4]                @ the SP lvl3 returns to: frame 1's dwFramePtr
        bl      lvl3
ret2:
        add     sp, sp, #12
        ldmia   sp!, {r4, r5, lr}
        bx      lr
lvl2_end:
        PDATA   lvl2, lvl2_pe, lvl2_end, 0
        .ltorg

lvl3:
        stmdb   sp!, {r4-r6, lr}
        sub     sp, sp, #8              @ the fifth argument
lvl3_pe:
        @ 1a: four frames, the return addresses of this program's calls
        ldr     r0, =frames
        mov     r1, #0
        str     r1, [r0, #16]
        GTCS    CUR_THREAD, 8, 0, 0, ret3a
        EXPECT  4, m1a_count
        FRAME   0
        EXPECT  ret3a, m1a_f0
        FRAME   4
        EXPECT  ret2, m1a_f1
        FRAME   8
        EXPECT  ret1, m1a_f2
        FRAME   12
        EXPECT  ret0, m1a_f3
        FRAME   16
        EXPECT  0, m1a_f4
        @ 1b: skip 2
        GTCS    CUR_THREAD, 8, 0, 2, ret3b
        EXPECT  2, m1b_count
        FRAME   0
        EXPECT  ret1, m1b_f0
        FRAME   4
        EXPECT  ret0, m1b_f1
        @ 1c: CallSnapshotEx
        GTCS    CUR_THREAD, 8, SNAP_EXT, 0, ret3c
        EXPECT  4, m1c_count
        FRAME   0
        EXPECT  ret3c, m1c_f0
        FRAME   4
        mov     r1, sp
        ldr     r2, =m1c_sp0
        bl      expect
        FRAME   28
        EXPECT  ret2, m1c_f1
        FRAME   32
        ldr     r1, =sp2
        ldr     r1, [r1]
        ldr     r2, =m1c_sp1
        bl      expect
        FRAME   36
        ldr     r1, =KDATA_CURPROC
        ldr     r1, [r1]
        ldr     r2, =m1c_proc
        bl      expect
        @ 1d: CallSnapshot3
        GTCS    CUR_THREAD, 8, SNAP_NEWVM, 0, ret3d
        EXPECT  4, m1d_count
        FRAME   32
        EXPECT  ret2, m1d_f1
        ldr     r0, =frames
        ldr     r1, [r0, #40]
        ldr     r0, [r0, #44]
        sub     r0, r0, r1              @ dwVMProc - dwActvProc
        EXPECT  0, m1d_vm
        FRAME   40
        ldr     r1, =KDATA_CURPROC
        ldr     r1, [r1]
        ldr     r2, =m1d_proc
        bl      expect

        @ 2: error paths
        GTCS    CUR_THREAD, 8, SNAP_EXT|SNAP_NEWVM, 0, ret3e
        EXPECT  0, m2a
        LASTERR
        EXPECT  87, m2a_err
        GTCS    CUR_THREAD, 8, 0x40, 0, ret3f
        EXPECT  0, m2b
        LASTERR
        EXPECT  87, m2b_err
        GTCS    CUR_THREAD, 0, 0, 0, ret3g
        EXPECT  0, m2c
        LASTERR
        EXPECT  87, m2c_err
        mov     r3, #0
        str     r3, [sp]
        mov     r0, #CUR_THREAD
        mov     r1, #4
        mov     r2, #0x10               @ unmapped
        mov     r3, #0
        CALL    GetThreadCallStack
        EXPECT  0, m2d
        LASTERR
        EXPECT  87, m2d_err
        GTCS    0x1234, 8, 0, 0, ret3h
        EXPECT  0, m2e
        LASTERR
        EXPECT  6, m2e_err
        GTCS    CUR_THREAD, 8, 0, 100, ret3i
        EXPECT  0, m2f
        LASTERR
        EXPECT  87, m2f_err
        ldr     r0, =frames
        ldr     r1, =0xAAAA
        str     r1, [r0]
        GTCS    CUR_THREAD, 2, SNAP_FAIL, 0, ret3j
        EXPECT  0, m2g
        LASTERR
        EXPECT  122, m2g_err
        FRAME   0
        EXPECT  0xAAAA, m2g_buf
        GTCS    CUR_THREAD, 2, SNAP_FAIL|SNAP_RETERR, 0, ret3k
        EXPECT  2, m2h
        LASTERR
        EXPECT  122, m2h_err
        FRAME   0
        EXPECT  ret3k, m2h_f0
        mov     r0, #5
        CALL    SetLastError
        GTCS    CUR_THREAD, 8, SNAP_RETERR, 0, ret3l
        EXPECT  4, m2i
        LASTERR
        EXPECT  0, m2i_err
        GTCS    CUR_THREAD, 2, 0, 0, ret3m
        EXPECT  2, m2j
        FRAME   4
        EXPECT  ret2, m2j_f1

        add     sp, sp, #8
        ldmia   sp!, {r4-r6, lr}
        bx      lr
lvl3_end:
        PDATA   lvl3, lvl3_pe, lvl3_end, 0
        .ltorg

@ ---- 3: another thread --------------------------------------------------------------------------
thread_fn:                              @ r0 = event handle
        stmdb   sp!, {r4, lr}
thread_fn_pe:
        bl      thread_wait
ret_t1:
        mov     r0, #0
        ldmia   sp!, {r4, lr}
        bx      lr
thread_fn_end:
        PDATA   thread_fn, thread_fn_pe, thread_fn_end, 0

thread_wait:
        stmdb   sp!, {r4, lr}
thread_wait_pe:
        mvn     r1, #0                  @ INFINITE
        CALL    WaitForSingleObject
ret_t0:
        ldmia   sp!, {r4, lr}
        bx      lr
thread_wait_end:
        PDATA   thread_wait, thread_wait_pe, thread_wait_end, 0
        .ltorg

test_thread:
        stmdb   sp!, {r4-r6, lr}
        sub     sp, sp, #8
test_thread_pe:
        mov     r0, #0
        mov     r1, #1                  @ manual reset
        mov     r2, #0
        mov     r3, #0
        CALL    CreateEventW
        mov     r5, r0
        mov     r3, #0
        str     r3, [sp]                @ dwCreationFlags
        str     r3, [sp, #4]            @ lpThreadId
        mov     r0, #0
        mov     r1, #0
        ldr     r2, =thread_fn
        mov     r3, r5
        CALL    CreateThread
        mov     r4, r0
        ldr     r1, =thread_h
        str     r4, [r1]
        mov     r0, #100
        CALL    Sleep                   @ the thread starts and waits
        @ 3a: its PC in WaitForSingleObject, then its return addresses
        mov     r3, #0
        str     r3, [sp]
        mov     r0, r4
        mov     r1, #8
        ldr     r2, =frames
        mov     r3, #0
        CALL    GetThreadCallStack
        EXPECT  3, m3a_count
        FRAME   4
        EXPECT  ret_t0, m3a_f1
        FRAME   8
        EXPECT  ret_t1, m3a_f2
        @ 3b: STACKSNAP_INPROC_ONLY leaves the export's frame out
        mov     r3, #0
        str     r3, [sp]
        mov     r0, r4
        mov     r1, #8
        ldr     r2, =frames
        mov     r3, #SNAP_INPROC
        CALL    GetThreadCallStack
        EXPECT  2, m3b_count
        FRAME   0
        EXPECT  ret_t0, m3b_f0
        @ 3c: after it exited
        mov     r0, r5
        mov     r1, #3                  @ EVENT_SET
        CALL    EventModify
        mov     r0, r4
        mvn     r1, #0
        CALL    WaitForSingleObject
        mov     r3, #0
        str     r3, [sp]
        mov     r0, r4
        mov     r1, #8
        ldr     r2, =frames
        mov     r3, #0
        CALL    GetThreadCallStack
        EXPECT  0, m3c
        LASTERR
        EXPECT  6, m3c_err
        mov     r0, r4
        CALL    CloseHandle
        mov     r0, r5
        CALL    CloseHandle
        add     sp, sp, #8
        ldmia   sp!, {r4-r6, lr}
        bx      lr
test_thread_end:
        PDATA   test_thread, test_thread_pe, test_thread_end, 0
        .ltorg

@ ---- 4: generated code and CeSetExtendedPdata -------------------------------------------------
@ The template copied into VirtualAlloc'd memory: gen_fn(r0 = unused, r1 = callback) calls the
@ callback, then destroys LR and faults. gen_leaf only makes the table two entries long (CE 6
@ coredll's range check of a table ends at the last entry's BeginAddress + FuncLen bytes).
gen_template:
gen_fn:
        stmdb   sp!, {r4, lr}
gen_fn_pe:
        mov     lr, pc
        bx      r1
gen_ret:
        mov     lr, #0                  @ only .pdata can unwind this frame now
        mov     r4, #0
        str     r4, [r4, #0x30]         @ access violation
        ldmia   sp!, {r4, lr}
        bx      lr
gen_fn_end:
gen_leaf:
        bx      lr
gen_leaf_end:
gen_template_end:

@ r0 = gen_fn in a fresh executable page
gen_copy:
        stmdb   sp!, {r4, lr}
gen_copy_pe:
        mov     r0, #0
        mov     r1, #0x1000
        mov     r2, #0x3000             @ MEM_COMMIT | MEM_RESERVE
        mov     r3, #0x40               @ PAGE_EXECUTE_READWRITE
        CALL    VirtualAlloc
        mov     r4, r0
        ldr     r1, =gen_template
        ldr     r2, =gen_template_end - gen_template
        CALL    memcpy
        ldr     r0, =gen_base
        str     r4, [r0]
        mov     r0, r4
        ldmia   sp!, {r4, lr}
        bx      lr
gen_copy_end:
        PDATA   gen_copy, gen_copy_pe, gen_copy_end, 0
        .ltorg

cb_nothing:
        bx      lr

@ callback: r0 = GetThreadCallStack(current, 8, frames, 0, 0), kept in gen_count
cb_stack:
        stmdb   sp!, {r4, lr}
        sub     sp, sp, #8
cb_stack_pe:
        GTCS    CUR_THREAD, 8, 0, 0, ret_cb
        ldr     r1, =gen_count
        str     r0, [r1]
        add     sp, sp, #8
        ldmia   sp!, {r4, lr}
        bx      lr
cb_stack_end:
        PDATA   cb_stack, cb_stack_pe, cb_stack_end, 0
        .ltorg

        PDATA_EH c_specific_handler, scope_gen
test_gen:
        stmdb   sp!, {r4-r6, lr}
test_gen_pe:
        bl      gen_copy
        mov     r5, r0
        @ the table: gen_node = { 0, 2, {gen_fn, word}, {gen_leaf, word} }, head -> gen_node
        ldr     r1, =gen_node
        str     r0, [r1, #8]
        add     r0, r0, #gen_leaf - gen_fn
        str     r0, [r1, #16]
        ldr     r0, =gen_head
        str     r1, [r0]
        CALL    CeSetExtendedPdata
        EXPECT  1, m4a
        ldr     r0, =caught
        mov     r1, #0
        str     r1, [r0]
gen_try:
        ldr     r1, =cb_stack
        mov     lr, pc
        bx      r5                      @ gen_fn: calls cb_stack, then faults
ret_gen:
        ldr     r0, =msg_fail_gen
        bl      print
        b       gen_out
gen_try_end:
gen_except:
        EXPECT  0xC0000005, m4b
        ldr     r0, =caught
        mov     r1, #1
        str     r1, [r0]
gen_out:
        ldr     r0, =caught
        ldr     r0, [r0]
        EXPECT  1, m4c
        @ GetThreadCallStack from the callback: cb_stack's return into gen_fn, then the walk stops
        ldr     r0, =gen_count
        ldr     r0, [r0]
        EXPECT  2, m4d
        FRAME   0
        EXPECT  ret_cb, m4d_f0
        FRAME   4
        ldr     r1, =gen_ret - gen_fn
        add     r1, r1, r5
        ldr     r2, =m4d_f1
        bl      expect
        mov     r0, #0
        CALL    CeSetExtendedPdata
        ldmia   sp!, {r4-r6, lr}
        bx      lr
test_gen_end:
        PDATA   test_gen, test_gen_pe, test_gen_end, 1
        .ltorg

c_specific_handler:
        ldr     r12, =iat___C_specific_handler
        ldr     pc, [r12]
        .ltorg

        .section .rdata, "a"
        .p2align 2
scope_gen:      .word 1, gen_try, gen_try_end, 1, gen_except

fmt_ok:         .asciz "ok %s\n"
fmt_fail:       .asciz "FAIL %s: %08X, expected %08X\n"
msg_done:       .asciz "callstack: %d failures\n"
msg_nopdata:    .asciz "callstack: generated code faults without extended .pdata\n"
msg_fail_gen:   .asciz "FAIL 4 the generated code returned\n"
m1a_count:      .asciz "1a four frames"
m1a_f0:         .asciz "1a frame 0 is the return address from GetThreadCallStack"
m1a_f1:         .asciz "1a frame 1 is lvl2's return address"
m1a_f2:         .asciz "1a frame 2 is lvl1's return address"
m1a_f3:         .asciz "1a frame 3 is start's return address"
m1a_f4:         .asciz "1a no fifth record written"
m1b_count:      .asciz "1b skip 2: two frames"
m1b_f0:         .asciz "1b skip 2: frame 0 is lvl1's return address"
m1b_f1:         .asciz "1b skip 2: frame 1 is start's return address"
m1c_count:      .asciz "1c EXTENDED_INFO: four frames"
m1c_f0:         .asciz "1c EXTENDED_INFO: frame 0 return address"
m1c_sp0:        .asciz "1c EXTENDED_INFO: frame 0 dwFramePtr is the SP at the call"
m1c_f1:         .asciz "1c EXTENDED_INFO: frame 1 return address (28-byte records)"
m1c_sp1:        .asciz "1c EXTENDED_INFO: frame 1 dwFramePtr is lvl2's SP"
m1c_proc:       .asciz "1c EXTENDED_INFO: dwCurProc is this process"
m1d_count:      .asciz "1d NEW_VM: four frames"
m1d_f1:         .asciz "1d NEW_VM: frame 1 return address (32-byte records)"
m1d_vm:         .asciz "1d NEW_VM: dwVMProc = dwActvProc"
m1d_proc:       .asciz "1d NEW_VM: dwActvProc is this process"
m2a:            .asciz "2a EXTENDED_INFO with NEW_VM fails"
m2a_err:        .asciz "2a ERROR_INVALID_PARAMETER"
m2b:            .asciz "2b an unknown flag fails"
m2b_err:        .asciz "2b ERROR_INVALID_PARAMETER"
m2c:            .asciz "2c dwMaxFrames 0 fails"
m2c_err:        .asciz "2c ERROR_INVALID_PARAMETER"
m2d:            .asciz "2d an unmapped buffer fails"
m2d_err:        .asciz "2d ERROR_INVALID_PARAMETER"
m2e:            .asciz "2e a bad thread handle fails"
m2e_err:        .asciz "2e ERROR_INVALID_HANDLE"
m2f:            .asciz "2f dwSkip past the stack fails"
m2f_err:        .asciz "2f ERROR_INVALID_PARAMETER"
m2g:            .asciz "2g FAIL_IF_INCOMPLETE with 2 frames of 4 fails"
m2g_err:        .asciz "2g ERROR_INSUFFICIENT_BUFFER"
m2g_buf:        .asciz "2g the buffer is left as it was"
m2h:            .asciz "2h with RETURN_FRAMES_ON_ERROR the 2 frames are returned"
m2h_err:        .asciz "2h and the last error is ERROR_INSUFFICIENT_BUFFER"
m2h_f0:         .asciz "2h frame 0"
m2i:            .asciz "2i RETURN_FRAMES_ON_ERROR alone: four frames"
m2i_err:        .asciz "2i RETURN_FRAMES_ON_ERROR alone sets the last error to 0"
m2j:            .asciz "2j dwMaxFrames 2 without FAIL_IF_INCOMPLETE: two frames"
m2j_f1:         .asciz "2j frame 1"
m3a_count:      .asciz "3a a waiting thread: its PC and two return addresses"
m3a_f1:         .asciz "3a frame 1 is the return address from WaitForSingleObject"
m3a_f2:         .asciz "3a frame 2 is thread_fn's return address"
m3b_count:      .asciz "3b INPROC_ONLY: the export's frame is left out"
m3b_f0:         .asciz "3b INPROC_ONLY: frame 0 is the return address from WaitForSingleObject"
m3c:            .asciz "3c an exited thread fails"
m3c_err:        .asciz "3c ERROR_INVALID_HANDLE"
m4a:            .asciz "4a CeSetExtendedPdata returns TRUE"
m4b:            .asciz "4b the generated code's fault reaches the caller's __except"
m4c:            .asciz "4c caught through the extended .pdata"
m4d:            .asciz "4d GetThreadCallStack stops at the generated frame"
m4d_f0:         .asciz "4d frame 0 is cb_stack's return address"
m4d_f1:         .asciz "4d frame 1 is the return address into the generated code"

        .data
        .p2align 2
fails:          .word 0
sp2:            .word 0
thread_h:       .word 0
gen_base:       .word 0
gen_count:      .word 0
caught:         .word 0
gen_head:       .word 0
gen_node:       .word 0, 2
                .word 0, ((gen_fn_pe - gen_fn) / 4) | (((gen_fn_end - gen_fn) / 4) << 8) | (1 << 30)
                .word 0, (((gen_leaf_end - gen_leaf) / 4) << 8) | (1 << 30)
frames:         .space 32 * 8

        IMPORT_DIRECTORY_BEGIN
        IMPORT_DESCRIPTOR coredll
        IMPORT_DIRECTORY_END
        IMPORT_TABLES_BEGIN coredll, "COREDLL.dll"
        IMPORT_ORDINAL printf, 1102
        IMPORT_ORDINAL GetThreadCallStack, 1811
        IMPORT_ORDINAL CeSetExtendedPdata, 1455
        IMPORT_ORDINAL GetLastError, 516
        IMPORT_ORDINAL SetLastError, 517
        IMPORT_ORDINAL CreateThread, 492
        IMPORT_ORDINAL CreateEventW, 495
        IMPORT_ORDINAL EventModify, 494
        IMPORT_ORDINAL WaitForSingleObject, 497
        IMPORT_ORDINAL Sleep, 496
        IMPORT_ORDINAL CloseHandle, 553
        IMPORT_ORDINAL VirtualAlloc, 524
        IMPORT_ORDINAL memcpy, 1044
        IMPORT_ORDINAL __C_specific_handler, 87
        IMPORT_TABLES_END coredll
