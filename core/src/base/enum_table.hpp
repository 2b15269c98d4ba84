// One table per enum: each value with the name a user writes for it and a line saying what it does,
// so reading a name, printing a value and listing the accepted names cannot drift apart.
//
// An enum opts in by declaring, next to it, its table and the hook that finds it:
//     inline constexpr enum_entry<colour> colour_table[]{{colour::red, "red", "..."}, ...};
//     static_assert(is_enum_table(colour_table));
//     constexpr const auto& entries_of(colour) { return colour_table; }
#pragma once

#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace munidash {

// One value of an enum, as the spec (or the command line) writes it.
template <class Enum>
struct enum_entry {
    Enum value;
    std::string_view name;         // what a user writes, e.g. "minmax"
    std::string_view description;  // one line for hints and listings
};

namespace enum_table_detail {

// Whether `Value` is one of the enum's named values. GCC and Clang print a named value by its name
// in __PRETTY_FUNCTION__ and an unnamed one as a cast, "(munidash::colour)3": this is how a table
// can notice a value added to its enum without a `count` value that every switch would have to handle.
template <class Enum, Enum Value>
constexpr bool is_named_value() {
    const std::string_view signature = __PRETTY_FUNCTION__;
    const auto at = signature.rfind("Value = ");
    return at != std::string_view::npos && signature[at + 8] != '(';
}

}  // namespace enum_table_detail

// True when entry i holds the enum's value i, the names are distinct and not empty, and the enum
// has no named value past the last entry: one entry per value, in the enum's order.
template <class Enum, std::size_t N>
constexpr bool is_enum_table(const enum_entry<Enum> (&table)[N]) {
    for (std::size_t i = 0; i < N; ++i) {
        if (static_cast<std::size_t>(table[i].value) != i || table[i].name.empty()) return false;
        for (std::size_t j = 0; j < i; ++j)
            if (table[j].name == table[i].name) return false;
    }
    return !enum_table_detail::is_named_value<Enum, static_cast<Enum>(N)>();
}

// The value written `name`, or nullopt when no entry has that name.
template <class Enum>
std::optional<Enum> enum_named(std::string_view name) {
    for (const auto& entry : entries_of(Enum{}))
        if (entry.name == name) return entry.value;
    return std::nullopt;
}

// The name a user writes for `value`.
template <class Enum>
constexpr std::string_view name_of(Enum value) {
    return entries_of(value)[static_cast<std::size_t>(value)].name;
}

// The one-line description of `value`.
template <class Enum>
constexpr std::string_view description_of(Enum value) {
    return entries_of(value)[static_cast<std::size_t>(value)].description;
}

// Every name, in the enum's order: for "expected one of: ..." and for suggestions.
template <class Enum>
std::vector<std::string> enum_names() {
    std::vector<std::string> names;
    for (const auto& entry : entries_of(Enum{})) names.emplace_back(entry.name);
    return names;
}

// "'a', 'b' or 'c'": the names for "must be ..." messages.
template <class Enum>
std::string enum_alternatives() {
    const auto& table = entries_of(Enum{});
    std::string listing;
    for (std::size_t i = 0; i < std::size(table); ++i) {
        if (i > 0) listing += i + 1 == std::size(table) ? " or " : ", ";
        listing.append("'").append(table[i].name).append("'");
    }
    return listing;
}

// "'a' does this; 'b' does that": each name followed by its description.
template <class Enum>
std::string enum_names_explained() {
    std::string listing;
    for (const auto& entry : entries_of(Enum{})) {
        if (!listing.empty()) listing += "; ";
        listing.append("'").append(entry.name).append("' ").append(entry.description);
    }
    return listing;
}

// "a (what a does); b (what b does)": every name with its description, for hints that list choices.
template <class Enum>
std::string enum_names_described() {
    std::string listing;
    for (const auto& entry : entries_of(Enum{})) {
        if (!listing.empty()) listing += "; ";
        listing.append(entry.name).append(" (").append(entry.description).append(")");
    }
    return listing;
}

}  // namespace munidash
