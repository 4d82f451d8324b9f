#ifndef CORDON_SERVER_API_SERVICES_H_
#define CORDON_SERVER_API_SERVICES_H_

#include <memory>
#include <vector>

#include "grpcpp/impl/service_type.h"
#include "server/api/call_runner.h"
#include "server/api/event_service.h"
#include "server/api/paging.h"
#include "server/engine/engine.h"

namespace cordon::api {

// Every cordon.v1 service over one engine: what Server serves, and what the
// API fuzz target (tests/fuzz) calls directly, without a network between.
struct Services {
  struct Entry {
    const char* full_name;  // "cordon.v1.AccountService"
    std::unique_ptr<grpc::Service> service;
  };
  std::vector<Entry> entries;
  // Owned by `entries`; open streams must be ended at shutdown.
  EventService* events = nullptr;
};

// `runner`, `pages` and `engine` must outlive the services.
Services MakeServices(engine::Engine* engine, CallRunner* runner,
                      const PageTokens* pages,
                      const EventServiceOptions& event_options);

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_SERVICES_H_
