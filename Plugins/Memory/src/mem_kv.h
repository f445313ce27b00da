/*
 * Key-value tables in memory, with DynamoDB's semantics as the local
 * provider has them: key schemas and types, the order of queries and scans
 * (strings by UTF-8 bytes, numbers by value, binary by unsigned bytes),
 * conditional writes, upserting updates, batches and all-or-nothing
 * transactions, and the same error kinds and codes
 * (ResourceNotFoundException, ResourceInUseException,
 * ConditionalCheckFailedException, TransactionCanceledException,
 * ValidationException).
 *
 * A table keeps its items sorted by their encoded key (partition, then
 * sort), which is the order of scans and, within a partition, of queries.
 * Every read and write runs under the store's lock, so a condition holds
 * against every other writer; reads are always strongly consistent.
 */
#ifndef MEM_KV_H
#define MEM_KV_H

#include "mem_client.h"
#include "mem_json.h"

/* DynamoDB's limits. */
#define KV_MAX_ITEM_BYTES (400 * 1024)
#define KV_MAX_PAGE 1000
#define KV_MAX_TRANSACTION 100

/** One attribute of an item: its name and its value's canonical JSON. */
typedef struct kv_attr {
    char *name;
    size_t name_length;
    char *json;
    size_t json_length;
} kv_attr;

/** An item: attributes by name, its canonical JSON, and (once keyed for a table) its encoded key. */
typedef struct kv_item {
    kv_attr *attrs;
    size_t count;
    char *text;
    size_t text_length;
    uint8_t *pk;
    size_t pk_length;
    uint8_t *sk; /* empty when the table has no sort key */
    size_t sk_length;
} kv_item;

typedef struct kv_table {
    mem_resource_head head;
    char *partition_key;
    char partition_type; /* 'S', 'N' or 'B' */
    char *sort_key;      /* or NULL: no sort key */
    char sort_type;
    mem_list items;      /* kv_item *, by (pk, sk) */
} kv_table;

/* Items (mem_kv_item.c). */

/** An item from JSON text (an object); `what` names it in errors. */
kv_item *kv_item_parse(const char *json, const char *what, mem_error *error);
/** An item from attributes (taken over, sorted here); NULL (freeing them) when out of memory. */
kv_item *kv_item_assemble(kv_attr *attrs, size_t count, mem_error *error);
void kv_item_free(kv_item *item);
void kv_attrs_free(kv_attr *attrs, size_t count);
/** The attribute `name` (NUL-terminated), or NULL. */
const kv_attr *kv_item_attr(const kv_item *item, const char *name);
/**
 * Encodes the item's key for `table`: with `exact` the item must be a key
 * (the key attributes and nothing else), else it must hold them; each of
 * the declared type and not empty.
 */
int kv_item_key(kv_item *item, const kv_table *table, int exact, mem_error *error);
/** A whole item to store: keyed for `table`, attribute names not empty, at most 400 KiB. */
int kv_item_prepare(kv_item *item, const kv_table *table, mem_error *error);
/** The key of a keyed item as JSON text (malloc'd), for page tokens; NULL when out of memory. */
char *kv_item_key_json(const kv_item *item, const kv_table *table);

/* Tables (mem_kv_tables.c). */

/** DynamoDB's table name rule: 3-255 characters of letters, digits, '_', '-' and '.'. */
int kv_check_table_name(const char *name, mem_error *error);
/** The table (store locked), or NULL with ResourceNotFoundException. */
kv_table *kv_table_require(mem_store *store, const char *name, mem_error *error);
/** The stored item with the key of keyed `key`, or NULL (store locked). */
kv_item *kv_table_get(const kv_table *table, const kv_item *key);
/** Stores keyed `item` (taken over), replacing and freeing any item with its key (store locked). */
int kv_table_put(kv_table *table, kv_item *item, mem_error *error);
/** Removes and frees the item with the key of keyed `key`, if any (store locked). */
void kv_table_delete(kv_table *table, const kv_item *key);
/** Orders stored items against a keyed item by (pk, sk): a mem_list_compare. */
int kv_compare_keys(const void *item, const void *key);

/* Conditions (mem_kv_condition.c). */

/** A write's condition: a ck_kv_condition_kind, with the attribute and value's canonical JSON for IF_EQUALS. */
typedef struct kv_condition {
    int32_t kind;
    const char *attribute;
    char *value;
    size_t value_length;
} kv_condition;

/** Reads a condition (NULL is none: CK_KV_ALWAYS) into `out`, its value's JSON in `arena`; `what` names it. */
int kv_condition_read(const ck_kv_condition *given, const char *what, kv_condition *out, mem_arena *arena, mem_error *error);
/** True when the condition holds for `current` (NULL: no item). */
int kv_condition_holds(const kv_condition *condition, const kv_item *current);
/** Fails with ConditionalCheckFailedException unless the condition holds. */
int kv_condition_require(const kv_condition *condition, const kv_item *current, mem_error *error);

/* Completions (mem_kv_complete.c): invalid arguments get DynamoDB's code, ValidationException. */

void kv_complete_done(ck_done_fn done, void *user_data, int ok, mem_error *error);
void kv_complete_item(ck_kv_item_fn done, void *user_data, int ok, const char *item_json, mem_error *error);
void kv_complete_items(ck_kv_items_fn done, void *user_data, int ok, const char *const *items, size_t count, const char *token,
                       mem_error *error);

/** Reads a request's JSON argument `field` (a required string) into a tree in `arena`. */
json_value *kv_read_json(const char *text, const char *field, mem_arena *arena, mem_error *error);

/* The entries of ck_kv_v1. */
void mem_create_table(ck_client *client, const ck_kv_table_spec *spec, ck_done_fn done, void *user_data);
void mem_delete_table(ck_client *client, const char *table, ck_done_fn done, void *user_data);
void mem_list_tables(ck_client *client, const ck_list_request *request, ck_resources_fn done, void *user_data);
void mem_put_item(ck_client *client, const ck_kv_write_request *request, ck_done_fn done, void *user_data);
void mem_get_item(ck_client *client, const ck_kv_get_request *request, ck_kv_item_fn done, void *user_data);
void mem_delete_item(ck_client *client, const ck_kv_write_request *request, ck_done_fn done, void *user_data);
void mem_update_item(ck_client *client, const ck_kv_update_request *request, ck_kv_item_fn done, void *user_data);
void mem_query(ck_client *client, const ck_kv_query_request *request, ck_kv_items_fn done, void *user_data);
void mem_scan(ck_client *client, const ck_kv_scan_request *request, ck_kv_items_fn done, void *user_data);
void mem_batch_get(ck_client *client, const ck_kv_batch_request *request, ck_kv_items_fn done, void *user_data);
void mem_batch_put(ck_client *client, const ck_kv_batch_request *request, ck_done_fn done, void *user_data);
void mem_transact(ck_client *client, const ck_kv_transact_op *const *ops, size_t count, ck_done_fn done, void *user_data);

#endif /* MEM_KV_H */
