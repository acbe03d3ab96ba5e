@ armhello.s — hand-written ARM-mode (not Thumb) Windows CE ROM, like code from the Microsoft CE
@ compilers: ARM entry point (even address), calls through the IAT with the ARMv4 sequence
@ "mov lr, pc / ldr pc, [rX]" and with ARMv5 "blx rX", returns with "bx lr". COREDLL is imported
@ by ordinal only (printf 1102, wprintf 1134). No .reloc section (linked for 0x00010000 only;
@ the PE says IMAGE_FILE_RELOCS_STRIPPED).
@ Prints three lines and returns 42 from the entry point (the kernel's ExitThread(42) ends the process).
        .include "ce.inc"
        .syntax unified
        .arch armv5te
        .arm

        .text
        .globl start
        .p2align 2
start:                                  @ r0 = hInstance, r1 = hPrevInstance, r2 = lpCmdLine, r3 = nCmdShow
        stmfd   sp!, {r4-r6, lr}
        mov     r6, r0
        movs    r5, r2
        ldreq   r5, =wempty             @ lpCmdLine may be NULL
        ldr     r0, =msg_hello
        adr     r1, start
        mov     r2, r6
        ldr     r4, =iat_printf
        mov     lr, pc                  @ ARMv4 call through the IAT: lr = address of the next-but-one insn
        ldr     pc, [r4]
        ldr     r0, =wmsg_cmdline
        mov     r1, r5
        ldr     r4, =iat_wprintf
        ldr     r12, [r4]
        blx     r12                     @ ARMv5 call through the IAT
        ldr     r0, =msg_exit
        mov     r1, #42
        ldr     r4, =iat_printf
        mov     lr, pc
        ldr     pc, [r4]
        mov     r0, #42
        ldmfd   sp!, {r4-r6, lr}
        bx      lr                      @ return from the entry point with exit code 42
        .ltorg

        .section .rdata, "a"
msg_hello:
        .asciz  "Hello from ARM mode! entry=%p hInstance=%p\n"
msg_exit:
        .asciz  "armhello: returning %d from the ARM entry point\n"
        .p2align 1
wmsg_cmdline:                           @ UTF-16LE L"wprintf from ARM mode, lpCmdLine=[%s]\n"
        .short  'w', 'p', 'r', 'i', 'n', 't', 'f', ' ', 'f', 'r', 'o', 'm'
        .short  ' ', 'A', 'R', 'M', ' ', 'm', 'o', 'd', 'e', ',', ' ', 'l'
        .short  'p', 'C', 'm', 'd', 'L', 'i', 'n', 'e', '=', '[', '%', 's'
        .short  ']'
        .short  10, 0
wempty: .short  0

        IMPORT_DIRECTORY_BEGIN
        IMPORT_DESCRIPTOR coredll
        IMPORT_DIRECTORY_END
        IMPORT_TABLES_BEGIN coredll, "COREDLL.dll"
        IMPORT_ORDINAL printf, 1102
        IMPORT_ORDINAL wprintf, 1134
        IMPORT_TABLES_END coredll
