#include "options.h"

#include "error.h"

#include <stdlib.h>
#include <string.h>

/* The index of `key` among the first `count` pairs, or -1. */
static long find(const ck_pair *pairs, size_t count, const char *key) {
    for (size_t i = 0; i < count; i++) {
        if (strcmp(pairs[i].key, key) == 0) return (long)i;
    }
    return -1;
}

/* Checks a list of options: no NULL key or value, each key once; `what` names it in messages. */
static int32_t check(const ck_pair *pairs, size_t count, const char *what, ck_loader_error *error) {
    if (count && !pairs) return ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_BAD_REQUEST, "%s: a count without pairs", what);
    for (size_t i = 0; i < count; i++) {
        if (!pairs[i].key || !pairs[i].value) {
            return ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_BAD_REQUEST, "%s: option %zu has a NULL key or value", what, i);
        }
        if (find(pairs, i, pairs[i].key) >= 0) {
            return ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_BAD_REQUEST, "%s: option '%.64s' is given twice", what,
                            pairs[i].key);
        }
    }
    return CK_OK;
}

/* Adds a copy of `key` = `value` to `options`; -1 when memory is out. */
static int add(ckl_options *options, ck_pair *pairs, const char *key, const char *value) {
    ck_pair pair;
    pair.key = ckl_strdup(&options->arena, key);
    pair.value = ckl_strdup(&options->arena, value);
    if (!pair.key || !pair.value) return -1;
    pairs[options->public_options.count++] = pair;
    return 0;
}

int32_t ck_loader_merge_options(const ck_pair *base, size_t base_count, const ck_pair *overrides, size_t override_count,
                                ck_options **out, ck_loader_error *error) {
    if (!out) return ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_BAD_REQUEST, "ck_loader_merge_options: out is NULL");
    *out = NULL;
    int32_t kind = check(base, base_count, "the configured options", error);
    if (kind == CK_OK) kind = check(overrides, override_count, "the explicit options", error);
    if (kind != CK_OK) return kind;
    ckl_options *options = calloc(1, sizeof *options);
    ck_pair *pairs = options ? ckl_alloc(&options->arena, (base_count + override_count) * sizeof *pairs) : NULL;
    int failed = pairs == NULL;
    for (size_t i = 0; !failed && i < base_count; i++) {
        long override = find(overrides, override_count, base[i].key);
        failed = add(options, pairs, base[i].key, override >= 0 ? overrides[override].value : base[i].value);
    }
    for (size_t i = 0; !failed && i < override_count; i++) {
        if (find(base, base_count, overrides[i].key) >= 0) continue;
        failed = add(options, pairs, overrides[i].key, overrides[i].value);
    }
    if (failed) {
        ck_options_free(options ? &options->public_options : NULL);
        return ckl_no_memory(error, "merging options");
    }
    options->public_options.struct_size = sizeof options->public_options;
    options->public_options.pairs = pairs;
    *out = &options->public_options;
    return ckl_ok(error);
}

void ck_options_free(ck_options *options) {
    if (!options) return;
    ckl_options *owned = (ckl_options *)options;
    ckl_arena_free(&owned->arena);
    free(owned);
}
