/*
 * What the library agreed with its hosts (rule 2d) and the host's log
 * sink: the only state shared by all clients, set by cloudkit_provider_init.
 */
#include "mem_abi.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t host_lock = PTHREAD_MUTEX_INITIALIZER;
static uint32_t agreed_minor = MEM_ABI_MINOR;
static int log_set;
static ck_log_fn log_sink;
static void *log_context;
static int32_t log_threshold;

uint32_t mem_agreed_minor(void) {
    uint32_t minor;
    pthread_mutex_lock(&host_lock);
    minor = agreed_minor;
    pthread_mutex_unlock(&host_lock);
    return minor;
}

void mem_host_announced(uint32_t minor, ck_log_fn log, void *log_user_data, int32_t log_level) {
    pthread_mutex_lock(&host_lock);
    if (minor < agreed_minor) agreed_minor = minor;
    if (!log_set) {
        log_set = 1;
        log_sink = log;
        log_context = log_user_data;
        log_threshold = log_level;
    }
    pthread_mutex_unlock(&host_lock);
}

void mem_log(int32_t level, const char *format, ...) {
    ck_log_fn sink;
    void *context;
    int wanted;
    char line[512];
    va_list arguments;
    pthread_mutex_lock(&host_lock);
    sink = log_sink;
    context = log_context;
    wanted = level >= log_threshold;
    pthread_mutex_unlock(&host_lock);
    if (!sink || !wanted) return;
    va_start(arguments, format);
    vsnprintf(line, sizeof line, format, arguments);
    va_end(arguments);
    mem_utf8_repair(line);
    sink(context, level, line);
}

void mem_status_ok(ck_status *status) {
    memset(status, 0, sizeof *status);
    status->struct_size = sizeof *status;
    status->kind = CK_OK;
}

void mem_status_of(const mem_error *error, ck_status *status) {
    memset(status, 0, sizeof *status);
    status->struct_size = sizeof *status;
    status->kind = error->kind;
    status->http_status = error->http_status;
    status->code = error->code;
    status->message = error->message;
    status->details_json = error->details[0] ? error->details : NULL;
}

void mem_complete_done(ck_done_fn done, void *user_data, int ok, const mem_error *error) {
    ck_status status;
    if (ok) mem_status_ok(&status);
    else mem_status_of(error, &status);
    done(user_data, &status);
}

void mem_complete_string(ck_string_fn done, void *user_data, int ok, const char *value, const mem_error *error) {
    ck_status status;
    if (ok) mem_status_ok(&status);
    else mem_status_of(error, &status);
    done(user_data, &status, ok ? value : NULL);
}
