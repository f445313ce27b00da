/* Per-call options, checked against what each operation accepts (see mem_abi.h). */
#include "mem_abi.h"

#include <string.h>

/* More per-call options than any operation defines keys for. */
#define MEM_MAX_OPTIONS 64

static int listed(const char *const *names, const char *key) {
    for (; names && *names; names++) {
        if (strcmp(*names, key) == 0) return 1;
    }
    return 0;
}

/* "a, b, c" of `names` into `out`, or "none". */
static void join(const char *const *names, char *out, size_t capacity) {
    size_t used = 0;
    out[0] = '\0';
    for (; names && *names; names++) {
        size_t length = strlen(*names);
        if (used + length + 3 >= capacity) break;
        if (used) {
            memcpy(out + used, ", ", 2);
            used += 2;
        }
        memcpy(out + used, *names, length + 1);
        used += length;
    }
    if (!used) memcpy(out, "none", 5);
}

int mem_check_options(const ck_pair *options, size_t count, const char *const *accepted, const char *const *defined,
                      const char *operation, mem_error *error) {
    const char *first = NULL;
    char known[256];
    size_t index, other;
    if (!mem_pairs(options, count, "options", error)) return 0;
    if (count > MEM_MAX_OPTIONS) return mem_invalid(error, "%zu options given; at most %d are allowed", count, MEM_MAX_OPTIONS);
    for (index = 0; index < count; index++) {
        for (other = 0; other < index; other++) {
            if (strcmp(options[index].key, options[other].key) == 0) {
                return mem_invalid(error, "options gives '%.200s' twice", options[index].key);
            }
        }
        if (!listed(accepted, options[index].key) && (!first || strcmp(options[index].key, first) < 0)) first = options[index].key;
    }
    if (!first) return 1;
    if (listed(defined, first)) {
        return mem_fail(error, CK_ERR_UNSUPPORTED, "UnsupportedOption", "provider memory does not support option '%.200s' on %s",
                        first, operation);
    }
    join(accepted, known, sizeof known);
    return mem_invalid(error, "unknown option '%.200s' for %s (accepted: %s)", first, operation, known);
}
