/*
 * What the C test programs share: a result a callback fills in and the main
 * thread waits for, and loading a provider and opening a client with
 * nothing but abi/cloudkit.h and dlopen.
 */
#ifndef CK_TEST_HOST_H
#define CK_TEST_HOST_H

#define _POSIX_C_SOURCE 200809L
#include "cloudkit.h"

/*
 * Built against a frozen header (abi/history), the test suite passes
 * -DCK_EXPECT_MINOR=N: this proves the "cloudkit.h" found is that copy.
 */
#if defined(CK_EXPECT_MINOR) && CK_ABI_VERSION_MINOR != CK_EXPECT_MINOR
#error "cloudkit.h is not the header this program was meant to be built against (CK_EXPECT_MINOR)"
#endif

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a callback hands back to the waiting main thread. */
typedef struct result {
    ck_sync sync;
    int32_t kind;
    char message[512];
    char text[4096];   /* body, ETag or listing, depending on the call */
    size_t count;
    ck_client *client; /* what client_open completed with */
} result;

static inline void result_init(result *r) {
    memset(r, 0, sizeof *r);
    ck_sync_init(&r->sync);
}

static inline void copy_status(result *r, const ck_status *status) {
    r->kind = status ? status->kind : CK_ERR_INTERNAL;
    if (status && status->message) {
        strncpy(r->message, status->message, sizeof r->message - 1);
    }
}

static inline void on_open(void *user_data, const ck_status *status, ck_client *client) {
    result *r = user_data;
    copy_status(r, status);
    r->client = client;
    ck_sync_signal(&r->sync);
}

static inline void on_done(void *user_data, const ck_status *status) {
    result *r = user_data;
    copy_status(r, status);
    ck_sync_signal(&r->sync);
}

/* Completion of a call that yields a string (URL, ARN, JSON): keeps it in r->text. */
static inline void on_string_result(void *user_data, const ck_status *status, const char *value) {
    result *r = user_data;
    copy_status(r, status);
    if (value) strncpy(r->text, value, sizeof r->text - 1);
    ck_sync_signal(&r->sync);
}

/* Completion of a put or head: keeps the status only. */
static inline void on_info_result(void *user_data, const ck_status *status, const ck_object_info *info) {
    result *r = user_data;
    (void)info;
    copy_status(r, status);
    ck_sync_signal(&r->sync);
}

/* Completion of send/publish: keeps the message id in r->text. */
static inline void on_sent_result(void *user_data, const ck_status *status, const char *message_id, const char *sequence_number) {
    result *r = user_data;
    copy_status(r, status);
    (void)sequence_number;
    if (message_id) strncpy(r->text, message_id, sizeof r->text - 1);
    ck_sync_signal(&r->sync);
}

static inline int expect_ok(const char *step, result *r) {
    ck_sync_wait(&r->sync);
    ck_sync_destroy(&r->sync);
    if (r->kind != CK_OK) {
        fprintf(stderr, "%s failed: kind %d: %s\n", step, (int)r->kind, r->message);
        return 0;
    }
    return 1;
}

/* Waits for the call, then checks it completed with `kind` (which may be an error kind). */
static inline int expect_kind(const char *step, result *r, int32_t kind) {
    ck_sync_wait(&r->sync);
    ck_sync_destroy(&r->sync);
    if (r->kind != kind) {
        fprintf(stderr, "%s: kind %d (%s), expected %d\n", step, (int)r->kind, r->message, (int)kind);
        return 0;
    }
    return 1;
}

/* Creates (or finds) the standard queue NAME: every setting at its default. */
static inline int create_standard_queue(const ck_provider *provider, ck_client *client, const char *name, result *r) {
    ck_queue_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.struct_size = sizeof spec;
    spec.name = name;
    spec.visibility_timeout_seconds = -1;
    spec.retention_seconds = -1;
    spec.delay_seconds = -1;
    result_init(r);
    provider->queue->create_queue(client, &spec, on_string_result, r);
    return expect_ok("create_queue", r);
}

