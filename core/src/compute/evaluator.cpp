#include "compute/evaluator.hpp"

#include <cmath>

#include "base/logging.hpp"

namespace munidash {

namespace {

// The inputs of one indicator, resolved from the spec's params and the sources.
class resolved_inputs final : public indicator_inputs {
public:
    resolved_inputs(const planned_indicator& planned, const town_list& towns, const std::vector<std::string>& codes,
                    const std::map<std::string, source_table>& sources)
        : planned_(planned),
          codes_(codes),
          secret_(codes.size(), false),
          estimated_(codes.size(), false),
          origin_(codes.size(), cell_origin::published) {
        for (const auto& param : planned.params) {
            if (!param.given) continue;
            const auto& name = param.declaration.name;
            switch (param.declaration.type) {
                case param_type::text_column:
                    text_columns_.emplace(name, text_values(param.columns.front(), towns, codes, sources));
                    note_origins(param.columns.front(), codes, sources);
                    break;
                case param_type::column:
                case param_type::columns: {
                    auto& list = column_lists_[name];
                    for (const auto& ref : param.columns) {
                        list.push_back(numeric_values(ref, towns, codes, sources));
                        if (ref.source != "towns") {
                            const auto& source = sources.at(ref.source);
                            const auto secret = source.secret(ref.column, codes);
                            const auto estimated = source.estimated(ref.column, codes);
                            for (std::size_t i = 0; i < secret.size(); ++i) {
                                if (secret[i]) secret_[i] = true;
                                if (estimated[i]) estimated_[i] = true;
                            }
                        }
                        note_origins(ref, codes, sources);
                    }
                    break;
                }
                case param_type::number:
                case param_type::text: break;
            }
        }
    }

    std::size_t town_count() const noexcept override { return codes_.size(); }
    std::span<const std::string> town_codes() const noexcept override { return codes_; }

    std::span<const double> column(std::string_view name) const override {
        const auto it = column_lists_.find(std::string(name));
        if (it == column_lists_.end() || it->second.size() != 1) throw indicator_error(missing(name, "column"));
        return it->second.front();
    }
    std::vector<std::span<const double>> columns(std::string_view name) const override {
        const auto it = column_lists_.find(std::string(name));
        if (it == column_lists_.end()) throw indicator_error(missing(name, "columns"));
        return {it->second.begin(), it->second.end()};
    }
    std::span<const std::string> text_column(std::string_view name) const override {
        const auto it = text_columns_.find(std::string(name));
        if (it == text_columns_.end()) throw indicator_error(missing(name, "text column"));
        return it->second;
    }
    double number(std::string_view name) const override {
        const auto& p = param(name, param_type::number);
        return p.number;
    }
    const std::string& text(std::string_view name) const override { return param(name, param_type::text).text; }
    // Whether one of town i's inputs was hidden by statistical secret.
    bool secret(std::size_t i) const { return secret_[i]; }
    // Whether one of town i's inputs stands for several merged communes by the chef-lieu's row alone.
    bool estimated(std::size_t i) const { return estimated_[i]; }

    // The least trusted origin among town i's inputs.
    cell_origin origin(std::size_t i) const { return origin_[i]; }

    bool has(std::string_view name) const override {
        for (const auto& p : planned_.params)
            if (p.declaration.name == name) return p.given;
        return false;
    }

private:
    void note_origins(const column_ref& ref, const std::vector<std::string>& codes,
                      const std::map<std::string, source_table>& sources) {
        if (ref.source == "towns") return;
        const auto origins = sources.at(ref.source).origins(ref.column, codes);
        for (std::size_t i = 0; i < origins.size(); ++i) origin_[i] = std::max(origin_[i], origins[i]);
    }

    static std::vector<double> numeric_values(const column_ref& ref, const town_list& towns,
                                              const std::vector<std::string>& codes,
                                              const std::map<std::string, source_table>& sources) {
        if (ref.source != "towns") return sources.at(ref.source).numbers(ref.column, codes);
        std::vector<double> out;  // plan_report allows only towns.population
        for (const auto& t : towns.towns) out.push_back(t.population);
        return out;
    }

    static std::vector<std::string> text_values(const column_ref& ref, const town_list& towns,
                                                const std::vector<std::string>& codes,
                                                const std::map<std::string, source_table>& sources) {
        if (ref.source != "towns") return sources.at(ref.source).texts(ref.column, codes);
        std::vector<std::string> out;
        for (const auto& t : towns.towns) {
            if (ref.column == "name")
                out.push_back(t.name);
            else if (ref.column == "department")
                out.push_back(t.department);
            else if (ref.column == "region")
                out.push_back(t.region);
            else if (ref.column == "epci")
                out.push_back(t.epci);
            else
                out.push_back(t.code);
        }
        return out;
    }

    const resolved_param& param(std::string_view name, param_type type) const {
        for (const auto& p : planned_.params)
            if (p.declaration.name == name && p.declaration.type == type && p.given) return p;
        throw indicator_error(missing(name, type == param_type::number ? "number" : "text"));
    }
    std::string missing(std::string_view name, const char* kind) const {
        return "asked for the " + std::string(kind) + " parameter '" + std::string(name) +
               "', which it did not declare as such or which the spec does not set";
    }

    const planned_indicator& planned_;
    const std::vector<std::string>& codes_;
    std::map<std::string, std::vector<std::vector<double>>> column_lists_;  // column and columns params
    std::map<std::string, std::vector<std::string>> text_columns_;
    std::vector<bool> secret_;
    std::vector<bool> estimated_;
    std::vector<cell_origin> origin_;
};

}  // namespace

std::vector<indicator_values> evaluate(const report_plan& plan, const town_list& towns,
                                       const std::map<std::string, source_table>& sources, const plugin_host& host) {
    const auto codes = towns.codes();
    std::vector<indicator_values> out;
    for (const auto& planned : plan.indicators) {
        const resolved_inputs inputs(planned, towns, codes, sources);
        indicator_column column;
        std::string failure;
        try {
            column = host.compute(*planned.implementation, inputs, planned.spec->where, planned.isolation);
        } catch (const munidash_error& e) {
            if (planned.spec->on_failure != failure_policy::skip || e.kind() != failure_kind::plugin) throw;
            failure = e.diagnostics().front().message;
            log_warning(format_diagnostic(e.diagnostics().front()) + "; going on without it (on_failure: skip)");
            column = indicator_column(codes.size());
        }
        indicator_values values{std::move(column.values),     std::move(column.flags),        std::move(failure),
                                std::move(column.numerators), std::move(column.denominators), column.scale};
        values.flags.resize(values.values.size(), value_flag::none);
        for (std::size_t i = 0; i < values.values.size(); ++i) {
            if (!std::isfinite(values.values[i])) {
                values.values[i] = std::nan("");
                // A value missing because the producer hid an input is censored, not simply missing.
                values.flags[i] = inputs.secret(i) ? value_flag::censored : value_flag::missing;
            } else if (inputs.estimated(i) && values.flags[i] == value_flag::none) {
                values.flags[i] = value_flag::estimate;
            } else if (inputs.origin(i) != cell_origin::published && values.flags[i] == value_flag::none) {
                // A town's answer stays marked as such wherever the value goes.
                values.flags[i] =
                    inputs.origin(i) == cell_origin::prefilled ? value_flag::prefilled : value_flag::declared;
            }
        }
        out.push_back(std::move(values));
    }
    return out;
}

}  // namespace munidash
