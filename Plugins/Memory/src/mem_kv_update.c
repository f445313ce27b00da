/*
 * update_item: DynamoDB's UpdateItem with SET, REMOVE and ADD (numbers) on
 * one item, creating it from its key when absent (see mem_kv.h).
 */
#include "mem_abi.h"
#include "mem_kv.h"
#include "mem_kv_number.h"
#include "mem_kv_value.h"

#include <stdlib.h>
#include <string.h>

typedef struct update_request {
    ck_kv_update_request copy;
    kv_item *key;
    kv_item *set; /* or NULL */
    kv_item *add; /* or NULL; numbers only */
    kv_condition condition;
} update_request;

/* The attributes being built: a malloc'd array. */
typedef struct attr_set {
    kv_attr *attrs;
    size_t count;
    size_t capacity;
} attr_set;

static int is_named(const char *name, size_t length, const char *other) {
    return other && strlen(other) == length && memcmp(name, other, length) == 0;
}

static int read_update(const ck_kv_update_request *given, update_request *out, mem_arena *arena, mem_error *error) {
    ck_kv_update_request *copy = &out->copy;
    size_t index;
    if (!mem_read_struct(given, copy, sizeof *copy, MEM_END(ck_kv_update_request, condition), "ck_kv_update_request", "update_item request", error)
        || !mem_check_options(copy->options, copy->option_count, NULL, NULL, "update_item", error) || !mem_string(copy->table, "table", error)
        || !mem_string(copy->key_json, "key_json", error) || !(out->key = kv_item_parse(copy->key_json, "key_json", error))
        || !mem_optional_string(copy->set_json, "set_json", error) || (copy->set_json && !(out->set = kv_item_parse(copy->set_json, "set_json", error)))
        || !mem_strings(copy->remove, copy->remove_count, "remove", error) || !mem_optional_string(copy->add_json, "add_json", error)
        || (copy->add_json && !(out->add = kv_item_parse(copy->add_json, "add_json", error)))) {
        return 0;
    }
    for (index = 0; out->add && index < out->add->count; index++) {
        char first = out->add->attrs[index].json[0];
        if (first != '-' && (first < '0' || first > '9')) return mem_invalid(error, "add_json.%.100s must be a number", out->add->attrs[index].name);
    }
    return kv_condition_read(copy->condition, "condition", &out->condition, arena, error) && kv_check_table_name(copy->table, error);
}

static int compare_names(const void *left, const void *right) {
    const kv_attr *a = *(const kv_attr *const *)left, *b = *(const kv_attr *const *)right;
    return mem_bytes_compare(a->name, a->name_length, b->name, b->name_length);
}

/* Refuses an empty name, a key attribute, or a name in more than one of set/remove/add. */
static int check_names(const update_request *request, const kv_table *table, mem_error *error) {
    size_t total = request->copy.remove_count + (request->set ? request->set->count : 0) + (request->add ? request->add->count : 0);
    kv_attr *removed = calloc(request->copy.remove_count ? request->copy.remove_count : 1, sizeof *removed);
    const kv_attr **names = calloc(total ? total : 1, sizeof *names);
    size_t index, count = 0;
    int ok = removed && names ? 1 : mem_out_of_memory(error);
    for (index = 0; ok && index < request->copy.remove_count; index++) {
        removed[index].name = (char *)request->copy.remove[index];
        removed[index].name_length = strlen(request->copy.remove[index]);
        names[count++] = &removed[index];
    }
    for (index = 0; ok && request->set && index < request->set->count; index++) names[count++] = &request->set->attrs[index];
    for (index = 0; ok && request->add && index < request->add->count; index++) names[count++] = &request->add->attrs[index];
    if (ok) qsort(names, count, sizeof *names, compare_names);
    for (index = 0; ok && index < count; index++) {
        const kv_attr *name = names[index];
        if (name->name_length == 0) ok = mem_invalid(error, "an attribute name cannot be empty");
        else if (is_named(name->name, name->name_length, table->partition_key) || is_named(name->name, name->name_length, table->sort_key)) {
            ok = mem_invalid(error, "Cannot update attribute '%.100s'. This attribute is part of the key", name->name);
        } else if (index > 0 && compare_names(&names[index - 1], &names[index]) == 0) {
            ok = mem_invalid(error, "Two document paths overlap: '%.100s' appears more than once in the update", name->name);
        }
    }
    free(removed);
    free(names);
    return ok;
}

/* The index of attribute `name` in `set`, or set->count. */
static size_t find(const attr_set *set, const char *name, size_t length) {
    size_t index;
    for (index = 0; index < set->count; index++) {
        if (mem_bytes_compare(set->attrs[index].name, set->attrs[index].name_length, name, length) == 0) break;
    }
    return index;
}

/* Sets `name` to the canonical `json` (both copied). */
static int assign(attr_set *set, const char *name, size_t name_length, const char *json, size_t json_length, mem_error *error) {
    size_t index = find(set, name, name_length);
    char *value = mem_copy(json, json_length);
    if (!value) return mem_out_of_memory(error);
    if (index == set->count) {
        if (set->count == set->capacity) {
            size_t capacity = set->capacity ? set->capacity * 2 : 8;
            kv_attr *grown = realloc(set->attrs, capacity * sizeof *grown);
            if (!grown) {
                free(value);
                return mem_out_of_memory(error);
            }
            set->attrs = grown;
            set->capacity = capacity;
        }
        set->attrs[index].name = mem_copy(name, name_length);
        set->attrs[index].name_length = name_length;
        set->attrs[index].json = NULL;
        set->count++;
        if (!set->attrs[index].name) {
            free(value);
            return mem_out_of_memory(error);
        }
    }
    free(set->attrs[index].json);
    set->attrs[index].json = value;
    set->attrs[index].json_length = json_length;
    return 1;
}

