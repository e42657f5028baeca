/* Embeds the four quid-pro-quo scorers (quid_pro_quo_model.h). CMake sets
   MEETINTENT_QPQ_<HEAD>_PATH to each stripped model file and
   MEETINTENT_QPQ_LEXICON_PATH to the fingerprint of their lexicon. */
#define STR2(x) #x
#define STR(x) STR2(x)
#define EMBED(name, path)                 \
    .balign 64;                           \
    .global mi_internal_qpq_##name##_begin; \
    .hidden mi_internal_qpq_##name##_begin; \
mi_internal_qpq_##name##_begin:           \
    .incbin STR(path);                    \
    .global mi_internal_qpq_##name##_end; \
    .hidden mi_internal_qpq_##name##_end; \
mi_internal_qpq_##name##_end:             \
    .byte 0
    .section .rodata
EMBED(offer, MEETINTENT_QPQ_OFFER_PATH)
EMBED(benefit, MEETINTENT_QPQ_BENEFIT_PATH)
EMBED(ask, MEETINTENT_QPQ_ASK_PATH)
EMBED(link, MEETINTENT_QPQ_LINK_PATH)
EMBED(lexicon, MEETINTENT_QPQ_LEXICON_PATH)
    .section .note.GNU-stack,"",@progbits
