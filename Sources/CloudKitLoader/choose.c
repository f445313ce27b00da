#include "choose.h"

#include "arena.h"
#include "error.h"
#include "paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ckl_choice {
    ck_loader_choice public_choice; /* first: a ck_loader_choice * is a ckl_choice * */
    ckl_arena arena;
    ck_config *config;
    ck_options *explicit_options;
} ckl_choice;

/* A file named by the request or CLOUDKIT_CONFIG must exist; `what` says which in the message. */
static int32_t required_file(const char *path, const char *what, const char **chosen, ck_loader_error *error) {
    if (!ckl_exists(path)) {
        return ckl_fail(error, CK_ERR_NOT_FOUND, CKL_CONFIG_NOT_FOUND, "configuration file %s%s does not exist", path, what);
    }
    *chosen = path;
    return CK_OK;
}

/*
 * The configuration file: the request's, else CLOUDKIT_CONFIG's (each must
 * exist), else ./cloudkit.toml, else $XDG_CONFIG_HOME/cloudkit/config.toml
 * (~/.config/cloudkit/config.toml); *chosen is NULL when there is none.
 */
static int32_t config_path(const ckl_request *request, ckl_arena *arena, const char **chosen, ck_loader_error *error) {
    *chosen = NULL;
    if (request->given.config_path) return required_file(request->given.config_path, "", chosen, error);
    const char *from_environment = ckl_env_set(request, "CLOUDKIT_CONFIG");
    if (from_environment) return required_file(from_environment, " (CLOUDKIT_CONFIG)", chosen, error);
    const char *local = ckl_join(arena, request->current_directory, "cloudkit.toml");
    const char *config_home = ckl_env_set(request, "XDG_CONFIG_HOME");
    const char *home = ckl_env_set(request, "HOME");
    const char *user = config_home ? ckl_join(arena, config_home, "cloudkit/config.toml")
                       : home      ? ckl_join(arena, home, ".config/cloudkit/config.toml")
                                   : "";
    if (!local || !user) return ckl_no_memory(error, "finding the configuration file");
    if (ckl_exists(local)) *chosen = local;
    else if (*user && ckl_exists(user)) *chosen = user;
    return CK_OK;
}

/* Sets the provider and where it came from, by the rules' precedence. */
static int32_t choose_provider(const ckl_request *request, ckl_choice *choice, ck_loader_error *error) {
    ck_loader_choice *chosen = &choice->public_choice;
    const char *from_environment = ckl_env_set(request, "CLOUDKIT_PROVIDER");
    const char *from_file = ck_config_get(choice->config, "", "provider");
    if (request->given.provider && request->given.provider[0]) {
        chosen->provider = ckl_strdup(&choice->arena, request->given.provider);
        chosen->source = "argument";
    } else if (from_environment) {
        chosen->provider = ckl_strdup(&choice->arena, from_environment);
        chosen->source = "CLOUDKIT_PROVIDER";
    } else if (from_file) {
        chosen->provider = from_file;
        size_t length = strlen("config file ") + strlen(chosen->config_path) + 1;
        char *source = ckl_alloc(&choice->arena, length);
        if (source) snprintf(source, length, "config file %s", chosen->config_path);
        chosen->source = source;
    } else {
        chosen->provider = "local";
        chosen->source = "default";
    }
    return chosen->provider && chosen->source ? CK_OK : ckl_no_memory(error, "choosing the provider");
}

int32_t ckl_choose(const ckl_request *request, ck_loader_choice **out, ck_loader_error *error) {
    *out = NULL;
    ckl_choice *choice = calloc(1, sizeof *choice);
    if (!choice) return ckl_no_memory(error, "choosing the provider");
    choice->public_choice.struct_size = sizeof choice->public_choice;
    const char *path = NULL;
    int32_t kind = config_path(request, &choice->arena, &path, error);
    if (kind == CK_OK && path) {
        choice->public_choice.config_path = ckl_strdup(&choice->arena, path);
        kind = choice->public_choice.config_path ? ck_config_load(path, &choice->config, error)
                                                 : ckl_no_memory(error, "choosing the provider");
    } else if (kind == CK_OK) {
        kind = ck_config_parse("", 0, "no configuration file", &choice->config, error);
    }
    if (kind == CK_OK) {
        choice->public_choice.config = choice->config;
        kind = ck_loader_merge_options(NULL, 0, request->given.options, request->given.option_count,
                                       &choice->explicit_options, error);
    }
    if (kind == CK_OK) {
        choice->public_choice.explicit_options = choice->explicit_options;
        kind = choose_provider(request, choice, error);
    }
    if (kind != CK_OK) {
        ck_loader_choice_free(&choice->public_choice);
        return kind;
    }
    *out = &choice->public_choice;
    return ckl_ok(error);
}

int32_t ck_loader_choose(const ck_loader_request *request, ck_loader_choice **out, ck_loader_error *error) {
    if (!out) return ckl_fail(error, CK_ERR_INVALID_ARGUMENT, CKL_BAD_REQUEST, "ck_loader_choose: out is NULL");
    *out = NULL;
    int32_t kind;
    ckl_request *read = ckl_request_new(request, &kind, error);
    if (read) kind = ckl_choose(read, out, error);
    free(read);
    return kind;
}

void ck_loader_choice_free(ck_loader_choice *choice) {
    if (!choice) return;
    ckl_choice *owned = (ckl_choice *)choice;
    ck_config_free(owned->config);
    ck_options_free(owned->explicit_options);
    ckl_arena_free(&owned->arena);
    free(owned);
}
