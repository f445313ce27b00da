#include "choose.h"
#include "error.h"
#include "loaded.h"
#include "search.h"

#include <stdlib.h>
#include <string.h>

/* Chooses, finds and loads the provider of a request already read, and merges its options. */
static int32_t load(const ckl_request *request, ck_loaded **out, ck_loader_error *error) {
    ck_loader_choice *choice = NULL;
    ckl_arena arena = {0};
    const char *path = NULL;
    ck_loaded *result = NULL;
    ck_options *options = NULL;
    int32_t kind = ckl_choose(request, &choice, error);
    if (kind == CK_OK) kind = ckl_locate(request, choice->provider, choice->source, &arena, &path, error);
    if (kind == CK_OK) kind = ck_loader_load_library(path, &request->host, &result, error);
    if (kind == CK_OK) {
        const ck_config_section *section = result->name[0] ? ck_config_section_named(choice->config, result->name) : NULL;
        const ck_options *given = choice->explicit_options;
        kind = ck_loader_merge_options(section ? section->entries : NULL, section ? section->entry_count : 0, given->pairs,
                                       given->count, &options, error);
    }
    ckl_arena_free(&arena);
    if (kind != CK_OK) {
        ck_loader_choice_free(choice);
        ck_loader_close(result);
        return kind;
    }
    ckl_loaded *owned = (ckl_loaded *)result;
    owned->choice = choice;
    owned->options = options;
    result->choice = choice;
    result->options = options;
    *out = result;
    return ckl_ok(error);
}

int32_t ck_loader_load(const ck_loader_request *request, ck_loaded **out, ck_loader_error *error) {
    if (!out) return ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_BAD_REQUEST, "ck_loader_load: out is NULL");
    *out = NULL;
    int32_t kind;
    ckl_request *read = ckl_request_new(request, &kind, error);
    if (read) kind = load(read, out, error);
    free(read);
    return kind;
}

/* What client_open completed with, copied for the waiting thread. */
typedef struct opening {
    ck_sync sync;
    int32_t kind;
    char code[64];
    char message[1024];
    ck_client *client;
} opening;

static void copy_text(char *to, size_t capacity, const char *from) {
    size_t length = from ? strlen(from) : 0;
    if (length >= capacity) length = capacity - 1;
    if (length) memcpy(to, from, length);
    to[length] = '\0';
}

static void on_open(void *user_data, const ck_status *status, ck_client *client) {
    opening *result = user_data;
    result->kind = status ? status->kind : CK_ERR_INTERNAL;
    if (status && status->kind != CK_OK) {
        copy_text(result->code, sizeof result->code, status->code);
        copy_text(result->message, sizeof result->message, status->message);
    }
    result->client = client;
    ck_sync_signal(&result->sync);
}

/* Opens a client of `loaded` with its merged options, waiting for client_open to complete. */
static int32_t open_client(ck_loaded *loaded, ck_loader_error *error) {
    if (!loaded->provider->client_open) {
        return ckl_fail(error, CK_ERR_UNSUPPORTED, CKL_CLIENT_OPEN_FAILED, "provider %s (%s) cannot open clients", loaded->name,
                        loaded->path);
    }
    opening result;
    memset(&result, 0, sizeof result);
    ck_sync_init(&result.sync);
    loaded->provider->client_open(loaded->options->pairs, loaded->options->count, on_open, &result);
    ck_sync_wait(&result.sync);
    ck_sync_destroy(&result.sync);
    if (result.kind == CK_OK && result.client) {
        loaded->client = result.client;
        return CK_OK;
    }
    /* A kind this header does not know is internal (growth rule d). */
    int32_t kind = result.kind > CK_OK && result.kind <= CK_ERR_INTERNAL ? result.kind : CK_ERR_INTERNAL;
    if (result.kind == CK_OK) copy_text(result.message, sizeof result.message, "client_open succeeded without a client");
    return ckl_fail(error, kind, result.code[0] ? result.code : CKL_CLIENT_OPEN_FAILED, "provider %s (%s) did not open a client: %s: %s",
                    loaded->name, loaded->path, ck_kind_name(kind), result.message[0] ? result.message : "no reason given");
}

int32_t ck_loader_open(const ck_loader_request *request, ck_loaded **out, ck_loader_error *error) {
    int32_t kind = ck_loader_load(request, out, error);
    if (kind != CK_OK) return kind;
    kind = open_client(*out, error);
    if (kind != CK_OK) {
        ck_loader_close(*out);
        *out = NULL;
        return kind;
    }
    return ckl_ok(error);
}
