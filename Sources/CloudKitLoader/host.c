#define _POSIX_C_SOURCE 200809L
#include "cloudkit_loader.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

void ck_loader_default_host(ck_host *host) {
    if (!host) return;
    memset(host, 0, sizeof *host);
    host->struct_size = sizeof *host;
    host->abi_major = CK_ABI_VERSION_MAJOR;
    host->abi_minor = CK_ABI_VERSION_MINOR;
    host->log_level = CK_LOG_WARNING;
}

static const char *level_name(int32_t level) {
    switch (level) {
    case CK_LOG_TRACE: return "trace";
    case CK_LOG_DEBUG: return "debug";
    case CK_LOG_INFO: return "info";
    case CK_LOG_WARNING: return "warning";
    case CK_LOG_ERROR: return "error";
    default: return "log";
    }
}

void ck_loader_log_to_stderr(void *user_data, int32_t level, const char *message) {
    (void)user_data;
    char line[4096];
    int length = snprintf(line, sizeof line, "cloudkit: %s: %s\n", level_name(level), message ? message : "");
    if (length < 0) return;
    if ((size_t)length >= sizeof line) {
        length = (int)sizeof line - 1;
        line[length - 1] = '\n';
    }
    /* One write, so lines from threads logging at once do not interleave. */
    ssize_t written = write(STDERR_FILENO, line, (size_t)length);
    (void)written;
}
