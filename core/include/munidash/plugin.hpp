// munidash plugin SDK: the one header an indicator plugin includes.
//
// A plugin is a shared library that adds indicators to the engine. An indicator describes itself
// (id, label, unit, direction, parameters) and computes a whole column at once: one value per
// selected town, NaN where the value is missing, optionally with a flag per value.
//
// Worked example: a plugin "density" with one indicator, premises per km².
//
//     #include <munidash/plugin.hpp>
//
//     namespace {
//     class density final : public munidash::indicator {
//     public:
//         munidash::indicator_description describe() const override {
//             return {.id = "density",
//                     .label = "Premises per km²",
//                     .unit = "number",
//                     .better = munidash::direction::higher_is_better,
//                     .params = {{.name = "premises", .type = munidash::param_type::column,
//                                 .description = "premises per town"},
//                                {.name = "area", .type = munidash::param_type::column,
//                                 .description = "area of the town in km²"}},
//                     .definition = "Premises divided by the town's area in km².",
//                     .language = "en",  // a French report shows the translation
//                     .translations = {{.language = "fr", .label = "Locaux par km²",
//                                       .definition = "Locaux divisés par la superficie de la commune en km²."}}};
//         }
//         munidash::indicator_column compute(const munidash::indicator_inputs& in) const override {
//             auto premises = in.column("premises");
//             auto area = in.column("area");
//             munidash::indicator_column out(in.town_count());
//             for (std::size_t i = 0; i < in.town_count(); ++i)
//                 out.values[i] = area[i] > 0 ? premises[i] / area[i] : munidash::missing_value;
//             return out;
//         }
//     };
//     void register_density(munidash::registrar& r) { r.add(std::make_unique<density>()); }
//     }  // namespace
//
//     MUNIDASH_PLUGIN("density", "1.0.0", register_density)
//
// and in CMakeLists.txt:
//
//     find_package(munidash 3 REQUIRED)
//     munidash_add_plugin(density SOURCES density.cpp)
//
// The contract, and why (docs/writing-a-plugin.md says it all, with examples):
// - The engine checks the plugin's ABI number and build tag before it runs any plugin code (it reads
//   them from the identity note MUNIDASH_PLUGIN writes into the file, before loading it), so a
//   plugin built for another engine is refused with a message instead of crashing a run.
// - Registration goes through the registrar the engine passes in: no globals, no static
//   self-registration; a duplicate plugin name or indicator id is refused.
// - Throw munidash::indicator_error (or any std::exception) for bad input: the engine catches it
//   while the plugin is loaded and reports it with the plugin's and the indicator's names.
// - The engine checks each description at registration and each column compute returns
//   (<munidash/checks.hpp>); <munidash/testing.hpp> makes the same checks in a plugin's tests.
// - The engine never unloads a plugin while anything it made is alive.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <munidash/version.hpp>

// Symbols of the SDK that cross the boundary between the engine and a plugin.
#define MUNIDASH_API __attribute__((visibility("default")))

// The build tag: the parts of a build that change the binary layout of the SDK's standard-library
// types. A plugin is accepted only when its tag equals the engine's. The compiler itself is not
// part of it: GCC and Clang share the Itanium C++ ABI on Linux, and the standard library decides.
#define MUNIDASH_STRINGIFY_DETAIL(x) #x
#define MUNIDASH_STRINGIFY(x) MUNIDASH_STRINGIFY_DETAIL(x)
#if defined(_GLIBCXX_RELEASE)
#define MUNIDASH_STDLIB_TAG "libstdc++-" MUNIDASH_STRINGIFY(_GLIBCXX_RELEASE)
#elif defined(_LIBCPP_VERSION)
#define MUNIDASH_STDLIB_TAG "libc++-" MUNIDASH_STRINGIFY(_LIBCPP_VERSION)
#else
#define MUNIDASH_STDLIB_TAG "unknown-stdlib"
#endif
#if defined(_GLIBCXX_USE_CXX11_ABI) && _GLIBCXX_USE_CXX11_ABI == 0
#define MUNIDASH_STRING_ABI_TAG "cow-string"
#else
#define MUNIDASH_STRING_ABI_TAG "cxx11-string"
#endif
#if defined(_GLIBCXX_DEBUG) || defined(_LIBCPP_DEBUG)
#define MUNIDASH_CONTAINERS_TAG "debug-containers"
#else
#define MUNIDASH_CONTAINERS_TAG "release-containers"
#endif
#define MUNIDASH_BUILD_TAG MUNIDASH_STDLIB_TAG "/" MUNIDASH_STRING_ABI_TAG "/" MUNIDASH_CONTAINERS_TAG

