#ifndef NEWSBRIEFS_COPENSSL_SHIM_H
#define NEWSBRIEFS_COPENSSL_SHIM_H

#include <openssl/opensslv.h>
#if OPENSSL_VERSION_MAJOR < 3
#error "NewsBriefs needs OpenSSL 3.0 or later"
#endif

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

/// EVP_sha256 is a function already; wrapped so Swift sees one stable name.
static inline const EVP_MD *briefs_evp_sha256(void) { return EVP_sha256(); }

#endif
