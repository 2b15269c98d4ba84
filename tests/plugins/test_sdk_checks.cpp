// The SDK's checks (<munidash/checks.hpp>) and the testing helper: the helper refuses what the
// engine refuses, with the same words, so that a plugin that passes its own tests is accepted.
#include <catch2/catch.hpp>

#include <dlfcn.h>

#include <cmath>
#include <string>

#include <munidash/checks.hpp>
#include <munidash/testing.hpp>

#include "plugin_test_support.hpp"
#include "plugins/plugin_host.hpp"

using Catch::Matchers::Contains;

namespace {

using plugin_tests::builtin_dir;
using plugin_tests::fixture;

// The plugin information of a fixture, read the way a plugin's own test reads it: through its entry
// point, without the engine. The library stays loaded for the whole test program.
const munidash_plugin_info* entry_of(const std::string& name) {
    void* library = ::dlopen(fixture(name).c_str(), RTLD_NOW | RTLD_LOCAL);
    REQUIRE(library != nullptr);
    const auto entry =
        reinterpret_cast<const munidash_plugin_info* (*)()>(::dlsym(library, MUNIDASH_PLUGIN_ENTRY_NAME));
    REQUIRE(entry != nullptr);
    return entry();
}

std::string message_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(nothing thrown)";
}

// Field by field: GCC 12 warns of the fields a designated initialiser leaves out.
munidash::param_decl param(std::string name, munidash::param_type type, bool required = true, std::string value = {}) {
    munidash::param_decl p;
    p.name = std::move(name);
    p.type = type;
    p.required = required;
    p.default_value = std::move(value);
    return p;
}

munidash::indicator_description good() {
    munidash::indicator_description d;
    d.id = "good";
    d.label = "Good";
    d.unit = "percent";
    d.params = {param("input", munidash::param_type::column)};
    d.definition = "A definition.";
    d.language = "en";
    d.translations = {{"fr", "Bon", "Une définition."}};
    return d;
}

// An indicator declared in the test: one column, one number with a default, one optional text.
class sample final : public munidash::indicator {
public:
    munidash::indicator_description describe() const override {
        munidash::indicator_description d;
        d.id = "sample";
        d.label = "Sample";
        d.unit = "number";
        d.params = {param("input", munidash::param_type::column),
                    param("factor", munidash::param_type::number, false, "2"),
                    param("parts", munidash::param_type::columns, false)};
        d.language = "en";
        return d;
    }
    munidash::indicator_column compute(const munidash::indicator_inputs& in) const override {
        munidash::indicator_column out(in.town_count());
        for (std::size_t i = 0; i < in.town_count(); ++i) out.values[i] = in.column("input")[i] * in.number("factor");
        return out;
    }
};
void register_sample(munidash::registrar& r) { r.add(std::make_unique<sample>()); }
const munidash_plugin_info sample_info{
    MUNIDASH_PLUGIN_ABI, MUNIDASH_BUILD_TAG, MUNIDASH_VERSION, "sample_plugin", "1.0.0", &register_sample};

}  // namespace

TEST_CASE("checks: a description is refused for its id, label, unit, parameters and translations") {
    const std::string who = "plugin 'p' (p.so)";
    CHECK(munidash::checks::description_problem(good(), who).empty());
    auto d = good();
    d.id = "Bad-Id";
    CHECK(munidash::checks::description_problem(d, who) ==
          "plugin 'p' (p.so) registered an indicator with the invalid id 'Bad-Id': use lower-case letters, digits "
          "and '_', starting with a letter");
    d = good();
    d.label.clear();
    CHECK_THAT(munidash::checks::description_problem(d, who),
               Contains("indicator 'good' of plugin 'p' (p.so) has an empty label"));
    d = good();
    d.unit = "euros";
    CHECK_THAT(munidash::checks::description_problem(d, who),
               Contains("declares the unit 'euros', which the workbook cannot show: use one of percent, count"));
    d = good();
    d.params.push_back(d.params.front());
    CHECK_THAT(munidash::checks::description_problem(d, who),
               Contains("declares the parameter 'input' twice or with an invalid name"));
    d = good();
    d.language = "de";
    CHECK_THAT(munidash::checks::description_problem(d, who),
               Contains("writes its label in the unknown language 'de': use one of fr, en"));
    d = good();
    d.translations.front().language = "en";
    CHECK_THAT(munidash::checks::description_problem(d, who), Contains("gives its text in 'en' twice"));
    d = good();
    d.translations.front().label.clear();
    CHECK_THAT(munidash::checks::description_problem(d, who),
               Contains("has a translation into 'fr' with an empty label"));
    d = good();
    d.translations.front().definition.clear();
    CHECK_THAT(munidash::checks::description_problem(d, who),
               Contains("has a translation into 'fr' without a definition"));
    d.definition.clear();  // nothing to translate
    CHECK(munidash::checks::description_problem(d, who).empty());
}