namespace munidash {

// The value a plugin writes for a town whose value cannot be computed.
inline constexpr double missing_value = std::numeric_limits<double>::quiet_NaN();

// Whether a larger value of an indicator is good news or bad news for a town.
enum class direction : std::uint8_t { higher_is_better, lower_is_better };

// What the engine should know about one computed value besides the number itself.
enum class value_flag : std::uint8_t {
    none,       // an ordinary value
    missing,    // no value: an input was missing or the computation is undefined
    capped,     // the raw value was outside the indicator's range and was capped
    imputed,    // the value was estimated from other towns
    censored,   // the producer hid the real value (statistical secret)
    estimate,   // the value is an estimate rather than a measure
    declared,   // set by the engine: an input is a town's own answer to a request (declared by the town)
    prefilled,  // set by the engine: an input was pre-filled in a request and neither changed nor confirmed
};

// The kind of value a parameter of an indicator takes in a report specification.
enum class param_type : std::uint8_t {
    number,       // a number written in the spec, e.g. `per: 10000`
    text,         // a string written in the spec
    column,       // a numeric column of a source, written `source.column` (or `towns.population`)
    text_column,  // a text column of a source, e.g. opening hours "09:00 - 12:00 / 13:30 - 17:00"
    columns,      // one or several numeric columns: `arcep.elig_thd30` or `[arcep.elig_thd30, arcep.elig_thd100]`
};

// One parameter an indicator accepts; the engine checks a spec's params against these.
struct param_decl {
    std::string name;
    param_type type = param_type::number;
    bool required = true;
    std::string default_value;  // used when the parameter is optional and absent
    std::string description;
    // The column(s) count something (premises, sites, inhabitants): where a file gives several
    // former communes of today's commune, their rows add up. Any other column a spec cannot
    // combine without saying how (merged_communes).
    bool counts = false;
};

// An indicator's label and definition in another language than the description's own.
struct translated_text {
    std::string language;    // a language a report can be written in: "fr" or "en"
    std::string label;       // never empty
    std::string definition;  // empty only when the description's own definition is empty
};

// What an indicator says about itself; the spec may override label, definition, unit and direction.
struct indicator_description {
    std::string id;     // unique among all loaded plugins: [a-z][a-z0-9_]*
    std::string label;  // default label, in `language`, e.g. "Ratio"; never empty
    std::string unit;   // default unit: percent, count, number, index, per_1000, per_10000, per_100000
    direction better = direction::higher_is_better;
    std::vector<param_decl> params;
    std::string definition;       // one or two sentences for the workbook's methodology sheet, in `language`
    std::string language = "fr";  // the language of label and definition: "fr" or "en"
    // The same label and definition in other languages: a report in one of them shows these.
    std::vector<translated_text> translations;
};

// The inputs of one computation: the parameters of one spec entry, resolved for all towns.
class MUNIDASH_API indicator_inputs {
public:
    virtual ~indicator_inputs();
    // Number of selected towns; every column and the output have this length.
    virtual std::size_t town_count() const noexcept = 0;
    // INSEE codes of the selected towns, in output order.
    virtual std::span<const std::string> town_codes() const noexcept = 0;
    // The numeric column a `column` parameter names, NaN where the source has no value.
    virtual std::span<const double> column(std::string_view param) const = 0;
    // The numeric columns a `columns` parameter names, in the order written (one for a single name).
    virtual std::vector<std::span<const double>> columns(std::string_view param) const = 0;
    // The text column a `text_column` parameter names, "" where the source has no value.
    virtual std::span<const std::string> text_column(std::string_view param) const = 0;
    // The value of a `number` parameter (or its declared default).
    virtual double number(std::string_view param) const = 0;
    // The value of a `text` parameter (or its declared default).
    virtual const std::string& text(std::string_view param) const = 0;
    // Whether an optional parameter was given in the spec (or has a default).
    virtual bool has(std::string_view param) const = 0;
};

// What an indicator returns: one value per town, optionally one flag per town, and for a rate,
// the counts behind each value so that the value of a group of towns is Σ numerators ÷
// Σ denominators (× scale), not a mean of rates.
struct indicator_column {
    indicator_column() = default;
    // A column of `towns` missing values and no flags.
    explicit indicator_column(std::size_t towns) : values(towns, missing_value) {}

