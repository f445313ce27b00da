/* Tables: create_table, delete_table, list_tables, and a table's items (see mem_kv.h). */
#include "mem_abi.h"
#include "mem_kv.h"
#include "mem_listing.h"

#include <stdlib.h>
#include <string.h>

int kv_check_table_name(const char *name, mem_error *error) {
    size_t length = strlen(name);
    static const char allowed[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.";
    if (length < 3 || length > 255 || strspn(name, allowed) != length) {
        return mem_invalid(error, "table name '%.100s' must be 3-255 characters of letters, digits, '_', '-' and '.'", name);
    }
    return 1;
}

kv_table *kv_table_require(mem_store *store, const char *name, mem_error *error) {
    kv_table *table = mem_list_find(&store->tables, name, mem_compare_name);
    if (!table) mem_fail(error, CK_ERR_NOT_FOUND, "ResourceNotFoundException", "table '%.100s' does not exist", name);
    return table;
}

int kv_compare_keys(const void *item, const void *key) {
    const kv_item *a = item, *b = key;
    int order = mem_bytes_compare(a->pk, a->pk_length, b->pk, b->pk_length);
    return order ? order : mem_bytes_compare(a->sk, a->sk_length, b->sk, b->sk_length);
}

kv_item *kv_table_get(const kv_table *table, const kv_item *key) {
    return mem_list_find(&table->items, key, kv_compare_keys);
}

int kv_table_put(kv_table *table, kv_item *item, mem_error *error) {
    int found;
    size_t index = mem_list_search(&table->items, item, kv_compare_keys, &found);
    if (found) {
        kv_item_free(table->items.items[index]);
        table->items.items[index] = item;
        return 1;
    }
    if (mem_list_insert(&table->items, index, item)) return 1;
    kv_item_free(item);
    return mem_out_of_memory(error);
}

void kv_table_delete(kv_table *table, const kv_item *key) {
    int found;
    size_t index = mem_list_search(&table->items, key, kv_compare_keys, &found);
    if (found) kv_item_free(mem_list_remove(&table->items, index));
}

static void table_free(kv_table *table) {
    size_t index;
    for (index = 0; index < table->items.count; index++) kv_item_free(table->items.items[index]);
    mem_list_free(&table->items);
    free(table->head.name);
    free(table->partition_key);
    free(table->sort_key);
    free(table);
}

void mem_kv_destroy(mem_store *store) {
    size_t index;
    for (index = 0; index < store->tables.count; index++) table_free(store->tables.items[index]);
    mem_list_free(&store->tables);
}

/* A key type: "S", "N" or "B" (or "string", "number", "binary", any case); NULL is "S". */
static int key_type(const char *text, const char *field, char *type, mem_error *error) {
    static const char *const names[] = {"s", "string", "n", "number", "b", "binary"};
    size_t index, position;
    char lowered[8];
    *type = 'S';
    if (!text) return 1;
    for (position = 0; text[position] && position + 1 < sizeof lowered; position++) {
        lowered[position] = (char)(text[position] >= 'A' && text[position] <= 'Z' ? text[position] - 'A' + 'a' : text[position]);
    }
    lowered[position] = '\0';
    for (index = 0; !text[position] && index < 6; index++) {
        if (strcmp(lowered, names[index]) == 0) {
            *type = "SSNNBB"[index];
            return 1;
        }
    }
    return mem_invalid(error, "%s '%.20s' must be S, N or B", field, text);
}

/* A table from a checked spec; NULL when out of memory. */
static kv_table *table_new(const ck_kv_table_spec *spec, char partition_type, char sort_type) {
    kv_table *table = calloc(1, sizeof *table);
    if (!table) return NULL;
    table->head.name = mem_strdup(spec->table);
    table->head.created_ms = mem_now_ms();
    table->partition_key = mem_strdup(spec->partition_key);
    table->partition_type = partition_type;
    table->sort_key = mem_strdup(spec->sort_key);
    table->sort_type = sort_type;
    if (!table->head.name || !table->partition_key || (spec->sort_key && !table->sort_key)) {
        table_free(table);
        return NULL;
    }
    return table;
}

static int read_spec(const ck_kv_table_spec *given, ck_kv_table_spec *spec, char *partition_type, char *sort_type, mem_error *error) {
    size_t partition_length, sort_length;
    if (!mem_read_struct(given, spec, sizeof *spec, MEM_END(ck_kv_table_spec, sort_key_type), "ck_kv_table_spec", "create_table spec", error)
        || !mem_check_options(spec->options, spec->option_count, NULL, NULL, "create_table", error)
        || !mem_optional_string(spec->partition_key_type, "spec.partition_key_type", error)
        || !mem_optional_string(spec->sort_key_type, "spec.sort_key_type", error)
        || !key_type(spec->partition_key_type, "spec.partition_key_type", partition_type, error)
        || !key_type(spec->sort_key_type, "spec.sort_key_type", sort_type, error) || !mem_optional_string(spec->sort_key, "spec.sort_key", error)
        || !mem_string(spec->table, "spec.table", error) || !mem_string(spec->partition_key, "spec.partition_key", error)
        || !kv_check_table_name(spec->table, error)) {
        return 0;
    }
    partition_length = strlen(spec->partition_key);
    if (partition_length < 1 || partition_length > 255) return mem_invalid(error, "partition key name must be 1-255 bytes");
    if (!spec->sort_key) return 1;
    sort_length = strlen(spec->sort_key);
    if (sort_length < 1 || sort_length > 255) return mem_invalid(error, "sort key name must be 1-255 bytes");
    if (strcmp(spec->sort_key, spec->partition_key) == 0) {
        return mem_invalid(error, "the partition key and the sort key cannot both be named '%.100s'", spec->sort_key);
    }
    return 1;
}

/**
 * ck_kv_v1.create_table: creates the empty table `spec` describes
 * (borrowed): its partition key and optional sort key, each S, N or B.
 * CK_ERR_ALREADY_EXISTS (ResourceInUseException) when one has the name.
 * `done` is called exactly once, on this thread, before this returns.
 */
void mem_create_table(ck_client *client, const ck_kv_table_spec *spec, ck_done_fn done, void *user_data) {
    mem_call call;
    mem_error error;
    ck_kv_table_spec copy;
    char partition_type = 'S', sort_type = 'S';
    int ok;
    if (!done) return;
    ok = mem_call_begin(&call, client, user_data, &error) && read_spec(spec, &copy, &partition_type, &sort_type, &error);
    if (ok) {
        int found;
        size_t index;
        kv_table *table;
        pthread_mutex_lock(&client->store.lock);
        index = mem_list_search(&client->store.tables, copy.table, mem_compare_name, &found);
        if (found) ok = mem_fail(&error, CK_ERR_ALREADY_EXISTS, "ResourceInUseException", "table '%s' already exists", copy.table);
        else if (!(table = table_new(&copy, partition_type, sort_type))) ok = mem_out_of_memory(&error);
        else if (!mem_list_insert(&client->store.tables, index, table)) {
            table_free(table);
            ok = mem_out_of_memory(&error);
        }
        pthread_mutex_unlock(&client->store.lock);
    }
    kv_complete_done(done, user_data, ok, &error);
    mem_call_end(&call);
}

/**
 * ck_kv_v1.delete_table: deletes the table `table` (borrowed) and its
 * items; CK_ERR_NOT_FOUND (ResourceNotFoundException) when there is none.
 * `done` is called exactly once, on this thread, before this returns.
 */
void mem_delete_table(ck_client *client, const char *table, ck_done_fn done, void *user_data) {
    mem_call call;
    mem_error error;
    int ok;
    if (!done) return;
    ok = mem_call_begin(&call, client, user_data, &error) && mem_string(table, "table", &error) && kv_check_table_name(table, &error);
    if (ok) {
        int found;
        size_t index;
        pthread_mutex_lock(&client->store.lock);
        index = mem_list_search(&client->store.tables, table, mem_compare_name, &found);
        if (!found) ok = kv_table_require(&client->store, table, &error) != NULL;
        else table_free(mem_list_remove(&client->store.tables, index));
        pthread_mutex_unlock(&client->store.lock);
    }
    kv_complete_done(done, user_data, ok, &error);
    mem_call_end(&call);
}

static mem_list *tables_of(mem_store *store) {
    return &store->tables;
}

/**
 * ck_kv_v1.list_tables (ABI 1.3): one page of the client's table names,
 * each with its creation time and no id. The page and token handed to
 * `done` are borrowed for the call, which happens exactly once, on this
 * thread, before this returns.
 */
void mem_list_tables(ck_client *client, const ck_list_request *request, ck_resources_fn done, void *user_data) {
    mem_list_resources(client, request, "t", "list_tables", tables_of, done, user_data);
}
