/*
 * cloudkit_loader.h — choose, find, load and open a cloudkit provider.
 *
 * libcloudkit-loader.so is a small plain-C library (no Swift runtime) that
 * does, for any host, what `abi/cloudkit.h` leaves to the host: it chooses
 * the provider, finds its library, dlopens it, checks its ABI, reads the
 * provider's section of the configuration file and opens a client with it.
 * The Swift host (`Sources/CloudKit`) is built on this same code, so C and
 * Swift programs follow one set of rules:
 *
 *   provider:  the request's `provider` (a name or a path) → CLOUDKIT_PROVIDER
 *              → the configuration file's top-level `provider` key → "local".
 *   file:      the request's `config_path` (must exist) → CLOUDKIT_CONFIG
 *              (must exist) → ./cloudkit.toml → $XDG_CONFIG_HOME/cloudkit/config.toml
 *              (XDG_CONFIG_HOME defaulting to ~/.config); none is fine.
 *   library:   a value containing '/' is a path; a name NAME is
 *              libcloudkit-NAME.so searched in CLOUDKIT_PLUGIN_PATH
 *              (colon-separated), then beside the executable, then
 *              <executable's folder>/../lib/cloudkit, then the folder
 *              `cloudkit` beside libcloudkit-loader.so itself (an
 *              installed PREFIX/lib/cloudkit), then /usr/local/lib/cloudkit.
 *   options:   the file's [NAME] section (NAME: the name the provider's
 *              table reports), overridden key by key by the request's options.
 *
 * The configuration file is a subset of TOML: comments, `[name]` section
 * headers and `key = value` lines whose keys are bare keys and whose values
 * are basic or literal one-line strings, decimal integers or booleans.
 * Anything else (arrays, inline tables, floats, dates, dotted or quoted keys,
 * multi-line strings, a table defined twice) is refused with the file and
 * the line; values never appear in an error, since they may be secrets.
 *
 * A whole C host, with the blocking helper of cloudkit.h:
 *
 *     ck_loader_error error = CK_LOADER_ERROR_INIT;
 *     ck_loaded *cloud;
 *     if (ck_loader_open(NULL, &cloud, &error) != CK_OK) {
 *         fprintf(stderr, "%s\n", error.message);  // says what was tried, where
 *         return 1;
 *     }
 *     cloud->provider->storage->create_bucket(cloud->client, "photos", on_done, &result);
 *     ...
 *     ck_loader_close(cloud);
 *
 * Build with `cc app.c $(pkg-config --cflags --libs cloudkit)`.
 *
 * Conventions: C99; every struct the loader or a caller fills starts with
 * `struct_size` and grows only at its end, as in cloudkit.h (a caller sets
 * `struct_size = sizeof` of its header's struct and zeroes the rest; the
 * loader reads and writes nothing past it). Every function is thread-safe;
 * those that consult the environment read it with getenv(), so they must not
 * run while another thread calls setenv() (give `environment` instead).
 * Every object a function returns is owned by the caller and released with
 * the matching *_free (or ck_loader_close); strings inside it live as long
 * as it does.
 */
#ifndef CLOUDKIT_LOADER_H
#define CLOUDKIT_LOADER_H

#include "cloudkit.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The version of this header's API; members and functions are only appended. */
#define CK_LOADER_VERSION_MAJOR 1
#define CK_LOADER_VERSION_MINOR 0

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/**
 * Every loader function that returns an int32_t returns a ck_kind: CK_OK,
 * or the kind of its failure, which it also writes here.
 *
 * Why a loader call failed. The caller owns it and sets `struct_size`
 * (CK_LOADER_ERROR_INIT does); a NULL error, or one whose `struct_size` is
 * smaller than this 1.0 struct, receives nothing: the return value still
 * says the kind.
 *
 * Stable codes: "BadRequest" (invalid argument: a NULL out pointer, a bad
 * provider name, an option given twice), "ConfigNotFound", "ConfigUnreadable",
 * "ConfigSyntax", "ProviderNotFound", "ProviderLoadFailed",
 * "ProviderEntryMissing", "ProviderInitFailed", "ProviderABIMismatch",
 * "OutOfMemory"; when the provider's own client_open fails, its code (or
 * "ClientOpenFailed" when it gave none).
 */
