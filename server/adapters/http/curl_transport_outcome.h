#ifndef CORDON_SERVER_ADAPTERS_HTTP_CURL_TRANSPORT_OUTCOME_H_
#define CORDON_SERVER_ADAPTERS_HTTP_CURL_TRANSPORT_OUTCOME_H_

#include <curl/curl.h>

#include "server/adapters/http/http_client.h"

namespace cordon::adapters::http {

// Sorts libcurl's result codes into the outcomes a worker tells apart.
TransportOutcome TransportOutcomeOf(CURLcode code);

}  // namespace cordon::adapters::http

#endif  // CORDON_SERVER_ADAPTERS_HTTP_CURL_TRANSPORT_OUTCOME_H_