    std::vector<double> values;
    std::vector<value_flag> flags;     // empty, or one per value
    std::vector<double> numerators;    // empty, or one per value (NaN where unknown)
    std::vector<double> denominators;  // empty, or one per value
    double scale = 1;                  // value = scale × numerator ÷ denominator
};

// One indicator: describes itself, and computes a whole column per call.
class MUNIDASH_API indicator {
public:
    virtual ~indicator();
    // Static facts about the indicator; called once, when the plugin registers it.
    virtual indicator_description describe() const = 0;
    // Computes one value per town in `inputs`; throws indicator_error on bad inputs.
    virtual indicator_column compute(const indicator_inputs& inputs) const = 0;
};

// The error a plugin throws for inputs it cannot work with; the engine adds where it happened.
class MUNIDASH_API indicator_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    ~indicator_error() override;
};

// The narrow handle a plugin receives to add its indicators; duplicates are refused.
class MUNIDASH_API registrar {
public:
    virtual ~registrar();
    // Takes ownership of one indicator; throws if its id is already registered.
    virtual void add(std::unique_ptr<indicator> indicator) = 0;
};

}  // namespace munidash

extern "C" {
// The one thing a plugin exports, through MUNIDASH_PLUGIN. The engine calls the entry only once the
// file's identity note has been accepted, and refuses a plugin whose entry says otherwise.
struct munidash_plugin_info {
    std::uint32_t abi_version;                          // MUNIDASH_PLUGIN_ABI of the SDK the plugin was built with
    const char* build_tag;                              // MUNIDASH_BUILD_TAG of that build
    const char* sdk_version;                            // MUNIDASH_VERSION of that SDK
    const char* name;                                   // the plugin's name: [a-z][a-z0-9_]*
    const char* version;                                // the plugin's own version
    void (*register_indicators)(munidash::registrar&);  // adds the plugin's indicators
};
}

// The name of the exported entry function, as the engine looks it up.
#define MUNIDASH_PLUGIN_ENTRY_NAME "munidash_plugin_entry"

// The plugin's identity as text, "key=value" fields separated by NUL bytes (NAME and VERSION must
// be string literals). The engine reads it from the file, in an ELF note, before it loads the
// library: a plugin built for another engine is refused before any of its code, static
// constructors included, has run.
#define MUNIDASH_PLUGIN_IDENTITY(NAME, VERSION)                                                            \
    "abi=" MUNIDASH_PLUGIN_ABI_TEXT "\0build=" MUNIDASH_BUILD_TAG "\0sdk=" MUNIDASH_VERSION "\0name=" NAME \
    "\0version=" VERSION

// The owner and type of the note that holds the identity (the ELF rules: a 4-byte-aligned
// header, then the owner's name, then the description, each padded to 4 bytes).
#define MUNIDASH_PLUGIN_NOTE_OWNER "munidash"
#define MUNIDASH_PLUGIN_NOTE_TYPE 0x4d440001u

namespace munidash::detail {
// The bytes of an ELF note whose description is `Size` bytes long.
template <std::size_t Size>
struct plugin_note {
    std::uint32_t owner_size;
    std::uint32_t description_size;
    std::uint32_t type;
    char owner[(sizeof(MUNIDASH_PLUGIN_NOTE_OWNER) + 3) / 4 * 4];
    char description[(Size + 3) / 4 * 4];
};
}  // namespace munidash::detail

// Writes IDENTITY (a string literal, see MUNIDASH_PLUGIN_IDENTITY) into the plugin's identity note.
#define MUNIDASH_PLUGIN_NOTE(IDENTITY)                                                                         \
    [[gnu::section(".note.munidash"), gnu::used,                                                               \
      gnu::aligned(4)]] static const ::munidash::detail::plugin_note<sizeof(IDENTITY)>                         \
        munidash_plugin_note_{sizeof(MUNIDASH_PLUGIN_NOTE_OWNER), sizeof(IDENTITY), MUNIDASH_PLUGIN_NOTE_TYPE, \
                              MUNIDASH_PLUGIN_NOTE_OWNER, IDENTITY};

// Declares the plugin: its name, its version (string literals) and the function that registers
// its indicators.
#define MUNIDASH_PLUGIN(NAME, VERSION, REGISTER_FUNCTION)                                                    \
    MUNIDASH_PLUGIN_NOTE(MUNIDASH_PLUGIN_IDENTITY(NAME, VERSION))                                            \
    extern "C" MUNIDASH_API const munidash_plugin_info* munidash_plugin_entry() noexcept {                   \
        static constexpr munidash_plugin_info info{                                                          \
            MUNIDASH_PLUGIN_ABI, MUNIDASH_BUILD_TAG, MUNIDASH_VERSION, NAME, VERSION, &(REGISTER_FUNCTION)}; \
        return &info;                                                                                        \
    }
