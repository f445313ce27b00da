/*
 * Lending the host's thread to the provider (ABI 1.7 ck_provider.lend):
 * lend calls `start` once and returns only after every call `start` made
 * has completed, including one a completion started on the lent thread and
 * one that another thread ends (a long poll cancelled from elsewhere, or
 * whose client another thread closes), and sixteen at once on one key; a
 * NULL client or start is refused without calling start; other threads'
 * calls on the same client go on while a thread is lent. For the providers
 * of this repository whose work can run on the lent thread (local: disk
 * work; aws: HTTP transfers), a put made alone inside lend, and the get its
 * completion makes, complete on that thread (on local, every call does). A provider without lend is used the old way: the
 * host starts the calls and waits for them itself. Built with -std=c99
 * -Wall -Wextra -Werror -pedantic and run under ASan.
 *
 * usage: abi_lend LIBRARY BUCKET [KEY=VALUE option ...]
 * (BUCKET also names the queue the long poll waits on.)
 */
#include "test_host.h"

#include <pthread.h>

/* One call's completion, seen from the lent thread. */
typedef struct call {
    int completions;
    int32_t kind;
    int on_lent_thread;
    size_t length;
} call;

/* What one lend is asked to do, and what happened. */
typedef struct lending {
    const ck_provider *provider;
    ck_client *client;
    const char *bucket;
    pthread_t lent;
    int starts;
    call calls[16];
    pthread_mutex_t lock; /* guards `calls` against a completion on another thread */
} lending;

static void lending_init(lending *l, const ck_provider *provider, ck_client *client, const char *bucket) {
    memset(l, 0, sizeof *l);
    l->provider = provider;
    l->client = client;
    l->bucket = bucket;
    l->lent = pthread_self();
    pthread_mutex_init(&l->lock, NULL);
}

/* The user_data of call `index` of `l` (calls[index]); its lending is found from it. */
typedef struct call_ref {
    lending *l;
    int index;
} call_ref;

static void record(call_ref *ref, const ck_status *status, size_t length) {
    lending *l = ref->l;
    pthread_mutex_lock(&l->lock);
    call *c = &l->calls[ref->index];
    c->completions++;
    c->kind = status ? status->kind : CK_ERR_INTERNAL;
    c->on_lent_thread = pthread_equal(pthread_self(), l->lent);
    c->length = length;
    pthread_mutex_unlock(&l->lock);
}

static void on_info(void *user_data, const ck_status *status, const ck_object_info *info) {
    (void)info;
    record(user_data, status, 0);
}

static void on_get(void *user_data, const ck_status *status, const ck_object_info *info, const uint8_t *data, size_t length) {
    (void)info;
    (void)data;
    record(user_data, status, length);
}

static void on_messages(void *user_data, const ck_status *status, const ck_message *const *messages, size_t count) {
    (void)messages;
    record(user_data, status, count);
}

static call_ref refs[16];

static ck_put_object_request put_request(const lending *l, const char *key, const char *body) {
    ck_put_object_request put;
    memset(&put, 0, sizeof put);
    put.struct_size = sizeof put;
    put.bucket = l->bucket;
    put.key = key;
    put.data = (const uint8_t *)body;
    put.data_length = strlen(body);
    return put;
}

static void get(lending *l, const char *key, int index) {
    ck_get_object_request request;
    memset(&request, 0, sizeof request);
    request.struct_size = sizeof request;
    request.bucket = l->bucket;
    request.key = key;
    l->provider->storage->get_object(l->client, &request, on_get, &refs[index]);
}

/* A put whose completion, when it runs on the lent thread, gets the key back (call 1). */
static void on_put_then_get(void *user_data, const ck_status *status, const ck_object_info *info) {
    call_ref *ref = user_data;
    record(ref, status, 0);
    (void)info;
    if (pthread_equal(pthread_self(), ref->l->lent)) get(ref->l, "lend/one", 1);
}

/* Sixteen calls at once on one key: eight puts and eight gets, all waiting for the lent thread. */
static void start_sixteen(void *context) {
    lending *l = context;
    int i;
    l->starts++;
    for (i = 0; i < 16; i += 2) {
        ck_put_object_request put = put_request(l, "lend/contended", "contended body");
        l->provider->storage->put_object(l->client, &put, on_info, &refs[i]);
        get(l, "lend/seed", i + 1);
    }
}

static void start_nothing(void *context) { ((lending *)context)->starts++; }

