/* The calls in flight on a client: registration, cancellation, draining (see mem_client.h). */
#include "mem_abi.h"
#include "mem_client.h"

int mem_call_begin(mem_call *call, ck_client *client, void *user_data, mem_error *error) {
    call->next = call->previous = NULL;
    call->client = NULL;
    call->user_data = user_data;
    call->cancelled = 0;
    if (!client) return mem_invalid(error, "client is NULL");
    pthread_mutex_lock(&client->calls_lock);
    if (client->closing) {
        pthread_mutex_unlock(&client->calls_lock);
        return mem_fail(error, CK_ERR_CANCELLED, "Cancelled", "the client is closed");
    }
    call->client = client;
    call->next = client->calls;
    if (client->calls) client->calls->previous = call;
    client->calls = call;
    pthread_mutex_unlock(&client->calls_lock);
    return 1;
}

int mem_call_live(mem_call *call, mem_error *error) {
    int cancelled;
    if (!call->client) return 1;
    pthread_mutex_lock(&call->client->calls_lock);
    cancelled = call->cancelled;
    pthread_mutex_unlock(&call->client->calls_lock);
    if (cancelled) return mem_fail(error, CK_ERR_CANCELLED, "Cancelled", "the call was cancelled (or its client closed) while in flight");
    return 1;
}

void mem_call_end(mem_call *call) {
    ck_client *client = call->client;
    if (!client) return;
    pthread_mutex_lock(&client->calls_lock);
    if (call->previous) call->previous->next = call->next;
    else client->calls = call->next;
    if (call->next) call->next->previous = call->previous;
    if (client->closing && !client->calls) pthread_cond_broadcast(&client->drained);
    pthread_mutex_unlock(&client->calls_lock);
    call->client = NULL;
}

/**
 * ck_provider.cancel (ABI 1.2): marks the calls in flight on `client` that
 * were started with `user_data`; each stops at its next check (a chunk of
 * a body, or before it commits) and completes, on its own thread and
 * exactly once, with CK_ERR_CANCELLED — unless it finished first. A NULL
 * `user_data`, or one no call in flight has, cancels nothing. Never blocks
 * on the store; safe from any thread, also from a callback of that call.
 */
void mem_client_cancel(ck_client *client, void *user_data) {
    mem_call *call;
    if (!client || !user_data) return;
    pthread_mutex_lock(&client->calls_lock);
    for (call = client->calls; call; call = call->next) {
        if (call->user_data == user_data) call->cancelled = 1;
    }
    pthread_mutex_unlock(&client->calls_lock);
}