/*
 * Reads the KEY=VALUE arguments argv[first...] into `options` (at most
 * `capacity`; the strings are argv's, cut at '='). Returns how many, or -1
 * after printing why for an argument without '='.
 */
static inline long parse_options(int argc, char **argv, int first, ck_pair *options, size_t capacity) {
    size_t count = 0;
    int i;
    for (i = first; i < argc && count < capacity; i++) {
        char *equals = strchr(argv[i], '=');
        if (!equals) {
            fprintf(stderr, "option without '=': %s\n", argv[i]);
            return -1;
        }
        *equals = '\0';
        options[count].key = argv[i];
        options[count].value = equals + 1;
        count++;
    }
    return (long)count;
}

/*
 * dlopens LIBRARY and initialises it with `host`; returns its table when it
 * speaks this header's major version, else NULL after printing why.
 */
static inline const ck_provider *load_provider(const char *library_path, const ck_host *host) {
    void *library;
    ck_provider_init_fn init;
    const ck_provider *provider;
    library = dlopen(library_path, RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return NULL;
    }
    *(void **)(&init) = dlsym(library, CK_PROVIDER_INIT_SYMBOL);
    if (!init) {
        fprintf(stderr, "no %s\n", CK_PROVIDER_INIT_SYMBOL);
        return NULL;
    }
    provider = init(host);
    if (!provider || provider->abi_major != CK_ABI_VERSION_MAJOR) {
        fprintf(stderr, "provider unusable\n");
        return NULL;
    }
    return provider;
}

/*
 * Loads LIBRARY, checks its ABI, and opens a client with the KEY=VALUE
 * arguments in argv[first...]. Returns the client, or NULL after printing why.
 */
static inline ck_client *open_client(const char *library_path, int argc, char **argv, int first, const ck_provider **out) {
    const ck_provider *provider;
    ck_host host;
    ck_pair options[16];
    long option_count = parse_options(argc, argv, first, options, 16);
    result r;

    if (option_count < 0) return NULL;
    memset(&host, 0, sizeof host);
    host.struct_size = sizeof host;
    host.abi_major = CK_ABI_VERSION_MAJOR;
    host.abi_minor = CK_ABI_VERSION_MINOR;
    provider = load_provider(library_path, &host);
    if (!provider) return NULL;
    printf("host ABI %d.%d\n", CK_ABI_VERSION_MAJOR, CK_ABI_VERSION_MINOR);
    printf("provider %s %s (ABI %u.%u)\n", provider->name, provider->version,
           (unsigned)provider->abi_major, (unsigned)provider->abi_minor);
    result_init(&r);
    provider->client_open(options, (size_t)option_count, on_open, &r);
    if (!expect_ok("client_open", &r)) return NULL;
    *out = provider;
    return r.client;
}

/*
 * For the storage programs (usage: PROGRAM LIBRARY BUCKET [KEY=VALUE ...]):
 * opens a client of LIBRARY with the options and creates BUCKET (argv[2]).
 * Returns the client, or NULL after printing why.
 */
static inline ck_client *open_bucket(int argc, char **argv, const ck_provider **provider, const char **bucket) {
    ck_client *client;
    result r;
    if (argc < 3) {
        fprintf(stderr, "usage: %s LIBRARY BUCKET [KEY=VALUE ...]\n", argv[0]);
        return NULL;
    }
    *bucket = argv[2];
    client = open_client(argv[1], argc, argv, 3, provider);
    if (!client) return NULL;
    if (!(*provider)->storage) {
        fprintf(stderr, "the provider has no object storage\n");
        return NULL;
    }
    result_init(&r);
    (*provider)->storage->create_bucket(client, *bucket, on_done, &r);
    return expect_ok("create_bucket", &r) ? client : NULL;
}

#endif /* CK_TEST_HOST_H */
