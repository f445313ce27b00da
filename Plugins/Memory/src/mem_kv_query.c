/*
 * query and scan: a partition's items in sort-key order (either way), or
 * a table's items in key order, a page at a time (see mem_kv.h).
 */
#include "mem_abi.h"
#include "mem_kv.h"
#include "mem_kv_paging.h"
#include "mem_kv_value.h"

#include <stdlib.h>
#include <string.h>

/* A query's sort condition as bytes of the encoded sort key. */
typedef struct sort_range {
    int32_t op;
    mem_buffer first;
    mem_buffer second; /* BETWEEN's upper bound */
} sort_range;

/* The key bytes of checked JSON value `json` for attribute `name` of type `type`. */
static int operand(const json_value *json, const char *name, char type, mem_buffer *out, mem_error *error) {
    mem_buffer canonical;
    int ok;
    mem_buffer_init(&canonical);
    ok = kv_value_write(json, name, &canonical, error) && kv_key_bytes(json, type, name, out, error);
    mem_buffer_free(&canonical);
    return ok;
}

/* Reads the sort condition of `request` against `table` (store locked; the JSON was parsed before). */
static int sort_range_of(const ck_kv_query_request *request, const json_value *first, const json_value *second, const kv_table *table,
                         sort_range *range, mem_error *error) {
    range->op = request->sort_op;
    if (range->op == CK_KV_SORT_ANY) return 1;
    if (!table->sort_key) {
        return mem_invalid(error, "table '%.100s' has no sort key, so a query cannot have a sort key condition", table->head.name);
    }
    if (range->op == CK_KV_SORT_BEGINS_WITH && table->sort_type == 'N') {
        return mem_invalid(error, "Invalid KeyConditionExpression: begins_with needs a string or binary sort key; '%.100s' is a number", table->sort_key);
    }
    if (!operand(first, table->sort_key, table->sort_type, &range->first, error)) return 0;
    if (range->op != CK_KV_SORT_BETWEEN) return 1;
    if (!operand(second, table->sort_key, table->sort_type, &range->second, error)) return 0;
    if (mem_bytes_compare(range->second.bytes, range->second.length, range->first.bytes, range->first.length) < 0) {
        return mem_invalid(error, "Invalid KeyConditionExpression: the BETWEEN operator requires the upper bound to be greater than or equal to the lower bound");
    }
    return 1;
}

static int in_range(const sort_range *range, const kv_item *item) {
    int order = mem_bytes_compare(item->sk, item->sk_length, range->first.bytes, range->first.length);
    switch (range->op) {
    case CK_KV_SORT_EQ: return order == 0;
    case CK_KV_SORT_LT: return order < 0;
    case CK_KV_SORT_LE: return order <= 0;
    case CK_KV_SORT_GT: return order > 0;
    case CK_KV_SORT_GE: return order >= 0;
    case CK_KV_SORT_BETWEEN: return order >= 0 && mem_bytes_compare(item->sk, item->sk_length, range->second.bytes, range->second.length) <= 0;
    case CK_KV_SORT_BEGINS_WITH: return mem_has_prefix(item->sk, item->sk_length, range->first.bytes, range->first.length);
    default: return 1;
    }
}

/* What a query asks, its JSON parsed. */
typedef struct query_request {
    ck_kv_query_request copy;
    json_value *partition;
    json_value *first;
    json_value *second;
    size_t limit;
} query_request;

static int read_query(const ck_kv_query_request *given, query_request *out, mem_arena *arena, mem_error *error) {
    ck_kv_query_request *copy = &out->copy;
    if (!mem_read_struct(given, copy, sizeof *copy, MEM_END(ck_kv_query_request, page_token), "ck_kv_query_request", "query request", error)
        || !mem_check_options(copy->options, copy->option_count, NULL, NULL, "query", error) || !mem_string(copy->table, "table", error)
        || !(out->partition = kv_read_json(copy->partition_json, "partition_json", arena, error))) {
        return 0;
    }
    if (copy->sort_op < CK_KV_SORT_ANY || copy->sort_op > CK_KV_SORT_BEGINS_WITH) {
        return mem_invalid(error, "sort_op %d is not a ck_kv_sort_op", (int)copy->sort_op);
    }
    if (copy->sort_op != CK_KV_SORT_ANY && !(out->first = kv_read_json(copy->sort_json, "sort_json", arena, error))) return 0;
    if (copy->sort_op == CK_KV_SORT_BETWEEN && !(out->second = kv_read_json(copy->sort_json2, "sort_json2", arena, error))) return 0;
    return kv_page_limit(copy->limit, &out->limit, error) && mem_optional_string(copy->page_token, "page_token", error)
           && kv_check_table_name(copy->table, error);
}

/* The partition key bytes of the query, and the key its token resumes after (or NULL). */
static int query_keys(const query_request *request, const kv_table *table, mem_buffer *partition, kv_item **resume, mem_error *error) {
    if (!operand(request->partition, table->partition_key, table->partition_type, partition, error)) return 0;
    if (!request->copy.page_token) return 1;
    if (!(*resume = kv_page_resume(request->copy.page_token, table, error))) return 0;
    if (mem_bytes_compare((*resume)->pk, (*resume)->pk_length, partition->bytes, partition->length) != 0) {
        return mem_invalid(error, "the page token belongs to another partition than this query's");
    }
    return 1;
}

