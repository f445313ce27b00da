/* window.c — calls in flight (window.h). */
#define _POSIX_C_SOURCE 200809L
#include "window.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void window_init(window *w, int limit) {
    memset(w, 0, sizeof *w);
    pthread_mutex_init(&w->mutex, NULL);
    pthread_cond_init(&w->changed, NULL);
    w->limit = limit;
    w->expected_length = -1;
}

void window_destroy(window *w) {
    pthread_cond_destroy(&w->changed);
    pthread_mutex_destroy(&w->mutex);
}

void window_lend(window *w, const ck_provider *provider, ck_client *client) {
    if (getenv("CLOUDKIT_BENCH_NO_LEND") != NULL || !CK_HAS_MEMBER(provider, ck_provider, lend) || provider->lend == NULL) return;
    w->lender = provider;
    w->lend_client = client;
}

void window_acquire(window *w) {
    pthread_mutex_lock(&w->mutex);
    while (w->in_flight >= w->limit) pthread_cond_wait(&w->changed, &w->mutex);
    w->in_flight++;
    pthread_mutex_unlock(&w->mutex);
}

void window_drain(window *w, const char *what) {
    pthread_mutex_lock(&w->mutex);
    while (w->in_flight > 0) pthread_cond_wait(&w->changed, &w->mutex);
    int failed = w->failed;
    pthread_mutex_unlock(&w->mutex);
    if (failed) bench_fail("cloudkit: %s: %s", what, w->failure);
}

static void finish(window *w, const ck_status *status, const char *problem) {
    pthread_mutex_lock(&w->mutex);
    if (!w->failed && (status->kind != CK_OK || problem != NULL)) {
        w->failed = 1;
        if (problem != NULL) {
            snprintf(w->failure, sizeof w->failure, "%s", problem);
        } else {
            snprintf(w->failure, sizeof w->failure, "%s: %s (%s)", ck_kind_name(status->kind), status->message ? status->message : "",
                     status->code ? status->code : "");
        }
    }
    w->in_flight--;
    w->completed++;
    pthread_cond_broadcast(&w->changed);
    pthread_mutex_unlock(&w->mutex);
}

void window_complete(window *w, const ck_status *status) { finish(w, status, NULL); }

/* One call issued inside ck_provider.lend. */
typedef struct lent_call {
    window *w;
    void (*issue)(window *, void *, long);
    void *context;
    long index;
} lent_call;

static void issue_lent(void *user_data) {
    lent_call *call = user_data;
    window_acquire(call->w);
    call->issue(call->w, call->context, call->index);
}

long window_run(window *w, bench_budget *budget, void (*issue)(window *, void *, long), void *context, const char *what) {
    long before = w->completed;
    bench_budget_start(budget);
    while (bench_budget_next(budget)) {
        if (w->limit == 1 && w->lender != NULL) {
            /* Returns once the call has completed: the window is empty again. */
            lent_call call = {w, issue, context, budget->started - 1};
            int32_t kind = w->lender->lend(w->lend_client, issue_lent, &call);
            if (kind != CK_OK) bench_fail("cloudkit: %s: lend failed: %s", what, ck_kind_name(kind));
            continue;
        }
        window_acquire(w);
        issue(w, context, budget->started - 1);
    }
    window_drain(w, what);
    return w->completed - before;
}

void window_on_done(void *user_data, const ck_status *status) { window_complete(user_data, status); }

void window_on_info(void *user_data, const ck_status *status, const ck_object_info *info) {
    (void)info;
    window_complete(user_data, status);
}

void window_on_get(void *user_data, const ck_status *status, const ck_object_info *info, const uint8_t *data, size_t length) {
    window *w = user_data;
    (void)info;
    (void)data;
    int wrong = status->kind == CK_OK && w->expected_length >= 0 && (int64_t)length != w->expected_length;
    finish(w, status, wrong ? "a GET brought the wrong number of bytes" : NULL);
}

void window_on_list(void *user_data, const ck_status *status, const ck_list_objects_result *result) {
    (void)result;
    window_complete(user_data, status);
}

void window_on_item(void *user_data, const ck_status *status, const char *item_json) {
    int missing = status->kind == CK_OK && item_json == NULL;
    finish(user_data, status, missing ? "an item that was put is missing" : NULL);
}

void window_on_items(void *user_data, const ck_status *status, const char *const *items, size_t count, const char *next) {
    (void)items;
    (void)count;
    (void)next;
    window_complete(user_data, status);
}

void window_on_sent(void *user_data, const ck_status *status, const char *message_id, const char *sequence_number) {
    (void)message_id;
    (void)sequence_number;
    window_complete(user_data, status);
}

void window_on_messages(void *user_data, const ck_status *status, const ck_message *const *messages, size_t count) {
    (void)messages;
    int empty = status->kind == CK_OK && count == 0;
    finish(user_data, status, empty ? "a receive found the queue empty" : NULL);
}

void window_on_string(void *user_data, const ck_status *status, const char *value) {
    (void)value;
    window_complete(user_data, status);
}
