/*
 * openssl-dane-oracle - OpenSSL's own DANE verifier behind the
 * exim_dane_verify command line, used only to cross-check the vectors.
 *
 * SYNOPSIS
 *   openssl-dane-oracle --tlsa 'U S M HEX' [--tlsa ...] --chain FILE.pem
 *                       --name BASE [--name ID ...] --time T
 *
 * DESCRIPTION
 *   Loads the records with SSL_dane_tlsa_add(), the chain (leaf first)
 *   with PEM_read_X509(), and runs X509_verify_cert() with the SSL's DANE
 *   state, DANE_FLAG_NO_DANE_EE_NAMECHECKS (RFC 7672 s3.1.1) and
 *   authentication security level 2 (Debian's default).  T is seconds
 *   since the epoch or YYYY-MM-DDTHH:MM:SSZ.  Prints one line:
 *     verified U S M depth=D
 *     not-verified depth=D error=<OpenSSL's verify error text>
 *     usage-error
 *   This is OpenSSL's policy, not ours (it uses PKIX usages, checks the
 *   anchor's dates, allows partial wildcards ...): check-openssl-dane
 *   lists the cases where the two are known to differ.
 *
 * EXIT
 *   0 verified, 1 not verified, 2 usage error.
 */
#define _GNU_SOURCE
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_ARGS 64

static int
hexval(int c)
{
  if (c >= '0' && c <= '9') { return c - '0'; }
  c |= 0x20;
  if (c >= 'a' && c <= 'f') { return c - 'a' + 10; }
  return -1;
}

static int
usage_error(void)
{
  printf("usage-error\n");
  return 2;
}

int
main(int argc, char **argv)
{
  const char *tlsa[MAX_ARGS], *names[MAX_ARGS];
  const char *chain_file = NULL, *time_str = NULL;
  size_t num_tlsa = 0, num_names = 0;

  for (int i = 1; i < argc; i++) {
    if (i + 1 >= argc) { return usage_error(); }
    if (!strcmp(argv[i], "--tlsa") && num_tlsa < MAX_ARGS) { tlsa[num_tlsa++] = argv[++i]; }
    else if (!strcmp(argv[i], "--name") && num_names < MAX_ARGS) { names[num_names++] = argv[++i]; }
    else if (!strcmp(argv[i], "--chain")) { chain_file = argv[++i]; }
    else if (!strcmp(argv[i], "--time")) { time_str = argv[++i]; }
    else { return usage_error(); }
  }
  if (chain_file == NULL || time_str == NULL || num_names == 0) { return usage_error(); }

  time_t when;
  if (strchr(time_str, '-') != NULL) {
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *end = strptime(time_str, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (end == NULL || *end != '\0') { return usage_error(); }
    when = timegm(&tm);
  } else {
    char *end;
    when = (time_t)strtoll(time_str, &end, 10);
    if (*end != '\0' || end == time_str) { return usage_error(); }
  }

  SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
  if (ctx == NULL || SSL_CTX_dane_enable(ctx) <= 0) { return 3; }
  SSL *ssl = SSL_new(ctx);
  if (ssl == NULL || SSL_dane_enable(ssl, names[0]) <= 0) { return 3; }
  for (size_t i = 1; i < num_names; i++) { SSL_add1_host(ssl, names[i]); }
  SSL_dane_set_flags(ssl, DANE_FLAG_NO_DANE_EE_NAMECHECKS);

  for (size_t i = 0; i < num_tlsa; i++) {
    unsigned u, s, m;
    int off = 0;
    if (sscanf(tlsa[i], "%u %u %u %n", &u, &s, &m, &off) < 3 || off == 0) { return usage_error(); }
    if (u > 255 || s > 255 || m > 255) { return usage_error(); }
    /* RFC 6698 s2.2: blanks may separate the hex digits */
    char hex[8192];
    size_t hex_len = 0;
    for (const char *p = tlsa[i] + off; *p != '\0'; p++) {
      if (*p == ' ' || *p == '\t') { continue; }
      if (hex_len + 1 >= sizeof hex) { return usage_error(); }
      hex[hex_len++] = *p;
    }
    if (hex_len == 0 || hex_len % 2 != 0) { return usage_error(); }
    unsigned char *data = malloc(hex_len / 2);
    if (data == NULL) { return 3; }
    for (size_t k = 0; k < hex_len / 2; k++) {
      const int hi = hexval(hex[2 * k]), lo = hexval(hex[2 * k + 1]);
      if (hi < 0 || lo < 0) { return usage_error(); }
      data[k] = (unsigned char)(hi * 16 + lo);
    }
    /* <= 0: unusable or rejected; OpenSSL reports it only via the result */
    SSL_dane_tlsa_add(ssl, (uint8_t)u, (uint8_t)s, (uint8_t)m, data, hex_len / 2);
    free(data);
    ERR_clear_error();
  }

  FILE *f = fopen(chain_file, "r");
  STACK_OF(X509) *chain = sk_X509_new_null();
  X509 *x;
  while (f != NULL && (x = PEM_read_X509(f, NULL, NULL, NULL)) != NULL) { sk_X509_push(chain, x); }
  if (f != NULL) { fclose(f); }
  ERR_clear_error();
  if (sk_X509_num(chain) == 0) {
    printf("not-verified depth=-1 error=no certificate\n");
    return 1;
  }
  X509 *leaf = sk_X509_shift(chain);

  X509_STORE *store = X509_STORE_new();
  X509_STORE_CTX *sctx = X509_STORE_CTX_new();
  X509_STORE_CTX_init(sctx, store, leaf, chain);
  X509_STORE_CTX_set_default(sctx, "ssl_server");
  X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(sctx);
  X509_VERIFY_PARAM_set1(param, SSL_get0_param(ssl));
  X509_VERIFY_PARAM_set_time(param, when);
  X509_VERIFY_PARAM_set_auth_level(param, 2);
  X509_STORE_CTX_set0_dane(sctx, SSL_get0_dane(ssl));

  const int ok = X509_verify_cert(sctx);
  const int err = X509_STORE_CTX_get_error(sctx);
  SSL_set_verify_result(ssl, err);
  uint8_t u = 0, s = 0, m = 0;
  const unsigned char *data;
  size_t dlen;
  const int depth = SSL_get0_dane_tlsa(ssl, &u, &s, &m, &data, &dlen);
  if (ok > 0) {
    printf("verified %u %u %u depth=%d\n", u, s, m, depth);
  } else {
    printf("not-verified depth=%d error=%s\n", X509_STORE_CTX_get_error_depth(sctx),
           X509_verify_cert_error_string(err));
  }
  return ok > 0 ? 0 : 1;
}
