/* put_item, get_item and delete_item (see mem_kv.h). */
#include "mem_abi.h"
#include "mem_kv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A put's or delete's request: its table, its item (or key) and its condition. */
typedef struct write_request {
    ck_kv_write_request copy;
    kv_item *item;
    kv_condition condition;
} write_request;

static int read_write(const ck_kv_write_request *given, const char *operation, write_request *out, mem_arena *arena, mem_error *error) {
    char what[32];
    snprintf(what, sizeof what, "%s request", operation);
    if (!mem_read_struct(given, &out->copy, sizeof out->copy, MEM_END(ck_kv_write_request, condition), "ck_kv_write_request", what, error)
        || !mem_check_options(out->copy.options, out->copy.option_count, NULL, NULL, operation, error)
        || !mem_string(out->copy.table, "table", error) || !mem_string(out->copy.item_json, "item_json", error)
        || !(out->item = kv_item_parse(out->copy.item_json, "item_json", error))
        || !kv_condition_read(out->copy.condition, "condition", &out->condition, arena, error)) {
        return 0;
    }
    return kv_check_table_name(out->copy.table, error);
}

/* Stores the item when the condition holds (store locked); the table takes the item over. */
static int put_locked(mem_store *store, write_request *request, mem_error *error) {
    kv_table *table = kv_table_require(store, request->copy.table, error);
    kv_item *item = request->item;
    if (!table || !kv_item_prepare(item, table, error) || !kv_condition_require(&request->condition, kv_table_get(table, item), error)) {
        return 0;
    }
    request->item = NULL;
    return kv_table_put(table, item, error);
}

/* Deletes the item when the condition holds (store locked). */
static int delete_locked(mem_store *store, write_request *request, mem_error *error) {
    kv_table *table = kv_table_require(store, request->copy.table, error);
    if (!table || !kv_item_key(request->item, table, 1, error)
        || !kv_condition_require(&request->condition, kv_table_get(table, request->item), error)) {
        return 0;
    }
    kv_table_delete(table, request->item);
    return 1;
}

/* Reads a put or delete, runs `locked` under the store's lock, and completes `done`. */
static void write_entry(ck_client *client, const ck_kv_write_request *request, const char *operation,
                        int (*locked)(mem_store *store, write_request *request, mem_error *error), ck_done_fn done, void *user_data) {
    mem_call call;
    mem_error error;
    mem_arena arena;
    write_request write;
    int ok;
    if (!done) return;
    memset(&write, 0, sizeof write);
    mem_arena_init(&arena);
    ok = mem_call_begin(&call, client, user_data, &error) && read_write(request, operation, &write, &arena, &error);
    if (ok) {
        pthread_mutex_lock(&client->store.lock);
        ok = mem_call_live(&call, &error) && locked(&client->store, &write, &error);
        pthread_mutex_unlock(&client->store.lock);
    }
    kv_item_free(write.item);
    mem_arena_free(&arena);
    kv_complete_done(done, user_data, ok, &error);
    mem_call_end(&call);
}

/**
 * ck_kv_v1.put_item: stores the item of `request` (borrowed JSON),
 * replacing any item with its key, if the condition holds
 * (CK_ERR_PRECONDITION_FAILED otherwise, nothing changed). `done` is
 * called exactly once, on this thread, before this returns.
 */
void mem_put_item(ck_client *client, const ck_kv_write_request *request, ck_done_fn done, void *user_data) {
    write_entry(client, request, "put_item", put_locked, done, user_data);
}

/**
 * ck_kv_v1.delete_item: deletes the item with the key of `request`
 * (borrowed JSON) if the condition holds; deleting an absent item
 * succeeds. `done` is called exactly once, on this thread, before this
 * returns.
 */
void mem_delete_item(ck_client *client, const ck_kv_write_request *request, ck_done_fn done, void *user_data) {
    write_entry(client, request, "delete_item", delete_locked, done, user_data);
}

/* A copy of the item with the key, or NULL (store locked); `*found` says whether one exists. */
static char *get_locked(mem_store *store, const char *table_name, kv_item *key, int *ok, mem_error *error) {
    kv_table *table = kv_table_require(store, table_name, error);
    kv_item *item;
    char *text;
    if (!table || !kv_item_key(key, table, 1, error)) {
        *ok = 0;
        return NULL;
    }
    item = kv_table_get(table, key);
    if (!item) return NULL;
    text = mem_copy(item->text, item->text_length);
    if (!text) *ok = mem_out_of_memory(error);
    return text;
}

/**
 * ck_kv_v1.get_item: completes with the item with the key of `request`
 * (borrowed JSON), or a NULL item with CK_OK when there is none; reads are
 * always strongly consistent. `done` is called exactly once, on this
 * thread, before this returns, with the item borrowed for the call.
 */
void mem_get_item(ck_client *client, const ck_kv_get_request *request, ck_kv_item_fn done, void *user_data) {
    mem_call call;
    mem_error error;
    ck_kv_get_request copy;
    kv_item *key = NULL;
    char *text = NULL;
    int ok;
    if (!done) return;
    ok = mem_call_begin(&call, client, user_data, &error)
         && mem_read_struct(request, &copy, sizeof copy, MEM_END(ck_kv_get_request, consistent), "ck_kv_get_request", "get_item request", &error)
         && mem_check_options(copy.options, copy.option_count, NULL, NULL, "get_item", &error) && mem_string(copy.table, "table", &error)
         && mem_string(copy.key_json, "key_json", &error) && (key = kv_item_parse(copy.key_json, "key_json", &error)) != NULL
         && kv_check_table_name(copy.table, &error);
    if (ok) {
        pthread_mutex_lock(&client->store.lock);
        text = get_locked(&client->store, copy.table, key, &ok, &error);
        pthread_mutex_unlock(&client->store.lock);
    }
    kv_complete_item(done, user_data, ok, text, &error);
    free(text);
    kv_item_free(key);
    mem_call_end(&call);
}
