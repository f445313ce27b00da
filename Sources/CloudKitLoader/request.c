#define _POSIX_C_SOURCE 200809L
#include "request.h"

#include "error.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Copies the caller's struct at `given` (whose first member is its
 * struct_size) into `out` (`known` bytes, this loader's size): members
 * past the caller's size read as zero, and `out`'s struct_size is `known`.
 */
static int32_t read_struct(const void *given, size_t minimum, size_t known, void *out, const char *what,
                           int refuse_unknown, ck_loader_error *error) {
    size_t size;
    memcpy(&size, given, sizeof size);
    if (size < minimum) {
        return ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_BAD_REQUEST,
                        "%s: struct_size %zu is smaller than its 1.0 size, %zu", what, size, minimum);
    }
    if (refuse_unknown) {
        const unsigned char *bytes = given;
        for (size_t offset = known; offset < size; offset++) {
            if (bytes[offset] != 0) {
                return ckl_fail(error, CK_ERR_UNSUPPORTED, CKL_BAD_REQUEST,
                                "%s: a member at offset %zu is newer than this loader (it knows %zu bytes)", what,
                                offset, known);
            }
        }
    }
    memset(out, 0, known);
    memcpy(out, given, size < known ? size : known);
    memcpy(out, &known, sizeof known);
    return CK_OK;
}

int32_t ckl_host_read(const ck_host *host, ck_host *out, ck_loader_error *error) {
    if (!host) {
        ck_loader_default_host(out);
        return CK_OK;
    }
    /* 1.0's ck_host ends with log_level; what a newer host appends is for
       the provider, which this loader cannot pass on, so it is left out. */
    return read_struct(host, offsetof(ck_host, reserved0), sizeof *out, out, "ck_host", 0, error);
}

/* The folder of the running executable, from /proc/self/exe; NULL when unknown. */
static const char *executable_folder(char *buffer, size_t capacity) {
    ssize_t length = readlink("/proc/self/exe", buffer, capacity - 1);
    if (length <= 0) return NULL;
    buffer[length] = '\0';
    char *slash = strrchr(buffer, '/');
    if (!slash) return NULL;
    if (slash == buffer) slash[1] = '\0';
    else *slash = '\0';
    return buffer;
}

int32_t ckl_request_read(const ck_loader_request *request, ckl_request *out, ck_loader_error *error) {
    memset(&out->given, 0, sizeof out->given);
    out->given.struct_size = sizeof out->given;
    if (request) {
        int32_t kind = read_struct(request, sizeof(ck_loader_request), sizeof out->given, &out->given,
                                   "ck_loader_request", 1, error);
        if (kind != CK_OK) return kind;
    }
    int32_t kind = ckl_host_read(out->given.host, &out->host, error);
    if (kind != CK_OK) return kind;
    if (out->given.current_directory) {
        out->current_directory = out->given.current_directory;
    } else {
        out->current_directory = getcwd(out->current_buffer, sizeof out->current_buffer) ? out->current_buffer : ".";
    }
    if (!out->given.executable_directory) {
        out->executable_directory = executable_folder(out->executable_buffer, sizeof out->executable_buffer);
    } else {
        out->executable_directory = out->given.executable_directory[0] ? out->given.executable_directory : NULL;
    }
    return CK_OK;
}

ckl_request *ckl_request_new(const ck_loader_request *request, int32_t *kind, ck_loader_error *error) {
    ckl_request *read = malloc(sizeof *read);
    *kind = read ? ckl_request_read(request, read, error) : ckl_no_memory(error, "reading the request");
    if (*kind == CK_OK) return read;
    free(read);
    return NULL;
}

const char *ckl_env(const ckl_request *request, const char *name) {
    if (!request->given.environment) return getenv(name);
    for (size_t i = 0; i < request->given.environment_count; i++) {
        const ck_pair *pair = &request->given.environment[i];
        if (pair->key && strcmp(pair->key, name) == 0) return pair->value;
    }
    return NULL;
}

const char *ckl_env_set(const ckl_request *request, const char *name) {
    const char *value = ckl_env(request, name);
    return value && value[0] ? value : NULL;
}

int ckl_exists(const char *path) {
    struct stat info;
    return stat(path, &info) == 0;
}
