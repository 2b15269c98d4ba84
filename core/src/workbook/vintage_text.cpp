#include "sources/source_age.hpp"
#include "workbook/sheet_writers.hpp"

namespace munidash {

std::string indicator_vintage(const report_results& results, const planned_indicator& indicator,
                              const workbook_labels& labels) {
    std::string out;
    for (const auto& name : indicator.sources) {
        const source_spec* source = nullptr;
        for (const auto& s : results.spec.sources)
            if (s.name == name) source = &s;
        if (!source || (source->producer.empty() && source->vintage.empty())) continue;
        std::string line = source->producer;
        if (!source->vintage.empty()) line += (line.empty() ? "" : ", ") + source->vintage;
        if (const auto years = stale_years(*source, results.spec.report))
            line += " (" + labels.stale_before + std::to_string(*years) + labels.stale_after + ")";
        out += (out.empty() ? "" : "; ") + line;
    }
    return out;
}

std::vector<std::string> stale_source_warnings(const report_results& results, const workbook_labels& labels) {
    std::vector<std::string> out;
    for (const auto& source : results.spec.sources)
        if (const auto years = stale_years(source, results.spec.report))
            out.push_back(labels.stale_warning_source + (source.producer.empty() ? source.name : source.producer) +
                          ", " + source.vintage + labels.colon + labels.stale_before + std::to_string(*years) +
                          labels.stale_after);
    return out;
}

}  // namespace munidash
