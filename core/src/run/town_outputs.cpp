#include "run/town_outputs.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <set>
#include <thread>

#include "base/logging.hpp"
#include "base/placeholders.hpp"
#include "base/platform.hpp"
#include "base/names.hpp"

namespace munidash {

shard parse_shard(const std::string& text) {
    shard out;
    const auto slash = text.find('/');
    const auto read = [&](std::string_view part, int& value) {
        const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        return ec == std::errc{} && ptr == part.data() + part.size();
    };
    if (slash == std::string::npos || !read(std::string_view(text).substr(0, slash), out.index) ||
        !read(std::string_view(text).substr(slash + 1), out.count) || out.count < 1 || out.index < 1 ||
        out.index > out.count)
        throw munidash_error(failure_kind::spec,
                             diagnostic{{}, "--shard '" + text + "': expected K/N with 1 ≤ K ≤ N, e.g. --shard 2/4",
                                        "shard K of N writes the towns' workbooks whose position in code order is K modulo N"});
    return out;
}

std::filesystem::path town_file_root(const town_file_template& names) {
    const auto& tmpl = names.text;
    const auto brace = tmpl.find('{');
    std::filesystem::path fixed(tmpl.substr(0, brace == std::string::npos ? tmpl.size() : brace));
    fixed = tmpl.substr(0, brace).ends_with('/') ? fixed : fixed.parent_path();
    return (fixed.is_absolute() ? fixed : names.folder / fixed).lexically_normal();
}

std::filesystem::path town_file_path(const report_spec& spec, const town_file_template& names, const town& t) {
    // The spec reader refused any other placeholder.
    const auto slug = ascii_slug(t.name);
    const std::filesystem::path p(fill_placeholders(names.text, {{"report.id", spec.report.id},
                                                                 {"report.period", spec.report.period},
                                                                 {"town.code", t.code},
                                                                 {"town.slug", slug}}));
    const auto path = (p.is_absolute() ? p : names.folder / p).lexically_normal();
    // The slug and the code cannot climb out of the folder; this says so if anything ever could.
    const auto root = town_file_root(names);
    const auto inside = path.lexically_relative(root);
    if (inside.empty() || *inside.begin() == "..")
        throw munidash_error(failure_kind::output,
                             diagnostic{names.where,
                                        "the file of town " + t.code + " would be written outside '" + root.string() +
                                            "': " + path.string(),
                                        "keep {town.code} and {town.slug} in the file name part of " + names.key});
    return path;
}

namespace {
town_file_template per_town_template(const report_spec& spec) {
    return {spec.output.per_town, spec.output.per_town_folder, spec.output.per_town_where, "output.per_town"};
}
}  // namespace

std::filesystem::path town_output_root(const report_spec& spec) { return town_file_root(per_town_template(spec)); }

std::filesystem::path town_workbook_path(const report_spec& spec, const town& t) {
    return town_file_path(spec, per_town_template(spec), t);
}

std::vector<std::size_t> towns_with_workbooks(const report_spec& spec, const town_list& towns,
                                              const std::set<std::string, std::less<>>& reference_codes) {
    const auto& only = spec.output.per_town_only;
    std::vector<std::size_t> all(towns.towns.size());
    std::iota(all.begin(), all.end(), std::size_t{0});
    if (!only.present) return all;

    std::vector<bool> chosen(towns.towns.size(), false);
    diagnostic_list problems;
    for (const auto& c : only.codes) {
        const auto at = std::lower_bound(towns.towns.begin(), towns.towns.end(), c.code,
                                         [](const town& t, const std::string& code) { return t.code < code; });
        if (at != towns.towns.end() && at->code == c.code) {
            chosen[static_cast<std::size_t>(at - towns.towns.begin())] = true;
        } else if (reference_codes.contains(c.code)) {
            // A town outside the selection has no rank or peers to show: refused, never added to the selection.
            problems.add(c.where, "town " + c.code + " (output.per_town_only.codes) is not in the selection: towns.select leaves it out",
                         "a town's workbook compares it with the selected towns; add it to towns.select, or remove it here");
        } else {
            problems.add(c.where, "town " + c.code + " (output.per_town_only.codes) is not in the reference list '" +
                                      spec.towns.reference.file.string() + "'",
                         "check the code; the selection has " + std::to_string(towns.towns.size()) + " towns");
        }
    }
    problems.throw_if_any(failure_kind::spec);
    // The most populous first; towns are in code order, so a stable sort puts the lower code first among equals.
    auto by_size = all;
    std::stable_sort(by_size.begin(), by_size.end(), [&](std::size_t a, std::size_t b) {
        return towns.towns[a].population > towns.towns[b].population;
    });
    for (std::size_t k = 0; k < std::min(only.largest, by_size.size()); ++k) chosen[by_size[k]] = true;
    std::vector<std::size_t> out;
    for (std::size_t t = 0; t < chosen.size(); ++t)
        if (chosen[t]) out.push_back(t);
    return out;
}

std::vector<std::size_t> shard_share(const std::vector<std::size_t>& chosen, shard part) {
    std::vector<std::size_t> mine;
    for (std::size_t k = 0; k < chosen.size(); ++k)
        if (static_cast<int>(k % static_cast<std::size_t>(part.count)) == part.index - 1) mine.push_back(chosen[k]);
    return mine;
}

std::size_t write_town_files(const town_list& towns, const std::vector<std::size_t>& mine, unsigned jobs, bool progress,
                             const std::filesystem::path& root, const std::string& what,
                             const std::function<std::filesystem::path(std::size_t)>& path_of,
                             const std::function<void(std::size_t, const std::filesystem::path&, replacement_batch&)>& write) {
    std::vector<std::filesystem::path> paths;
    paths.reserve(mine.size());
    for (const auto t : mine) paths.push_back(path_of(t));
    // Temporary files of killed runs, once per folder (a batch may write thousands of files into one).
    std::set<std::filesystem::path> folders;
    for (const auto& path : paths) folders.insert(path.parent_path());
    for (const auto& folder : folders)
        if (const auto stale = platform::remove_stale_temporaries(folder); stale > 0)
            log_info("removed " + std::to_string(stale) + " temporary file(s) left by killed runs in " + folder.string());
    // A target's indices in `mine`, for the commits: two towns could share a file under a template
    // without {town.code}, and each of its renames then counts for the next of them.
    std::multimap<std::filesystem::path, std::size_t> position;
    for (std::size_t k = 0; k < paths.size(); ++k) position.emplace(paths[k], k);

    // Durability is paid per chunk: its workbooks are written and checked by the workers, then flushed
    // and renamed together by the committer while the workers write the next chunk. Two chunks at most
    // are on disk as temporaries at any time.
    constexpr std::size_t chunk_size = 256;
    const std::size_t chunks = (mine.size() + chunk_size - 1) / chunk_size;
    std::vector<std::unique_ptr<replacement_batch>> batches;
    std::vector<std::size_t> remaining(chunks);  // towns of each chunk not yet written, under `lock`
    for (std::size_t c = 0; c < chunks; ++c) {
        batches.push_back(std::make_unique<replacement_batch>());
        remaining[c] = std::min(chunk_size, mine.size() - c * chunk_size);
    }
    std::vector<char> written(mine.size(), 0);  // set by the committer once a town's file is renamed into place
    std::atomic<std::size_t> next{0}, done{0};
    std::size_t committed = 0;  // chunks committed, in order, under `lock`
    std::atomic<bool> failed{false};
    std::exception_ptr failure;
    std::mutex lock;
    std::condition_variable changed;
    const bool bar = progress && ::isatty(STDERR_FILENO);
    std::size_t prepared = 0;
    const auto show = [&](std::size_t finished) {
        if (!bar) return;
        constexpr std::size_t width = 30;
        const std::size_t filled = mine.empty() ? width : width * finished / mine.size();
        std::fprintf(stderr, "\r  [%s%s] %zu/%zu", std::string(filled, '#').c_str(), std::string(width - filled, ' ').c_str(),
                     finished, mine.size());
        std::fflush(stderr);
    };
    const auto fail = [&] {
        const std::lock_guard guard(lock);
        if (!failure) failure = std::current_exception();
        failed = true;
        changed.notify_all();
    };
    const auto work = [&] {
        while (!failed) {
            const auto k = next++;
            if (k >= mine.size()) return;
            const auto c = k / chunk_size;
            {
                // Not more than one chunk ahead of the committer: bounds the temporaries on disk.
                std::unique_lock guard(lock);
                changed.wait(guard, [&] { return failed || committed + 1 >= c; });
                if (failed) return;
            }
            try {
                write(mine[k], paths[k], *batches[c]);
            } catch (...) {
                fail();
                return;
            }
            const std::lock_guard guard(lock);
            if (--remaining[c] == 0) changed.notify_all();
            show(++prepared);
        }
    };
    const auto commit = [&] {
        for (std::size_t c = 0; c < chunks; ++c) {
            {
                std::unique_lock guard(lock);
                changed.wait(guard, [&] { return failed || remaining[c] == 0; });
                if (failed) return;  // what is not renamed is removed with its batch
            }
            try {
                batches[c]->commit([&](const std::filesystem::path& target) {
                    const auto [first, last] = position.equal_range(target);
                    for (auto it = first; it != last; ++it)
                        if (!written[it->second]) {
                            written[it->second] = 1;
                            break;
                        }
                    ++done;
                });
            } catch (...) {
                fail();
                return;
            }
            const std::lock_guard guard(lock);
            ++committed;
            changed.notify_all();
        }
    };
    jobs = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(mine.size(), 1))));
    std::thread committer(commit);
    std::vector<std::thread> threads;
    for (unsigned j = 1; j < jobs; ++j) threads.emplace_back(work);
    work();
    for (auto& thread : threads) thread.join();
    committer.join();
    batches.clear();  // removes the temporaries of a failed batch that were not renamed
    if (bar) std::fprintf(stderr, "\n");
    if (failure) {
        // Which towns now have their new workbook and which do not, so that a rerun or a person knows.
        std::string done_codes, missing_codes;
        std::size_t missing = 0;
        for (std::size_t k = 0; k < mine.size(); ++k) {
            auto& list = written[k] ? done_codes : missing_codes;
            list += (list.empty() ? "" : " ") + towns.towns[mine[k]].code;
            if (!written[k]) ++missing;
        }
        const diagnostic batch{{root, 0, 0},
                               "the batch stopped: " + std::to_string(done.load()) + " of " + std::to_string(mine.size()) +
                                   " " + what + " were written (" + (done_codes.empty() ? "none" : done_codes) + "); " +
                                   std::to_string(missing) + " were not, and each of those is still the previous one or absent (" +
                                   missing_codes + ")",
                               "fix the error above and run again: every town's file is written anew"};
        try {
            std::rethrow_exception(failure);
        } catch (const munidash_error& error) {
            auto diagnostics = error.diagnostics();
            diagnostics.push_back(batch);
            throw munidash_error(error.kind(), std::move(diagnostics));
        } catch (...) {
            log_error(format_diagnostic(batch));
            throw;
        }
    }
    log_info("wrote " + std::to_string(done.load()) + " " + what + " under " + root.string() + " with " +
             std::to_string(jobs) + " threads");
    return done.load();
}

std::size_t write_town_workbooks(const report_results& results, const std::vector<std::size_t>& chosen, shard part,
                                 unsigned jobs, bool progress) {
    const auto names = per_town_template(results.spec);
    const auto written = write_town_files(
        results.towns, shard_share(chosen, part), jobs, progress, town_file_root(names), "town workbooks",
        [&](std::size_t t) { return town_file_path(results.spec, names, results.towns.towns[t]); },
        [&](std::size_t t, const std::filesystem::path& target, replacement_batch& batch) {
            write_town_workbook(results, t, target, &batch);
        });
    if (part.count > 1)
        log_info("shard " + std::to_string(part.index) + "/" + std::to_string(part.count) + ": " +
                 std::to_string(written) + " town workbooks");
    return written;
}

}  // namespace munidash
