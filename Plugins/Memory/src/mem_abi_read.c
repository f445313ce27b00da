/* Structs, strings and pairs from the host, by the growth rules (see mem_abi.h). */
#include "mem_abi.h"

#include <stdio.h>
#include <string.h>

/* More than this is not a struct size but garbage. */
#define MEM_PLAUSIBLE_SIZE 65536

int mem_read_struct(const void *given, void *copy, size_t known, size_t first_size, const char *type, const char *what,
                    mem_error *error) {
    size_t size, index;
    const uint8_t *bytes = given;
    if (!given) return mem_invalid(error, "%s is required (got NULL)", what);
    memcpy(&size, given, sizeof size);
    if (size < first_size) {
        return mem_invalid(error, "%s (%s) struct_size is %zu; at least %zu, its ABI 1.0 size, is required", what, type, size, first_size);
    }
    if (size > MEM_PLAUSIBLE_SIZE) return mem_invalid(error, "%s (%s) struct_size %zu is not a plausible size", what, type, size);
    for (index = known; index < size; index++) {
        if (bytes[index] != 0) {
            return mem_fail(error, CK_ERR_UNSUPPORTED, "UnknownMember",
                            "%s (%s) sets a member at byte offset %zu that this side does not know (it knows %zu bytes, ABI %d.%d); "
                            "members it does not know must be zero",
                            what, type, index, known, CK_ABI_VERSION_MAJOR, MEM_ABI_MINOR);
        }
    }
    memset(copy, 0, known);
    memcpy(copy, given, size < known ? size : known);
    return 1;
}

int mem_string(const char *text, const char *field, mem_error *error) {
    if (!text) return mem_invalid(error, "%s is required (got NULL)", field);
    if (!mem_utf8_valid((const uint8_t *)text, strlen(text))) return mem_invalid(error, "%s is not valid UTF-8", field);
    return 1;
}

int mem_optional_string(const char *text, const char *field, mem_error *error) {
    return !text || mem_string(text, field, error);
}

int mem_pairs(const ck_pair *pairs, size_t count, const char *field, mem_error *error) {
    size_t index;
    char name[96];
    if (count > 0 && !pairs) return mem_invalid(error, "%s is NULL but its count is %zu", field, count);
    for (index = 0; index < count; index++) {
        snprintf(name, sizeof name, "%s[%zu].key", field, index);
        if (!mem_string(pairs[index].key, name, error)) return 0;
        snprintf(name, sizeof name, "%s[%zu].value", field, index);
        if (!mem_string(pairs[index].value, name, error)) return 0;
    }
    return 1;
}

int mem_strings(const char *const *strings, size_t count, const char *field, mem_error *error) {
    size_t index;
    char name[96];
    if (count > 0 && !strings) return mem_invalid(error, "%s is NULL but its count is %zu", field, count);
    for (index = 0; index < count; index++) {
        snprintf(name, sizeof name, "%s[%zu]", field, index);
        if (!mem_string(strings[index], name, error)) return 0;
    }
    return 1;
}

const char *mem_pair_value(const ck_pair *pairs, size_t count, const char *key) {
    size_t index;
    for (index = 0; index < count; index++) {
        if (strcmp(pairs[index].key, key) == 0) return pairs[index].value;
    }
    return NULL;
}
