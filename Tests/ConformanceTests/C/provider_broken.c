/*
 * A provider that misbehaves on purpose, to prove the conformance kit
 * catches it. It wraps another provider (the library CLOUDKIT_BROKEN_INNER
 * names, the local one in the tests) and passes every call through, except
 * what the client option `break` (a comma-separated list) asks it to get
 * wrong:
 *
 *   storage.list-order   list_objects returns the keys in reverse
 *   storage.list-paging  list_objects never gives a next page token
 *   storage.range        a ranged get_object loses the range's first byte
 *   storage.metadata     head_object drops the user metadata
 *   storage.error-kind   get_object and head_object say internal, not not found
 *   storage.hostile      create_bucket with a NULL bucket succeeds
 *   kv.condition         put_item ignores its condition
 *   queue.fifo           receive returns its messages in reverse
 *   pubsub.filter        subscribe ignores the filter policy
 *   functions.error-kind get_function says internal, not not found
 *   double-completion    delete_object completes every call twice
 *   no-completion        head_object never completes
 *   cancel               cancel does nothing
 *
 * Without `break` it behaves exactly as the provider it wraps. The mode is
 * process-wide (the last client opened sets it): a test provider, not a
 * pattern. Built with -std=c99 -Wall -Wextra -Werror -pedantic.
 */
#define _POSIX_C_SOURCE 200809L
#include "cloudkit.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const mode_names[] = {
    "storage.list-order", "storage.list-paging", "storage.range", "storage.metadata", "storage.error-kind",
    "storage.hostile", "kv.condition", "queue.fifo", "pubsub.filter", "functions.error-kind",
    "double-completion", "no-completion", "cancel",
};
enum mode {
    LIST_ORDER, LIST_PAGING, RANGE, METADATA, STORAGE_ERROR_KIND, HOSTILE, KV_CONDITION, QUEUE_FIFO,
    PUBSUB_FILTER, FUNCTIONS_ERROR_KIND, DOUBLE_COMPLETION, NO_COMPLETION, CANCEL, MODE_COUNT
};

static const ck_provider *inner;
static ck_provider table;
static ck_storage_v1 storage;
static ck_kv_v1 kv;
static ck_queue_v1 queue;
static ck_pubsub_v1 pubsub;
static ck_functions_v1 functions;
static const ck_option_info *options[64];
static const ck_option_info break_option = {sizeof(ck_option_info), "break", "what to get wrong (see provider_broken.c)"};
static volatile unsigned modes;

static int on(enum mode mode) { return (modes >> mode) & 1u; }

/* One wrapped call: the host's completion and user_data. */
typedef void (*any_fn)(void);
typedef struct call {
    any_fn done;
    void *user_data;
    int has_range;
} call;

static call *wrap(any_fn done, void *user_data) {
    call *c = malloc(sizeof *c);
    if (!c) abort();
    c->done = done;
    c->user_data = user_data;
    c->has_range = 0;
    return c;
}

/* `status`, or a copy saying internal where it said not found, when `mode` is on. */
static const ck_status *kind_of(const ck_status *status, enum mode mode, ck_status *copy) {
    if (!on(mode) || !status || status->kind != CK_ERR_NOT_FOUND) return status;
    *copy = *status;
    copy->kind = CK_ERR_INTERNAL;
    return copy;
}

static void listed(void *user_data, const ck_status *status, const ck_list_objects_result *result) {
    call *c = user_data;
    ck_list_objects_fn done = (ck_list_objects_fn)c->done;
    void *host = c->user_data;
    ck_list_objects_result copy;
    const ck_object_summary **reversed = NULL;
    size_t i;
    free(c);
    if (!result) {
        done(host, status, result);
        return;
    }
    copy = *result;
    if (on(LIST_ORDER) && result->object_count > 1 && (reversed = malloc(result->object_count * sizeof *reversed))) {
        for (i = 0; i < result->object_count; i++) reversed[i] = result->objects[result->object_count - 1 - i];
        copy.objects = reversed;
    }
    if (on(LIST_PAGING)) copy.next_page_token = NULL;
    done(host, status, &copy);
    free(reversed);
}

static void list_objects(ck_client *client, const ck_list_objects_request *request, ck_list_objects_fn done, void *user_data) {
    if (!on(LIST_ORDER) && !on(LIST_PAGING)) {
        inner->storage->list_objects(client, request, done, user_data);
        return;
    }
    inner->storage->list_objects(client, request, listed, wrap((any_fn)done, user_data));
}

