/*
 * A C host that uses the queue table of abi/cloudkit.h: creates a queue,
 * sends a message with a typed attribute, receives it (long poll), checks
 * body, attribute and receive count, acknowledges it, checks the queue is
 * empty, and deletes the queue. Built with -std=c99 -Wall -Wextra -Werror
 * -pedantic and ASan.
 *
 * usage: abi_queue LIBRARY QUEUE [KEY=VALUE option ...]
 * exit status 0 when every step behaved as expected.
 */
#include "test_host.h"

/* Keeps "id|body|attribute value|receive count" of the first message, and its receipt handle after a newline. */
static void on_messages(void *user_data, const ck_status *status, const ck_message *const *messages, size_t count) {
    result *r = user_data;
    copy_status(r, status);
    r->count = count;
    if (count > 0 && CK_HAS_MEMBER(messages[0], ck_message, sent_ms)) {
        const ck_message *m = messages[0];
        const char *value = "";
        size_t i;
        for (i = 0; i < m->attribute_count; i++) {
            if (strcmp(m->attributes[i]->name, "origin") == 0 && m->attributes[i]->string_value) value = m->attributes[i]->string_value;
        }
        snprintf(r->text, sizeof r->text, "%s|%.*s|%s|%d\n%s", m->message_id, (int)m->body_length, (const char *)m->body, value,
                 (int)m->receive_count, m->receipt_handle);
    }
    ck_sync_signal(&r->sync);
}

int main(int argc, char **argv) {
    const ck_provider *provider = NULL;
    ck_client *client;
    result r;
    const char *queue;
    char message_id[256] = "";
    char expected[512];
    const char *handle;
    int ok = 1;

    if (argc < 3) {
        fprintf(stderr, "usage: %s LIBRARY QUEUE [KEY=VALUE ...]\n", argv[0]);
        return 2;
    }
    queue = argv[2];
    client = open_client(argv[1], argc, argv, 3, &provider);
    if (!client) return 1;
    if (!provider->queue || !provider->queue->create_queue) {
        fprintf(stderr, "provider has no queues\n");
        return 1;
    }
    ok = create_standard_queue(provider, client, queue, &r);
    if (ok) {
        ck_attribute origin;
        const ck_attribute *attributes[1];
        ck_send_request send;
        const char *body = "hello from C";
        memset(&origin, 0, sizeof origin);
        origin.struct_size = sizeof origin;
        origin.name = "origin";
        origin.type = "String";
        origin.string_value = "c-program";
        attributes[0] = &origin;
        memset(&send, 0, sizeof send);
        send.struct_size = sizeof send;
        send.queue = queue;
        send.body = (const uint8_t *)body;
        send.body_length = strlen(body);
        send.attributes = attributes;
        send.attribute_count = 1;
        send.delay_seconds = -1;
        result_init(&r);
        provider->queue->send(client, &send, on_sent_result, &r);
        ok = expect_ok("send", &r);
        strncpy(message_id, r.text, sizeof message_id - 1);
    }
    if (ok) {
        ck_receive_request receive;
        memset(&receive, 0, sizeof receive);
        receive.struct_size = sizeof receive;
        receive.queue = queue;
        receive.max_messages = 10;
        receive.wait_seconds = 2;
        receive.visibility_timeout_seconds = -1;
        result_init(&r);
        provider->queue->receive(client, &receive, on_messages, &r);
        ok = expect_ok("receive", &r);
        snprintf(expected, sizeof expected, "%s|hello from C|c-program|1\n", message_id);
        if (ok && (r.count != 1 || strncmp(r.text, expected, strlen(expected)) != 0)) {
            fprintf(stderr, "receive returned %u messages: %s\n", (unsigned)r.count, r.text);
            ok = 0;
        }
    }
    if (ok) {
        result acked;
        handle = strchr(r.text, '\n') + 1;
        result_init(&acked);
        provider->queue->ack(client, queue, handle, on_done, &acked);
        ok = expect_ok("ack", &acked);
    }
    if (ok) {
        ck_receive_request receive;
        memset(&receive, 0, sizeof receive);
        receive.struct_size = sizeof receive;
        receive.queue = queue;
        receive.max_messages = 10;
        receive.visibility_timeout_seconds = -1;
        result_init(&r);
        provider->queue->receive(client, &receive, on_messages, &r);
        ok = expect_ok("receive after ack", &r);
        if (ok && r.count != 0) {
            fprintf(stderr, "the acknowledged message came back\n");
            ok = 0;
        }
    }
    if (ok) {
        result_init(&r);
        provider->queue->delete_queue(client, queue, on_done, &r);
        ok = expect_ok("delete_queue", &r);
    }

    provider->client_close(client);
    printf(ok ? "ok\n" : "FAILED\n");
    return ok ? 0 : 1;
}
