#include "sources/commune_directory.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "base/utf8.hpp"
#include "sources/csv_source.hpp"

#ifndef MUNIDASH_COMMUNES_RELATIVE_DIR
#define MUNIDASH_COMMUNES_RELATIVE_DIR "../share/munidash/communes"
#endif

namespace munidash {

std::string_view to_string(code_change kind) {
    switch (kind) {
        case code_change::merged: return "merged";
        case code_change::arrondissement: return "arrondissement";
        case code_change::ambiguous: return "ambiguous";
        case code_change::split: return "split";
    }
    return "?";
}

namespace {

// A table of the folder, checked for the columns this reader relies on.
class folder_table {
public:
    folder_table(const std::filesystem::path& folder, const char* name, const std::vector<std::string>& columns)
        : table_(read_csv(folder / name, csv_dialect{}, text_position{folder / name, 0, 0})) {
        for (const auto& column : columns) {
            const auto it = std::find(table_.header.begin(), table_.header.end(), column);
            if (it == table_.header.end()) fail(0, "has no column '" + column + "'");
            index_.push_back(static_cast<std::size_t>(it - table_.header.begin()));
        }
        // Names become cells and sheet names: a control character would make a workbook Excel refuses.
        for (std::size_t r = 0; r < table_.rows.size(); ++r)
            for (std::size_t c = 0; c < columns.size(); ++c)
                if (find_xml_illegal(cell(r, c)))
                    fail(r, "has, in column '" + columns[c] + "', a control character that a workbook cannot hold: '" +
                                xml_safe(cell(r, c)) + "'");
    }
    std::size_t size() const noexcept { return table_.rows.size(); }
    // Cell `c` (an index into the columns given to the constructor) of row `r`.
    const std::string& cell(std::size_t r, std::size_t c) const { return table_.rows[r][index_[c]]; }
    [[noreturn]] void fail(std::size_t row, const std::string& what) const {
        throw munidash_error(failure_kind::input,
                             diagnostic{{table_.file, row < table_.row_lines.size() ? table_.row_lines[row] : 0, 0},
                                        "the built-in list of communes '" + table_.file.string() + "' " + what,
                                        "reinstall munidash, or rebuild the list with tools/communes/extract.sh"});
    }

private:
    csv_table table_;
    std::vector<std::size_t> index_;
};

std::vector<std::string> split_codes(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto bar = text.find('|', start);
        out.push_back(text.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
        if (bar == std::string::npos) break;
        start = bar + 1;
    }
    return out;
}

}  // namespace

commune_directory::commune_directory(const std::filesystem::path& folder) : folder_(folder) {
    for (const auto* name : {"communes.csv", "history.csv", "departments.csv", "regions.csv", "epcis.csv"}) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(folder / name, ec))
            throw munidash_error(
                failure_kind::input,
                diagnostic{{folder / name, 0, 0},
                           "munidash's built-in list of communes is incomplete: '" + (folder / name).string() +
                               "' does not exist",
                           "reinstall munidash (cmake --install puts it in share/munidash/communes), "
                           "or point MUNIDASH_COMMUNES_DIR at a copy of the repository's data/communes"});
    }
    const folder_table regions(folder, "regions.csv", {"code", "name"});
    for (std::size_t r = 0; r < regions.size(); ++r) regions_.emplace(regions.cell(r, 0), regions.cell(r, 1));
    const folder_table departments(folder, "departments.csv", {"code", "name", "region"});
    for (std::size_t r = 0; r < departments.size(); ++r)
        departments_.emplace(departments.cell(r, 0), std::pair{departments.cell(r, 1), departments.cell(r, 2)});
    const folder_table epcis(folder, "epcis.csv", {"code", "name"});
    for (std::size_t r = 0; r < epcis.size(); ++r) epcis_.emplace(epcis.cell(r, 0), epcis.cell(r, 1));

    const folder_table communes(folder, "communes.csv", {"code", "name", "population", "department", "region", "epci"});
    communes_.reserve(communes.size());
    for (std::size_t r = 0; r < communes.size(); ++r) {
        commune_record c{communes.cell(r, 0),
                         communes.cell(r, 1),
                         std::numeric_limits<double>::quiet_NaN(),
                         communes.cell(r, 3),
                         {},
                         communes.cell(r, 4),
                         {},
                         communes.cell(r, 5),
                         {}};
        if (const auto& text = communes.cell(r, 2); !text.empty()) {
            long long population = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), population);
            if (ec != std::errc{} || end != text.data() + text.size() || population < 0)
                communes.fail(r, "gives commune " + c.code + " the population '" + text + "'");
            c.population = static_cast<double>(population);
        }
        c.department_name = department_name(c.department);
        c.region_name = region_name(c.region);
        c.epci_name = epci_name(c.epci);
        if (!index_.emplace(c.code, communes_.size()).second) communes.fail(r, "lists " + c.code + " twice");
        communes_.push_back(std::move(c));
    }

    const folder_table history(folder, "history.csv", {"code", "name", "commune", "kind", "changed"});
    for (std::size_t r = 0; r < history.size(); ++r) {
        code_history_entry e{history.cell(r, 0), history.cell(r, 1), split_codes(history.cell(r, 2)),
                             code_change::merged, history.cell(r, 4)};
        const auto& kind = history.cell(r, 3);
        if (kind == "merged")
            e.kind = code_change::merged;
        else if (kind == "arrondissement")
            e.kind = code_change::arrondissement;
        else if (kind == "ambiguous")
            e.kind = code_change::ambiguous;
        else if (kind == "split")
            e.kind = code_change::split;
        else
            history.fail(r, "has an unknown kind of change '" + kind + "'");
        for (const auto& commune : e.communes)
            if (!index_.contains(commune))
                history.fail(r, "maps " + e.code + " to " + commune + ", which is not a commune");
        if ((e.kind == code_change::split) != index_.contains(e.code))
            history.fail(r, "has " + e.code + " both as a commune and as a former code");
        if (!history_.emplace(e.code, e).second) history.fail(r, "lists " + e.code + " twice");
    }
}