/* Three calls: two puts and a get of a key an earlier lend wrote. */
static void start_three(void *context) {
    lending *l = context;
    ck_put_object_request put;
    l->starts++;
    put = put_request(l, "lend/one", "first body");
    l->provider->storage->put_object(l->client, &put, on_info, &refs[0]);
    put = put_request(l, "lend/two", "second");
    l->provider->storage->put_object(l->client, &put, on_info, &refs[1]);
    get(l, "lend/seed", 2);
}

/* A put whose completion starts a get. */
static void start_chain(void *context) {
    lending *l = context;
    ck_put_object_request put = put_request(l, "lend/one", "first body");
    l->starts++;
    l->provider->storage->put_object(l->client, &put, on_put_then_get, &refs[0]);
}

/* Cancels the long poll of the lend that started this thread. */
static void *cancel_poll(void *context) {
    lending *l = context;
    l->provider->cancel(l->client, &refs[0]);
    return NULL;
}

/* Closes the client of the lend that started this thread. */
static void *close_client(void *context) {
    lending *l = context;
    l->provider->client_close(l->client);
    return NULL;
}

/* What another thread does to the long poll once it has started (cancel_poll or close_client), and that thread. */
static void *(*after_poll)(void *);
static pthread_t poll_ender;

/* A 20 s long poll on an empty queue, which another thread then ends (after_poll). */
static void start_poll(void *context) {
    lending *l = context;
    ck_receive_request receive;
    memset(&receive, 0, sizeof receive);
    receive.struct_size = sizeof receive;
    receive.queue = l->bucket;
    receive.max_messages = 1;
    receive.wait_seconds = 20;
    receive.visibility_timeout_seconds = -1;
    l->starts++;
    l->provider->queue->receive(l->client, &receive, on_messages, &refs[0]);
    /* The call is known to the provider now, so a cancel finds it. */
    pthread_create(&poll_ender, NULL, after_poll, l);
}

/* Another thread's puts on the same client while the main thread lends. */
typedef struct neighbour {
    const ck_provider *provider;
    ck_client *client;
    const char *bucket;
    int failures;
} neighbour;

static void *neighbour_puts(void *context) {
    neighbour *n = context;
    int i;
    for (i = 0; i < 20; i++) {
        result r;
        ck_put_object_request put;
        memset(&put, 0, sizeof put);
        put.struct_size = sizeof put;
        put.bucket = n->bucket;
        put.key = "lend/neighbour";
        put.data = (const uint8_t *)"x";
        put.data_length = 1;
        result_init(&r);
        n->provider->storage->put_object(n->client, &put, on_info_result, &r);
        if (!expect_ok("neighbour put", &r)) n->failures++;
    }
    return NULL;
}

static int check_call(const char *step, const lending *l, int index, int32_t kind, int must_be_lent) {
    const call *c = &l->calls[index];
    if (c->completions != 1 || c->kind != kind) {
        fprintf(stderr, "%s: call %d completed %d times (kind %d, expected %d) when lend returned\n", step, index, c->completions,
                (int)c->kind, (int)kind);
        return 0;
    }
    if (must_be_lent && !c->on_lent_thread) {
        fprintf(stderr, "%s: call %d completed on another thread, not the lent one\n", step, index);
        return 0;
    }
    return 1;
}