TEST_CASE("checks: a column is refused for its lengths and its scale") {
    munidash::indicator_column out(3);
    CHECK(munidash::checks::column_problem(out, 3).empty());
    CHECK(munidash::checks::column_problem(out, 4) == "returned 3 values for 4 towns");
    out.flags.assign(2, munidash::value_flag::none);
    CHECK(munidash::checks::column_problem(out, 3) == "returned 2 flags for 3 towns");
    out.flags.clear();
    out.numerators.assign(3, 1);
    CHECK(munidash::checks::column_problem(out, 3) ==
          "returned 3 numerators and 0 denominators for 3 towns (both empty, or one each per town)");
    out.denominators.assign(3, 2);
    CHECK(munidash::checks::column_problem(out, 3).empty());
    out.scale = std::nan("");
    CHECK_THAT(munidash::checks::column_problem(out, 3), Contains("give a finite scale other than 0"));
}

TEST_CASE("testing helper: a translation the engine refuses is refused by load, with the engine's words") {
    munidash::plugin_host host;
    CHECK_FALSE(host.load(fixture("fixture_bad_translation")));
    REQUIRE(host.refusals().size() == 1);
    const auto engine = munidash::format_diagnostic(host.refusals().front());
    const std::string why = "has a translation into the unknown language 'de': use one of fr, en";
    CHECK_THAT(engine, Contains("registering its indicators failed: indicator 'german_copy' of plugin "
                                "'fixture_bad_translation' (") &&
                           Contains(why));
    const auto helper = message_of([] { munidash::testing::load(entry_of("fixture_bad_translation")); });
    CHECK(helper ==
          "plugin 'fixture_bad_translation' refused: registering its indicators failed: indicator "
          "'german_copy' of plugin 'fixture_bad_translation' " +
              why);
}

TEST_CASE("testing helper: an output the engine refuses is refused by compute, with the engine's words") {
    munidash::testing::table_inputs in({"77475", "91312", "94069", "2A004"});
    in.column("input", {1, 2, 3, 4}).number("factor", 1);
    munidash::plugin_host host;
    REQUIRE(host.load(fixture("fixture_wrong_length")));
    const auto engine = message_of([&] { host.compute(*host.registry().find("too_short"), in, {"r.yaml", 9, 3}); });
    CHECK_THAT(engine, Contains("indicator 'too_short' of plugin 'fixture_wrong_length' 1.0.0 (") &&
                           Contains(") returned 3 values for 4 towns"));
    const auto plugin = munidash::testing::load(entry_of("fixture_wrong_length"));
    const auto helper = message_of([&] { plugin.indicator("too_short").compute(in); });
    CHECK(helper == "indicator 'too_short' of plugin 'fixture_wrong_length' 1.0.0 returned 3 values for 4 towns");
}

TEST_CASE("testing helper: inputs no spec could give are refused, declared defaults are filled in") {
    const auto plugin = munidash::testing::load(&sample_info);
    const auto& indicator = plugin.indicator("sample");
    munidash::testing::table_inputs in({"77475", "91312"});
    in.column("input", {1, 2});
    const auto out = indicator.compute(in);  // factor: its default, 2
    CHECK(out.values == std::vector<double>{2, 4});

    auto extra = in;
    extra.number("scale", 3);
    CHECK(message_of([&] { indicator.compute(extra); }) ==
          "the test gives the parameter 'scale', which indicator 'sample' does not declare: the engine refuses a spec "
          "that gives it");
    auto other_kind = in;
    other_kind.text("factor", "two");
    CHECK(message_of([&] { indicator.compute(other_kind); }) ==
          "the test gives 'factor' as a text, but indicator 'sample' declares it a number");
    munidash::testing::table_inputs none({"77475"});
    CHECK(message_of([&] { indicator.compute(none); }) ==
          "indicator 'sample' needs the parameter 'input' (a numeric column), which the test does not give: a spec "
          "must give it");
    auto one_part = in;
    one_part.column("parts", {1, 1});  // one column serves a `columns` parameter, as in a spec
    CHECK(indicator.compute(one_part).values.size() == 2);
}

TEST_CASE("testing helper: a plugin information the engine would not load is refused") {
    auto info = sample_info;
    info.build_tag = "libc++-15/cxx11-string/release-containers";
    CHECK_THAT(message_of([&] { munidash::testing::load(&info); }), Contains("another standard library"));
    info = sample_info;
    info.name = "Sample";
    CHECK_THAT(message_of([&] { munidash::testing::load(&info); }),
               Contains("the plugin's name 'Sample' is not valid"));
}
