// munidash plugin SDK, testing helpers: run a plugin's indicators on a small table written in a
// test, without the engine, data files or a report spec. Header-only; standard library only.
//
//     #include <munidash/testing.hpp>
//     extern "C" const munidash_plugin_info* munidash_plugin_entry() noexcept;  // your plugin's
//
//     int main() {
//         const auto plugin = munidash::testing::load(munidash_plugin_entry());
//         munidash::testing::table_inputs in({"77475", "91312"});
//         in.column("from", {10, 5}).column("subtract", {4, 9}).number("minimum", 0);
//         const auto out = plugin.indicator("difference").compute(in);
//         return out.values[0] == 6 ? 0 : 1;
//     }
//
// The helper refuses what the engine refuses, with the same words (<munidash/checks.hpp>): a plugin
// information the engine would not load, an indicator description it would not register (id,
// label, unit, parameters, languages and translations), the parameters of a test that no spec
// could give (undeclared, of another kind, a required one missing), and a column of the wrong shape
// from compute (lengths of values, flags, numerators and denominators; the scale). Declared
// defaults of number and text parameters are filled in, as the engine does.
#pragma once

#include <charconv>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <munidash/checks.hpp>
#include <munidash/plugin.hpp>

namespace munidash::testing {

// Inputs written out in a test: columns, numbers and texts by parameter name.
class table_inputs final : public indicator_inputs {
public:
    // Inputs for towns with these INSEE codes; every column must have one value per town.
    explicit table_inputs(std::vector<std::string> codes) : codes_(std::move(codes)) {}

    // Sets a numeric column parameter (NaN for a missing value).
    table_inputs& column(const std::string& param, std::vector<double> values) {
        check_length(param, values.size());
        columns_[param] = std::move(values);
        return *this;
    }
    // Sets a `columns` parameter: several numeric columns.
    table_inputs& columns(const std::string& param, std::vector<std::vector<double>> values) {
        for (const auto& column : values) check_length(param, column.size());
        column_lists_[param] = std::move(values);
        return *this;
    }
    // Sets a text column parameter ("" for a missing value).
    table_inputs& text_column(const std::string& param, std::vector<std::string> values) {
        check_length(param, values.size());
        texts_[param] = std::move(values);
        return *this;
    }
    // Sets a number parameter.
    table_inputs& number(const std::string& param, double value) {
        numbers_[param] = value;
        return *this;
    }
    // Sets a text parameter.
    table_inputs& text(const std::string& param, std::string value) {
        strings_[param] = std::move(value);
        return *this;
    }

    std::size_t town_count() const noexcept override { return codes_.size(); }
    std::span<const std::string> town_codes() const noexcept override { return codes_; }
    std::span<const double> column(std::string_view param) const override { return get(columns_, param); }
    std::span<const std::string> text_column(std::string_view param) const override { return get(texts_, param); }
    std::vector<std::span<const double>> columns(std::string_view param) const override {
        // A single column given with column() serves a `columns` parameter too.
        if (columns_.count(std::string(param))) return {get(columns_, param)};
        std::vector<std::span<const double>> out;
        for (const auto& column : get(column_lists_, param)) out.emplace_back(column);
        return out;
    }
    double number(std::string_view param) const override { return get(numbers_, param); }
    const std::string& text(std::string_view param) const override { return get(strings_, param); }
    bool has(std::string_view param) const override {
        const std::string name(param);
        return columns_.count(name) || column_lists_.count(name) || texts_.count(name) || numbers_.count(name) ||
               strings_.count(name);
    }
    // Every parameter the test gives, with the kind it was given as (`column` for column()).
    std::map<std::string, param_type> given() const {
        std::map<std::string, param_type> out;
        for (const auto& [name, values] : columns_) out[name] = param_type::column;
        for (const auto& [name, values] : column_lists_) out[name] = param_type::columns;
        for (const auto& [name, values] : texts_) out[name] = param_type::text_column;
        for (const auto& [name, value] : numbers_) out[name] = param_type::number;
        for (const auto& [name, value] : strings_) out[name] = param_type::text;
        return out;
    }

private:
    void check_length(const std::string& param, std::size_t size) const {
        if (size != codes_.size())
            throw std::invalid_argument("column '" + param + "' has " + std::to_string(size) + " values for " +
                                        std::to_string(codes_.size()) + " towns");
    }
    template <class Map>
    static const typename Map::mapped_type& get(const Map& map, std::string_view param) {
        const auto it = map.find(std::string(param));
        if (it == map.end()) throw indicator_error("the test gives no parameter '" + std::string(param) + "'");
        return it->second;
    }

