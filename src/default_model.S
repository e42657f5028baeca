/* Embeds the default model file. MEETINTENT_DEFAULT_MODEL_PATH is set by CMake. */
#define STR2(x) #x
#define STR(x) STR2(x)
    .section .rodata
    .balign 64
    .global mi_internal_default_model_begin
    .hidden mi_internal_default_model_begin
mi_internal_default_model_begin:
    .incbin STR(MEETINTENT_DEFAULT_MODEL_PATH)
    .global mi_internal_default_model_end
    .hidden mi_internal_default_model_end
mi_internal_default_model_end:
    .byte 0
    .section .note.GNU-stack,"",@progbits
