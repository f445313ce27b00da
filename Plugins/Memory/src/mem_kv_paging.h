/* Pages of items for query and scan (see mem_kv_paging.c). */
#ifndef MEM_KV_PAGING_H
#define MEM_KV_PAGING_H

#include "mem_kv.h"

/** A page being collected: the items' texts (arena), and its token once finished. */
typedef struct kv_page {
    const char **items;
    size_t count;
    size_t limit;          /* (size_t)-1: no limit */
    const kv_item *last;   /* the last item added */
    const char *token;     /* NULL: the last page */
} kv_page;

/** A request's limit: 0 (every item) or 1..1000; `*out` is (size_t)-1 for 0. */
int kv_page_limit(int32_t limit, size_t *out, mem_error *error);
/** The key a page token names, keyed for `table` (malloc'd); NULL with CK_ERR_INVALID_ARGUMENT when it is no token of this table. */
kv_item *kv_page_resume(const char *token, const kv_table *table, mem_error *error);
/** Adds a copy of `item`'s text to the page (store locked); 0 when out of memory. */
int kv_page_add(kv_page *page, const kv_item *item, mem_arena *arena);
/** Gives a full page the token of its last item (more may follow), as DynamoDB does. */
int kv_page_finish(kv_page *page, const kv_table *table, mem_arena *arena, mem_error *error);

#endif /* MEM_KV_PAGING_H */
