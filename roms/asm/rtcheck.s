@ rtcheck.s — the ARM runtime helpers of coredll (integer division and shifts 2000-2011, soft-float
@ 2012-2053) and setjmp/longjmp (2054/1036), called by ordinal from ARM-mode code the way MSVC for
@ ARMV4I calls them. Operands travel in R0-R3 (doubles and 64-bit integers as register pairs, low
@ word first).
@
@ Without arguments: runs the case table: for every case, loads R0-R3, calls the helper through the
@ IAT and prints one line
@     <helper> <in R0> <in R1> <in R2> <in R3> -> <out R0> <out R1> <out R2> <out R3> <NZCV>
@ (hex; NZCV = the condition flags after the call, meaningful for __cmps/__cmpd), so the test can
@ compute every expected result itself from the inputs. Then checks setjmp/longjmp: callee-saved
@ registers and SP restored, longjmp(buf, 0) returns 1, a longjmp from a deeper call frame, nested
@ jump buffers. Returns 0.
@ With argument "0".."3": divides by zero with __rt_sdiv64by64, __rt_srem64by64, __rt_udiv64by64,
@ __rt_urem64by64 (no handler: the run must end with EXCEPTION_INT_DIVIDE_BY_ZERO).
        .include "ce.inc"
        .syntax unified
        .arch armv5te
        .arm

