#include "server/adapters/http/curl_transport_outcome.h"

namespace cordon::adapters::http {

TransportOutcome TransportOutcomeOf(CURLcode code) {
  switch (code) {
    case CURLE_OK:
      return TransportOutcome::kOk;
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      return TransportOutcome::kConnectFailed;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportOutcome::kTimedOut;
    case CURLE_FILESIZE_EXCEEDED:
      return TransportOutcome::kResponseTooLarge;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
      return TransportOutcome::kTlsFailed;
    default:
      return TransportOutcome::kOther;
  }
}

}  // namespace cordon::adapters::http
