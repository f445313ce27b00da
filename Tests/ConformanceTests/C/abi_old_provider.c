/*
 * A C host built against the current abi/cloudkit.h that uses a provider
 * built against ABI 1.0 (provider_v1_0.c): it checks the table is a 1.0
 * one (no identity, no cancel: CK_HAS_MEMBER says so), that the tables and
 * entries the provider lacks are NULL, and then creates a bucket, puts,
 * gets (whole and a range), heads and deletes an object — with today's
 * larger request structs. Built with -std=c99 -Wall -Wextra -Werror
 * -pedantic and ASan.
 *
 * usage: abi_old_provider LIBRARY BUCKET
 * exit status 0 when every step behaved as expected.
 */
#include "test_host.h"

static void on_info(void *user_data, const ck_status *status, const ck_object_info *info) {
    result *r = user_data;
    copy_status(r, status);
    if (info && CK_HAS_MEMBER(info, ck_object_info, metadata_count)) {
        const char *origin = "";
        size_t i;
        for (i = 0; i < info->metadata_count; i++) {
            if (strcmp(info->metadata[i].key, "origin") == 0) origin = info->metadata[i].value;
        }
        snprintf(r->text, sizeof r->text, "%s|%lld|%s|%s", info->etag ? info->etag : "", (long long)info->size,
                 info->content_type ? info->content_type : "", origin);
    }
    ck_sync_signal(&r->sync);
}

static void on_get(void *user_data, const ck_status *status, const ck_object_info *info,
                   const uint8_t *data, size_t length) {
    result *r = user_data;
    copy_status(r, status);
    (void)info;
    if (data && length < sizeof r->text) {
        memcpy(r->text, data, length);
        r->count = length;
    }
    ck_sync_signal(&r->sync);
}

static int get(const ck_provider *provider, ck_client *client, const char *bucket, int64_t start, int64_t end,
               const char *expected) {
    ck_get_object_request request;
    result r;
    memset(&request, 0, sizeof request);
    request.struct_size = sizeof request;
    request.bucket = bucket;
    request.key = "old/hello.txt";
    request.has_range = start >= 0;
    request.range_start = start;
    request.range_end = end;
    result_init(&r);
    provider->storage->get_object(client, &request, on_get, &r);
    if (!expect_ok("get_object", &r)) return 0;
    if (r.count != strlen(expected) || memcmp(r.text, expected, r.count) != 0) {
        fprintf(stderr, "get_object %lld..%lld returned '%.*s', expected '%s'\n", (long long)start, (long long)end,
                (int)r.count, r.text, expected);
        return 0;
    }
    return 1;
}

int main(int argc, char **argv) {
    const ck_provider *provider = NULL;
    ck_client *client;
    result r;
    const char *bucket;
    const char *body = "hello from a newer host";
    char put_info[4096] = "";
    int ok = 1;

    if (argc != 3) {
        fprintf(stderr, "usage: %s LIBRARY BUCKET\n", argv[0]);
        return 2;
    }
    bucket = argv[2];
    client = open_client(argv[1], argc, argv, 3, &provider);
    if (!client) return 1;

    /* A 1.0 table: the host must not touch what comes after `functions`. */
    if (provider->abi_major != 1 || provider->abi_minor != 0) {
        fprintf(stderr, "expected a provider of ABI 1.0, got %u.%u\n", (unsigned)provider->abi_major, (unsigned)provider->abi_minor);
        ok = 0;
    }
    if (CK_HAS_MEMBER(provider, ck_provider, identity) || CK_HAS_MEMBER(provider, ck_provider, cancel)
        || !CK_HAS_MEMBER(provider, ck_provider, functions)) {
        fprintf(stderr, "struct_size %u is not the size of a 1.0 ck_provider\n", (unsigned)provider->struct_size);
        ok = 0;
    }
    if (!provider->storage || provider->kv || provider->queue || provider->pubsub || provider->functions) {
        fprintf(stderr, "expected storage and nothing else\n");
        ok = 0;
    }
    if (ok && (!CK_HAS_MEMBER(provider->storage, ck_storage_v1, presign) || provider->storage->list_objects
               || provider->storage->delete_bucket || provider->storage->copy_object || provider->storage->presign)) {
        fprintf(stderr, "expected a 1.0 storage table with only create_bucket, put, get, head and delete\n");
        ok = 0;
    }

    /* An unknown option is refused, naming the key. */
    if (ok) {
        ck_pair bad = {"no_such_option", "x"};
        result_init(&r);
        provider->client_open(&bad, 1, on_open, &r);
        ck_sync_wait(&r.sync);
        ck_sync_destroy(&r.sync);
        if (r.kind != CK_ERR_INVALID_ARGUMENT || !strstr(r.message, "no_such_option")) {
            fprintf(stderr, "unknown option was not refused by name (kind %d: %s)\n", (int)r.kind, r.message);
            ok = 0;
        }
    }
    if (ok) {
        result_init(&r);
        provider->storage->create_bucket(client, bucket, on_done, &r);
        ok = expect_ok("create_bucket", &r);
    }
    if (ok) {
        ck_put_object_request put;
        ck_pair metadata[1] = {{"Origin", "c-program"}};
        memset(&put, 0, sizeof put);
        put.struct_size = sizeof put;
        put.bucket = bucket;
        put.key = "old/hello.txt";
        put.data = (const uint8_t *)body;
        put.data_length = strlen(body);
        put.content_type = "text/plain";
        put.metadata = metadata;
        put.metadata_count = 1;
        put.content_length = -1;
        result_init(&r);
        provider->storage->put_object(client, &put, on_info, &r);
        ok = expect_ok("put_object", &r);
        strncpy(put_info, r.text, sizeof put_info - 1);
        if (ok && (put_info[0] != '"' || !strstr(put_info, "|23|text/plain|c-program"))) {
            fprintf(stderr, "put_object described the object as %s\n", put_info);
            ok = 0;
        }
    }
    ok = ok && get(provider, client, bucket, -1, -1, body);
    ok = ok && get(provider, client, bucket, 6, 9, "from");
    ok = ok && get(provider, client, bucket, 13, -1, "newer host");
    if (ok) {
        result_init(&r);
        provider->storage->head_object(client, bucket, "old/hello.txt", on_info, &r);
        ok = expect_ok("head_object", &r);
        if (ok && strcmp(r.text, put_info) != 0) {
            fprintf(stderr, "head_object: %s, put_object: %s\n", r.text, put_info);
            ok = 0;
        }
    }
    if (ok) {
        result_init(&r);
        provider->storage->delete_object(client, bucket, "old/hello.txt", on_done, &r);
        ok = expect_ok("delete_object", &r);
    }
    if (ok) {
        result_init(&r);
        provider->storage->head_object(client, bucket, "old/hello.txt", on_info, &r);
        ok = expect_kind("head after delete", &r, CK_ERR_NOT_FOUND);
    }
    /* NULL input is refused, never a crash. */
    if (ok) {
        result_init(&r);
        provider->storage->put_object(client, NULL, on_info, &r);
        ok = expect_kind("put_object(NULL)", &r, CK_ERR_INVALID_ARGUMENT);
    }

    provider->client_close(client);
    printf(ok ? "ok\n" : "FAILED\n");
    return ok ? 0 : 1;
}
