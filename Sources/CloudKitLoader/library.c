#define _XOPEN_SOURCE 700
#include "error.h"
#include "loaded.h"
#include "request.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

/* The size of the buffer a provider may write why its init refused into. */
#define CKL_INIT_ERROR_CAPACITY 512

/* Checks the table `init` returns for `host`; `label` names the provider in messages. */
static int32_t checked_table(ck_provider_init_fn init, const char *label, const ck_host *given, const ck_provider **out,
                             uint32_t *host_minor, ck_loader_error *error) {
    ck_host host;
    int32_t kind = ckl_host_read(given, &host, error);
    if (kind != CK_OK) return kind;
    char reason[CKL_INIT_ERROR_CAPACITY] = "";
    host.init_error = reason;
    host.init_error_capacity = sizeof reason;
    const ck_provider *table = init(&host);
    reason[sizeof reason - 1] = '\0'; /* whatever the provider wrote */
    if (!table) {
        return ckl_fail(error, CK_ERR_UNSUPPORTED, CKL_PROVIDER_INIT_FAILED, "%s: %s refused this host: %s", label,
                        CK_PROVIDER_INIT_SYMBOL, reason[0] ? reason : "it gave no reason");
    }
    /* abi_major sits at the same offset in every version of the table. */
    if (table->abi_major != CK_ABI_VERSION_MAJOR) {
        return ckl_fail(error, CK_ERR_UNSUPPORTED, CKL_PROVIDER_ABI_MISMATCH, "%s speaks cloudkit ABI %u.%u; this host speaks %u.%u",
                        label, (unsigned)table->abi_major, (unsigned)table->abi_minor, (unsigned)host.abi_major,
                        (unsigned)host.abi_minor);
    }
    size_t minimum = offsetof(ck_provider, functions) + sizeof table->functions;
    if (table->struct_size < minimum) {
        return ckl_fail(error, CK_ERR_UNSUPPORTED, CKL_PROVIDER_ABI_MISMATCH,
                        "%s: its provider table is %zu bytes, smaller than ABI 1.0's %zu", label, table->struct_size, minimum);
    }
    *out = table;
    *host_minor = host.abi_minor;
    return CK_OK;
}

/* A ck_loaded for a checked `table`, owning `handle`. */
static int32_t loaded(const ck_provider *table, uint32_t host_minor, const char *label, void *handle, ck_loaded **out,
                      ck_loader_error *error) {
    ckl_loaded *result = calloc(1, sizeof *result);
    ck_loaded *public_loaded = result ? &result->public_loaded : NULL;
    if (public_loaded) {
        public_loaded->struct_size = sizeof *public_loaded;
        public_loaded->provider = table;
        public_loaded->name = ckl_strdup(&result->arena, table->name ? table->name : "unnamed");
        public_loaded->path = ckl_strdup(&result->arena, label);
        public_loaded->abi_major = table->abi_major;
        public_loaded->abi_minor = table->abi_minor;
        public_loaded->agreed_minor = host_minor < table->abi_minor ? host_minor : table->abi_minor;
        result->handle = handle;
    }
    if (!public_loaded || !public_loaded->name || !public_loaded->path) {
        ck_loader_close(public_loaded);
        if (!public_loaded && handle) dlclose(handle);
        return ckl_no_memory(error, "loading the provider");
    }
    *out = public_loaded;
    return ckl_ok(error);
}

int32_t ck_loader_load_linked(ck_provider_init_fn init, const char *label, const ck_host *host, ck_loaded **out,
                              ck_loader_error *error) {
    if (!out) return ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_BAD_REQUEST, "ck_loader_load_linked: out is NULL");
    *out = NULL;
    if (!init) return ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_BAD_REQUEST, "ck_loader_load_linked: init is NULL");
    const char *name = label ? label : "linked provider";
    const ck_provider *table;
    uint32_t host_minor;
    int32_t kind = checked_table(init, name, host, &table, &host_minor, error);
    return kind == CK_OK ? loaded(table, host_minor, name, NULL, out, error) : kind;
}

int32_t ck_loader_load_library(const char *path, const ck_host *host, ck_loaded **out, ck_loader_error *error) {
    if (!out) return ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_BAD_REQUEST, "ck_loader_load_library: out is NULL");
    *out = NULL;
    if (!path) return ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_BAD_REQUEST, "ck_loader_load_library: path is NULL");
    char *canonical = realpath(path, NULL);
    const char *file = canonical ? canonical : path;
    void *handle = dlopen(file, RTLD_NOW | RTLD_LOCAL);
    int32_t kind;
    if (!handle) {
        const char *reason = dlerror();
        kind = ckl_fail(error, CK_ERR_NOT_FOUND, CKL_PROVIDER_LOAD_FAILED, "cannot load provider library %s: %s", file,
                        reason ? reason : "unknown reason");
        free(canonical);
        return kind;
    }
    ck_provider_init_fn init;
    *(void **)(&init) = dlsym(handle, CK_PROVIDER_INIT_SYMBOL);
    const ck_provider *table = NULL;
    uint32_t host_minor = 0;
    if (!init) {
        kind = ckl_fail(error, CK_ERR_NOT_FOUND, CKL_PROVIDER_ENTRY_MISSING, "%s is not a cloudkit provider: it has no %s symbol",
                        file, CK_PROVIDER_INIT_SYMBOL);
    } else {
        kind = checked_table(init, file, host, &table, &host_minor, error);
    }
    if (kind == CK_OK) {
        kind = loaded(table, host_minor, file, handle, out, error);
    } else {
        dlclose(handle);
    }
    free(canonical);
    return kind;
}

void ck_loader_close(ck_loaded *loaded) {
    if (!loaded) return;
    ckl_loaded *owned = (ckl_loaded *)loaded;
    if (loaded->client && loaded->provider && loaded->provider->client_close) loaded->provider->client_close(loaded->client);
    ck_loader_choice_free(owned->choice);
    ck_options_free(owned->options);
    ckl_arena_free(&owned->arena);
    if (owned->handle) dlclose(owned->handle);
    free(owned);
}