/* Collects the query's page (store locked). */
static int query_locked(mem_store *store, const query_request *request, kv_page *page, mem_arena *arena, mem_error *error) {
    kv_table *table = kv_table_require(store, request->copy.table, error);
    mem_buffer partition;
    sort_range range;
    kv_item *resume = NULL, bound;
    size_t start, end, step;
    int found, ok, descending = request->copy.descending != 0;
    mem_buffer_init(&partition);
    memset(&range, 0, sizeof range);
    ok = table && query_keys(request, table, &partition, &resume, error)
         && sort_range_of(&request->copy, request->first, request->second, table, &range, error);
    if (ok) {
        memset(&bound, 0, sizeof bound);
        bound.pk = (uint8_t *)partition.bytes;
        bound.pk_length = partition.length;
        start = mem_list_search(&table->items, &bound, kv_compare_keys, &found);
        for (end = start; end < table->items.count; end++) {
            const kv_item *item = table->items.items[end];
            if (mem_bytes_compare(item->pk, item->pk_length, partition.bytes, partition.length) != 0) break;
        }
        page->items = mem_arena_alloc(arena, (end - start + 1) * sizeof *page->items);
        for (step = 0; page->items && step < end - start && page->count < page->limit; step++) {
            const kv_item *item = table->items.items[descending ? end - 1 - step : start + step];
            if (!in_range(&range, item)) continue;
            if (resume && (descending ? kv_compare_keys(item, resume) >= 0 : kv_compare_keys(item, resume) <= 0)) continue;
            if (!kv_page_add(page, item, arena)) break;
        }
        ok = kv_page_finish(page, table, arena, error);
    }
    mem_buffer_free(&partition);
    mem_buffer_free(&range.first);
    mem_buffer_free(&range.second);
    kv_item_free(resume);
    return ok;
}

/**
 * ck_kv_v1.query: one page of the items of the partition `request` names
 * (borrowed), in sort-key order (descending when asked), those the sort
 * condition lets through, after the page token's key; a full page carries
 * the token of its last item. `done` is called exactly once, on this
 * thread, before this returns, with the page borrowed for the call.
 */
void mem_query(ck_client *client, const ck_kv_query_request *request, ck_kv_items_fn done, void *user_data) {
    mem_call call;
    mem_error error;
    mem_arena arena;
    query_request query;
    kv_page page;
    int ok;
    if (!done) return;
    memset(&query, 0, sizeof query);
    memset(&page, 0, sizeof page);
    mem_arena_init(&arena);
    ok = mem_call_begin(&call, client, user_data, &error) && read_query(request, &query, &arena, &error);
    if (ok) {
        page.limit = query.limit;
        pthread_mutex_lock(&client->store.lock);
        ok = query_locked(&client->store, &query, &page, &arena, &error);
        pthread_mutex_unlock(&client->store.lock);
    }
    kv_complete_items(done, user_data, ok, page.items, page.count, page.token, &error);
    mem_arena_free(&arena);
    mem_call_end(&call);
}

/* Collects the scan's page (store locked). */
static int scan_locked(mem_store *store, const ck_kv_scan_request *request, kv_page *page, mem_arena *arena, mem_error *error) {
    kv_table *table = kv_table_require(store, request->table, error);
    kv_item *resume = NULL;
    size_t index = 0;
    int found, ok;
    if (!table || (request->page_token && !(resume = kv_page_resume(request->page_token, table, error)))) return 0;
    if (resume) {
        index = mem_list_search(&table->items, resume, kv_compare_keys, &found);
        if (found) index++;
    }
    page->items = mem_arena_alloc(arena, (table->items.count - index + 1) * sizeof *page->items);
    for (; page->items && index < table->items.count && page->count < page->limit; index++) {
        if (!kv_page_add(page, table->items.items[index], arena)) break;
    }
    ok = kv_page_finish(page, table, arena, error);
    kv_item_free(resume);
    return ok;
}

/**
 * ck_kv_v1.scan: one page of the items of the table `request` names
 * (borrowed), in key order, after the page token's key; a full page
 * carries the token of its last item. `done` is called exactly once, on
 * this thread, before this returns, with the page borrowed for the call.
 */
void mem_scan(ck_client *client, const ck_kv_scan_request *request, ck_kv_items_fn done, void *user_data) {
    mem_call call;
    mem_error error;
    mem_arena arena;
    ck_kv_scan_request copy;
    kv_page page;
    int ok;
    if (!done) return;
    memset(&page, 0, sizeof page);
    mem_arena_init(&arena);
    ok = mem_call_begin(&call, client, user_data, &error)
         && mem_read_struct(request, &copy, sizeof copy, MEM_END(ck_kv_scan_request, page_token), "ck_kv_scan_request", "scan request", &error)
         && mem_check_options(copy.options, copy.option_count, NULL, NULL, "scan", &error) && mem_string(copy.table, "table", &error)
         && kv_page_limit(copy.limit, &page.limit, &error) && mem_optional_string(copy.page_token, "page_token", &error)
         && kv_check_table_name(copy.table, &error);
    if (ok) {
        pthread_mutex_lock(&client->store.lock);
        ok = scan_locked(&client->store, &copy, &page, &arena, &error);
        pthread_mutex_unlock(&client->store.lock);
    }
    kv_complete_items(done, user_data, ok, page.items, page.count, page.token, &error);
    mem_arena_free(&arena);
    mem_call_end(&call);
}