static void drop(attr_set *set, const char *name) {
    size_t index = find(set, name, strlen(name));
    if (index == set->count) return;
    free(set->attrs[index].name);
    free(set->attrs[index].json);
    set->attrs[index] = set->attrs[--set->count];
}

/* Adds number `amount` (canonical JSON) to attribute `name`; a missing attribute counts as 0. */
static int add_number(attr_set *set, const kv_attr *amount, mem_error *error) {
    size_t index = find(set, amount->name, amount->name_length);
    kv_number left, right, sum;
    mem_buffer text;
    int ok;
    if (index == set->count) return assign(set, amount->name, amount->name_length, amount->json, amount->json_length, error);
    if (set->attrs[index].json[0] != '-' && (set->attrs[index].json[0] < '0' || set->attrs[index].json[0] > '9')) {
        return mem_invalid(error, "An operand in the update expression has an incorrect data type: cannot add a number to '%.100s', which is no number",
                           amount->name);
    }
    if (!kv_number_parse(set->attrs[index].json, set->attrs[index].json_length, amount->name, &left, error)
        || !kv_number_parse(amount->json, amount->json_length, amount->name, &right, error) || !kv_number_add(&left, &right, &sum, error)) {
        return 0;
    }
    mem_buffer_init(&text);
    kv_number_write(&sum, &text);
    ok = text.failed ? mem_out_of_memory(error) : assign(set, amount->name, amount->name_length, text.bytes, text.length, error);
    mem_buffer_free(&text);
    return ok;
}

/* The item after the update, from `current` (or, when NULL, the key). */
static kv_item *apply(const update_request *request, const kv_item *current, mem_error *error) {
    const kv_item *start = current ? current : request->key;
    attr_set set = {NULL, 0, 0};
    size_t index;
    int ok = 1;
    for (index = 0; ok && index < start->count; index++) {
        ok = assign(&set, start->attrs[index].name, start->attrs[index].name_length, start->attrs[index].json, start->attrs[index].json_length, error);
    }
    for (index = 0; ok && request->set && index < request->set->count; index++) {
        const kv_attr *attr = &request->set->attrs[index];
        ok = assign(&set, attr->name, attr->name_length, attr->json, attr->json_length, error);
    }
    for (index = 0; ok && index < request->copy.remove_count; index++) drop(&set, request->copy.remove[index]);
    for (index = 0; ok && request->add && index < request->add->count; index++) ok = add_number(&set, &request->add->attrs[index], error);
    if (!ok) {
        kv_attrs_free(set.attrs, set.count);
        return NULL;
    }
    return kv_item_assemble(set.attrs, set.count, error);
}

/* Updates under the store's lock; the item's text after the update, malloc'd. */
static char *update_locked(mem_store *store, update_request *request, mem_error *error) {
    kv_table *table = kv_table_require(store, request->copy.table, error);
    kv_item *current, *updated;
    char *text;
    if (!table || !kv_item_key(request->key, table, 1, error) || !check_names(request, table, error)) return NULL;
    current = kv_table_get(table, request->key);
    if (!kv_condition_require(&request->condition, current, error) || !(updated = apply(request, current, error))) return NULL;
    if (!kv_item_prepare(updated, table, error)) {
        kv_item_free(updated);
        return NULL;
    }
    if (!(text = mem_copy(updated->text, updated->text_length))) {
        kv_item_free(updated);
        mem_out_of_memory(error);
        return NULL;
    }
    if (!kv_table_put(table, updated, error)) {
        free(text);
        return NULL;
    }
    return text;
}

/**
 * ck_kv_v1.update_item: sets, removes and adds to attributes of the item
 * with the key of `request` (borrowed JSON), creating it from the key when
 * absent, if the condition holds; key attributes cannot change, and a name
 * may be in only one of set/remove/add. `done` is called exactly once, on
 * this thread, before this returns, with the whole item after the update
 * (borrowed for the call).
 */
void mem_update_item(ck_client *client, const ck_kv_update_request *request, ck_kv_item_fn done, void *user_data) {
    mem_call call;
    mem_error error;
    mem_arena arena;
    update_request update;
    char *text = NULL;
    int ok;
    if (!done) return;
    memset(&update, 0, sizeof update);
    mem_arena_init(&arena);
    ok = mem_call_begin(&call, client, user_data, &error) && read_update(request, &update, &arena, &error);
    if (ok) {
        pthread_mutex_lock(&client->store.lock);
        ok = mem_call_live(&call, &error) && (text = update_locked(&client->store, &update, &error)) != NULL;
        pthread_mutex_unlock(&client->store.lock);
    }
    kv_complete_item(done, user_data, ok, text, &error);
    free(text);
    kv_item_free(update.key);
    kv_item_free(update.set);
    kv_item_free(update.add);
    mem_arena_free(&arena);
    mem_call_end(&call);
}
