/*
 * A caller's ck_loader_request (and ck_host) read under the growth rules of
 * cloudkit.h, with every default applied: the environment to consult, the
 * current and executable folders, and the host to initialise providers with.
 */
#ifndef CKL_REQUEST_H
#define CKL_REQUEST_H

#include "cloudkit_loader.h"

#include <limits.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

typedef struct ckl_request {
    ck_loader_request given;           /* the caller's members; those past its struct_size are zero */
    ck_host host;                      /* the caller's host, or the default one */
    const char *current_directory;     /* never NULL */
    const char *executable_directory;  /* NULL: none */
    char current_buffer[PATH_MAX];
    char executable_buffer[PATH_MAX];
} ckl_request;

/*
 * Reads `request` (NULL: every default) into `out`. A struct_size below the
 * 1.0 size is CK_ERR_INVALID_ARGUMENT; non-zero bytes past what this loader
 * knows are CK_ERR_UNSUPPORTED (a newer caller's member it cannot honour).
 */
int32_t ckl_request_read(const ck_loader_request *request, ckl_request *out, ck_loader_error *error);

/*
 * ckl_request_read into a new ckl_request (release it with free()); NULL
 * when it fails, with `*kind` (and `error`) saying why.
 */
ckl_request *ckl_request_new(const ck_loader_request *request, int32_t *kind, ck_loader_error *error);

/* The host to hand a provider's init: the caller's `host` read up to its size, else the default. */
int32_t ckl_host_read(const ck_host *host, ck_host *out, ck_loader_error *error);

/* The value of the environment variable `name` the request sees; NULL when unset. */
const char *ckl_env(const ckl_request *request, const char *name);

/* ckl_env, with an empty value read as unset. */
const char *ckl_env_set(const ckl_request *request, const char *name);

/* Non-zero when something (a file, a folder) exists at `path`. */
int ckl_exists(const char *path);

#endif
