/* Items: from JSON, canonical text, encoded keys (see mem_kv.h). */
#include "mem_abi.h"
#include "mem_kv.h"
#include "mem_kv_value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kv_attrs_free(kv_attr *attrs, size_t count) {
    size_t index;
    for (index = 0; attrs && index < count; index++) {
        free(attrs[index].name);
        free(attrs[index].json);
    }
    free(attrs);
}

void kv_item_free(kv_item *item) {
    if (!item) return;
    kv_attrs_free(item->attrs, item->count);
    free(item->text);
    free(item->pk);
    free(item->sk);
    free(item);
}

static int compare_attrs(const void *left, const void *right) {
    const kv_attr *a = left, *b = right;
    return mem_bytes_compare(a->name, a->name_length, b->name, b->name_length);
}

kv_item *kv_item_assemble(kv_attr *attrs, size_t count, mem_error *error) {
    kv_item *item = calloc(1, sizeof *item);
    mem_buffer text;
    size_t index;
    if (!item) {
        kv_attrs_free(attrs, count);
        mem_out_of_memory(error);
        return NULL;
    }
    item->attrs = attrs;
    item->count = count;
    if (count) qsort(attrs, count, sizeof *attrs, compare_attrs);
    mem_buffer_init(&text);
    mem_buffer_char(&text, '{');
    for (index = 0; index < count; index++) {
        if (index) mem_buffer_char(&text, ',');
        mem_json_string(&text, attrs[index].name, attrs[index].name_length);
        mem_buffer_char(&text, ':');
        mem_buffer_append(&text, attrs[index].json, attrs[index].json_length);
    }
    mem_buffer_char(&text, '}');
    item->text_length = text.length;
    item->text = mem_buffer_take(&text);
    if (!item->text) {
        kv_item_free(item);
        mem_out_of_memory(error);
        return NULL;
    }
    return item;
}

kv_item *kv_item_parse(const char *json, const char *what, mem_error *error) {
    mem_arena arena;
    json_value *tree;
    kv_attr *attrs = NULL;
    size_t index, made = 0;
    int ok;
    mem_arena_init(&arena);
    tree = mem_json_parse(json, strlen(json), what, &arena, error);
    ok = tree != NULL;
    if (ok && tree->kind != JSON_OBJECT) ok = mem_invalid(error, "%s must be a JSON object", what);
    if (ok && !(attrs = calloc(tree->count ? tree->count : 1, sizeof *attrs))) ok = mem_out_of_memory(error);
    for (index = 0; ok && index < tree->count; index++) {
        const json_member *member = &tree->members[index];
        mem_buffer value;
        char path[200];
        snprintf(path, sizeof path, "%.190s", member->name);
        mem_buffer_init(&value);
        ok = kv_value_write(member->value, path, &value, error);
        attrs[made].json_length = value.length;
        attrs[made].json = mem_buffer_take(&value);
        attrs[made].name = mem_copy(member->name, member->name_length);
        attrs[made].name_length = member->name_length;
        made++;
        if (ok && (!attrs[made - 1].json || !attrs[made - 1].name)) ok = mem_out_of_memory(error);
    }
    mem_arena_free(&arena);
    if (!ok) {
        kv_attrs_free(attrs, made);
        return NULL;
    }
    return kv_item_assemble(attrs, made, error);
}

const kv_attr *kv_item_attr(const kv_item *item, const char *name) {
    size_t low = 0, high = item->count, length = strlen(name);
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        int order = mem_bytes_compare(item->attrs[middle].name, item->attrs[middle].name_length, name, length);
        if (order == 0) return &item->attrs[middle];
        if (order < 0) low = middle + 1;
        else high = middle;
    }
    return NULL;
}

/* The key bytes of attribute `name` of type `type`, malloc'd into `*bytes`. */
static int encode_attr(const kv_item *item, const kv_table *table, const char *name, char type, uint8_t **bytes, size_t *length,
                       mem_error *error) {
    const kv_attr *attr = kv_item_attr(item, name);
    mem_arena arena;
    mem_buffer out;
    json_value *value;
    int ok;
    if (!attr) {
        return mem_invalid(error, "the provided key element does not match the schema: missing key attribute '%.100s' of table '%.100s'", name,
                           table->head.name);
    }
    mem_arena_init(&arena);
    mem_buffer_init(&out);
    value = mem_json_parse(attr->json, attr->json_length, name, &arena, error);
    ok = value && kv_key_bytes(value, type, name, &out, error);
    mem_arena_free(&arena);
    *length = out.length;
    *bytes = ok ? (uint8_t *)mem_buffer_take(&out) : NULL;
    mem_buffer_free(&out);
    return ok && (*bytes || mem_out_of_memory(error));
}

int kv_item_key(kv_item *item, const kv_table *table, int exact, mem_error *error) {
    size_t expected = table->sort_key ? 2 : 1;
    free(item->pk);
    free(item->sk);
    item->pk = item->sk = NULL;
    item->pk_length = item->sk_length = 0;
    if (exact && item->count != expected) {
        if (table->sort_key) {
            return mem_invalid(error, "the provided key element does not match the schema: a key of table '%.100s' holds exactly '%.100s' (%c) and '%.100s' (%c)",
                               table->head.name, table->partition_key, table->partition_type, table->sort_key, table->sort_type);
        }
        return mem_invalid(error, "the provided key element does not match the schema: a key of table '%.100s' holds exactly '%.100s' (%c)",
                           table->head.name, table->partition_key, table->partition_type);
    }
    if (!encode_attr(item, table, table->partition_key, table->partition_type, &item->pk, &item->pk_length, error)) return 0;
    if (!table->sort_key) {
        item->sk = calloc(1, 1);
        return item->sk != NULL || mem_out_of_memory(error);
    }
    return encode_attr(item, table, table->sort_key, table->sort_type, &item->sk, &item->sk_length, error);
}

int kv_item_prepare(kv_item *item, const kv_table *table, mem_error *error) {
    size_t index;
    if (!kv_item_key(item, table, 0, error)) return 0;
    for (index = 0; index < item->count; index++) {
        if (item->attrs[index].name_length == 0) return mem_invalid(error, "an attribute name cannot be empty");
    }
    if (item->text_length > KV_MAX_ITEM_BYTES) {
        return mem_invalid(error, "Item size has exceeded the maximum allowed size of %d bytes", KV_MAX_ITEM_BYTES);
    }
    return 1;
}

char *kv_item_key_json(const kv_item *item, const kv_table *table) {
    mem_buffer out;
    size_t index;
    int first = 1;
    mem_buffer_init(&out);
    mem_buffer_char(&out, '{');
    for (index = 0; index < item->count; index++) {
        const kv_attr *attr = &item->attrs[index];
        int is_key = (strlen(table->partition_key) == attr->name_length && memcmp(table->partition_key, attr->name, attr->name_length) == 0)
                     || (table->sort_key && strlen(table->sort_key) == attr->name_length && memcmp(table->sort_key, attr->name, attr->name_length) == 0);
        if (!is_key) continue;
        if (!first) mem_buffer_char(&out, ',');
        first = 0;
        mem_json_string(&out, attr->name, attr->name_length);
        mem_buffer_char(&out, ':');
        mem_buffer_append(&out, attr->json, attr->json_length);
    }
    mem_buffer_char(&out, '}');
    return mem_buffer_take(&out);
}
