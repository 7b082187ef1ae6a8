#include "dse/results_db.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>
#include <stdexcept>

namespace bitloom::dse {

const std::vector<std::pair<std::string, std::string>>& ResultsDb::schema() {
  static const std::vector<std::pair<std::string, std::string>> cols = {
      {"job_key", "TEXT PRIMARY KEY"}, {"sweep", "TEXT"}, {"sweep_file", "TEXT"}, {"point", "TEXT"},
      {"point_index", "INTEGER"}, {"params", "TEXT"}, {"base_spec", "TEXT"}, {"spec_text", "TEXT"},
      {"spec_sha256", "TEXT"}, {"kind", "TEXT"}, {"top", "TEXT"}, {"arch", "TEXT"}, {"pe", "TEXT"},
      {"method", "TEXT"}, {"flow", "TEXT"}, {"clock_ns", "REAL"}, {"mode", "TEXT"}, {"status", "TEXT"},
      {"exit_code", "INTEGER"}, {"area_um2", "REAL"}, {"gate_equivalents", "REAL"}, {"cells", "INTEGER"},
      {"flops", "INTEGER"}, {"fmax_mhz", "REAL"}, {"worst_slack_ns", "REAL"}, {"timing_met", "INTEGER"},
      {"macs_per_cycle", "REAL"}, {"area_efficiency_gmacs_mm2", "REAL"}, {"latency_cycles", "INTEGER"},
      {"tests", "INTEGER"}, {"failures", "INTEGER"}, {"max_error_lsb", "REAL"}, {"rms_error_lsb", "REAL"},
      {"table_bits", "INTEGER"}, {"cycles", "INTEGER"}, {"cycles_systemc", "INTEGER"}, {"dram_bytes", "INTEGER"},
      {"pe_utilization", "REAL"}, {"bitloom_version", "TEXT"}, {"yosys_version", "TEXT"},
      {"verilator_version", "TEXT"}, {"opensta_version", "TEXT"}, {"liberty", "TEXT"}, {"liberty_sha256", "TEXT"},
      {"tool_seconds", "REAL"}, {"wall_seconds", "REAL"}, {"host", "TEXT"}, {"backend", "TEXT"},
      {"finished_at", "TEXT"}, {"log_path", "TEXT"}, {"report_json", "TEXT"}};
  return cols;
}

namespace {

void check(sqlite3* db, int rc, const std::string& what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw std::runtime_error(fmt::format("results database: {}: {}", what, sqlite3_errmsg(db)));
}

void exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    const std::string msg = err ? err : "?";
    sqlite3_free(err);
    throw std::runtime_error(fmt::format("results database: {}: {}", sql.substr(0, 60), msg));
  }
}

// A prepared statement, finalized on scope exit.
struct Statement {
  sqlite3_stmt* s = nullptr;
  Statement(sqlite3* db, const std::string& sql) { check(db, sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), sql); }
  ~Statement() { sqlite3_finalize(s); }
};

void bind_value(sqlite3_stmt* s, int i, const nlohmann::ordered_json& v) {
  if (v.is_null()) sqlite3_bind_null(s, i);
  else if (v.is_boolean()) sqlite3_bind_int64(s, i, v.get<bool>() ? 1 : 0);
  else if (v.is_number_integer()) sqlite3_bind_int64(s, i, v.get<long long>());
  else if (v.is_number()) sqlite3_bind_double(s, i, v.get<double>());
  else if (v.is_string()) sqlite3_bind_text(s, i, v.get<std::string>().c_str(), -1, SQLITE_TRANSIENT);
  else sqlite3_bind_text(s, i, v.dump().c_str(), -1, SQLITE_TRANSIENT);
}

nlohmann::ordered_json column(sqlite3_stmt* s, int i) {
  switch (sqlite3_column_type(s, i)) {
    case SQLITE_INTEGER: return sqlite3_column_int64(s, i);
    case SQLITE_FLOAT: return sqlite3_column_double(s, i);
    case SQLITE_TEXT: return std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, i)));
    default: return nullptr;
  }
}

}  // namespace

ResultsDb::ResultsDb(const std::string& path) : path_(path) {
  if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK)
    throw std::runtime_error(fmt::format("results database: cannot open {}: {}", path, sqlite3_errmsg(db_)));
  sqlite3_busy_timeout(db_, 10000);  // another sweep writing the same file
  std::string cols;
  for (const auto& [name, type] : schema()) cols += fmt::format("{}{} {}", cols.empty() ? "" : ", ", name, type);
  exec(db_, "PRAGMA journal_mode=WAL");
  exec(db_, fmt::format("CREATE TABLE IF NOT EXISTS runs ({})", cols));
  exec(db_, "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)");
  exec(db_, "INSERT OR IGNORE INTO meta VALUES ('schema', 'bitloom.results/1')");
}

ResultsDb::~ResultsDb() { sqlite3_close(db_); }

void ResultsDb::put(const ResultRow& row) {
  std::string names, marks;
  for (const auto& [name, type] : schema()) {
    names += (names.empty() ? "" : ", ") + name;
    marks += marks.empty() ? "?" : ", ?";
  }
  Statement st(db_, fmt::format("INSERT OR REPLACE INTO runs ({}) VALUES ({})", names, marks));
  int i = 1;
  for (const auto& [name, type] : schema()) {
    auto it = row.columns.find(name);
    bind_value(st.s, i++, it == row.columns.end() ? nlohmann::ordered_json(nullptr) : *it);
  }
  check(db_, sqlite3_step(st.s), "insert");
}

bool ResultsDb::done(const std::string& job_key) const {
  Statement st(db_, "SELECT 1 FROM runs WHERE job_key = ? AND status IN ('ok', 'infeasible')");
  sqlite3_bind_text(st.s, 1, job_key.c_str(), -1, SQLITE_TRANSIENT);
  return sqlite3_step(st.s) == SQLITE_ROW;
}

std::vector<ResultRow> ResultsDb::rows(const std::string& order_by) const {
  Statement st(db_, "SELECT * FROM runs ORDER BY " + order_by);
  std::vector<ResultRow> out;
  while (sqlite3_step(st.s) == SQLITE_ROW) {
    ResultRow r;
    for (int i = 0; i < sqlite3_column_count(st.s); ++i) r.columns[sqlite3_column_name(st.s, i)] = column(st.s, i);
    out.push_back(std::move(r));
  }
  return out;
}

void ResultsDb::merge(const std::string& other) {
  if (!std::filesystem::is_regular_file(other)) throw std::invalid_argument(fmt::format("no results database at {}", other));
  ResultsDb source(other);
  for (const ResultRow& r : source.rows()) put(r);
}

}  // namespace bitloom::dse
