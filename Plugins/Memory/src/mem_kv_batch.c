/* batch_get and batch_put: any number of keys or items, no key twice (see mem_kv.h). */
#include "mem_abi.h"
#include "mem_kv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A batch: its table and its parsed items (or keys). */
typedef struct batch_request {
    ck_kv_batch_request copy;
    kv_item **items;
    size_t count;
} batch_request;

static void batch_free(batch_request *batch) {
    size_t index;
    for (index = 0; batch->items && index < batch->count; index++) kv_item_free(batch->items[index]);
    free(batch->items);
}

static int read_batch(const ck_kv_batch_request *given, const char *operation, batch_request *out, mem_error *error) {
    char what[32], field[48];
    size_t index;
    snprintf(what, sizeof what, "%s request", operation);
    if (!mem_read_struct(given, &out->copy, sizeof out->copy, MEM_END(ck_kv_batch_request, count), "ck_kv_batch_request", what, error)
        || !mem_check_options(out->copy.options, out->copy.option_count, NULL, NULL, operation, error)
        || !mem_strings(out->copy.items_json, out->copy.count, "items_json", error)) {
        return 0;
    }
    out->items = calloc(out->copy.count ? out->copy.count : 1, sizeof *out->items);
    if (!out->items) return mem_out_of_memory(error);
    for (index = 0; index < out->copy.count; index++) {
        snprintf(field, sizeof field, "items_json[%zu]", index);
        if (!(out->items[index] = kv_item_parse(out->copy.items_json[index], field, error))) return 0;
        out->count = index + 1;
    }
    return mem_string(out->copy.table, "table", error) && kv_check_table_name(out->copy.table, error);
}

static int compare_item_pointers(const void *left, const void *right) {
    return kv_compare_keys(*(const kv_item *const *)left, *(const kv_item *const *)right);
}

/* Keys every item for `table` (`whole`: as items to store, else as keys) and refuses the same key twice. */
static int key_all(batch_request *batch, const kv_table *table, int whole, mem_error *error) {
    kv_item **sorted;
    size_t index;
    int ok = 1;
    for (index = 0; ok && index < batch->count; index++) {
        ok = whole ? kv_item_prepare(batch->items[index], table, error) : kv_item_key(batch->items[index], table, 1, error);
    }
    if (!ok || batch->count < 2) return ok;
    sorted = malloc(batch->count * sizeof *sorted);
    if (!sorted) return mem_out_of_memory(error);
    memcpy(sorted, batch->items, batch->count * sizeof *sorted);
    qsort(sorted, batch->count, sizeof *sorted, compare_item_pointers);
    for (index = 1; ok && index < batch->count; index++) {
        if (kv_compare_keys(sorted[index - 1], sorted[index]) == 0) {
            ok = mem_invalid(error, "duplicate key in batch: Provided list of item keys contains duplicates");
        }
    }
    free(sorted);
    return ok;
}

/* The texts of the items that exist for the keys, in the keys' order (store locked). */
static int get_locked(mem_store *store, batch_request *batch, const char ***texts, size_t *count, mem_arena *arena, mem_error *error) {
    kv_table *table = kv_table_require(store, batch->copy.table, error);
    size_t index;
    if (!table || !key_all(batch, table, 0, error)) return 0;
    *texts = mem_arena_alloc(arena, (batch->count + 1) * sizeof **texts);
    for (index = 0; *texts && index < batch->count; index++) {
        const kv_item *item = kv_table_get(table, batch->items[index]);
        if (item) (*texts)[(*count)++] = mem_arena_copy(arena, item->text, item->text_length);
    }
    return !arena->failed || mem_out_of_memory(error);
}

/**
 * ck_kv_v1.batch_get: the items that exist for the keys of `request`
 * (borrowed JSON; any number, none twice), in the keys' order, read at one
 * moment. `done` is called exactly once, on this thread, before this
 * returns, with the items borrowed for the call and no page token.
 */
void mem_batch_get(ck_client *client, const ck_kv_batch_request *request, ck_kv_items_fn done, void *user_data) {
    mem_call call;
    mem_error error;
    mem_arena arena;
    batch_request batch;
    const char **texts = NULL;
    size_t count = 0;
    int ok;
    if (!done) return;
    memset(&batch, 0, sizeof batch);
    mem_arena_init(&arena);
    ok = mem_call_begin(&call, client, user_data, &error) && read_batch(request, "batch_get", &batch, &error);
    if (ok) {
        pthread_mutex_lock(&client->store.lock);
        ok = get_locked(&client->store, &batch, &texts, &count, &arena, &error);
        pthread_mutex_unlock(&client->store.lock);
    }
    kv_complete_items(done, user_data, ok, texts, count, NULL, &error);
    batch_free(&batch);
    mem_arena_free(&arena);
    mem_call_end(&call);
}

/* Stores every item once all are checked (store locked); the table takes them over. */
static int put_locked(mem_store *store, batch_request *batch, mem_error *error) {
    kv_table *table = kv_table_require(store, batch->copy.table, error);
    size_t index;
    int ok;
    if (!table || !key_all(batch, table, 1, error)) return 0;
    for (ok = 1, index = 0; index < batch->count; index++) {
        kv_item *item = batch->items[index];
        batch->items[index] = NULL;
        if (ok) ok = kv_table_put(table, item, error);
        else kv_item_free(item);
    }
    return ok;
}

/**
 * ck_kv_v1.batch_put: stores every item of `request` (borrowed JSON; any
 * number, no key twice), each replacing any item with its key; every item
 * is checked before any is written. `done` is called exactly once, on
 * this thread, before this returns.
 */
void mem_batch_put(ck_client *client, const ck_kv_batch_request *request, ck_done_fn done, void *user_data) {
    mem_call call;
    mem_error error;
    batch_request batch;
    int ok;
    if (!done) return;
    memset(&batch, 0, sizeof batch);
    ok = mem_call_begin(&call, client, user_data, &error) && read_batch(request, "batch_put", &batch, &error);
    if (ok) {
        pthread_mutex_lock(&client->store.lock);
        ok = mem_call_live(&call, &error) && put_locked(&client->store, &batch, &error);
        pthread_mutex_unlock(&client->store.lock);
    }
    kv_complete_done(done, user_data, ok, &error);
    batch_free(&batch);
    mem_call_end(&call);
}
