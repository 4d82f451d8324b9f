#ifndef CORDON_SERVER_ADAPTERS_PSA_HALO_TOKENS_H_
#define CORDON_SERVER_ADAPTERS_PSA_HALO_TOKENS_H_

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "absl/time/time.h"
#include "server/adapters/psa/psa_call.h"
#include "server/ports/psa.h"

namespace cordon::adapters::psa {

struct HaloToken {
  // Set when there is no token: the token endpoint's answer.
  ports::PsaCallOutcome failure;
  std::string access_token;  // a credential: never log it
};

// HaloPSA's OAuth2 client credentials tokens (POST {auth}/token, scope
// "all", ?tenant= when the integration names one), cached per account and
// credential until a minute (or half its lifetime, if shorter) before they
// expire, by the Clock port. While one caller fetches, the others of that
// account wait for its answer (single-flight). A failure is not kept: the
// next call asks again. Thread-safe.
class HaloTokens {
 public:
  // `caller` must outlive this.
  explicit HaloTokens(const PsaCaller* caller) : caller_(caller) {}

  // `auth_url` is the checked authorisation server base.
  HaloToken Get(const ports::PsaConnection& connection,
                const std::string& auth_url);
  // Called whenever a caller starts waiting for another caller's request:
  // lets tests see callers queue up without sleeping. Set before use.
  void set_on_caller_waiting(std::function<void()> hook) {
    on_caller_waiting_ = std::move(hook);
  }

  // Forgets `access_token` if it is still the cached one (a 401 answered
  // it), so the next call fetches a new one.
  void Invalidate(const ports::PsaConnection& connection,
                  const std::string& auth_url, const std::string& access_token);

 private:
  struct Entry {
    std::mutex mutex;
    std::condition_variable fetched;
    bool fetching = false;     // guarded by mutex
    uint64_t generation = 0;   // guarded by mutex; counts fetches
    std::string access_token;  // guarded by mutex; "" when none
    absl::Time refresh_at;     // guarded by mutex
    HaloToken last;            // guarded by mutex
  };
  std::shared_ptr<Entry> EntryFor(const ports::PsaConnection& connection,
                                  const std::string& auth_url);
  HaloToken Fetch(const ports::PsaConnection& connection,
                  const std::string& auth_url, absl::Duration* lifetime);

  const PsaCaller* caller_;
  std::function<void()> on_caller_waiting_;
  std::mutex entries_mutex_;
  // Keyed by account, auth URL, client id, tenant and a hash of the secret,
  // so a changed credential gets its own token. Never shrinks: bounded by
  // the accounts.
  std::map<std::string, std::shared_ptr<Entry>>
      entries_;  // guarded by entries_mutex_
};

}  // namespace cordon::adapters::psa

#endif  // CORDON_SERVER_ADAPTERS_PSA_HALO_TOKENS_H_
