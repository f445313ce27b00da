/* Opening and closing clients (see mem_client.h). */
#include "mem_abi.h"
#include "mem_client.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The max_object_size option: a whole number of bytes, 1 up to the default. */
static int parse_max_object_size(const char *text, int64_t *out, mem_error *error) {
    char *end = NULL;
    long long value;
    errno = 0;
    value = (text[0] >= '0' && text[0] <= '9') ? strtoll(text, &end, 10) : -1;
    if (errno != 0 || !end || *end != '\0' || value < 1 || value > CK_MEMORY_MAX_OBJECT_SIZE) {
        return mem_invalid(error, "option '%s' must be a whole number of bytes from 1 to %lld, not '%.100s'",
                           CK_MEMORY_OPTION_MAX_OBJECT_SIZE, (long long)CK_MEMORY_MAX_OBJECT_SIZE, text);
    }
    *out = value;
    return 1;
}

/* Reads the client options into `client`. */
static int read_options(const ck_pair *options, size_t count, ck_client *client, mem_error *error) {
    size_t index, other;
    if (!mem_pairs(options, count, "options", error)) return 0;
    for (index = 0; index < count; index++) {
        for (other = 0; other < index; other++) {
            if (strcmp(options[index].key, options[other].key) == 0) {
                return mem_invalid(error, "option '%.200s' is given twice", options[index].key);
            }
        }
        if (strcmp(options[index].key, CK_MEMORY_OPTION_MAX_OBJECT_SIZE) == 0) {
            if (!parse_max_object_size(options[index].value, &client->max_object_size, error)) return 0;
        } else {
            return mem_fail(error, CK_ERR_INVALID_ARGUMENT, "UnknownOption", "unknown option '%.200s' for provider memory (accepted: %s)",
                            options[index].key, CK_MEMORY_OPTION_MAX_OBJECT_SIZE);
        }
    }
    return 1;
}

/* A new, empty client; NULL when out of memory. */
static ck_client *client_new(void) {
    ck_client *client = calloc(1, sizeof *client);
    if (!client) return NULL;
    if (pthread_mutex_init(&client->calls_lock, NULL) != 0) {
        free(client);
        return NULL;
    }
    if (pthread_cond_init(&client->drained, NULL) != 0) {
        pthread_mutex_destroy(&client->calls_lock);
        free(client);
        return NULL;
    }
    if (pthread_mutex_init(&client->store.lock, NULL) != 0) {
        pthread_cond_destroy(&client->drained);
        pthread_mutex_destroy(&client->calls_lock);
        free(client);
        return NULL;
    }
    client->max_object_size = CK_MEMORY_MAX_OBJECT_SIZE;
    return client;
}

static void client_free(ck_client *client) {
    mem_storage_destroy(&client->store);
    mem_kv_destroy(&client->store);
    pthread_mutex_destroy(&client->store.lock);
    pthread_cond_destroy(&client->drained);
    pthread_mutex_destroy(&client->calls_lock);
    free(client);
}

/**
 * ck_provider.client_open: opens a client with an empty store of its own.
 * `options` (borrowed) may hold max_object_size; any other key is
 * CK_ERR_INVALID_ARGUMENT naming it. The client belongs to the host until
 * client_close. `done` is called exactly once, on this thread, before
 * this returns.
 */
void mem_client_open(const ck_pair *options, size_t option_count, ck_open_fn done, void *user_data) {
    mem_error error;
    ck_status status;
    ck_client *client;
    if (!done) return;
    client = client_new();
    if (!client) {
        mem_out_of_memory(&error);
    } else if (!read_options(options, option_count, client, &error)) {
        client_free(client);
        client = NULL;
    }
    if (!client) {
        mem_status_of(&error, &status);
        done(user_data, &status, NULL);
        return;
    }
    mem_log(CK_LOG_DEBUG, "memory provider: client opened (max_object_size %lld)", (long long)client->max_object_size);
    mem_status_ok(&status);
    done(user_data, &status, client);
}

/**
 * ck_provider.client_close: refuses new calls, cancels those in flight on
 * other threads and waits until each has completed, then frees the client
 * and everything its store held. Must not be called from one of the
 * client's own callbacks (it would wait for itself).
 */
void mem_client_close(ck_client *client) {
    mem_call *call;
    if (!client) return;
    pthread_mutex_lock(&client->calls_lock);
    client->closing = 1;
    for (call = client->calls; call; call = call->next) call->cancelled = 1;
    while (client->calls) pthread_cond_wait(&client->drained, &client->calls_lock);
    pthread_mutex_unlock(&client->calls_lock);
    client_free(client);
    mem_log(CK_LOG_DEBUG, "memory provider: client closed");
}
