// What a results database looks like to people and to other programs: a static HTML page
// with SVG plots and sortable tables, and CSV or JSON exports of every column.
#pragma once
#include <nlohmann/json.hpp>

#include <string>

#include "dse/results_db.hpp"

namespace bitloom::dse {

// Writes DIR/index.html (and DIR/specs/, DIR/logs/); returns the page's path.
std::string write_report(const ResultsDb& db, const std::string& dir);

std::string results_csv(const ResultsDb& db);
nlohmann::ordered_json results_json(const ResultsDb& db);

}  // namespace bitloom::dse