typedef struct ck_loader_error {
    size_t struct_size;  /**< set by the caller: sizeof(ck_loader_error) */
    int32_t kind;        /**< a ck_kind; CK_OK after a success */
    int32_t reserved0;   /**< zero */
    char code[64];       /**< a stable code (above); "" after a success */
    char message[2048];  /**< what failed, what was tried and where; NUL-terminated, cut to fit; "" after a success */
} ck_loader_error;

/** An initializer for a ck_loader_error: `ck_loader_error error = CK_LOADER_ERROR_INIT;`. */
#define CK_LOADER_ERROR_INIT { sizeof(ck_loader_error), 0, 0, "", "" }

/* ------------------------------------------------------------------ */
/* Host                                                                */
/* ------------------------------------------------------------------ */

/**
 * Fills `*host` (all of it) with what this header's ABI offers a provider:
 * `struct_size`, CK_ABI_VERSION_MAJOR/MINOR, no log callback (the provider
 * stays silent) and log level CK_LOG_WARNING. The host every call uses when
 * a request gives none. To see a provider's log lines on stderr, set
 * `host->log = ck_loader_log_to_stderr` and lower `log_level` as wanted.
 */
void ck_loader_default_host(ck_host *host);

/**
 * A ck_log_fn that writes "cloudkit: LEVEL: message" lines to stderr, one
 * write per line. `user_data` is ignored. Thread-safe.
 */
void ck_loader_log_to_stderr(void *user_data, int32_t level, const char *message);

/* ------------------------------------------------------------------ */
/* Requests                                                            */
/* ------------------------------------------------------------------ */

/**
 * What to load. Borrowed for the duration of a call. A NULL request is a
 * request with every member at its default, which chooses everything from
 * the environment and the configuration file. Zero it before filling it.
 */
typedef struct ck_loader_request {
    size_t struct_size;               /**< sizeof(ck_loader_request) */
    const char *provider;             /**< a name or a library path; NULL or "" (default): chosen by the rules */
    const char *config_path;          /**< the configuration file, which must exist; NULL (default): found by the rules */
    const ck_pair *options;           /**< explicit provider options; they override the file's (default NULL: none) */
    size_t option_count;              /**< entries at `options` */
    const ck_host *host;              /**< passed to the provider's init; NULL (default): ck_loader_default_host(). Its log_user_data must stay valid while the library is loaded */
    const ck_pair *environment;       /**< the environment variables to consult; NULL (default): the process's (getenv). Non-NULL with a count of 0: none */
    size_t environment_count;         /**< entries at `environment` */
    const char *current_directory;    /**< where ./cloudkit.toml is looked for; NULL (default): the process's */
    const char *executable_directory; /**< the executable's folder for the search path; NULL (default): that of /proc/self/exe; "": none */
} ck_loader_request;

/* ------------------------------------------------------------------ */
/* Configuration files                                                 */
/* ------------------------------------------------------------------ */

/** One `[name]` section of a configuration file, or its top level. Owned by its ck_config. */
typedef struct ck_config_section {
    size_t struct_size;      /**< set by the loader: the size of the section it built */
    const char *name;        /**< the section's name; "" for the keys before the first header */
    const ck_pair *entries;  /**< its keys and their values (as text: "5", "true"), in file order; each key once */
    size_t entry_count;
    size_t line;             /**< the line of its header; 0 for the top level */
} ck_config_section;

/** A parsed configuration file. Read-only; safe to read from any thread. */
typedef struct ck_config {
    size_t struct_size;                         /**< set by the loader */
    const char *origin;                         /**< the path read, or the origin given to ck_config_parse */
    const ck_config_section *const *sections;   /**< sections[0] is the top level (always there); then each [name] in file order */
    size_t section_count;                       /**< at least 1 */
} ck_config;

/**
 * Parses `length` bytes of configuration text (no NUL needed; UTF-8, LF or
 * CRLF line ends, a byte order mark skipped). `origin` names it in errors
 * ("origin:LINE: why"; NULL: "configuration"). On success `*out` is a new
 * ck_config (free it with ck_config_free); on failure `*out` is NULL and
 * the error is CK_ERR_INVALID_ARGUMENT, code "ConfigSyntax", naming the
 * line and never quoting a value. A file may hold at most 1000 sections
 * and 1000 keys a section.
 */
int32_t ck_config_parse(const char *text, size_t length, const char *origin, ck_config **out, ck_loader_error *error);