static void got(void *user_data, const ck_status *status, const ck_object_info *info, const uint8_t *data, size_t length) {
    call *c = user_data;
    ck_get_object_fn done = (ck_get_object_fn)c->done;
    void *host = c->user_data;
    int cut = c->has_range && on(RANGE) && data && length > 0;
    ck_status copy;
    free(c);
    done(host, kind_of(status, STORAGE_ERROR_KIND, &copy), info, cut ? data + 1 : data, cut ? length - 1 : length);
}

static void get_object(ck_client *client, const ck_get_object_request *request, ck_get_object_fn done, void *user_data) {
    call *c;
    if (!on(RANGE) && !on(STORAGE_ERROR_KIND)) {
        inner->storage->get_object(client, request, done, user_data);
        return;
    }
    c = wrap((any_fn)done, user_data);
    c->has_range = request && request->has_range;
    inner->storage->get_object(client, request, got, c);
}

static void headed(void *user_data, const ck_status *status, const ck_object_info *info) {
    call *c = user_data;
    ck_object_info_fn done = (ck_object_info_fn)c->done;
    void *host = c->user_data;
    ck_object_info copy;
    ck_status status_copy;
    free(c);
    if (info && on(METADATA)) {
        copy = *info;
        copy.metadata_count = 0;
        info = &copy;
    }
    done(host, kind_of(status, STORAGE_ERROR_KIND, &status_copy), info);
}

static void head_object(ck_client *client, const char *bucket, const char *key, ck_object_info_fn done, void *user_data) {
    if (on(NO_COMPLETION)) return;
    if (!on(METADATA) && !on(STORAGE_ERROR_KIND)) {
        inner->storage->head_object(client, bucket, key, done, user_data);
        return;
    }
    inner->storage->head_object(client, bucket, key, headed, wrap((any_fn)done, user_data));
}

static void deleted_twice(void *user_data, const ck_status *status) {
    call *c = user_data;
    ck_done_fn done = (ck_done_fn)c->done;
    void *host = c->user_data;
    free(c);
    done(host, status);
    done(host, status);
}

static void delete_object(ck_client *client, const char *bucket, const char *key, ck_done_fn done, void *user_data) {
    if (!on(DOUBLE_COMPLETION) || !done) {
        inner->storage->delete_object(client, bucket, key, done, user_data);
        return;
    }
    inner->storage->delete_object(client, bucket, key, deleted_twice, wrap((any_fn)done, user_data));
}

static void create_bucket(ck_client *client, const char *bucket, ck_done_fn done, void *user_data) {
    ck_status ok;
    if (on(HOSTILE) && !bucket && done) {
        memset(&ok, 0, sizeof ok);
        ok.struct_size = sizeof ok;
        ok.kind = CK_OK;
        done(user_data, &ok);
        return;
    }
    inner->storage->create_bucket(client, bucket, done, user_data);
}

static void put_item(ck_client *client, const ck_kv_write_request *request, ck_done_fn done, void *user_data) {
    ck_kv_write_request copy;
    if (on(KV_CONDITION) && request) {
        copy = *request;
        copy.condition = NULL;
        request = &copy;
    }
    inner->kv->put_item(client, request, done, user_data);
}

static void received(void *user_data, const ck_status *status, const ck_message *const *messages, size_t count) {
    call *c = user_data;
    ck_messages_fn done = (ck_messages_fn)c->done;
    void *host = c->user_data;
    const ck_message **reversed = count > 1 ? malloc(count * sizeof *reversed) : NULL;
    size_t i;
    free(c);
    if (!reversed) {
        done(host, status, messages, count);
        return;
    }
    for (i = 0; i < count; i++) reversed[i] = messages[count - 1 - i];
    done(host, status, reversed, count);
    free(reversed);
}

static void receive(ck_client *client, const ck_receive_request *request, ck_messages_fn done, void *user_data) {
    if (!on(QUEUE_FIFO)) {
        inner->queue->receive(client, request, done, user_data);
        return;
    }
    inner->queue->receive(client, request, received, wrap((any_fn)done, user_data));
}

static void subscribe(ck_client *client, const ck_subscribe_request *request, ck_string_fn done, void *user_data) {
    ck_subscribe_request copy;
    if (on(PUBSUB_FILTER) && request) {
        copy = *request;
        copy.filter_policy_json = NULL;
        request = &copy;
    }
    inner->pubsub->subscribe(client, request, done, user_data);
}

