/* Provider options: an owned ck_options, and merging a section with explicit options. */
#ifndef CKL_OPTIONS_H
#define CKL_OPTIONS_H

#include "arena.h"
#include "cloudkit_loader.h"

typedef struct ckl_options {
    ck_options public_options; /* first: a ck_options * is a ckl_options * */
    ckl_arena arena;
} ckl_options;

#endif
