/*
 * Pages of items (query and scan): the limit, and page tokens — the key of
 * a page's last item as unpadded base64url of its JSON, as DynamoDB's
 * LastEvaluatedKey and the local provider's tokens (see mem_kv.h).
 */
#include "mem_abi.h"
#include "mem_base64.h"
#include "mem_kv.h"
#include "mem_kv_paging.h"

#include <stdlib.h>
#include <string.h>

int kv_page_limit(int32_t limit, size_t *out, mem_error *error) {
    if (limit < 0) return mem_invalid(error, "limit must not be negative");
    if (limit > KV_MAX_PAGE) return mem_invalid(error, "limit must be between 1 and %d, not %d", KV_MAX_PAGE, (int)limit);
    *out = limit == 0 ? (size_t)-1 : (size_t)limit;
    return 1;
}

kv_item *kv_page_resume(const char *token, const kv_table *table, mem_error *error) {
    mem_buffer text;
    kv_item *key = NULL;
    mem_error why;
    mem_buffer_init(&text);
    if (!mem_base64url_decode(&text, token, strlen(token)) || !mem_utf8_valid((const uint8_t *)text.bytes, text.length)
        || memchr(text.bytes ? text.bytes : "", 0, text.length)) {
        mem_buffer_free(&text);
        mem_invalid(error, "the page token is not one this table issued");
        return NULL;
    }
    key = text.bytes ? kv_item_parse(text.bytes, "page token", &why) : NULL;
    mem_buffer_free(&text);
    if (!key || !kv_item_key(key, table, 1, &why)) {
        kv_item_free(key);
        mem_invalid(error, "the page token is not one table '%.100s' issued", table->head.name);
        return NULL;
    }
    return key;
}

int kv_page_add(kv_page *page, const kv_item *item, mem_arena *arena) {
    char *text = mem_arena_copy(arena, item->text, item->text_length);
    if (!text) return 0;
    page->items[page->count++] = text;
    page->last = item;
    return 1;
}

int kv_page_finish(kv_page *page, const kv_table *table, mem_arena *arena, mem_error *error) {
    mem_buffer token;
    char *key;
    if (arena->failed) return mem_out_of_memory(error);
    if (page->count < page->limit || !page->last) return 1;
    key = kv_item_key_json(page->last, table);
    if (!key) return mem_out_of_memory(error);
    mem_buffer_init(&token);
    mem_base64url_encode(&token, (const uint8_t *)key, strlen(key));
    free(key);
    page->token = token.failed ? NULL : mem_arena_string(arena, token.bytes);
    mem_buffer_free(&token);
    return page->token != NULL || mem_out_of_memory(error);
}
