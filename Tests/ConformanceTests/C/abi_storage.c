/*
 * A C host that uses only abi/cloudkit.h: dlopens a provider, opens a client,
 * and creates a bucket, puts, gets, lists and deletes an object through the
 * storage table, checking each result. Built by the test suite with
 * -std=c99 -Wall -Wextra -Werror -pedantic (and AddressSanitizer).
 *
 * usage: abi_storage LIBRARY BUCKET [KEY=VALUE option ...]
 * exit status 0 when every step behaved as expected.
 */
#include "test_host.h"

static void on_info(void *user_data, const ck_status *status, const ck_object_info *info) {
    result *r = user_data;
    copy_status(r, status);
    if (info && info->etag) strncpy(r->text, info->etag, sizeof r->text - 1);
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

static void on_list(void *user_data, const ck_status *status, const ck_list_objects_result *listing) {
    result *r = user_data;
    size_t i;
    copy_status(r, status);
    if (listing) {
        for (i = 0; i < listing->object_count; i++) {
            const ck_object_summary *o = listing->objects[i];
            if (CK_HAS_MEMBER(o, ck_object_summary, key) && strlen(r->text) + strlen(o->key) + 2 < sizeof r->text) {
                strcat(r->text, o->key);
                strcat(r->text, "\n");
            }
        }
        r->count = listing->object_count;
    }
    ck_sync_signal(&r->sync);
}

int main(int argc, char **argv) {
    const ck_provider *provider = NULL;
    ck_client *client;
    result r;
    const char *bucket;
    const char *body = "hello from C";
    int ok = 1;

    if (argc < 3) {
        fprintf(stderr, "usage: %s LIBRARY BUCKET [KEY=VALUE ...]\n", argv[0]);
        return 2;
    }
    bucket = argv[2];
    client = open_client(argv[1], argc, argv, 3, &provider);
    if (!client || !provider->storage) return 1;

    /* An unknown option is refused, naming the key. */
    {
        ck_pair bad = {"no_such_option", "x"};
        result_init(&r);
        provider->client_open(&bad, 1, on_open, &r);
        ck_sync_wait(&r.sync);
        ck_sync_destroy(&r.sync);
        if (r.kind != CK_ERR_INVALID_ARGUMENT || !strstr(r.message, "no_such_option")) {
            fprintf(stderr, "unknown option was not refused by name (kind %d: %s)\n", (int)r.kind, r.message);
            return 1;
        }
    }

    result_init(&r);
    provider->storage->create_bucket(client, bucket, on_done, &r);
    ok = ok && expect_ok("create_bucket", &r);

    if (ok) {
        ck_put_object_request put;
        ck_pair metadata[1] = {{"origin", "c-program"}};
        memset(&put, 0, sizeof put);
        put.struct_size = sizeof put;
        put.bucket = bucket;
        put.key = "from-c/hello.txt";
        put.data = (const uint8_t *)body;
        put.data_length = strlen(body);
        put.content_type = "text/plain";
        put.metadata = metadata;
        put.metadata_count = 1;
        put.content_length = -1;
        result_init(&r);
        provider->storage->put_object(client, &put, on_info, &r);
        ok = expect_ok("put_object", &r);
    }
    if (ok) {
        ck_get_object_request get;
        memset(&get, 0, sizeof get);
        get.struct_size = sizeof get;
        get.bucket = bucket;
        get.key = "from-c/hello.txt";
        result_init(&r);
        provider->storage->get_object(client, &get, on_get, &r);
        ok = expect_ok("get_object", &r);
        if (ok && (r.count != strlen(body) || memcmp(r.text, body, r.count) != 0)) {
            fprintf(stderr, "get_object returned other bytes\n");
            ok = 0;
        }
    }
    if (ok) {
        ck_list_objects_request list;
        memset(&list, 0, sizeof list);
        list.struct_size = sizeof list;
        list.bucket = bucket;
        list.prefix = "from-c/";
        result_init(&r);
        provider->storage->list_objects(client, &list, on_list, &r);
        ok = expect_ok("list_objects", &r);
        if (ok && strcmp(r.text, "from-c/hello.txt\n") != 0) {
            fprintf(stderr, "list_objects returned: %s\n", r.text);
            ok = 0;
        }
    }
    if (ok) {
        result_init(&r);
        provider->storage->delete_object(client, bucket, "from-c/hello.txt", on_done, &r);
        ok = expect_ok("delete_object", &r);
    }
    if (ok) {
        result_init(&r);
        provider->storage->head_object(client, bucket, "from-c/hello.txt", on_info, &r);
        ok = expect_kind("head after delete", &r, CK_ERR_NOT_FOUND);
    }
    if (ok) {
        result_init(&r);
        provider->storage->delete_bucket(client, bucket, on_done, &r);
        ok = expect_ok("delete_bucket", &r);
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
