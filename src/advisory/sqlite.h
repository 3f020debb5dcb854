// SPDX-License-Identifier: Apache-2.0
//
// Thin RAII over the SQLite C API for the advisory store: a connection, prepared statements
// that reset themselves, and errors as Status values naming the statement that failed.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "upkeep/status.h"

namespace upkeep::advisory::detail {

class Db {
 public:
  Db() = default;
  ~Db() { close(); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // `uri` may be a file name or, with SQLITE_OPEN_URI in `flags`, a file: URI.
  Status open(const std::string& uri, int flags) {
    close();
    if (sqlite3_open_v2(uri.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      Status s = Status::io_error(db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory");
      close();
      return s;
    }
    sqlite3_extended_result_codes(db_, 1);
    return Status::ok();
  }
  void close() {
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = nullptr;
  }
  sqlite3* get() const { return db_; }
  bool is_open() const { return db_ != nullptr; }

  // Runs one or more statements without results.
  Status exec(std::string_view sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string message = err != nullptr ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      return Status::io_error(message + " (in: " + std::string(sql.substr(0, 80)) + ")");
    }
    return Status::ok();
  }
  Status error(std::string_view what) const {
    return Status::io_error(std::string(what) + ": " + sqlite3_errmsg(db_));
  }

 private:
  sqlite3* db_ = nullptr;
};

// A prepared statement. bind_*() take 1-based indexes; step() returns SQLITE_ROW, SQLITE_DONE
// or an error code; reset() is called by run() and by the next use through `Reset`.
class Stmt {
 public:
  Stmt() = default;
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Status prepare(const Db& db, std::string_view sql) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
    db_ = db.get();
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt_, nullptr) != SQLITE_OK) {
      return Status::io_error(std::string(sqlite3_errmsg(db_)) +
                              " (preparing: " + std::string(sql.substr(0, 80)) + ")");
    }
    return Status::ok();
  }
  bool prepared() const { return stmt_ != nullptr; }
  void finalize() {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
  }

  Stmt& reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return *this;
  }
  Stmt& bind(int i, std::string_view text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // The bytes must outlive the step (no copy).
  Stmt& bind_static(int i, std::string_view text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
    return *this;
  }
  Stmt& bind_blob_static(int i, const void* data, size_t size) {
    sqlite3_bind_blob(stmt_, i, data, static_cast<int>(size), SQLITE_STATIC);
    return *this;
  }
  Stmt& bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Stmt& bind(int i, double v) {
    sqlite3_bind_double(stmt_, i, v);
    return *this;
  }

  int step() { return sqlite3_step(stmt_); }
  // Steps through every row, calling on_row() on each (it reads the columns of this statement);
  // an error unless the statement ran to its end.
  template <class OnRow>
  Status each_row(OnRow&& on_row) {
    int rc;
    while ((rc = sqlite3_step(stmt_)) == SQLITE_ROW)
      on_row();
    return rc == SQLITE_DONE ? Status::ok() : error();
  }
  // Steps to completion; an error unless the statement finished.
  Status run() {
    const int rc = sqlite3_step(stmt_);
    Status s = (rc == SQLITE_DONE || rc == SQLITE_ROW)
                   ? Status::ok()
                   : Status::io_error(std::string(sqlite3_errmsg(db_)) + " (" +
                                      std::string(sqlite3_sql(stmt_)).substr(0, 80) + ")");
    sqlite3_reset(stmt_);
    return s;
  }
  Status error() const {
    return Status::io_error(std::string(sqlite3_errmsg(db_)) + " (" +
                            std::string(sqlite3_sql(stmt_)).substr(0, 80) + ")");
  }

  std::string_view text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p == nullptr
               ? std::string_view()
               : std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
  }
  std::string_view blob(int col) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p == nullptr
               ? std::string_view()
               : std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
  }
  int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace upkeep::advisory::detail
