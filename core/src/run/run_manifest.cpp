#include "run/run_manifest.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <fstream>

#include "base/diagnostics.hpp"
#include "base/platform.hpp"
#include "base/sha256.hpp"

namespace munidash {

namespace {

using ordered_json = nlohmann::ordered_json;

ordered_json file_json(const manifest_file& f) {
    return {{"role", f.role}, {"path", f.path.string()}, {"size", f.size}, {"sha256", f.sha256}};
}

[[noreturn]] void unreadable(const std::filesystem::path& manifest, const std::string& what) {
    throw munidash_error(failure_kind::spec,
                         diagnostic{{manifest, 0, 0},
                                    "'" + manifest.string() + "' is not a munidash manifest: " + what,
                                    "give the .manifest.json file a run wrote beside its workbook"});
}

}  // namespace

manifest_file describe_file(std::string role, const std::filesystem::path& path) {
    std::error_code absolute_ec;
    // Absolute, so that `munidash verify` finds the files from any folder.
    manifest_file f{std::move(role), std::filesystem::absolute(path, absolute_ec).lexically_normal(), 0, {}};
    std::error_code ec;
    f.size = std::filesystem::file_size(path, ec);
    if (ec) f.size = 0;
    f.sha256 = sha256_of_file(path).value_or("");
    return f;
}

std::string utc_now() {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

void write_manifest(const run_record& r, const std::filesystem::path& target) {
    ordered_json json;
    json["manifest"] = "munidash run manifest, version 1";
    json["engine"] = r.engine;
    json["started"] = r.started;
    json["finished"] = r.finished;
    json["exit_status"] = r.exit_status;
    json["errors"] = r.errors;
    json["parameters"] = r.parameters;
    json["shard"] = r.shard;
    json["inputs"] = ordered_json::array();
    for (const auto& f : r.inputs) json["inputs"].push_back(file_json(f));
    json["plugins"] = ordered_json::array();
    for (const auto& p : r.plugins)
        json["plugins"].push_back(
            {{"name", p.name}, {"version", p.version}, {"file", p.file.string()}, {"sha256", p.sha256}});
    json["outputs"] = ordered_json::array();
    for (const auto& f : r.outputs) json["outputs"].push_back(file_json(f));
    json["counts"] = r.counts;
    json["warnings"] = r.warnings;
    json["timings_ms"] = ordered_json::object();
    for (const auto& [phase, ms] : r.timings_ms) json["timings_ms"][phase] = ms;

    // Like a workbook: a temporary file that signals remove and a later run clears if this one is
    // killed, flushed to the disk before the rename, so that a crash never leaves a torn manifest.
    const auto text = json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    if (const auto failed = platform::replace_file(target, text); !failed.empty())
        throw munidash_error(failure_kind::output,
                             diagnostic{{target, 0, 0},
                                        "cannot write the run's manifest '" + target.string() + "': " + failed,
                                        "check that the folder exists, is writable and has free space; the workbooks "
                                        "themselves are written and checked"});
}

verification verify_manifest(const std::filesystem::path& manifest) {
    std::ifstream in(manifest, std::ios::binary);
    if (!in)
        throw munidash_error(
            failure_kind::spec,
            diagnostic{{manifest, 0, 0}, "cannot open the manifest '" + manifest.string() + "'", "check the path"});
    ordered_json json;
    try {
        json = ordered_json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        unreadable(manifest, e.what());
    }
    if (!json.is_object() || !json.contains("manifest") || !json.contains("inputs") || !json.contains("outputs"))
        unreadable(manifest, "it has no 'manifest', 'inputs' and 'outputs'");
    verification result;
    for (const char* part : {"inputs", "outputs"}) {
        if (!json[part].is_array()) unreadable(manifest, std::string("'") + part + "' is not a list");
        for (const auto& entry : json[part]) {
            if (!entry.is_object() || !entry.contains("path") || !entry.contains("sha256"))
                unreadable(manifest, std::string("an entry of '") + part + "' has no path or sha256");
            const std::filesystem::path path = entry["path"].get<std::string>();
            const auto want = entry["sha256"].get<std::string>();
            const auto role = entry.value("role", std::string(part));
            ++result.files_checked;
            std::error_code ec;
            if (!std::filesystem::exists(path, ec)) {
                result.changes.push_back(role + " '" + path.string() + "' is missing");
                continue;
            }
            const auto now = sha256_of_file(path).value_or("(unreadable)");
            if (now != want)
                result.changes.push_back(role + " '" + path.string() + "' changed: sha256 was " + want + ", now " +
                                         now);
        }
    }
    return result;
}

}  // namespace munidash