int main(int argc, char **argv) {
    const ck_provider *provider = NULL;
    const char *bucket = NULL;
    ck_client *client;
    lending l;
    result r;
    ck_queue_spec spec;
    ck_put_object_request seed;
    int here, all_here, i, j;

    for (i = 0; i < 16; i++) refs[i].index = i;
    client = open_bucket(argc, argv, &provider, &bucket);
    if (!client) return 1;
    for (i = 0; i < 16; i++) refs[i].l = &l;
    lending_init(&l, provider, client, bucket);

    seed = put_request(&l, "lend/seed", "seed body!");
    result_init(&r);
    provider->storage->put_object(client, &seed, on_info_result, &r);
    if (!expect_ok("seed put", &r)) return 1;

    if (!CK_HAS_MEMBER(provider, ck_provider, lend) || provider->lend == NULL) {
        /* The old way: start the calls, then wait for each. */
        printf("provider %s has no lend (ABI %u.%u): the host waits itself\n", provider->name, (unsigned)provider->abi_major,
               (unsigned)provider->abi_minor);
        result_init(&r);
        provider->storage->put_object(client, &seed, on_info_result, &r);
        if (!expect_ok("put without lend", &r)) return 1;
        provider->client_close(client);
        printf("ok: no lend, calls waited for by the host\n");
        return 0;
    }
    /*
     * The providers of this repository that do a call's work on the lent
     * thread: local all of it, one call after another; aws a call's
     * transfer, completing on the lent thread when it is the only one in
     * flight (with others in flight, the call goes on on another thread, so
     * the lent thread keeps driving them).
     */
    here = strcmp(provider->name, "local") == 0 || strcmp(provider->name, "aws") == 0;
    all_here = strcmp(provider->name, "local") == 0;

    if (provider->lend(NULL, start_nothing, &l) != CK_ERR_INVALID_ARGUMENT || provider->lend(client, NULL, &l) != CK_ERR_INVALID_ARGUMENT ||
        l.starts != 0) {
        fprintf(stderr, "lend with a NULL client or start was not refused, or called start\n");
        return 1;
    }
    if (provider->lend(client, start_nothing, &l) != CK_OK || l.starts != 1) {
        fprintf(stderr, "lend with no calls: start ran %d times\n", l.starts);
        return 1;
    }

    lending_init(&l, provider, client, bucket);
    if (provider->lend(client, start_three, &l) != CK_OK || l.starts != 1) return 1;
    if (!check_call("three calls", &l, 0, CK_OK, all_here) || !check_call("three calls", &l, 1, CK_OK, all_here) ||
        !check_call("three calls", &l, 2, CK_OK, all_here))
        return 1;
    if (l.calls[2].length != strlen("seed body!")) {
        fprintf(stderr, "the get inside lend brought %zu bytes\n", l.calls[2].length);
        return 1;
    }

    lending_init(&l, provider, client, bucket);
    if (provider->lend(client, start_sixteen, &l) != CK_OK || l.starts != 1) return 1;
    for (i = 0; i < 16; i++)
        if (!check_call("sixteen calls on one key", &l, i, CK_OK, 0)) return 1;

    lending_init(&l, provider, client, bucket);
    if (provider->lend(client, start_chain, &l) != CK_OK) return 1;
    if (!check_call("a completion's call", &l, 0, CK_OK, here)) return 1;
    if (l.calls[0].on_lent_thread) {
        /* The get the completion started on the lent thread was waited for too. */
        if (!check_call("a completion's call", &l, 1, CK_OK, here) || l.calls[1].length != strlen("first body")) return 1;
    }

    if (provider->queue && CK_HAS_MEMBER(provider, ck_provider, cancel) && provider->cancel) {
        memset(&spec, 0, sizeof spec);
        spec.struct_size = sizeof spec;
        spec.name = bucket;
        spec.visibility_timeout_seconds = -1;
        spec.retention_seconds = -1;
        spec.delay_seconds = -1;
        result_init(&r);
        provider->queue->create_queue(client, &spec, on_string_result, &r);
        if (!expect_ok("create_queue", &r)) return 1;
        lending_init(&l, provider, client, bucket);
        after_poll = cancel_poll;
        if (provider->lend(client, start_poll, &l) != CK_OK) return 1;
        pthread_join(poll_ender, NULL);
        if (!check_call("a long poll cancelled from another thread", &l, 0, CK_ERR_CANCELLED, 0)) return 1;
    }

    {
        neighbour n = {provider, client, bucket, 0};
        pthread_t thread;
        pthread_create(&thread, NULL, neighbour_puts, &n);
        for (i = 0; i < 20; i++) {
            lending_init(&l, provider, client, bucket);
            if (provider->lend(client, start_three, &l) != CK_OK) return 1;
            for (j = 0; j < 3; j++)
                if (!check_call("beside another thread's puts", &l, j, CK_OK, 0)) return 1;
        }
        pthread_join(thread, NULL);
        if (n.failures) return 1;
    }

    if (provider->queue) {
        /* Closed from another thread while the lent thread waits: the poll ends cancelled, and lend returns. */
        lending_init(&l, provider, client, bucket);
        after_poll = close_client;
        if (provider->lend(client, start_poll, &l) != CK_OK) return 1;
        pthread_join(poll_ender, NULL);
        if (!check_call("a long poll whose client another thread closed", &l, 0, CK_ERR_CANCELLED, 0)) return 1;
    } else {
        provider->client_close(client);
    }
    printf("ok: lend waited for every call it started%s\n", here ? ", one call alone completed on the lent thread" : "");
    return 0;
}
