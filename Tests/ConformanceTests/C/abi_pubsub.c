/*
 * A C host that uses the pub/sub table of abi/cloudkit.h: creates a topic
 * and a queue, subscribes the queue with raw delivery, publishes a message
 * with a typed attribute, receives it from the queue (body and attribute as
 * published), lists the topic's subscriptions, unsubscribes, and deletes the
 * topic and the queue. Built with -std=c99 -Wall -Wextra -Werror -pedantic
 * and ASan.
 *
 * usage: abi_pubsub LIBRARY NAME [KEY=VALUE option ...]
 * (the topic is NAME-topic, the queue NAME-queue)
 * exit status 0 when every step behaved as expected.
 */
#include "test_host.h"

/* Keeps "body|origin attribute" of the first message, and its receipt handle after a newline. */
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
        snprintf(r->text, sizeof r->text, "%.*s|%s\n%s", (int)m->body_length, (const char *)m->body, value, m->receipt_handle);
    }
    ck_sync_signal(&r->sync);
}

/* Keeps "id|protocol|endpoint|raw" per subscription, one a line. */
static void on_subscriptions(void *user_data, const ck_status *status, const ck_subscription *const *subscriptions,
                             size_t count, const char *next_page_token) {
    result *r = user_data;
    size_t i;
    char line[1024];
    copy_status(r, status);
    (void)next_page_token;
    r->count = count;
    for (i = 0; i < count; i++) {
        const ck_subscription *s = subscriptions[i];
        if (!CK_HAS_MEMBER(s, ck_subscription, filter_policy_json)) continue;
        snprintf(line, sizeof line, "%s|%s|%s|%d\n", s->id ? s->id : "", s->protocol ? s->protocol : "",
                 s->endpoint ? s->endpoint : "", (int)s->raw_delivery);
        if (strlen(r->text) + strlen(line) < sizeof r->text) strcat(r->text, line);
    }
    ck_sync_signal(&r->sync);
}

static int ends_with(const char *text, const char *suffix) {
    size_t a = strlen(text), b = strlen(suffix);
    return a >= b && strcmp(text + a - b, suffix) == 0;
}

int main(int argc, char **argv) {
    const ck_provider *provider = NULL;
    ck_client *client;
    result r;
    char topic[256];
    char queue[256];
    char subscription[1024] = "";
    char expected[2048];
    int ok = 1;

    if (argc < 3) {
        fprintf(stderr, "usage: %s LIBRARY NAME [KEY=VALUE ...]\n", argv[0]);
        return 2;
    }
    snprintf(topic, sizeof topic, "%s-topic", argv[2]);
    snprintf(queue, sizeof queue, "%s-queue", argv[2]);
    client = open_client(argv[1], argc, argv, 3, &provider);
    if (!client) return 1;
    if (!provider->pubsub || !provider->queue || !provider->pubsub->create_topic || !provider->queue->create_queue) {
        fprintf(stderr, "provider has no pub/sub or no queues\n");
        return 1;
    }
    ok = create_standard_queue(provider, client, queue, &r);
    if (ok) {
        ck_topic_spec spec;
        memset(&spec, 0, sizeof spec);
        spec.struct_size = sizeof spec;
        spec.name = topic;
        result_init(&r);
        provider->pubsub->create_topic(client, &spec, on_string_result, &r);
        ok = expect_ok("create_topic", &r);
        if (ok && !ends_with(r.text, topic)) {
            fprintf(stderr, "create_topic returned %s, not an ARN ending in the topic's name\n", r.text);
            ok = 0;
        }
    }
    if (ok) {
        ck_subscribe_request subscribe;
        memset(&subscribe, 0, sizeof subscribe);
        subscribe.struct_size = sizeof subscribe;
        subscribe.topic = topic;
        subscribe.queue = queue;
        subscribe.raw_delivery = 1;
        result_init(&r);
        provider->pubsub->subscribe(client, &subscribe, on_string_result, &r);
        ok = expect_ok("subscribe", &r);
        strncpy(subscription, r.text, sizeof subscription - 1);
        if (ok && subscription[0] == '\0') {
            fprintf(stderr, "subscribe returned no subscription ARN\n");
            ok = 0;
        }
    }
    if (ok) {
        ck_attribute origin;
        const ck_attribute *attributes[1];
        ck_publish_request publish;
        memset(&origin, 0, sizeof origin);
        origin.struct_size = sizeof origin;
        origin.name = "origin";
        origin.type = "String";
        origin.string_value = "c-program";
        attributes[0] = &origin;
        memset(&publish, 0, sizeof publish);
        publish.struct_size = sizeof publish;
        publish.topic = topic;
        publish.message = "hello from C";
        publish.attributes = attributes;
        publish.attribute_count = 1;
        result_init(&r);
        provider->pubsub->publish(client, &publish, on_sent_result, &r);
        ok = expect_ok("publish", &r);
        if (ok && r.text[0] == '\0') {
            fprintf(stderr, "publish returned no message id\n");
            ok = 0;
        }
    }
    if (ok) {
        /* Long polls return as soon as the message is there; a few cover a slow delivery. */
        ck_receive_request receive;
        int attempt;
        memset(&receive, 0, sizeof receive);
        receive.struct_size = sizeof receive;
        receive.queue = queue;
        receive.max_messages = 10;
        receive.wait_seconds = 20;
        receive.visibility_timeout_seconds = -1;
        for (attempt = 0; ok && attempt < 3; attempt++) {
            result_init(&r);
            provider->queue->receive(client, &receive, on_messages, &r);
            ok = expect_ok("receive", &r);
            if (r.count > 0) break;
        }
        if (ok && (r.count != 1 || strncmp(r.text, "hello from C|c-program\n", strlen("hello from C|c-program\n")) != 0)) {
            fprintf(stderr, "receive returned %u messages: %s\n", (unsigned)r.count, r.text);
            ok = 0;
        }
    }
    if (ok) {
        result acked;
        result_init(&acked);
        provider->queue->ack(client, queue, strchr(r.text, '\n') + 1, on_done, &acked);
        ok = expect_ok("ack", &acked);
    }
    if (ok) {
        result_init(&r);
        provider->pubsub->list_subscriptions(client, topic, NULL, on_subscriptions, &r);
        ok = expect_ok("list_subscriptions", &r);
        snprintf(expected, sizeof expected, "%s|sqs|", subscription);
        if (ok && (r.count != 1 || strncmp(r.text, expected, strlen(expected)) != 0)) {
            fprintf(stderr, "list_subscriptions returned %u: %s\n", (unsigned)r.count, r.text);
            ok = 0;
        }
        snprintf(expected, sizeof expected, ":%s|1\n", queue);
        if (ok && !ends_with(r.text, expected)) {
            fprintf(stderr, "the subscription's endpoint is not the queue's ARN, or delivery is not raw: %s\n", r.text);
            ok = 0;
        }
    }
    if (ok) {
        result_init(&r);
        provider->pubsub->unsubscribe(client, subscription, on_done, &r);
        ok = expect_ok("unsubscribe", &r);
    }
    if (ok) {
        result_init(&r);
        provider->pubsub->list_subscriptions(client, topic, NULL, on_subscriptions, &r);
        ok = expect_ok("list_subscriptions after unsubscribe", &r);
        if (ok && r.count != 0) {
            fprintf(stderr, "the subscription is still listed: %s\n", r.text);
            ok = 0;
        }
    }
    if (ok) {
        result_init(&r);
        provider->pubsub->delete_topic(client, topic, on_done, &r);
        ok = expect_ok("delete_topic", &r);
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