    std::vector<std::string> codes_;
    std::map<std::string, std::vector<double>> columns_;
    std::map<std::string, std::vector<std::vector<double>>> column_lists_;
    std::map<std::string, std::vector<std::string>> texts_;
    std::map<std::string, double> numbers_;
    std::map<std::string, std::string> strings_;
};

namespace detail {

inline const char* kind_name(param_type type) {
    switch (type) {
        case param_type::number: return "a number";
        case param_type::text: return "a text";
        case param_type::column: return "a numeric column";
        case param_type::text_column: return "a text column";
        case param_type::columns: return "one or more numeric columns";
    }
    return "?";
}

// Why no spec could give an indicator these test inputs, or "": the engine checks a spec's params
// against the declaration before anything computes, so compute never sees such inputs there.
inline std::string inputs_problem(const indicator_description& d, const table_inputs& in) {
    const auto given = in.given();
    for (const auto& [name, kind] : given) {
        const auto decl =
            std::find_if(d.params.begin(), d.params.end(), [&](const param_decl& p) { return p.name == name; });
        if (decl == d.params.end())
            return "the test gives the parameter '" + name + "', which indicator '" + d.id +
                   "' does not declare: the engine refuses a spec that gives it";
        // One column serves a `columns` parameter, as a spec may write a single name.
        if (kind != decl->type && !(kind == param_type::column && decl->type == param_type::columns))
            return "the test gives '" + name + "' as " + kind_name(kind) + ", but indicator '" + d.id +
                   "' declares it " + kind_name(decl->type);
    }
    for (const auto& p : d.params)
        if (p.required && p.default_value.empty() && !given.count(p.name))
            return "indicator '" + d.id + "' needs the parameter '" + p.name + "' (" + kind_name(p.type) +
                   "), which the test does not give: a spec must give it";
    return {};
}

// The inputs with the declared defaults of number and text parameters the test leaves out, which
// the engine fills in the same way; a column's default (towns.population) the test must give.
inline table_inputs with_defaults(const indicator_description& d, table_inputs in) {
    for (const auto& p : d.params) {
        if (p.default_value.empty() || in.has(p.name)) continue;
        if (p.type == param_type::text) in.text(p.name, p.default_value);
        if (p.type != param_type::number) continue;
        double value = 0;
        const auto* first = p.default_value.data() + (p.default_value.starts_with('+') ? 1 : 0);
        const auto* last = p.default_value.data() + p.default_value.size();
        const auto [end, error] = std::from_chars(first, last, value);
        if (error != std::errc{} || end != last)
            throw indicator_error("indicator '" + d.id + "' declares the default '" + p.default_value +
                                  "' for the number parameter '" + p.name + "', which is not a number");
        in.number(p.name, value);
    }
    return in;
}

// An indicator as the engine runs it: its test inputs and its output checked as the engine checks them.
class checked_indicator final : public munidash::indicator {
public:
    checked_indicator(std::unique_ptr<munidash::indicator> inner, std::string plugin)
        : inner_(std::move(inner)), plugin_(std::move(plugin)) {}
    indicator_description describe() const override { return inner_->describe(); }
    indicator_column compute(const indicator_inputs& inputs) const override {
        const auto d = inner_->describe();
        indicator_column out;
        if (const auto* table = dynamic_cast<const table_inputs*>(&inputs)) {
            if (auto problem = inputs_problem(d, *table); !problem.empty()) throw indicator_error(problem);
            out = inner_->compute(with_defaults(d, *table));
        } else {
            out = inner_->compute(inputs);
        }
        if (const auto problem = checks::column_problem(out, inputs.town_count()); !problem.empty())
            throw indicator_error("indicator '" + d.id + "' of " + plugin_ + " " + problem);
        return out;
    }

private:
    std::unique_ptr<munidash::indicator> inner_;
    std::string plugin_;  // "plugin 'name' version", as the engine names it
};

}  // namespace detail

// A plugin's indicators, registered the way the engine registers them, refused where it refuses them.
class loaded_plugin {
public:
    // The indicator with this id; throws std::out_of_range if the plugin did not register it.
    const munidash::indicator& indicator(const std::string& id) const {
        for (const auto& entry : indicators_)
            if (entry->describe().id == id) return *entry;
        throw std::out_of_range("the plugin registered no indicator '" + id + "'");
    }
    // Every indicator, in registration order; compute checks its inputs and output as the engine does.
    const std::vector<std::unique_ptr<munidash::indicator>>& indicators() const noexcept { return indicators_; }

private:
    friend loaded_plugin load(const munidash_plugin_info* info);
    class collector final : public registrar {
    public:
        collector(std::vector<std::unique_ptr<munidash::indicator>>& out, std::string name, std::string version)
            : out_(out), name_(std::move(name)), version_(std::move(version)) {}
        void add(std::unique_ptr<munidash::indicator> indicator) override {
            const auto who = "plugin '" + name_ + "'";
            if (!indicator) throw indicator_error(who + " registered a null indicator");
            const auto d = indicator->describe();
            if (auto problem = checks::description_problem(d, who); !problem.empty()) throw indicator_error(problem);
            for (const auto& other : out_)
                if (other->describe().id == d.id)
                    throw indicator_error(who + " registers indicator '" + d.id + "' twice");
            out_.push_back(std::make_unique<detail::checked_indicator>(std::move(indicator), who + " " + version_));
        }

