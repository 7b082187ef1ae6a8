// The results database: one SQLite file, one row per (point, flow) run, every figure of
// the run's report in its own column plus the whole report. Several sweeps and several
// machines write into one file; merge() brings another file's rows in. Schema:
// docs/dse.md.
#pragma once
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

struct sqlite3;

namespace bitloom::dse {

// One row; `columns` holds every column by name (text, integer, real or null as JSON).
struct ResultRow {
  nlohmann::ordered_json columns = nlohmann::ordered_json::object();
};

class ResultsDb {
 public:
  explicit ResultsDb(const std::string& path);  // creates the file and schema if needed
  ~ResultsDb();
  ResultsDb(const ResultsDb&) = delete;
  ResultsDb& operator=(const ResultsDb&) = delete;

  // Inserts or replaces the row with the same job_key, in one transaction.
  void put(const ResultRow& row);
  // Whether a successful row for `job_key` is there (a rerun skips the job).
  bool done(const std::string& job_key) const;
  std::vector<ResultRow> rows(const std::string& order_by = "sweep, point_index, flow") const;
  // Copies every row of `other` in (rows with the same job_key are replaced).
  void merge(const std::string& other);

  // The columns, in table order, with their SQL types.
  static const std::vector<std::pair<std::string, std::string>>& schema();

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace bitloom::dse
