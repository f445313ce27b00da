/* Write conditions: if absent, if exists, if an attribute equals a value (see mem_kv.h). */
#include "mem_abi.h"
#include "mem_kv.h"
#include "mem_kv_value.h"

#include <stdio.h>
#include <string.h>

int kv_condition_read(const ck_kv_condition *given, const char *what, kv_condition *out, mem_arena *arena, mem_error *error) {
    ck_kv_condition copy;
    json_value *value;
    mem_buffer text;
    char field[96];
    memset(out, 0, sizeof *out);
    if (!given) return 1;
    if (!mem_read_struct(given, &copy, sizeof copy, MEM_END(ck_kv_condition, value_json), "ck_kv_condition", what, error)) return 0;
    out->kind = copy.kind;
    switch (copy.kind) {
    case CK_KV_ALWAYS:
    case CK_KV_IF_ABSENT:
    case CK_KV_IF_EXISTS: return 1;
    case CK_KV_IF_EQUALS: break;
    default: return mem_invalid(error, "%s.kind %d is not a ck_kv_condition_kind", what, (int)copy.kind);
    }
    snprintf(field, sizeof field, "%s.attribute", what);
    if (!mem_string(copy.attribute, field, error)) return 0;
    if (!*copy.attribute) return mem_invalid(error, "a condition's attribute name cannot be empty");
    snprintf(field, sizeof field, "%s.value_json", what);
    if (!(value = kv_read_json(copy.value_json, field, arena, error))) return 0;
    mem_buffer_init(&text);
    if (!kv_value_write(value, copy.attribute, &text, error)) {
        mem_buffer_free(&text);
        return 0;
    }
    out->attribute = mem_arena_string(arena, copy.attribute);
    out->value_length = text.length;
    out->value = mem_arena_adopt(arena, mem_buffer_take(&text));
    return (out->attribute && out->value) || mem_out_of_memory(error);
}

int kv_condition_holds(const kv_condition *condition, const kv_item *current) {
    const kv_attr *attr;
    switch (condition->kind) {
    case CK_KV_IF_ABSENT: return current == NULL;
    case CK_KV_IF_EXISTS: return current != NULL;
    case CK_KV_IF_EQUALS:
        /* Canonical texts are equal exactly when the values are. */
        attr = current ? kv_item_attr(current, condition->attribute) : NULL;
        return attr && attr->json_length == condition->value_length && memcmp(attr->json, condition->value, attr->json_length) == 0;
    default: return 1;
    }
}

int kv_condition_require(const kv_condition *condition, const kv_item *current, mem_error *error) {
    if (kv_condition_holds(condition, current)) return 1;
    return mem_fail(error, CK_ERR_PRECONDITION_FAILED, "ConditionalCheckFailedException", "the condition was not met");
}
