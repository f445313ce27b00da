/*
 * The capabilities document (ABI 1.3 ck_provider.capabilities): the
 * storage and kv services with every operation this provider has — no
 * presign — each with the per-call option keys it accepts, and the
 * services' limits; no queue, pubsub or functions. Keys are written
 * sorted, as the Swift kit writes them.
 */
#include "mem_abi.h"
#include "mem_buffer.h"
#include "mem_client.h"
#include "mem_kv.h"
#include "mem_storage.h"

#include <stdlib.h>
#include <string.h>

/* Writes `"name":{"options":[…]}` for each operation, with the options `options_of` gives it. */
static void operations(mem_buffer *out, const char *const *names, const char *const *(*options_of)(const char *name)) {
    size_t index, option;
    mem_buffer_text(out, "\"operations\":{");
    for (index = 0; names[index]; index++) {
        const char *const *options = options_of ? options_of(names[index]) : NULL;
        mem_buffer_format(out, "%s\"%s\":{\"options\":[", index ? "," : "", names[index]);
        for (option = 0; options && options[option]; option++) mem_buffer_format(out, "%s\"%s\"", option ? "," : "", options[option]);
        mem_buffer_text(out, "]}");
    }
    mem_buffer_char(out, '}');
}

static const char *const storage_operations[] = {
    "copy_object", "create_bucket", "delete_bucket", "delete_object", "get_object", "head_object", "list_buckets", "list_objects",
    "put_object", NULL,
};

static const char *const *storage_options(const char *operation) {
    if (strcmp(operation, "put_object") == 0) return mem_put_accepted;
    if (strcmp(operation, "copy_object") == 0) return mem_copy_accepted;
    if (strcmp(operation, "get_object") == 0) return mem_get_options;
    return NULL;
}

static const char *const kv_operations[] = {
    "batch_get", "batch_put", "create_table", "delete_item", "delete_table", "get_item", "list_tables", "put_item", "query", "scan",
    "transact", "update_item", NULL,
};

/* The client's capabilities document, malloc'd; NULL when out of memory. */
static char *capabilities_json(const ck_client *client) {
    mem_buffer out;
    mem_buffer_init(&out);
    mem_buffer_format(&out, "{\"abi\":\"%d.%d\",\"provider\":\"%s\",\"services\":{", CK_ABI_VERSION_MAJOR, MEM_ABI_MINOR,
                      CK_MEMORY_PROVIDER_NAME);
    mem_buffer_format(&out, "\"kv\":{\"limits\":{\"max_item_size\":%d,\"max_page_size\":%d,\"max_transaction_operations\":%d},",
                      KV_MAX_ITEM_BYTES, KV_MAX_PAGE, KV_MAX_TRANSACTION);
    operations(&out, kv_operations, NULL);
    mem_buffer_text(&out, "},");
    mem_buffer_format(&out, "\"storage\":{\"limits\":{\"max_object_size\":%lld,\"max_tags\":10},", (long long)client->max_object_size);
    operations(&out, storage_operations, storage_options);
    mem_buffer_text(&out, "}}}");
    return mem_buffer_take(&out);
}

/**
 * ck_provider.capabilities (ABI 1.3): completes with the client's
 * capabilities document (borrowed for the call) — exactly once, on this
 * thread, before this returns.
 */
void mem_capabilities(ck_client *client, ck_string_fn done, void *user_data) {
    mem_call call;
    mem_error error;
    char *json = NULL;
    int ok;
    if (!done) return;
    ok = mem_call_begin(&call, client, user_data, &error);
    if (ok && !(json = capabilities_json(client))) ok = mem_out_of_memory(&error);
    mem_complete_string(done, user_data, ok, json, &error);
    free(json);
    mem_call_end(&call);
}