std::filesystem::path commune_directory::default_folder() {
    if (const char* env = std::getenv("MUNIDASH_COMMUNES_DIR"); env && *env) return env;
    // The running program's own path (Linux), so that the build tree and an install both work.
    std::error_code ec;
    const auto program = std::filesystem::read_symlink("/proc/self/exe", ec);
    return (program.parent_path() / MUNIDASH_COMMUNES_RELATIVE_DIR).lexically_normal();
}

const commune_directory& commune_directory::builtin() {
    static const commune_directory directory(default_folder());
    return directory;
}

const commune_record* commune_directory::find(std::string_view code) const {
    const auto it = index_.find(code);
    return it == index_.end() ? nullptr : &communes_[it->second];
}

const code_history_entry* commune_directory::history(std::string_view code) const {
    const auto it = history_.find(code);
    return it == history_.end() ? nullptr : &it->second;
}

std::vector<std::string> commune_directory::arrondissements_of(std::string_view city) const {
    std::vector<std::string> out;
    for (const auto& [code, entry] : history_)
        if (entry.kind == code_change::arrondissement && entry.communes.front() == city) out.push_back(code);
    return out;
}

std::string commune_directory::department_name(std::string_view code) const {
    const auto it = departments_.find(code);
    return it == departments_.end() ? std::string() : it->second.first;
}

std::string commune_directory::region_of_department(std::string_view code) const {
    const auto it = departments_.find(code);
    return it == departments_.end() ? std::string() : it->second.second;
}

std::string commune_directory::region_name(std::string_view code) const {
    const auto it = regions_.find(code);
    return it == regions_.end() ? std::string() : it->second;
}

std::string commune_directory::epci_name(std::string_view code) const {
    const auto it = epcis_.find(code);
    return it == epcis_.end() ? std::string() : it->second;
}

}  // namespace munidash
