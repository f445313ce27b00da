/* Completions of the key-value entries, and reading their JSON arguments (see mem_kv.h). */
#include "mem_abi.h"
#include "mem_kv.h"

#include <string.h>

/* DynamoDB calls a request it refuses a ValidationException. */
static void tag(mem_error *error) {
    if (error->kind == CK_ERR_INVALID_ARGUMENT && strcmp(error->code, "InvalidArgument") == 0) error->code = "ValidationException";
}

void kv_complete_done(ck_done_fn done, void *user_data, int ok, mem_error *error) {
    if (!ok) tag(error);
    mem_complete_done(done, user_data, ok, error);
}

void kv_complete_item(ck_kv_item_fn done, void *user_data, int ok, const char *item_json, mem_error *error) {
    ck_status status;
    if (ok) {
        mem_status_ok(&status);
        done(user_data, &status, item_json);
        return;
    }
    tag(error);
    mem_status_of(error, &status);
    done(user_data, &status, NULL);
}

void kv_complete_items(ck_kv_items_fn done, void *user_data, int ok, const char *const *items, size_t count, const char *token,
                       mem_error *error) {
    ck_status status;
    if (ok) {
        mem_status_ok(&status);
        done(user_data, &status, items, count, token);
        return;
    }
    tag(error);
    mem_status_of(error, &status);
    done(user_data, &status, NULL, 0, NULL);
}

json_value *kv_read_json(const char *text, const char *field, mem_arena *arena, mem_error *error) {
    if (!mem_string(text, field, error)) return NULL;
    return mem_json_parse(text, strlen(text), field, arena, error);
}
