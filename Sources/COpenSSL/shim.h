#ifndef NEWSBRIEFS_COPENSSL_SHIM_H
#define NEWSBRIEFS_COPENSSL_SHIM_H

#include <openssl/opensslv.h>
#if OPENSSL_VERSION_MAJOR < 3
#error "NewsBriefs needs OpenSSL 3.0 or later"
#endif

#include <stdint.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

/// EVP_sha256 is a function already; wrapped so Swift sees one stable name.
static inline const EVP_MD *briefs_evp_sha256(void) { return EVP_sha256(); }

// The TLS server (BriefsServer's TLSContext and TLSTransport) needs these: they are macros over SSL_CTX_ctrl or
// 64-bit option bits built with a cast, which Swift cannot import.

/// SSL_CTX_set_min_proto_version: returns 1 on success.
static inline int briefs_ssl_ctx_set_min_proto_version(SSL_CTX *context, int version) {
    return (int)SSL_CTX_set_min_proto_version(context, version);
}

/// SSL_CTX_get_min_proto_version: the version set, 0 when none is.
static inline int briefs_ssl_ctx_get_min_proto_version(SSL_CTX *context) {
    return (int)SSL_CTX_get_min_proto_version(context);
}

/// SSL_CTX_set_mode: adds `mode` bits; returns the new mode.
static inline long briefs_ssl_ctx_set_mode(SSL_CTX *context, long mode) {
    return (long)SSL_CTX_set_mode(context, mode);
}

/// SSL_CTX_get_mode.
static inline long briefs_ssl_ctx_get_mode(SSL_CTX *context) { return (long)SSL_CTX_get_mode(context); }

/// The server's option bits: no renegotiation (RFC 5746 attacks, CPU exhaustion), no compression (CRIME), the
/// server's cipher order, and a peer's EOF without close_notify read as an ordinary end of stream (HTTP framing
/// does not rely on close_notify).
static inline uint64_t briefs_ssl_server_options(void) {
    return (uint64_t)(SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE
                      | SSL_OP_IGNORE_UNEXPECTED_EOF);
}

/// SSL_OP_NO_RENEGOTIATION alone, for tests.
static inline uint64_t briefs_ssl_op_no_renegotiation(void) { return (uint64_t)SSL_OP_NO_RENEGOTIATION; }

/// SSL_OP_NO_COMPRESSION alone, for tests.
static inline uint64_t briefs_ssl_op_no_compression(void) { return (uint64_t)SSL_OP_NO_COMPRESSION; }

#endif
