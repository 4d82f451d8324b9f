#ifndef CORDON_CLIENT_PAGER_H_
#define CORDON_CLIENT_PAGER_H_

// Every item of a List RPC, across its pages, fetched as the loop reaches
// them:
//
//   for (const absl::StatusOr<v1::Identity>& identity :
//        client.Identities(organization)) {
//     if (!identity.ok()) { /* the page could not be read */ break; }
//     std::cout << identity->upn() << "\n";
//   }
//
// An error ends the range after one item holding it (a range-for cannot
// return a status). All() reads everything into a vector, or the error.

#include <cstddef>
#include <functional>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace cordon::client {

template <typename Item>
class Pager {
 public:
  // Reads the page at `token` ("" = the first): its items into `items`
  // and the next page's token ("" = the last) into `next_token`.
  using Fetch = std::function<absl::Status(const std::string& token,
                                           std::vector<Item>* items,
                                           std::string* next_token)>;

  explicit Pager(Fetch fetch) : fetch_(std::move(fetch)) {}

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = absl::StatusOr<Item>;
    using difference_type = std::ptrdiff_t;
    using pointer = const value_type*;
    using reference = const value_type&;

    iterator() = default;
    reference operator*() const { return pager_->current_; }
    pointer operator->() const { return &pager_->current_; }
    iterator& operator++() {
      if (!pager_->Advance()) pager_ = nullptr;
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& a, const iterator& b) {
      return a.pager_ == b.pager_;
    }

   private:
    friend class Pager;
    explicit iterator(Pager* pager) : pager_(pager) {}
    Pager* pager_ = nullptr;
  };

  // Starts over from the first page.
  iterator begin() {
    page_.clear();
    index_ = 0;
    next_token_.clear();
    started_ = false;
    failed_ = false;
    return Advance() ? iterator(this) : iterator();
  }
  iterator end() { return iterator(); }

  // Every item of every page, or the first error.
  absl::StatusOr<std::vector<Item>> All() {
    std::vector<Item> items;
    for (const absl::StatusOr<Item>& item : *this) {
      if (!item.ok()) return item.status();
      items.push_back(*item);
    }
    return items;
  }

 private:
  // Moves to the next item, reading pages as needed (skipping empty ones);
  // false at the end.
  bool Advance() {
    if (failed_) return false;
    while (index_ >= page_.size()) {
      if (started_ && next_token_.empty()) return false;
      const std::string token = next_token_;
      page_.clear();
      index_ = 0;
      absl::Status status = fetch_(token, &page_, &next_token_);
      started_ = true;
      if (status.ok() && !token.empty() && next_token_ == token) {
        status = absl::InternalError("the server repeated a page token");
      }
      if (!status.ok()) {
        failed_ = true;
        current_ = status;
        return true;
      }
    }
    current_ = std::move(page_[index_++]);
    return true;
  }

  Fetch fetch_;
  std::vector<Item> page_;
  size_t index_ = 0;
  std::string next_token_;
  bool started_ = false;
  bool failed_ = false;
  absl::StatusOr<Item> current_;
};

}  // namespace cordon::client

#endif  // CORDON_CLIENT_PAGER_H_
