/*
 * window.h — keeps up to N asynchronous cloudkit calls in flight. A call's
 * completion (on any thread, possibly before the call returns) reports its
 * status here; the first failure is kept and ends the run.
 */
#ifndef BENCH_WINDOW_H
#define BENCH_WINDOW_H

#include "bench.h"

#include <cloudkit.h>
#include <pthread.h>

typedef struct window {
    pthread_mutex_t mutex;
    pthread_cond_t changed;
    int limit;
    int in_flight;
    long completed;
    int failed;
    char failure[512];
    int64_t expected_length; /* a GET into memory must bring this many bytes; -1: any */
    const ck_provider *lender; /* set by window_lend: one call at a time runs on a thread lent to it (ABI 1.7) */
    ck_client *lend_client;
} window;

void window_init(window *w, int limit);
void window_destroy(window *w);

/**
 * Calls one at a time (a window of 1) run inside `provider->lend` when the
 * provider has it (ABI 1.7), as a straight-line C host would issue them:
 * the provider may do each call's work on the waiting thread. The
 * environment variable CLOUDKIT_BENCH_NO_LEND (any value) turns it off,
 * for comparing the two by hand.
 */
void window_lend(window *w, const ck_provider *provider, ck_client *client);

/** Waits until another call may start, and counts it as started. */
void window_acquire(window *w);

/** Waits until every call has completed; exits with the first failure, naming `what`. */
void window_drain(window *w, const char *what);

/** Records one completion. */
void window_complete(window *w, const ck_status *status);

/** Runs `issue(w, context, index)` for each request `budget` allows, `w->limit` at a time; returns how many completed. */
long window_run(window *w, bench_budget *budget, void (*issue)(window *, void *, long), void *context, const char *what);

/* Completions of each shape that only report the status (a GET also checks its length). */
void window_on_done(void *user_data, const ck_status *status);
void window_on_info(void *user_data, const ck_status *status, const ck_object_info *info);
void window_on_get(void *user_data, const ck_status *status, const ck_object_info *info, const uint8_t *data, size_t length);
void window_on_list(void *user_data, const ck_status *status, const ck_list_objects_result *result);
void window_on_item(void *user_data, const ck_status *status, const char *item_json);
void window_on_items(void *user_data, const ck_status *status, const char *const *items, size_t count, const char *next);
void window_on_sent(void *user_data, const ck_status *status, const char *message_id, const char *sequence_number);
void window_on_messages(void *user_data, const ck_status *status, const ck_message *const *messages, size_t count);
void window_on_string(void *user_data, const ck_status *status, const char *value);

#endif