@ ---- operand values (IEEE bits; doubles and 64-bit integers as LO/HI words) ----
        .set S_PZERO, 0x00000000
        .set S_NZERO, 0x80000000
        .set S_ONE, 0x3f800000
        .set S_ONEP, 0x3f800001
        .set S_NONEHALF, 0xbfc00000
        .set S_THIRD, 0x3eaaaaab
        .set S_ULP, 0x33800000
        .set S_MAX, 0x7f7fffff
        .set S_MINDEN, 0x00000001
        .set S_MAXDEN, 0x007fffff
        .set S_INF, 0x7f800000
        .set S_NINF, 0xff800000
        .set S_QNAN, 0x7fc12345
        .set S_SNAN, 0xff812345
        .set S_I31M, 0x4effffff
        .set S_I31, 0x4f000000
        .set S_NI31, 0xcf000000
        .set S_NI31M, 0xcf000001
        .set S_U32M, 0x4f7fffff
        .set S_U32, 0x4f800000
        .set S_NHALF, 0xbf000000
        .set S_BELOW1, 0x3f7fffff
        .set S_TWOHALF, 0x40200000
        .set S_NTWOHALF, 0xc0200000
        .set S_I63M, 0x5effffff
        .set S_I63, 0x5f000000
        .set S_NI63, 0xdf000000
        .set S_U64M, 0x5f7fffff
        .set S_U64, 0x5f800000
        .set DL_PZERO, 0x00000000
        .set DH_PZERO, 0x00000000
        .set DL_NZERO, 0x00000000
        .set DH_NZERO, 0x80000000
        .set DL_ONE, 0x00000000
        .set DH_ONE, 0x3ff00000
        .set DL_ONEP, 0x00000001
        .set DH_ONEP, 0x3ff00000
        .set DL_NONEHALF, 0x00000000
        .set DH_NONEHALF, 0xbff80000
        .set DL_THIRD, 0x55555555
        .set DH_THIRD, 0x3fd55555
        .set DL_ULP, 0x00000000
        .set DH_ULP, 0x3ca00000
        .set DL_MAX, 0xffffffff
        .set DH_MAX, 0x7fefffff
        .set DL_MINDEN, 0x00000001
        .set DH_MINDEN, 0x00000000
        .set DL_MAXDEN, 0xffffffff
        .set DH_MAXDEN, 0x000fffff
        .set DL_INF, 0x00000000
        .set DH_INF, 0x7ff00000
        .set DL_NINF, 0x00000000
        .set DH_NINF, 0xfff00000
        .set DL_QNAN, 0x12345678
        .set DH_QNAN, 0x7ff80000
        .set DL_SNAN, 0x00000001
        .set DH_SNAN, 0xfff00000
        .set DL_I31M, 0xffffffff
        .set DH_I31M, 0x41dfffff
        .set DL_I31, 0x00000000
        .set DH_I31, 0x41e00000
        .set DL_NI31, 0x00000000
        .set DH_NI31, 0xc1e00000
        .set DL_NI31M, 0x001ccccd
        .set DH_NI31M, 0xc1e00000
        .set DL_U32M, 0xfff00000
        .set DH_U32M, 0x41efffff
        .set DL_U32, 0x00000000
        .set DH_U32, 0x41f00000
        .set DL_I63, 0x00000000
        .set DH_I63, 0x43e00000
        .set DL_I63M, 0xffffffff
        .set DH_I63M, 0x43dfffff
        .set DL_NI63, 0x00000000
        .set DH_NI63, 0xc3e00000
        .set DL_U64, 0x00000000
        .set DH_U64, 0x43f00000
        .set DL_U64M, 0xffffffff
        .set DH_U64M, 0x43efffff
        .set DL_NHALF, 0x00000000
        .set DH_NHALF, 0xbfe00000
        .set DL_TWOHALF, 0x00000000
        .set DH_TWOHALF, 0x40040000
        .set DL_NTWOHALF, 0x00000000
        .set DH_NTWOHALF, 0xc0040000
        .set DL_E300, 0x8800759c
        .set DH_E300, 0x7e37e43c
        .set DL_EM300, 0xc2f8f359
        .set DH_EM300, 0x01a56e1f
        .set DL_TIE1, 0x10000000
        .set DH_TIE1, 0x3ff00000
        .set DL_TIE1UP, 0x10000001
        .set DH_TIE1UP, 0x3ff00000
        .set DL_TIE3, 0x30000000
        .set DH_TIE3, 0x3ff00000
        .set DL_FMAXTIE, 0xf0000000
        .set DH_FMAXTIE, 0x47efffff
        .set DL_DENTIE, 0x00000000
        .set DH_DENTIE, 0x36a80000
        .set DL_FMAXBELOW, 0xefffffff
        .set DH_FMAXBELOW, 0x47efffff
        .set I_ZERO, 0x00000000
        .set I_ONE, 0x00000001
        .set I_MONE, 0xffffffff
        .set I_MAX, 0x7fffffff
        .set I_MIN, 0x80000000
        .set I_P24P1, 0x01000001
        .set I_P24P3, 0x01000003
        .set I_M7, 0xfffffff9
        .set I_N19, 0xffffffed
        .set I_NINE, 0x00000009
        .set I_TEN, 0x0000000a
        .set QL_ZERO, 0x00000000
        .set QH_ZERO, 0x00000000
        .set QL_MONE, 0xffffffff
        .set QH_MONE, 0xffffffff
        .set QL_P53P1, 0x00000001
        .set QH_P53P1, 0x00200000
        .set QL_DR, 0x00000001
        .set QH_DR, 0x10000010
        .set QL_NDR, 0xffffffff
        .set QH_NDR, 0xefffffef
        .set QL_MIN, 0x00000000
        .set QH_MIN, 0x80000000
        .set QL_MAX, 0xffffffff
        .set QH_MAX, 0x7fffffff
        .set QL_T63, 0x00000400
        .set QH_T63, 0x80000000
        .set QL_T63P, 0x00000401
        .set QH_T63P, 0x80000000
        .set QL_P24P1, 0x01000001
        .set QH_P24P1, 0x00000000
        .set QL_M7, 0xfffffff9
        .set QH_M7, 0xffffffff
        .set QL_BIG, 0x9abcdef0
        .set QH_BIG, 0x12345678

