/* The search path for provider libraries, and finding one on it. */
#ifndef CKL_SEARCH_H
#define CKL_SEARCH_H

#include "arena.h"
#include "request.h"

/*
 * The folders searched, in order: CLOUDKIT_PLUGIN_PATH's, the executable's,
 * <executable's>/../lib/cloudkit, /usr/local/lib/cloudkit. Allocated in
 * `arena`; -1 when memory is out.
 */
int ckl_search_directories(const ckl_request *request, ckl_arena *arena, const char ***directories, size_t *count);

/*
 * The library for `name_or_path` (`source` says who chose it, for the
 * message: "argument", "CLOUDKIT_PROVIDER", …), allocated in `arena`.
 */
int32_t ckl_locate(const ckl_request *request, const char *name_or_path, const char *source, ckl_arena *arena,
                   const char **path, ck_loader_error *error);

#endif
