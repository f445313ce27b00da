/*
 * sigv4_floor.c — the floor of SigV4 signing: the same S3 GET signed as
 * bench/Swift/SigningWorkload.swift and the peers sign it (headers host,
 * x-amz-content-sha256 with the empty body's hash, x-amz-date), in plain C
 * on OpenSSL's libcrypto: the canonical request, its SHA-256, the string to
 * sign and its HMAC, with the signing key derived once per day.
 *
 *   sigv4_floor --requests N
 */
#define _POSIX_C_SOURCE 200809L
#include "bench.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define HOST "bench.s3.us-east-1.amazonaws.com"
#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

static void hex(const unsigned char *bytes, size_t length, char *out) {
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < length; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[2 * length] = '\0';
}

static void hmac(const unsigned char *key, size_t key_length, const char *text, unsigned char out[32]) {
    unsigned int length = 32;
    HMAC(EVP_sha256(), key, (int)key_length, (const unsigned char *)text, strlen(text), out, &length);
}

/* The signing key of one day, derived when the day changes. */
typedef struct signing_key {
    char day[9];
    unsigned char key[32];
} signing_key;

static const unsigned char *key_for(signing_key *cache, const char *day) {
    if (strcmp(cache->day, day) != 0) {
        unsigned char step[32];
        const char secret[] = "AWS4" SECRET;
        hmac((const unsigned char *)secret, sizeof secret - 1, day, step);
        hmac(step, 32, "us-east-1", step);
        hmac(step, 32, "s3", step);
        hmac(step, 32, "aws4_request", cache->key);
        snprintf(cache->day, sizeof cache->day, "%s", day);
    }
    return cache->key;
}

/* Signs one request; writes the Authorization header's value into `out`. */
static void sign(signing_key *cache, char *out, size_t size) {
    time_t now = time(NULL);
    struct tm utc;
    gmtime_r(&now, &utc);
    char stamp[17], day[9];
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
    memcpy(day, stamp, 8);
    day[8] = '\0';
    char canonical[512], to_sign[256], digest_hex[65], signature_hex[65];
    snprintf(canonical, sizeof canonical,
             "GET\n/small/object-1\n\nhost:" HOST "\nx-amz-content-sha256:" EMPTY_SHA256 "\nx-amz-date:%s\n\n"
             "host;x-amz-content-sha256;x-amz-date\n" EMPTY_SHA256,
             stamp);
    unsigned char digest[32];
    SHA256((const unsigned char *)canonical, strlen(canonical), digest);
    hex(digest, 32, digest_hex);
    snprintf(to_sign, sizeof to_sign, "AWS4-HMAC-SHA256\n%s\n%s/us-east-1/s3/aws4_request\n%s", stamp, day, digest_hex);
    hmac(key_for(cache, day), 32, to_sign, digest);
    hex(digest, 32, signature_hex);
    snprintf(out, size,
             "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/%s/us-east-1/s3/aws4_request, "
             "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=%s",
             day, signature_hex);
}

int main(int argc, char **argv) {
    long requests = atol(bench_arg(argc, argv, "--requests", "100000"));
    if (requests < 1) requests = 1;
    signing_key cache = {"", {0}};
    char authorization[256];
    size_t total = 0;
    for (long i = 0; i < 100; i++) sign(&cache, authorization, sizeof authorization);
    double start = bench_now();
    for (long i = 0; i < requests; i++) {
        sign(&cache, authorization, sizeof authorization);
        total += strlen(authorization);
    }
    double elapsed = bench_now() - start;
    if (total == 0) bench_fail("nothing signed");
    bench_figure("sign", "C on OpenSSL", "floor", elapsed / (double)requests * 1e6, "µs");
    return 0;
}
