/* OpenSSL's libcrypto: SHA-256 and HMAC for SigV4. */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
