#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include "error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The largest configuration file read. */
#define CKL_MAX_CONFIG_BYTES (1024 * 1024)

/* Reads all of `file` (at most the limit, plus one byte to notice more). */
static char *read_all(FILE *file, size_t *length) {
    char *text = malloc(CKL_MAX_CONFIG_BYTES + 1);
    if (!text) return NULL;
    *length = fread(text, 1, CKL_MAX_CONFIG_BYTES + 1, file);
    return text;
}

int32_t ck_config_load(const char *path, ck_config **out, ck_loader_error *error) {
    if (!out) return ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_BAD_REQUEST, "ck_config_load: out is NULL");
    *out = NULL;
    if (!path) return ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_BAD_REQUEST, "ck_config_load: path is NULL");
    FILE *file = fopen(path, "rb");
    if (!file) {
        int reason = errno;
        if (reason == ENOENT) {
            return ckl_fail(error, CK_ERR_NOT_FOUND, CKL_CONFIG_NOT_FOUND, "configuration file %s does not exist", path);
        }
        char why[128];
        return ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_CONFIG_UNREADABLE, "cannot read configuration file %s: %s",
                        path, ckl_reason(reason, why, sizeof why));
    }
    size_t length = 0;
    char *text = read_all(file, &length);
    int failed = ferror(file);
    int reason = errno;
    fclose(file);
    int32_t kind;
    char why[128];
    if (!text) {
        kind = ckl_no_memory(error, "reading the configuration file");
    } else if (failed) {
        kind = ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_CONFIG_UNREADABLE, "cannot read configuration file %s: %s",
                        path, ckl_reason(reason, why, sizeof why));
    } else if (length > CKL_MAX_CONFIG_BYTES) {
        kind = ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_CONFIG_UNREADABLE,
                        "configuration file %s is larger than %d bytes", path, CKL_MAX_CONFIG_BYTES);
    } else {
        kind = ck_config_parse(text, length, path, out, error);
    }
    free(text);
    return kind;
}
