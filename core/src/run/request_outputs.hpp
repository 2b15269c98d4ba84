// One request workbook per selected town: what is already known of each answer, and the files.
#pragma once

#include <ctime>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "run/town_outputs.hpp"
#include "sources/source_table.hpp"
#include "sources/towns.hpp"
#include "spec/report_spec.hpp"
#include "workbook/request_workbook.hpp"

namespace munidash {

// The template that names the request workbooks: requests.output, or its file-name part under
// `folder` when one is given (munidash request -o FOLDER).
town_file_template request_file_template(const report_spec& spec, const std::optional<std::filesystem::path>& folder);

// Per town (in `towns` order), per question: the value its prefill column gives, with where it comes
// from. Throws munidash_error(input) listing every cell that is not a number, a yes/no or one of the
// question's choices.
std::vector<std::vector<request_prefill>> request_prefills(const report_spec& spec, const town_list& towns,
                                                           const std::map<std::string, source_table>& sources);

// Writes the request workbooks of the towns of shard `part` with `jobs` threads; returns their paths.
std::vector<std::filesystem::path> write_request_workbooks(const report_spec& spec, const town_list& towns,
                                                           const std::vector<std::vector<request_prefill>>& prefills,
                                                           const town_file_template& names, shard part, unsigned jobs,
                                                           bool progress, std::time_t created, bool force);

}  // namespace munidash
