/*
 * The configuration object: a ck_config and the arena that owns it, and
 * how the parser adds sections and keys to it.
 */
#ifndef CKL_CONFIG_H
#define CKL_CONFIG_H

#include "arena.h"
#include "cloudkit_loader.h"

/* The most sections, and keys in one section, a file may have. */
#define CKL_MAX_SECTIONS 1000
#define CKL_MAX_KEYS 1000

/* A section being filled: its entries, and the line each key is on. */
typedef struct ckl_section {
    ck_config_section *public_section;
    ck_pair *entries;
    size_t entry_count;
    size_t *lines;
    size_t line_count;
} ckl_section;

typedef struct ckl_config {
    ck_config public_config;  /* first: a ck_config * is a ckl_config * */
    ckl_arena arena;
    ckl_section *sections;
    size_t section_count;
} ckl_config;

/* A new configuration with an empty top level, named `origin`; NULL when memory is out. */
ckl_config *ckl_config_new(const char *origin);

/* Makes the public arrays describe the sections and entries added; -1 when memory is out. */
int ckl_config_finish(ckl_config *config);

#endif
