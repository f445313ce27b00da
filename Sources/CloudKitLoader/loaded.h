/* A ck_loaded and what it owns: the library handle, how it was chosen, its options. */
#ifndef CKL_LOADED_H
#define CKL_LOADED_H

#include "arena.h"
#include "cloudkit_loader.h"

typedef struct ckl_loaded {
    ck_loaded public_loaded; /* first: a ck_loaded * is a ckl_loaded * */
    ckl_arena arena;
    void *handle;                /* from dlopen; NULL for a linked provider */
    ck_loader_choice *choice;    /* owned, or NULL */
    ck_options *options;         /* owned, or NULL */
} ckl_loaded;

#endif