/**
 * Reads and parses the file at `path` (at most 1 MiB). A missing file is
 * CK_ERR_NOT_FOUND "ConfigNotFound"; an unreadable one CK_ERR_INVALID_ARGUMENT
 * "ConfigUnreadable"; bad syntax as ck_config_parse, with `path` as origin.
 */
int32_t ck_config_load(const char *path, ck_config **out, ck_loader_error *error);

/** The section called `name` ("" or NULL: the top level), or NULL when the file has none. */
const ck_config_section *ck_config_section_named(const ck_config *config, const char *name);

/** The value of `key` in section `name` ("" or NULL: the top level), or NULL. Borrowed from `config`. */
const char *ck_config_get(const ck_config *config, const char *name, const char *key);

/** Frees a ck_config (NULL is fine). */
void ck_config_free(ck_config *config);

/* ------------------------------------------------------------------ */
/* Choosing a provider                                                 */
/* ------------------------------------------------------------------ */

/** A set of provider options (each key once). Read-only; safe to read from any thread. */
typedef struct ck_options {
    size_t struct_size;    /**< set by the loader */
    const ck_pair *pairs;  /**< `count` pairs, as ck_loader_merge_options orders them; NULL when there are none */
    size_t count;
} ck_options;

/**
 * The options a provider gets: each of `base` (its configuration section's
 * entries), with the value of the same key in `overrides` (the explicit
 * options) when there is one, then the keys of `overrides` that `base`
 * lacks, in the order given. A NULL key or value, or a key given twice in
 * one list, is CK_ERR_INVALID_ARGUMENT "BadRequest". Free the result with
 * ck_options_free.
 */
int32_t ck_loader_merge_options(const ck_pair *base, size_t base_count, const ck_pair *overrides, size_t override_count,
                                ck_options **out, ck_loader_error *error);

/** Frees a ck_options (NULL is fine). */
void ck_options_free(ck_options *options);

/** Which provider the rules chose, and from what. Read-only; safe to read from any thread. */
typedef struct ck_loader_choice {
    size_t struct_size;        /**< set by the loader */
    const char *provider;      /**< the name or path chosen */
    const char *source;        /**< "argument", "CLOUDKIT_PROVIDER", "config file PATH" or "default" */
    const char *config_path;   /**< the configuration file read, or NULL when there was none */
    const ck_config *config;   /**< that file parsed; never NULL (only an empty top level without a file) */
    const ck_options *explicit_options; /**< the request's options, copied; never NULL */
} ck_loader_choice;

/**
 * Applies the rules for the provider and the configuration file (see the top
 * of this header) without loading anything. Errors: the configuration file's
 * ("ConfigNotFound" for a given `config_path` or CLOUDKIT_CONFIG that does not
 * exist, "ConfigUnreadable", "ConfigSyntax"). Free the result with
 * ck_loader_choice_free.
 */
int32_t ck_loader_choose(const ck_loader_request *request, ck_loader_choice **out, ck_loader_error *error);

/** Frees a ck_loader_choice (NULL is fine). */
void ck_loader_choice_free(ck_loader_choice *choice);

/* ------------------------------------------------------------------ */
/* Finding provider libraries                                          */
/* ------------------------------------------------------------------ */

/**
 * Finds the library for `name_or_path` (NULL: the provider the request's
 * rules choose) without loading it, and writes its path into `path`
 * (`path_size` bytes, NUL-terminated). A name that is not letters, digits,
 * '-' and '_' is CK_ERR_INVALID_ARGUMENT "BadRequest"; a missing path or a
 * name found nowhere is CK_ERR_NOT_FOUND "ProviderNotFound", whose message
 * names the file and lists every folder looked in; a `path` too small for the
 * result is CK_ERR_INVALID_ARGUMENT.
 */
int32_t ck_loader_locate(const ck_loader_request *request, const char *name_or_path, char *path, size_t path_size,
                         ck_loader_error *error);

/** A provider library found on the search path. Owned by its ck_loader_search. */
typedef struct ck_loader_found {
    size_t struct_size; /**< set by the loader */
    const char *name;  /**< NAME of libcloudkit-NAME.so */
    const char *path;  /**< where it is */
} ck_loader_found;

/** The search path and what is on it. Read-only; safe to read from any thread. */
typedef struct ck_loader_search {
    size_t struct_size;                    /**< set by the loader */
    const char *const *directories;        /**< every folder searched, in order */
    size_t directory_count;
    const ck_loader_found *const *found;   /**< each libcloudkit-NAME.so found, the first of each NAME, sorted by file name per folder */
    size_t found_count;
} ck_loader_search;

