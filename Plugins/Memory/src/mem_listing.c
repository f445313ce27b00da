/* Pages of buckets and tables (see mem_listing.h). */
#include "mem_abi.h"
#include "mem_base64.h"
#include "mem_listing.h"

#include <stdio.h>
#include <string.h>

/* The page size when the request leaves it to the provider, and the most a request may ask for. */
#define MEM_PAGE_SIZE 1000

int mem_compare_name(const void *item, const void *name) {
    return strcmp(((const mem_resource_head *)item)->name, name);
}

/* The name a token of `kind` carries, into `after` (malloc'd by the buffer). */
static int token_name(const char *token, const char *kind, mem_buffer *after, mem_error *error) {
    size_t length = strlen(token), kind_length = strlen(kind);
    int ok = strncmp(token, "ck1.", 4) == 0 && length > 4 && mem_base64url_decode(after, token + 4, length - 4);
    ok = ok && after->length > kind_length + 1 && memcmp(after->bytes, kind, kind_length) == 0 && after->bytes[kind_length] == ':';
    ok = ok && mem_utf8_valid((const uint8_t *)after->bytes, after->length) && !memchr(after->bytes, 0, after->length);
    if (!ok) return mem_invalid(error, "the page token is not one this provider returned for this listing");
    memmove(after->bytes, after->bytes + kind_length + 1, after->length - kind_length);
    after->length -= kind_length + 1;
    return 1;
}

/* The token naming `name` as the last of a `kind` page, in `arena`. */
static const char *make_token(const char *kind, const char *name, mem_arena *arena) {
    mem_buffer plain, token;
    const char *made;
    mem_buffer_init(&plain);
    mem_buffer_init(&token);
    mem_buffer_format(&plain, "%s:%s", kind, name);
    mem_buffer_text(&token, "ck1.");
    if (!plain.failed) mem_base64url_encode(&token, (const uint8_t *)plain.bytes, plain.length);
    made = token.failed || plain.failed ? NULL : mem_arena_string(arena, token.bytes);
    mem_buffer_free(&plain);
    mem_buffer_free(&token);
    return made;
}

/* Copies one page out of the store into `arena`; `*next` is the token of the next page, or NULL. */
static size_t collect(mem_list *list, const ck_list_request *request, const char *after, size_t size, const char *kind,
                      const ck_resource ***out, const char **next, mem_arena *arena) {
    const char *prefix = request->prefix ? request->prefix : "";
    size_t prefix_length = strlen(prefix), index, count = 0;
    int found;
    const ck_resource **page = mem_arena_alloc(arena, (size + 1) * sizeof *page);
    index = mem_list_search(list, prefix, mem_compare_name, &found);
    if (after) {
        size_t resume = mem_list_search(list, after, mem_compare_name, &found);
        if (found) resume++;
        if (resume > index) index = resume;
    }
    *next = NULL;
    for (; page && index < list->count; index++) {
        const mem_resource_head *head = list->items[index];
        ck_resource *resource;
        if (strncmp(head->name, prefix, prefix_length) != 0) break;
        if (count == size) {
            *next = make_token(kind, page[count - 1]->name, arena);
            break;
        }
        resource = mem_arena_alloc(arena, sizeof *resource);
        if (!resource) break;
        resource->struct_size = sizeof *resource;
        resource->name = mem_arena_string(arena, head->name);
        resource->created_ms = head->created_ms;
        page[count++] = resource;
    }
    *out = page;
    return count;
}

void mem_list_resources(ck_client *client, const ck_list_request *request, const char *kind, const char *operation,
                        mem_resources_of which, ck_resources_fn done, void *user_data) {
    mem_call call;
    mem_error error;
    ck_status status;
    ck_list_request copy;
    mem_buffer after;
    mem_arena arena;
    const ck_resource **page = NULL;
    const char *next = NULL;
    size_t count = 0;
    char what[64];
    int ok;
    if (!done) return;
    mem_buffer_init(&after);
    mem_arena_init(&arena);
    snprintf(what, sizeof what, "%s request", operation);
    ok = mem_call_begin(&call, client, user_data, &error)
         && mem_read_struct(request, &copy, sizeof copy, MEM_END(ck_list_request, option_count), "ck_list_request", what, &error)
         && mem_check_options(copy.options, copy.option_count, NULL, NULL, operation, &error)
         && mem_optional_string(copy.prefix, "prefix", &error) && mem_optional_string(copy.page_token, "page_token", &error);
    if (ok && (copy.max_items < 0 || copy.max_items > MEM_PAGE_SIZE)) {
        ok = mem_invalid(&error, "max_items must be 0 (the provider's page size) or 1...%d, not %d", MEM_PAGE_SIZE, (int)copy.max_items);
    }
    ok = ok && (!copy.page_token || token_name(copy.page_token, kind, &after, &error));
    if (ok) {
        pthread_mutex_lock(&client->store.lock);
        count = collect(which(&client->store), &copy, copy.page_token ? after.bytes : NULL,
                        copy.max_items ? (size_t)copy.max_items : MEM_PAGE_SIZE, kind, &page, &next, &arena);
        pthread_mutex_unlock(&client->store.lock);
        if (arena.failed) ok = mem_out_of_memory(&error);
    }
    if (ok) {
        mem_status_ok(&status);
        done(user_data, &status, page, count, next);
    } else {
        mem_status_of(&error, &status);
        done(user_data, &status, NULL, 0, NULL);
    }
    mem_buffer_free(&after);
    mem_arena_free(&arena);
    mem_call_end(&call);
}