@ ---- case table: {IAT slot, name, R0, R1, R2, R3} --------------------------------------------------
        .section .rdata, "a"                    @ subsection 0: the table; 1: helper names
        .text
        .macro CASE fn, a0, a1, a2, a3
        .pushsection .rdata, 0
        .word iat_\fn, nm_\fn, \a0, \a1, \a2, \a3
        .popsection
        .endm
        @ float op float, every pair of S
        .macro SS fn
        .irp a, PZERO, NZERO, ONE, ONEP, NONEHALF, THIRD, ULP, MAX, MINDEN, MAXDEN, INF, NINF, QNAN, SNAN
        .irp b, PZERO, NZERO, ONE, ONEP, NONEHALF, THIRD, ULP, MAX, MINDEN, MAXDEN, INF, NINF, QNAN, SNAN
        CASE \fn, S_\a, S_\b, 0x2222, 0x3333
        .endr
        .endr
        .endm
        .macro DD fn
        .irp a, PZERO, NZERO, ONE, ONEP, NONEHALF, THIRD, ULP, MAX, MINDEN, MAXDEN, INF, NINF, QNAN, SNAN
        .irp b, PZERO, NZERO, ONE, ONEP, NONEHALF, THIRD, ULP, MAX, MINDEN, MAXDEN, INF, NINF, QNAN, SNAN
        CASE \fn, DL_\a, DH_\a, DL_\b, DH_\b
        .endr
        .endr
        .endm
        .macro SCMP fn
        .irp a, PZERO, NZERO, ONE, NONEHALF, MINDEN, INF, NINF, QNAN, SNAN
        .irp b, PZERO, NZERO, ONE, NONEHALF, MINDEN, INF, NINF, QNAN, SNAN
        CASE \fn, S_\a, S_\b, 0x2222, 0x3333
        .endr
        .endr
        .endm
        .macro DCMP fn
        .irp a, PZERO, NZERO, ONE, NONEHALF, MINDEN, INF, NINF, QNAN, SNAN
        .irp b, PZERO, NZERO, ONE, NONEHALF, MINDEN, INF, NINF, QNAN, SNAN
        CASE \fn, DL_\a, DH_\a, DL_\b, DH_\b
        .endr
        .endr
        .endm
        @ unary float / double / int32 / int64 operand
        .macro S1 fn
        .irp a, PZERO, NZERO, ONE, ONEP, NONEHALF, THIRD, ULP, MAX, MINDEN, MAXDEN, INF, NINF, QNAN, SNAN, I31M, I31, NI31, NI31M, U32M, U32, NHALF, BELOW1, TWOHALF, NTWOHALF, I63M, I63, NI63, U64M, U64
        CASE \fn, S_\a, 0x1111, 0x2222, 0x3333
        .endr
        .endm
        .macro D1 fn
        .irp a, PZERO, NZERO, ONE, ONEP, NONEHALF, THIRD, ULP, MAX, MINDEN, MAXDEN, INF, NINF, QNAN, SNAN, I31M, I31, NI31, NI31M, U32M, U32, I63, I63M, NI63, U64, U64M, NHALF, TWOHALF, NTWOHALF, E300, EM300, TIE1, TIE1UP, TIE3, FMAXTIE, DENTIE, FMAXBELOW
        CASE \fn, DL_\a, DH_\a, 0x2222, 0x3333
        .endr
        .endm
        .macro I1 fn
        .irp a, ZERO, ONE, MONE, MAX, MIN, P24P1, P24P3, M7, N19, NINE, TEN
        CASE \fn, I_\a, 0x1111, 0x2222, 0x3333
        .endr
        .endm
        .macro Q1 fn
        .irp a, ZERO, MONE, P53P1, DR, NDR, MIN, MAX, T63, T63P, P24P1, M7, BIG
        CASE \fn, QL_\a, QH_\a, 0x2222, 0x3333
        .endr
        .endm
        @ 64-bit x, y (dividend, divisor) for every pair with a non-zero divisor
        .macro QQ fn
        .irp a, ZERO, MONE, P53P1, DR, NDR, MIN, MAX, T63, T63P, P24P1, M7, BIG
        .irp b, MONE, P53P1, DR, NDR, MIN, MAX, T63, P24P1, M7, BIG
        CASE \fn, QL_\a, QH_\a, QL_\b, QH_\b
        .endr
        .endr
        CASE \fn, 7, 0, 2, 0
        CASE \fn, 0xfffffff9, 0xffffffff, 2, 0
        CASE \fn, 7, 0, 0xfffffffe, 0xffffffff
        .endm
        @ 64-bit shifts: value x count
        .macro SH fn
        .irp a, MONE, MIN, MAX, BIG, DR, NDR
        .irp n, 0, 1, 4, 31, 32, 33, 63, 64, 100, 0x80000000
        CASE \fn, QL_\a, QH_\a, \n, 0x3333
        .endr
        .endr
        .endm
        @ 32-bit division: divisor in R0, dividend in R1
        .macro DIV32 fn
        .irp d, ONE, MONE, MAX, MIN, M7, TEN, P24P3
        .irp n, ZERO, ONE, MONE, MAX, MIN, M7, N19, P24P1
        CASE \fn, I_\d, I_\n, 0x2222, 0x3333
        .endr
        .endr
        .endm

        .pushsection .rdata, 0
        .p2align 2
