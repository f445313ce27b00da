/*
 * Cancelling one call through ck_provider.cancel (ABI 1.2): a long poll
 * that would wait 20 s is cancelled after a moment and completes at once,
 * exactly once, with CK_ERR_CANCELLED; a second long poll on the same
 * client, with another user_data, is not touched by that cancel and ends on
 * its own; cancelling an unknown user_data does nothing. Built with
 * -std=c99 -Wall -Wextra -Werror -pedantic and run under ASan.
 *
 * usage: abi_cancel LIBRARY QUEUE [KEY=VALUE option ...]
 */
#include "test_host.h"

#include <pthread.h>
#include <time.h>

/* Completions of one receive, counted under a lock. */
typedef struct watch {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    int calls;
    int32_t kind;
} watch;

static void watch_init(watch *w) {
    memset(w, 0, sizeof *w);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->changed, NULL);
}

static void on_messages(void *user_data, const ck_status *status, const ck_message *const *messages, size_t count) {
    watch *w = user_data;
    (void)messages;
    (void)count;
    pthread_mutex_lock(&w->lock);
    w->calls++;
    w->kind = status ? status->kind : -1;
    pthread_cond_broadcast(&w->changed);
    pthread_mutex_unlock(&w->lock);
}

/* Waits up to `seconds` for the first completion; the number of completions so far. */
static int wait_for(watch *w, int seconds) {
    struct timespec deadline;
    int calls;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += seconds;
    pthread_mutex_lock(&w->lock);
    while (w->calls == 0 && pthread_cond_timedwait(&w->changed, &w->lock, &deadline) == 0) {}
    calls = w->calls;
    pthread_mutex_unlock(&w->lock);
    return calls;
}

static void on_string(void *user_data, const ck_status *status, const char *value) {
    result *r = user_data;
    (void)value;
    copy_status(r, status);
    ck_sync_signal(&r->sync);
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    const ck_provider *provider = NULL;
    ck_client *client;
    result r;
    watch cancelled, untouched;
    ck_receive_request receive;
    ck_queue_spec spec;
    struct timespec moment = {0, 300000000L};
    double started;
    int unknown = 0;

    if (argc < 3) {
        fprintf(stderr, "usage: %s LIBRARY QUEUE [KEY=VALUE ...]\n", argv[0]);
        return 2;
    }
    client = open_client(argv[1], argc, argv, 3, &provider);
    if (!client) return 1;
    if (!CK_HAS_MEMBER(provider, ck_provider, cancel) || !provider->cancel || !provider->queue) {
        fprintf(stderr, "provider cannot cancel calls or has no queues\n");
        return 1;
    }
    memset(&spec, 0, sizeof spec);
    spec.struct_size = sizeof spec;
    spec.name = argv[2];
    spec.visibility_timeout_seconds = -1;
    spec.retention_seconds = -1;
    spec.delay_seconds = -1;
    result_init(&r);
    provider->queue->create_queue(client, &spec, on_string, &r);
    if (!expect_ok("create_queue", &r)) return 1;

    memset(&receive, 0, sizeof receive);
    receive.struct_size = sizeof receive;
    receive.queue = argv[2];
    receive.max_messages = 1;
    receive.wait_seconds = 20;
    receive.visibility_timeout_seconds = -1;
    watch_init(&cancelled);
    watch_init(&untouched);
    provider->queue->receive(client, &receive, on_messages, &cancelled);
    receive.wait_seconds = 2;
    provider->queue->receive(client, &receive, on_messages, &untouched);
    nanosleep(&moment, NULL);

    started = now();
    provider->cancel(client, &unknown);
    provider->cancel(client, &cancelled);
    if (wait_for(&cancelled, 10) != 1 || cancelled.kind != CK_ERR_CANCELLED) {
        fprintf(stderr, "the cancelled long poll: %d completions, kind %d\n", cancelled.calls, (int)cancelled.kind);
        return 1;
    }
    if (now() - started > 8.0) {
        fprintf(stderr, "cancelling took %.1f s\n", now() - started);
        return 1;
    }
    if (wait_for(&untouched, 30) != 1 || untouched.kind != CK_OK) {
        fprintf(stderr, "the other long poll: %d completions, kind %d\n", untouched.calls, (int)untouched.kind);
        return 1;
    }
    /* A cancel after completion, and a moment for any stray second completion. */
    provider->cancel(client, &cancelled);
    nanosleep(&moment, NULL);
    if (cancelled.calls != 1 || untouched.calls != 1) {
        fprintf(stderr, "a call completed more than once\n");
        return 1;
    }
    provider->client_close(client);
    printf("ok: a cancelled long poll ended at once, the other ran its course\n");
    return 0;
}