static void described(void *user_data, const ck_status *status, const ck_function_info *info) {
    call *c = user_data;
    ck_function_info_fn done = (ck_function_info_fn)c->done;
    void *host = c->user_data;
    ck_status copy;
    free(c);
    done(host, kind_of(status, FUNCTIONS_ERROR_KIND, &copy), info);
}

static void get_function(ck_client *client, const char *function, const char *qualifier, ck_function_info_fn done, void *user_data) {
    if (!on(FUNCTIONS_ERROR_KIND)) {
        inner->functions->get_function(client, function, qualifier, done, user_data);
        return;
    }
    inner->functions->get_function(client, function, qualifier, described, wrap((any_fn)done, user_data));
}

static void cancel(ck_client *client, void *user_data) {
    if (!on(CANCEL)) inner->cancel(client, user_data);
}

/* Takes `break` out of the options, sets the modes, and opens the inner client with the rest. */
static void client_open(const ck_pair *pairs, size_t count, ck_open_fn done, void *user_data) {
    ck_pair *rest = malloc((count + 1) * sizeof *rest);
    size_t i, kept = 0;
    unsigned wanted = 0;
    int m;
    if (!rest) abort();
    for (i = 0; pairs && i < count; i++) {
        char list[512], *name, *save = NULL;
        if (!pairs[i].key || strcmp(pairs[i].key, "break") != 0 || !pairs[i].value) {
            rest[kept++] = pairs[i];
            continue;
        }
        snprintf(list, sizeof list, "%s", pairs[i].value);
        for (name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
            for (m = 0; m < MODE_COUNT && strcmp(name, mode_names[m]) != 0; m++) {}
            if (m == MODE_COUNT) {
                ck_status status;
                memset(&status, 0, sizeof status);
                status.struct_size = sizeof status;
                status.kind = CK_ERR_INVALID_ARGUMENT;
                status.message = "unknown break mode";
                free(rest);
                if (done) done(user_data, &status, NULL);
                return;
            }
            wanted |= 1u << m;
        }
    }
    modes = wanted;
    inner->client_open(rest, kept, done, user_data);
    free(rest);
}

static void refuse(const ck_host *host, const char *reason) {
    if (host && host->struct_size >= sizeof *host && host->init_error && host->init_error_capacity > 0) {
        snprintf(host->init_error, host->init_error_capacity, "%s", reason);
    }
}

__attribute__((visibility("default"))) const ck_provider *cloudkit_provider_init(const ck_host *host) {
    const char *path = getenv("CLOUDKIT_BROKEN_INNER");
    void *library;
    ck_provider_init_fn init;
    size_t i;
    if (!path || !(library = dlopen(path, RTLD_NOW | RTLD_LOCAL))) {
        refuse(host, "CLOUDKIT_BROKEN_INNER must name the provider library to wrap");
        return NULL;
    }
    *(void **)(&init) = dlsym(library, CK_PROVIDER_INIT_SYMBOL);
    if (!init || !(inner = init(host))) {
        refuse(host, "the wrapped provider did not initialise");
        return NULL;
    }
    table = *inner;
    table.name = "broken";
    table.description = "a provider that misbehaves on purpose (tests only)";
    for (i = 0; i < inner->option_count && i < 63; i++) options[i] = inner->options[i];
    options[i] = &break_option;
    table.options = options;
    table.option_count = i + 1;
    table.client_open = client_open;
    if (inner->cancel) table.cancel = cancel;
    if (inner->storage) {
        storage = *inner->storage;
        storage.list_objects = list_objects;
        storage.get_object = get_object;
        storage.head_object = head_object;
        storage.delete_object = delete_object;
        storage.create_bucket = create_bucket;
        table.storage = &storage;
    }
    if (inner->kv) {
        kv = *inner->kv;
        kv.put_item = put_item;
        table.kv = &kv;
    }
    if (inner->queue) {
        queue = *inner->queue;
        queue.receive = receive;
        table.queue = &queue;
    }
    if (inner->pubsub) {
        pubsub = *inner->pubsub;
        pubsub.subscribe = subscribe;
        table.pubsub = &pubsub;
    }
    if (inner->functions) {
        functions = *inner->functions;
        functions.get_function = get_function;
        table.functions = &functions;
    }
    return &table;
}