/**
 * Lists the search path of `request` (NULL: the defaults) and the provider
 * libraries on it, without loading any (load one with
 * ck_loader_load_library to read its table). Folders that do not exist are
 * listed and skipped; libcloudkit-loader.so is no provider and is skipped
 * too. Free the result with ck_loader_search_free.
 */
int32_t ck_loader_list(const ck_loader_request *request, ck_loader_search **out, ck_loader_error *error);

/** Frees a ck_loader_search (NULL is fine). */
void ck_loader_search_free(ck_loader_search *search);

/* ------------------------------------------------------------------ */
/* Loading and opening                                                 */
/* ------------------------------------------------------------------ */

/**
 * A loaded and checked provider, and the client opened on it (if any).
 * Read-only; the client is thread-safe like any ck_client, and the
 * library stays loaded until ck_loader_close.
 */
typedef struct ck_loaded {
    size_t struct_size;              /**< set by the loader */
    const ck_provider *provider;     /**< the provider's table: abi_major is this header's and it holds every 1.0 member */
    ck_client *client;               /**< the client ck_loader_open opened; NULL after the other loading calls */
    const char *name;                /**< the name the provider's table reports ("unnamed" when NULL) */
    const char *path;                /**< the library loaded (canonical), or the label of a linked provider */
    uint32_t abi_major;              /**< the provider's ABI version */
    uint32_t abi_minor;
    uint32_t agreed_minor;           /**< the lower of the host's and the provider's minor: the provider hands the host nothing newer */
    uint32_t reserved0;              /**< zero */
    const ck_loader_choice *choice;  /**< how it was chosen; NULL after ck_loader_load_library and ck_loader_load_linked */
    const ck_options *options;       /**< the options for the client (merged by the rules); NULL when no request chose it */
} ck_loaded;

/**
 * Chooses (ck_loader_choose), finds (ck_loader_locate) and loads
 * (ck_loader_load_library) the provider, and merges its options
 * (ck_loader_merge_options of the configuration's section named as the
 * provider's table reports, and the request's options); opens no client. `*out` is NULL on failure. Release with ck_loader_close.
 */
int32_t ck_loader_load(const ck_loader_request *request, ck_loaded **out, ck_loader_error *error);

/**
 * ck_loader_load, then opens a client with the merged options through the
 * provider's client_open, waiting for it to complete. A refusal by the
 * provider (an unknown option key, a bad value) keeps the provider's kind
 * and code, and its message after the provider's name and path. This is
 * the call most C hosts need. Release with ck_loader_close.
 */
int32_t ck_loader_open(const ck_loader_request *request, ck_loaded **out, ck_loader_error *error);

/**
 * Loads the library at `path` (no search, no configuration): dlopen with
 * RTLD_NOW | RTLD_LOCAL, finds cloudkit_provider_init, calls it with `host`
 * (NULL: ck_loader_default_host()) and checks the table: another ABI major,
 * or a table smaller than ABI 1.0's, is CK_ERR_UNSUPPORTED
 * "ProviderABIMismatch" naming both versions; a NULL table is
 * "ProviderInitFailed" with the provider's reason. A file that cannot be
 * loaded is CK_ERR_NOT_FOUND "ProviderLoadFailed" with dlerror()'s reason;
 * one without the entry point "ProviderEntryMissing".
 */
int32_t ck_loader_load_library(const char *path, const ck_host *host, ck_loaded **out, ck_loader_error *error);

/**
 * The checks of ck_loader_load_library for a provider linked into the
 * program: `init` is its cloudkit_provider_init, `label` names it in
 * messages and becomes `path`.
 */
int32_t ck_loader_load_linked(ck_provider_init_fn init, const char *label, const ck_host *host, ck_loaded **out,
                              ck_loader_error *error);

/**
 * Closes the client (if any; it blocks until the client's calls have
 * completed, so never call it from one of its callbacks), frees `loaded`
 * and dlcloses the library (providers that cannot be unloaded link with
 * `-z nodelete` and stay). NULL is fine.
 */
void ck_loader_close(ck_loaded *loaded);

#ifdef __cplusplus
}
#endif

#endif /* CLOUDKIT_LOADER_H */
