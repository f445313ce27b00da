/* transact: up to 100 puts, deletes and condition checks, all or none (see mem_kv.h). */
#include "mem_abi.h"
#include "mem_kv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One operation, read and (under the lock) keyed for its table. */
typedef struct step {
    ck_kv_transact_op op;
    kv_item *item;
    kv_condition condition;
    kv_table *table;
} step;

static int read_step(const ck_kv_transact_op *given, size_t index, step *out, mem_arena *arena, mem_error *error) {
    char what[32], field[64];
    snprintf(what, sizeof what, "ops[%zu]", index);
    if (!mem_read_struct(given, &out->op, sizeof out->op, MEM_END(ck_kv_transact_op, condition), "ck_kv_transact_op", what, error)) return 0;
    snprintf(field, sizeof field, "%s.table", what);
    if (!mem_string(out->op.table, field, error)) return 0;
    snprintf(field, sizeof field, "%s.item_json", what);
    if (!mem_string(out->op.item_json, field, error) || !(out->item = kv_item_parse(out->op.item_json, field, error))) return 0;
    snprintf(field, sizeof field, "%s.condition", what);
    if (!kv_condition_read(out->op.condition, field, &out->condition, arena, error)) return 0;
    if (out->op.kind < CK_KV_TRANSACT_PUT || out->op.kind > CK_KV_TRANSACT_CHECK) {
        return mem_invalid(error, "%s.kind %d is not a ck_kv_transact_kind", what, (int)out->op.kind);
    }
    if (out->op.kind == CK_KV_TRANSACT_CHECK && out->condition.kind == CK_KV_ALWAYS) return mem_invalid(error, "%s is a check without a condition", what);
    return kv_check_table_name(out->op.table, error);
}

static int read_steps(const ck_kv_transact_op *const *ops, size_t count, step **out, mem_arena *arena, mem_error *error) {
    size_t index;
    if (count < 1 || count > KV_MAX_TRANSACTION) {
        return mem_invalid(error, "a transaction holds 1 to %d operations, not %zu", KV_MAX_TRANSACTION, count);
    }
    if (!ops) return mem_invalid(error, "ops is NULL but its count is %zu", count);
    if (!(*out = calloc(count, sizeof **out))) return mem_out_of_memory(error);
    for (index = 0; index < count; index++) {
        if (!read_step(ops[index], index, &(*out)[index], arena, error)) return 0;
    }
    return 1;
}

/* Keys every step for its table and refuses two steps on one item (store locked). */
static int prepare(mem_store *store, step *steps, size_t count, mem_error *error) {
    size_t index, other;
    for (index = 0; index < count; index++) {
        step *each = &steps[index];
        if (!(each->table = kv_table_require(store, each->op.table, error))) return 0;
        if (each->op.kind == CK_KV_TRANSACT_PUT ? !kv_item_prepare(each->item, each->table, error) : !kv_item_key(each->item, each->table, 1, error)) {
            return 0;
        }
        for (other = 0; other < index; other++) {
            if (steps[other].table == each->table && kv_compare_keys(steps[other].item, each->item) == 0) {
                return mem_invalid(error, "Transaction request cannot include multiple operations on one item");
            }
        }
    }
    return 1;
}

/* Checks every condition, then writes every step (store locked). */
static int run_locked(mem_store *store, step *steps, size_t count, mem_error *error) {
    size_t index;
    int ok = 1;
    if (!prepare(store, steps, count, error)) return 0;
    for (index = 0; index < count; index++) {
        if (!kv_condition_holds(&steps[index].condition, kv_table_get(steps[index].table, steps[index].item))) {
            mem_fail(error, CK_ERR_PRECONDITION_FAILED, "TransactionCanceledException",
                     "the transaction was cancelled: operation %zu failed its condition", index);
            snprintf(error->details, sizeof error->details, "{\"index\":%zu,\"reason\":\"ConditionalCheckFailed\"}", index);
            return 0;
        }
    }
    for (index = 0; index < count; index++) {
        step *each = &steps[index];
        if (each->op.kind == CK_KV_TRANSACT_DELETE) kv_table_delete(each->table, each->item);
        if (each->op.kind != CK_KV_TRANSACT_PUT) continue;
        if (ok) ok = kv_table_put(each->table, each->item, error);
        else kv_item_free(each->item);
        each->item = NULL;
    }
    return ok;
}

/**
 * ck_kv_v1.transact: runs every operation of `ops` (borrowed; 1 to 100,
 * no item twice) or none. When one fails its condition, nothing is written
 * and the status is CK_ERR_PRECONDITION_FAILED (TransactionCanceledException)
 * with details_json {"index": N, "reason": "ConditionalCheckFailed"}. `done`
 * is called exactly once, on this thread, before this returns.
 */
void mem_transact(ck_client *client, const ck_kv_transact_op *const *ops, size_t count, ck_done_fn done, void *user_data) {
    mem_call call;
    mem_error error;
    mem_arena arena;
    step *steps = NULL;
    size_t index;
    int ok;
    if (!done) return;
    mem_arena_init(&arena);
    ok = mem_call_begin(&call, client, user_data, &error) && read_steps(ops, count, &steps, &arena, &error);
    if (ok) {
        pthread_mutex_lock(&client->store.lock);
        ok = mem_call_live(&call, &error) && run_locked(&client->store, steps, count, &error);
        pthread_mutex_unlock(&client->store.lock);
    }
    kv_complete_done(done, user_data, ok, &error);
    for (index = 0; steps && index < count; index++) kv_item_free(steps[index].item);
    free(steps);
    mem_arena_free(&arena);
    mem_call_end(&call);
}