    private:
        std::vector<std::unique_ptr<munidash::indicator>>& out_;
        std::string name_, version_;
    };
    std::vector<std::unique_ptr<munidash::indicator>> indicators_;
};

// Registers the indicators of the plugin whose entry point returned `info`, after the checks the
// engine makes before loading it; throws std::runtime_error where the engine would refuse it.
inline loaded_plugin load(const munidash_plugin_info* info) {
    if (info == nullptr || info->abi_version != MUNIDASH_PLUGIN_ABI)
        throw std::runtime_error("the plugin was not built for this SDK's plugin ABI");
    if (info->build_tag == nullptr || std::string_view(info->build_tag) != MUNIDASH_BUILD_TAG)
        throw std::runtime_error("the plugin was built with another standard library or settings than this SDK (" +
                                 std::string(MUNIDASH_BUILD_TAG) + ")");
    if (info->name == nullptr || !checks::is_identifier(info->name))
        throw std::runtime_error(std::string("the plugin's name '") + (info->name ? info->name : "(none)") +
                                 "' is not valid: use lower-case letters, digits and '_'");
    if (info->version == nullptr || info->sdk_version == nullptr || info->register_indicators == nullptr)
        throw std::runtime_error("the plugin information is incomplete (version or registration function missing)");
    loaded_plugin plugin;
    loaded_plugin::collector collector(plugin.indicators_, info->name, info->version);
    try {
        info->register_indicators(collector);
    } catch (const std::exception& e) {
        // As the engine: one refused indicator refuses the whole plugin.
        throw std::runtime_error(std::string("plugin '") + info->name +
                                 "' refused: registering its indicators failed: " + e.what());
    }
    return plugin;
}

}  // namespace munidash::testing
