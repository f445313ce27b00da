/*
 * The growth rules of abi/cloudkit.h (rule 2), checked from a C host:
 *  - a request with the 1.0 struct_size (a host built against 1.0–1.2) is
 *    served, its 1.3 members taking their defaults;
 *  - a request larger than the provider knows, with a zero tail, is served;
 *    with a non-zero byte there it completes with CK_ERR_UNSUPPORTED naming
 *    the struct and the offset;
 *  - a struct_size below the 1.0 size is CK_ERR_INVALID_ARGUMENT;
 *  - a per-call option nobody defines is CK_ERR_INVALID_ARGUMENT naming it;
 *  - a host of another major gets NULL from init and the reason;
 *  - a 1.0 host gets tables cut to 1.0 (rule 2d);
 *  - the capabilities document names put_object.
 * Usage: abi_evolution LIBRARY BUCKET [KEY=VALUE...]
 */
#include "test_host.h"

#include <stddef.h>

static void on_info(void *user_data, const ck_status *status, const ck_object_info *info) {
    result *r = user_data;
    copy_status(r, status);
    if (info && info->etag) strncpy(r->text, info->etag, sizeof r->text - 1);
    ck_sync_signal(&r->sync);
}

/* A put_object request inside a larger buffer, so struct_size can exceed sizeof. */
typedef struct padded_put {
    ck_put_object_request request;
    unsigned char tail[32];
} padded_put;

static int put_with_size(const ck_provider *p, ck_client *c, const char *bucket, size_t size, int poison, result *r) {
    padded_put padded;
    memset(&padded, 0, sizeof padded);
    padded.request.struct_size = size;
    padded.request.bucket = bucket;
    padded.request.key = "evolution.txt";
    padded.request.data = (const uint8_t *)"grown";
    padded.request.data_length = 5;
    if (poison) padded.tail[3] = 1;
    result_init(r);
    p->storage->put_object(c, &padded.request, on_info, r);
    ck_sync_wait(&r->sync);
    ck_sync_destroy(&r->sync);
    return r->kind;
}

static int fail(const char *what, const result *r) {
    fprintf(stderr, "%s: kind %d: %s\n", what, (int)r->kind, r->message);
    return 1;
}

int main(int argc, char **argv) {
    const ck_provider *p;
    ck_client *c;
    result r;
    const char *bucket;
    void *library;
    ck_provider_init_fn init;
    ck_host host;
    char reason[256];
    const ck_provider *old;
    ck_pair option;
    ck_put_object_request put;
    size_t first_size = offsetof(ck_put_object_request, progress_context) + sizeof(void *);

    if (argc < 3) return 2;
    bucket = argv[2];
    c = open_client(argv[1], argc, argv, 3, &p);
    if (!c) return 1;

    result_init(&r);
    p->storage->create_bucket(c, bucket, on_done, &r);
    if (!expect_ok("create_bucket", &r)) return 1;

    if (put_with_size(p, c, bucket, first_size, 0, &r) != CK_OK) return fail("put with the 1.0 struct_size", &r);
    if (put_with_size(p, c, bucket, sizeof(ck_put_object_request) + 32, 0, &r) != CK_OK) return fail("put with a zero tail", &r);
    if (put_with_size(p, c, bucket, sizeof(ck_put_object_request) + 32, 1, &r) != CK_ERR_UNSUPPORTED)
        return fail("put with a non-zero unknown member (expected unsupported)", &r);
    if (!strstr(r.message, "ck_put_object_request") || !strstr(r.message, "offset"))
        return fail("the unsupported message names neither the struct nor the offset", &r);
    if (put_with_size(p, c, bucket, first_size - 8, 0, &r) != CK_ERR_INVALID_ARGUMENT)
        return fail("put below the 1.0 size (expected invalid argument)", &r);

    memset(&put, 0, sizeof put);
    put.struct_size = sizeof put;
    put.bucket = bucket;
    put.key = "options.txt";
    option.key = "no_such_option";
    option.value = "1";
    put.options = &option;
    put.option_count = 1;
    result_init(&r);
    p->storage->put_object(c, &put, on_info, &r);
    ck_sync_wait(&r.sync);
    ck_sync_destroy(&r.sync);
    if (r.kind != CK_ERR_INVALID_ARGUMENT || !strstr(r.message, "no_such_option"))
        return fail("an unknown option (expected invalid argument naming it)", &r);

    if (!CK_HAS_MEMBER(p, ck_provider, capabilities) || !p->capabilities) return fail("no capabilities entry", &r);
    result_init(&r);
    p->capabilities(c, on_string_result, &r);
    if (!expect_ok("capabilities", &r)) return 1;
    if (!strstr(r.text, "\"put_object\"")) return fail("capabilities without put_object", &r);

    result_init(&r);
    p->storage->delete_object(c, bucket, "evolution.txt", on_done, &r);
    if (!expect_ok("delete_object", &r)) return 1;
    result_init(&r);
    p->storage->delete_bucket(c, bucket, on_done, &r);
    if (!expect_ok("delete_bucket", &r)) return 1;
    p->client_close(c);

    library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!library) return 1;
    *(void **)(&init) = dlsym(library, CK_PROVIDER_INIT_SYMBOL);
    memset(&host, 0, sizeof host);
    memset(reason, 0, sizeof reason);
    host.struct_size = sizeof host;
    host.abi_major = CK_ABI_VERSION_MAJOR + 1;
    host.init_error = reason;
    host.init_error_capacity = sizeof reason;
    if (init(&host) != NULL) { fprintf(stderr, "init accepted a host of another major\n"); return 1; }
    if (!strstr(reason, "ABI")) { fprintf(stderr, "init gave no reason: '%s'\n", reason); return 1; }

    /* A 1.0 host (its ck_host ends at log_level) gets tables cut to 1.0. */
    memset(&host, 0, sizeof host);
    host.struct_size = offsetof(ck_host, log_level) + sizeof(int32_t);
    host.abi_major = CK_ABI_VERSION_MAJOR;
    host.abi_minor = 0;
    old = init(&host);
    if (!old) { fprintf(stderr, "init refused a 1.0 host\n"); return 1; }
    if (old->struct_size != offsetof(ck_provider, identity)) {
        fprintf(stderr, "a 1.0 host got a provider table of %zu bytes\n", old->struct_size);
        return 1;
    }
    if (old->storage && old->storage->struct_size != offsetof(ck_storage_v1, list_buckets)) {
        fprintf(stderr, "a 1.0 host got a storage table of %zu bytes\n", old->storage->struct_size);
        return 1;
    }
    printf("ok\n");
    return 0;
}
