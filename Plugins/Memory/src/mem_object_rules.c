/* S3's rules for bucket names, keys, metadata and option values (see mem_storage.h). */
#include "mem_abi.h"
#include "mem_storage.h"

#include <stdlib.h>
#include <string.h>

/* S3's limit on user metadata: keys and values together. */
#define MEM_MAX_METADATA_BYTES 2048

static int is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/* True when `name` is four dot-separated numbers 0-255, like an IPv4 address. */
static int looks_like_ip(const char *name) {
    int parts = 0;
    const char *cursor = name;
    while (*cursor) {
        unsigned value = 0;
        size_t digits = 0;
        while (*cursor >= '0' && *cursor <= '9') {
            if (value <= 255) value = value * 10 + (unsigned)(*cursor - '0');
            cursor++;
            digits++;
        }
        if (digits == 0 || value > 255) return 0;
        parts++;
        if (*cursor == '.') cursor++;
        else if (*cursor) return 0;
    }
    return parts == 4;
}

int mem_check_bucket_name(const char *name, mem_error *error) {
    size_t length = strlen(name), index;
    const char *why = NULL;
    if (length < 3 || length > 63) why = "it must be 3 to 63 characters long";
    for (index = 0; !why && index < length; index++) {
        if (!is_lower_alnum(name[index]) && name[index] != '.' && name[index] != '-') why = "only lower-case letters, digits, '.' and '-' are allowed";
    }
    if (!why && (!is_lower_alnum(name[0]) || !is_lower_alnum(name[length - 1]))) why = "it must start and end with a letter or digit";
    if (!why && strstr(name, "..")) why = "it must not contain '..'";
    if (!why && looks_like_ip(name)) why = "it must not look like an IP address";
    if (!why) return 1;
    mem_fail(error, CK_ERR_INVALID_ARGUMENT, "InvalidBucketName", "invalid bucket name '%.100s': %s", name, why);
    return mem_with_http(error, 400);
}

int mem_check_key(const char *key, mem_error *error) {
    size_t length = strlen(key);
    if (length == 0) return mem_invalid(error, "the object key must not be empty");
    if (length > 1024) {
        return mem_fail(error, CK_ERR_INVALID_ARGUMENT, "KeyTooLongError", "the object key is %zu bytes; at most 1024 are allowed", length);
    }
    return 1;
}

/* RFC 9110 tchar: what an HTTP header name is made of. */
static const char token_bytes[] = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

static int compare_pairs(const void *left, const void *right) {
    return strcmp(((const ck_pair *)left)->key, ((const ck_pair *)right)->key);
}

void mem_pairs_free(ck_pair *pairs, size_t count) {
    size_t index;
    for (index = 0; pairs && index < count; index++) {
        free((char *)pairs[index].key);
        free((char *)pairs[index].value);
    }
    free(pairs);
}

int mem_normalize_metadata(const ck_pair *metadata, size_t count, ck_pair **out, size_t *out_count, mem_error *error) {
    ck_pair *pairs = calloc(count ? count : 1, sizeof *pairs);
    size_t index, total = 0, made = 0;
    int ok = pairs != NULL || mem_out_of_memory(error);
    for (index = 0; ok && index < count; index++) {
        const char *key = metadata[index].key, *value = metadata[index].value;
        char *lowered;
        size_t position;
        if (!*key || strspn(key, token_bytes) != strlen(key)) {
            ok = mem_invalid(error, "metadata key '%.100s' is not a valid HTTP header name", key);
            break;
        }
        if (strpbrk(value, "\r\n")) {
            ok = mem_invalid(error, "the value of metadata key '%.100s' must not contain CR, LF or NUL", key);
            break;
        }
        total += strlen(key) + strlen(value);
        if (total > MEM_MAX_METADATA_BYTES) {
            ok = mem_fail(error, CK_ERR_INVALID_ARGUMENT, "MetadataTooLarge", "user metadata is over %d bytes", MEM_MAX_METADATA_BYTES);
            break;
        }
        lowered = mem_strdup(key);
        pairs[made].key = lowered;
        pairs[made].value = mem_strdup(value);
        made++;
        if (!lowered || !pairs[made - 1].value) {
            ok = mem_out_of_memory(error);
            break;
        }
        for (position = 0; lowered[position]; position++) {
            if (lowered[position] >= 'A' && lowered[position] <= 'Z') lowered[position] = (char)(lowered[position] - 'A' + 'a');
        }
    }
    if (ok) qsort(pairs, made, sizeof *pairs, compare_pairs);
    for (index = 1; ok && index < made; index++) {
        if (strcmp(pairs[index].key, pairs[index - 1].key) == 0) {
            ok = mem_invalid(error, "metadata key '%.100s' is given twice (keys are case-insensitive)", pairs[index].key);
        }
    }
    if (!ok) {
        mem_pairs_free(pairs, made);
        return 0;
    }
    *out = pairs;
    *out_count = made;
    return 1;
}

int mem_check_option_value(const char *key, const char *value, mem_error *error) {
    size_t length = strlen(value), index;
    if (length == 0) return mem_invalid(error, "object option '%s' must not be empty", key);
    for (index = 0; index < length; index++) {
        if (value[index] < 0x20 || value[index] > 0x7E) break;
    }
    if (index < length || value[0] == ' ' || value[length - 1] == ' ') {
        return mem_invalid(error, "object option '%s' must be printable ASCII without spaces at either end (percent-encode anything else)", key);
    }
    return 1;
}

int mem_etag_matches(const char *given, const char *etag) {
    size_t given_length = strlen(given), etag_length = strlen(etag);
    if (strcmp(given, "*") == 0) return 1;
    if (given_length >= 2 && given[0] == '"' && given[given_length - 1] == '"') {
        given++;
        given_length -= 2;
    }
    if (etag_length >= 2 && etag[0] == '"' && etag[etag_length - 1] == '"') {
        etag++;
        etag_length -= 2;
    }
    return given_length == etag_length && memcmp(given, etag, given_length) == 0;
}
