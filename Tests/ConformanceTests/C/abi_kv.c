/*
 * A C host that uses the key-value table of abi/cloudkit.h: creates a table
 * (partition "pk" S, sort "sk" N), puts three items, gets one back exactly
 * (a 38-digit number included), queries a sort-key range in descending
 * order, checks a conditional put and a cancelled transaction, and deletes
 * the table. Built with -std=c99 -Wall -Wextra -Werror -pedantic and ASan.
 *
 * usage: abi_kv LIBRARY TABLE [KEY=VALUE option ...]
 * exit status 0 when every step behaved as expected.
 */
#include "test_host.h"

static void on_item(void *user_data, const ck_status *status, const char *item_json) {
    result *r = user_data;
    copy_status(r, status);
    r->count = item_json != NULL;
    if (item_json) strncpy(r->text, item_json, sizeof r->text - 1);
    ck_sync_signal(&r->sync);
}

/* Keeps the items, one per line, and the page token presence in `count`'s high bit. */
static void on_items(void *user_data, const ck_status *status, const char *const *items_json, size_t count,
                     const char *next_page_token) {
    result *r = user_data;
    size_t i;
    copy_status(r, status);
    for (i = 0; i < count; i++) {
        if (strlen(r->text) + strlen(items_json[i]) + 2 < sizeof r->text) {
            strcat(r->text, items_json[i]);
            strcat(r->text, "\n");
        }
    }
    r->count = count;
    (void)next_page_token;
    ck_sync_signal(&r->sync);
}

static void on_details(void *user_data, const ck_status *status) {
    result *r = user_data;
    copy_status(r, status);
    if (status && status->details_json) strncpy(r->text, status->details_json, sizeof r->text - 1);
    ck_sync_signal(&r->sync);
}

static int put(const ck_provider *provider, ck_client *client, const char *table, const char *item,
               const ck_kv_condition *condition, int32_t expected_kind) {
    ck_kv_write_request request;
    result r;
    memset(&request, 0, sizeof request);
    request.struct_size = sizeof request;
    request.table = table;
    request.item_json = item;
    request.condition = condition;
    result_init(&r);
    provider->kv->put_item(client, &request, on_done, &r);
    return expect_kind(item, &r, expected_kind);
}

int main(int argc, char **argv) {
    const ck_provider *provider = NULL;
    ck_client *client;
    result r;
    const char *table;
    const char *first = "{\"big\":12345678901234567890123456789012345678,\"pk\":\"p\",\"sk\":1,\"tags\":{\"$ss\":[\"a\",\"b\"]}}";
    int ok = 1;

    if (argc < 3) {
        fprintf(stderr, "usage: %s LIBRARY TABLE [KEY=VALUE ...]\n", argv[0]);
        return 2;
    }
    table = argv[2];
    client = open_client(argv[1], argc, argv, 3, &provider);
    if (!client) return 1;
    if (!provider->kv || !provider->kv->create_table) {
        fprintf(stderr, "provider has no key-value table\n");
        return 1;
    }

    {
        ck_kv_table_spec spec;
        memset(&spec, 0, sizeof spec);
        spec.struct_size = sizeof spec;
        spec.table = table;
        spec.partition_key = "pk";
        spec.sort_key = "sk";
        spec.sort_key_type = "N";
        result_init(&r);
        provider->kv->create_table(client, &spec, on_done, &r);
        ok = expect_ok("create_table", &r);
    }
    ok = ok && put(provider, client, table, first, NULL, CK_OK);
    ok = ok && put(provider, client, table, "{\"pk\":\"p\",\"sk\":2}", NULL, CK_OK);
    ok = ok && put(provider, client, table, "{\"pk\":\"p\",\"sk\":10}", NULL, CK_OK);
    ok = ok && put(provider, client, table, "{\"pk\":\"p\",\"sk\":\"oops\"}", NULL, CK_ERR_INVALID_ARGUMENT);
    ok = ok && put(provider, client, table, "{\"pk\":", NULL, CK_ERR_INVALID_ARGUMENT);
    if (ok) {
        ck_kv_condition absent;
        memset(&absent, 0, sizeof absent);
        absent.struct_size = sizeof absent;
        absent.kind = CK_KV_IF_ABSENT;
        ok = put(provider, client, table, "{\"pk\":\"p\",\"sk\":2}", &absent, CK_ERR_PRECONDITION_FAILED);
    }
    if (ok) {
        ck_kv_get_request get;
        memset(&get, 0, sizeof get);
        get.struct_size = sizeof get;
        get.table = table;
        get.key_json = "{\"pk\":\"p\",\"sk\":1}";
        get.consistent = 1;
        result_init(&r);
        provider->kv->get_item(client, &get, on_item, &r);
        ok = expect_ok("get_item", &r);
        if (ok && strcmp(r.text, first) != 0) {
            fprintf(stderr, "get_item returned %s\n", r.text);
            ok = 0;
        }
    }
    if (ok) {
        ck_kv_query_request query;
        memset(&query, 0, sizeof query);
        query.struct_size = sizeof query;
        query.table = table;
        query.partition_json = "\"p\"";
        query.sort_op = CK_KV_SORT_GT;
        query.sort_json = "1";
        query.descending = 1;
        query.consistent = 1;
        result_init(&r);
        provider->kv->query(client, &query, on_items, &r);
        ok = expect_ok("query", &r);
        if (ok && strcmp(r.text, "{\"pk\":\"p\",\"sk\":10}\n{\"pk\":\"p\",\"sk\":2}\n") != 0) {
            fprintf(stderr, "query returned:\n%s", r.text);
            ok = 0;
        }
    }
    if (ok) {
        ck_kv_condition equals;
        ck_kv_transact_op put_op, check_op;
        const ck_kv_transact_op *ops[2];
        memset(&equals, 0, sizeof equals);
        equals.struct_size = sizeof equals;
        equals.kind = CK_KV_IF_EQUALS;
        equals.attribute = "missing";
        equals.value_json = "true";
        memset(&put_op, 0, sizeof put_op);
        put_op.struct_size = sizeof put_op;
        put_op.kind = CK_KV_TRANSACT_PUT;
        put_op.table = table;
        put_op.item_json = "{\"pk\":\"p\",\"sk\":3}";
        check_op = put_op;
        check_op.kind = CK_KV_TRANSACT_CHECK;
        check_op.item_json = "{\"pk\":\"p\",\"sk\":2}";
        check_op.condition = &equals;
        ops[0] = &put_op;
        ops[1] = &check_op;
        result_init(&r);
        provider->kv->transact(client, ops, 2, on_details, &r);
        ck_sync_wait(&r.sync);
        ck_sync_destroy(&r.sync);
        if (r.kind != CK_ERR_PRECONDITION_FAILED || !strstr(r.text, "\"index\":1")) {
            fprintf(stderr, "transact: kind %d details %s\n", (int)r.kind, r.text);
            ok = 0;
        }
    }
    if (ok) {
        result_init(&r);
        provider->kv->delete_table(client, table, on_done, &r);
        ok = expect_ok("delete_table", &r);
    }

    provider->client_close(client);
    printf(ok ? "ok\n" : "FAILED\n");
    return ok ? 0 : 1;
}
