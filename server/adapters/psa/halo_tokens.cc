#include "server/adapters/psa/halo_tokens.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/adapters/graph/graph_urls.h"
#include "server/adapters/graph/token_json.h"
#include "server/adapters/psa/halo_json.h"

namespace cordon::adapters::psa {
namespace {

constexpr char kHaloTokenProduct[] = "HaloPSA";
constexpr absl::Duration kRefreshMargin = absl::Minutes(1);

}  // namespace

std::shared_ptr<HaloTokens::Entry> HaloTokens::EntryFor(
    const ports::PsaConnection& connection, const std::string& auth_url) {
  const std::string key = absl::StrCat(
      connection.account, "|", auth_url, "|", connection.client_id, "|",
      connection.company_id, "|", std::hash<std::string>()(connection.secret));
  std::lock_guard<std::mutex> lock(entries_mutex_);
  std::shared_ptr<Entry>& entry = entries_[key];
  if (entry == nullptr) entry = std::make_shared<Entry>();
  return entry;
}

HaloToken HaloTokens::Fetch(const ports::PsaConnection& connection,
                            const std::string& auth_url,
                            absl::Duration* lifetime) {
  http::HttpRequest request;
  request.method = http::HttpMethod::kPost;
  request.url = absl::StrCat(auth_url, "/token");
  if (!connection.company_id.empty()) {
    absl::StrAppend(&request.url, "?tenant=",
                    graph::EncodePathSegment(connection.company_id));
  }
  request.headers.push_back(
      {"Content-Type", "application/x-www-form-urlencoded"});
  request.headers.push_back({"Accept", "application/json"});
  request.body = absl::StrCat(
      "grant_type=client_credentials&client_id=",
      graph::FormUrlEncode(connection.client_id),
      "&client_secret=", graph::FormUrlEncode(connection.secret), "&scope=all");
  HaloToken token;
  PsaReply reply =
      caller_->Call(std::move(request), kHaloTokenProduct, HaloErrorWords);
  if (!reply.ok()) {
    token.failure = std::move(reply.outcome);
    return token;
  }
  absl::StatusOr<graph::AccessToken> parsed =
      graph::ParseTokenResponse(reply.body);
  if (!parsed.ok()) {
    token.failure =
        UnreadableAnswer(kHaloTokenProduct, parsed.status().message());
    return token;
  }
  token.access_token = std::move(parsed->access_token);
  *lifetime = parsed->expires_in;
  return token;
}

HaloToken HaloTokens::Get(const ports::PsaConnection& connection,
                          const std::string& auth_url) {
  std::shared_ptr<Entry> entry = EntryFor(connection, auth_url);
  std::unique_lock<std::mutex> lock(entry->mutex);
  const ports::Clock& clock = caller_->clock();
  if (!entry->access_token.empty() && clock.Now() < entry->refresh_at) {
    HaloToken cached;
    cached.access_token = entry->access_token;
    return cached;
  }
  if (entry->fetching) {
    // Another caller is asking: take its answer rather than ask again.
    const uint64_t awaited = entry->generation + 1;
    if (on_caller_waiting_) on_caller_waiting_();
    entry->fetched.wait(lock, [&] { return entry->generation >= awaited; });
    return entry->last;
  }
  entry->fetching = true;
  lock.unlock();
  absl::Duration lifetime;
  HaloToken token = Fetch(connection, auth_url, &lifetime);
  const absl::Time now = clock.Now();
  lock.lock();
  entry->fetching = false;
  ++entry->generation;
  entry->last = token;
  entry->access_token = token.access_token;
  if (!token.access_token.empty()) {
    entry->refresh_at = now + lifetime - std::min(kRefreshMargin, lifetime / 2);
  }
  lock.unlock();
  entry->fetched.notify_all();
  return token;
}

void HaloTokens::Invalidate(const ports::PsaConnection& connection,
                            const std::string& auth_url,
                            const std::string& access_token) {
  std::shared_ptr<Entry> entry = EntryFor(connection, auth_url);
  std::lock_guard<std::mutex> lock(entry->mutex);
  if (entry->access_token == access_token) entry->access_token.clear();
}

}  // namespace cordon::adapters::psa
