/*
 * A C host that uses the functions table of abi/cloudkit.h: invokes an echo
 * function synchronously and checks the payload comes back, runs a dry run,
 * describes the function, and checks that a missing function is not found.
 * Built with -std=c99 -Wall -Wextra -Werror -pedantic and ASan.
 *
 * usage: abi_function LIBRARY FUNCTION [KEY=VALUE option ...]
 * exit status 0 when every step behaved as expected.
 */
#include "test_host.h"

/* Keeps the status code in `count` and the payload in `text`. */
static void on_invoke(void *user_data, const ck_status *status, const ck_invoke_result *invoked) {
    result *r = user_data;
    copy_status(r, status);
    if (invoked && CK_HAS_MEMBER(invoked, ck_invoke_result, log_tail)) {
        r->count = (size_t)invoked->status_code;
        if (invoked->payload && invoked->payload_length < sizeof r->text) memcpy(r->text, invoked->payload, invoked->payload_length);
    }
    ck_sync_signal(&r->sync);
}

static void on_info(void *user_data, const ck_status *status, const ck_function_info *info) {
    result *r = user_data;
    copy_status(r, status);
    if (info && info->name) strncpy(r->text, info->name, sizeof r->text - 1);
    ck_sync_signal(&r->sync);
}

int main(int argc, char **argv) {
    const ck_provider *provider = NULL;
    ck_client *client;
    result r;
    const char *function;
    const char *payload = "{\"from\":\"C\",\"n\":1}";
    char missing[512];
    int ok = 1;

    if (argc < 3) {
        fprintf(stderr, "usage: %s LIBRARY FUNCTION [KEY=VALUE ...]\n", argv[0]);
        return 2;
    }
    function = argv[2];
    client = open_client(argv[1], argc, argv, 3, &provider);
    if (!client) return 1;
    if (!provider->functions || !provider->functions->invoke) {
        fprintf(stderr, "provider has no functions\n");
        return 1;
    }
    {
        ck_invoke_request invoke;
        memset(&invoke, 0, sizeof invoke);
        invoke.struct_size = sizeof invoke;
        invoke.function = function;
        invoke.payload = (const uint8_t *)payload;
        invoke.payload_length = strlen(payload);
        invoke.invocation_type = CK_INVOKE_SYNC;
        result_init(&r);
        provider->functions->invoke(client, &invoke, on_invoke, &r);
        ok = expect_ok("invoke", &r);
        if (ok && (r.count != 200 || strcmp(r.text, payload) != 0)) {
            fprintf(stderr, "invoke returned status %u: %s\n", (unsigned)r.count, r.text);
            ok = 0;
        }
    }
    if (ok) {
        ck_invoke_request dry;
        memset(&dry, 0, sizeof dry);
        dry.struct_size = sizeof dry;
        dry.function = function;
        dry.invocation_type = CK_INVOKE_DRY_RUN;
        result_init(&r);
        provider->functions->invoke(client, &dry, on_invoke, &r);
        ok = expect_ok("dry run", &r);
        if (ok && r.count != 204) {
            fprintf(stderr, "dry run returned status %u\n", (unsigned)r.count);
            ok = 0;
        }
    }
    if (ok) {
        result_init(&r);
        provider->functions->get_function(client, function, NULL, on_info, &r);
        ok = expect_ok("get_function", &r);
        if (ok && strcmp(r.text, function) != 0) {
            fprintf(stderr, "get_function named %s\n", r.text);
            ok = 0;
        }
    }
    if (ok) {
        snprintf(missing, sizeof missing, "%s-missing", function);
        result_init(&r);
        provider->functions->get_function(client, missing, NULL, on_info, &r);
        ok = expect_kind("get_function of a missing function", &r, CK_ERR_NOT_FOUND);
    }

    provider->client_close(client);
    printf(ok ? "ok\n" : "FAILED\n");
    return ok ? 0 : 1;
}
