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
#pragma once

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

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

// A plugin's indicators, registered the way the engine registers them.
class loaded_plugin {
public:
    // The indicator with this id; throws std::out_of_range if the plugin did not register it.
    const munidash::indicator& indicator(const std::string& id) const {
        for (const auto& entry : indicators_)
            if (entry->describe().id == id) return *entry;
        throw std::out_of_range("the plugin registered no indicator '" + id + "'");
    }
    // Every indicator, in registration order.
    const std::vector<std::unique_ptr<munidash::indicator>>& indicators() const noexcept { return indicators_; }

private:
    friend loaded_plugin load(const munidash_plugin_info* info);
    class collector final : public registrar {
    public:
        explicit collector(std::vector<std::unique_ptr<munidash::indicator>>& out) : out_(out) {}
        void add(std::unique_ptr<munidash::indicator> indicator) override { out_.push_back(std::move(indicator)); }

    private:
        std::vector<std::unique_ptr<munidash::indicator>>& out_;
    };
    std::vector<std::unique_ptr<munidash::indicator>> indicators_;
};

// Registers the indicators of the plugin whose entry point returned `info`, after the same ABI
// check the engine makes.
inline loaded_plugin load(const munidash_plugin_info* info) {
    if (info == nullptr || info->abi_version != MUNIDASH_PLUGIN_ABI)
        throw std::runtime_error("the plugin was not built for this SDK's plugin ABI");
    loaded_plugin plugin;
    loaded_plugin::collector collector(plugin.indicators_);
    info->register_indicators(collector);
    return plugin;
}

}  // namespace munidash::testing