cases:
        .popsection
        SS __adds
        SS __subs
        SS __muls
        SS __divs
        S1 __negs
        DD __addd
        DD __subd
        DD __muld
        DD __divd
        D1 __negd
        SCMP __eqs
        SCMP __nes
        SCMP __lts
        SCMP __les
        SCMP __gts
        SCMP __ges
        SCMP __cmps
        DCMP __eqd
        DCMP __ned
        DCMP __ltd
        DCMP __led
        DCMP __gtd
        DCMP __ged
        DCMP __cmpd
        I1 __itos
        I1 __utos
        I1 __itod
        I1 __utod
        Q1 __i64tos
        Q1 __u64tos
        Q1 __i64tod
        Q1 __u64tod
        S1 __stoi
        S1 __stou
        S1 __stoi64
        S1 __stou64
        S1 __stod
        D1 __dtoi
        D1 __dtou
        D1 __dtoi64
        D1 __dtou64
        D1 __dtos
        QQ __rt_sdiv64by64
        QQ __rt_srem64by64
        QQ __rt_udiv64by64
        QQ __rt_urem64by64
        SH __rt_srsh
        SH __rt_ursh
        I1 __rt_sdiv10
        I1 __rt_udiv10
        DIV32 __rt_sdiv
        DIV32 __rt_udiv
        .pushsection .rdata, 0
        .word 0                                 @ end of the table
        .popsection

        .text
        .globl start
        .p2align 2
start:                                          @ r2 = lpCmdLine
        stmdb   sp!, {r3-r11, lr}               @ 10 words: SP stays 8-byte aligned
        movs    r4, r2
        ldrhne  r4, [r2]                        @ first UTF-16 unit of the command line (0: none)
        cmp     r4, #'0'
        blo     1f
        cmp     r4, #'3'
        bls     divzero
1:      bl      run_table
        bl      test_setjmp
        bl      test_nested
        ldr     r0, =msg_done
        bl      print
        mov     r0, #0
        ldmia   sp!, {r3-r11, lr}
        bx      lr

@ print(fmt, a1, a2, a3): printf through the IAT
print:
        stmdb   sp!, {r4, lr}
        ldr     r4, =iat_printf
        mov     lr, pc
        ldr     pc, [r4]
        ldmia   sp!, {r4, lr}
        bx      lr

run_table:
        stmdb   sp!, {r4-r8, lr}
        ldr     r4, =cases
        ldr     r7, =results
1:      ldr     r5, [r4]
        cmp     r5, #0
        beq     2f
        add     r6, r4, #8
        ldmia   r6, {r0-r3}
        mov     lr, pc                          @ the ARMv4 call through the IAT
        ldr     pc, [r5]
        mrs     r12, cpsr
        mov     r12, r12, lsr #28               @ NZCV
        stmia   r7, {r0-r3, r12}
        sub     sp, sp, #32                     @ printf's stack arguments 4-10
        ldr     r0, [r4, #16]
        ldr     r1, [r4, #20]
        stmia   sp, {r0, r1}
        ldmia   r7, {r0-r3, r12}
        add     r8, sp, #8
        stmia   r8, {r0-r3, r12}
        ldr     r1, [r4, #4]
        ldr     r2, [r4, #8]
        ldr     r3, [r4, #12]
        ldr     r0, =fmt_case
        ldr     r12, =iat_printf
        mov     lr, pc
        ldr     pc, [r12]
        add     sp, sp, #32
        add     r4, r4, #24
        b       1b
2:      ldmia   sp!, {r4-r8, lr}
        bx      lr

divzero:                                        @ r4 = '0'..'3'
        sub     r4, r4, #'0'
        ldr     r5, =divzero_iats
        ldr     r5, [r5, r4, lsl #2]
        ldr     r0, =msg_divzero
        mov     r1, r4
        bl      print
        mov     r0, #100
        mov     r1, #0
        mov     r2, #0
        mov     r3, #0
        mov     lr, pc
        ldr     pc, [r5]
        ldr     r0, =msg_notreached
        bl      print
        mov     r0, #99
        ldmia   sp!, {r3-r11, lr}
        bx      lr

@ ---- setjmp/longjmp -----------------------------------------------------------------------------
        .macro MARKERS
        ldr     r4, =0x44444444
        ldr     r5, =0x55555555
        ldr     r6, =0x66666666
        ldr     r7, =0x77777777
        ldr     r8, =0x88888888
        ldr     r9, =0x99999999
        ldr     r10, =0xaaaaaaaa
        ldr     r11, =0xbbbbbbbb
        .endm
        .macro CALL slot
        ldr     r12, =iat_\slot
        mov     lr, pc
        ldr     pc, [r12]
        .endm

@ setjmp(jb_a) returns 0; r4-r11 are clobbered, two calls deeper longjmp(jb_a, 0) runs: setjmp
@ returns again with 1, r4-r11 and SP as they were at the setjmp call.
test_setjmp:
        stmdb   sp!, {r4-r11, lr}
        sub     sp, sp, #4
        MARKERS
        ldr     r0, =saved_sp
        str     sp, [r0]
        ldr     r0, =jb_a
        CALL    setjmp
        ldr     r1, =count_a                    @ how often setjmp returned
        ldr     r2, [r1]
        add     r2, r2, #1
        str     r2, [r1]
        cmp     r0, #0
        bne     1f
        mov     r1, r0
        ldr     r0, =msg_sj_first
        bl      print
        mov     r4, #0                          @ clobber every callee-saved register
        mov     r5, #0
        mov     r6, #0
        mov     r7, #0
        mov     r8, #0
        mov     r9, #0
        mov     r10, #0
        mov     r11, #0
        bl      deep1
        ldr     r0, =msg_notreached
        bl      print
        b       2f
1:      str     r0, [sp]                        @ the value setjmp returned the second time
        mov     r12, #0                         @ bit n set: rN not restored; bit 13: SP
        ldr     r1, =0x44444444
        cmp     r4, r1
        orrne   r12, r12, #1 << 4
        ldr     r1, =0x55555555
        cmp     r5, r1
        orrne   r12, r12, #1 << 5
        ldr     r1, =0x66666666
        cmp     r6, r1
        orrne   r12, r12, #1 << 6
        ldr     r1, =0x77777777
        cmp     r7, r1
        orrne   r12, r12, #1 << 7
        ldr     r1, =0x88888888
        cmp     r8, r1
        orrne   r12, r12, #1 << 8
        ldr     r1, =0x99999999
        cmp     r9, r1
        orrne   r12, r12, #1 << 9
        ldr     r1, =0xaaaaaaaa
        cmp     r10, r1
        orrne   r12, r12, #1 << 10
        ldr     r1, =0xbbbbbbbb
        cmp     r11, r1
        orrne   r12, r12, #1 << 11
        ldr     r1, =saved_sp
        ldr     r1, [r1]
        cmp     sp, r1
        orrne   r12, r12, #1 << 13
        ldr     r1, [sp]
        mov     r2, r12
        ldr     r3, =count_a
        ldr     r3, [r3]
        ldr     r0, =msg_sj_back
        bl      print
2:      add     sp, sp, #4
        ldmia   sp!, {r4-r11, lr}
        bx      lr

deep1:                                          @ a frame of its own, then deeper still
        stmdb   sp!, {r4-r6, lr}
        sub     sp, sp, #64
        mov     r4, #1
        mov     r5, #2
        bl      deep2
        add     sp, sp, #64
        ldmia   sp!, {r4-r6, lr}
        bx      lr
deep2:
        stmdb   sp!, {r4, lr}
        mov     r4, #3
        ldr     r0, =jb_a
        mov     r1, #0                          @ longjmp(jb_a, 0): setjmp returns 1
        CALL    longjmp
        ldmia   sp!, {r4, lr}
        bx      lr

@ Nested buffers: the outer function's setjmp(jb_outer), an inner function's setjmp(jb_inner); a call
@ below the inner one does longjmp(jb_inner, 5); the inner function then does longjmp(jb_outer, 7).
test_nested:
        stmdb   sp!, {r4-r6, lr}
        ldr     r4, =0x12340004
        ldr     r0, =jb_outer
        CALL    setjmp
        cmp     r0, #0
        bne     1f
        bl      nested_inner
        ldr     r0, =msg_notreached
        bl      print
        b       2f
1:      mov     r1, r0
        mov     r2, r4
        ldr     r0, =msg_outer
        bl      print
2:      ldmia   sp!, {r4-r6, lr}
        bx      lr

nested_inner:
        stmdb   sp!, {r4-r6, lr}
        ldr     r4, =0x56780004
        ldr     r0, =jb_inner
        CALL    setjmp
        cmp     r0, #0
        bne     1f
        bl      nested_deep
        b       2f
1:      mov     r1, r0
        mov     r2, r4
        ldr     r0, =msg_inner
        bl      print
        ldr     r0, =jb_outer
        mov     r1, #7
        CALL    longjmp
2:      ldmia   sp!, {r4-r6, lr}
        bx      lr

nested_deep:
        stmdb   sp!, {r4, lr}
        mov     r4, #0
        ldr     r0, =jb_inner
        mov     r1, #5
        CALL    longjmp
        ldmia   sp!, {r4, lr}
        bx      lr
        .ltorg

        .section .rdata, "a"
fmt_case:
        .asciz  "%s %08x %08x %08x %08x -> %08x %08x %08x %08x %x\n"
msg_divzero:
        .asciz  "rtcheck: dividing by zero with helper %d\n"
msg_notreached:
        .asciz  "rtcheck: NOT REACHED\n"
msg_sj_first:
        .asciz  "setjmp first return %d\n"
msg_sj_back:
        .asciz  "setjmp second return %d mismatches %x returns %d\n"
msg_inner:
        .asciz  "inner setjmp returned %d r4=%08x\n"
msg_outer:
        .asciz  "outer setjmp returned %d r4=%08x\n"
msg_done:
        .asciz  "rtcheck done\n"
        .p2align 2
divzero_iats:
        .word   iat___rt_sdiv64by64, iat___rt_srem64by64, iat___rt_udiv64by64, iat___rt_urem64by64

        .data
        .p2align 3
results:  .space 20
saved_sp: .word 0
count_a:  .word 0
jb_a:     .space 44
jb_outer: .space 44
jb_inner: .space 44

        .macro IMP name, ordinal
        IMPORT_ORDINAL \name, \ordinal
        .pushsection .rdata, 1
nm_\name: .asciz "\name"
        .popsection
        .endm

        IMPORT_DIRECTORY_BEGIN
        IMPORT_DESCRIPTOR coredll
        IMPORT_DIRECTORY_END
        IMPORT_TABLES_BEGIN coredll, "COREDLL.dll"
        IMPORT_ORDINAL printf, 1102
        IMPORT_ORDINAL setjmp, 2054
        IMPORT_ORDINAL longjmp, 1036
        IMP __rt_sdiv64by64, 2000
        IMP __rt_srem64by64, 2001
        IMP __rt_udiv64by64, 2002
        IMP __rt_urem64by64, 2003
        IMP __rt_sdiv, 2005
        IMP __rt_sdiv10, 2006
        IMP __rt_udiv, 2008
        IMP __rt_udiv10, 2009
        IMP __rt_srsh, 2010
        IMP __rt_ursh, 2011
        IMP __utod, 2012
        IMP __u64tos, 2013
        IMP __u64tod, 2014
        IMP __subs, 2015
        IMP __subd, 2016
        IMP __stou64, 2017
        IMP __stou, 2018
        IMP __stoi64, 2019
        IMP __stoi, 2020
        IMP __stod, 2021
        IMP __nes, 2022
        IMP __negs, 2023
        IMP __negd, 2024
        IMP __ned, 2025
        IMP __muls, 2026
        IMP __muld, 2027
        IMP __lts, 2028
        IMP __ltd, 2029
        IMP __les, 2030
        IMP __led, 2031
        IMP __itos, 2032
        IMP __itod, 2033
        IMP __i64tos, 2034
        IMP __i64tod, 2035
        IMP __gts, 2036
        IMP __gtd, 2037
        IMP __ges, 2038
        IMP __ged, 2039
        IMP __eqs, 2040
        IMP __eqd, 2041
        IMP __dtou64, 2042
        IMP __dtou, 2043
        IMP __dtos, 2044
        IMP __dtoi64, 2045
        IMP __dtoi, 2046
        IMP __divs, 2047
        IMP __divd, 2048
        IMP __cmps, 2049
        IMP __cmpd, 2050
        IMP __adds, 2051
        IMP __utos, 2052
        IMP __addd, 2053
        IMPORT_TABLES_END coredll
