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
#include "base/names.hpp"
#include "base/placeholders.hpp"
#include "base/platform.hpp"

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
        throw munidash_error(
            failure_kind::spec,
            diagnostic{{},
                       "--shard '" + text + "': expected K/N with 1 ≤ K ≤ N, e.g. --shard 2/4",
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
    auto path = (p.is_absolute() ? p : names.folder / p).lexically_normal();
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
            problems.add(
                c.where,
                "town " + c.code + " (output.per_town_only.codes) is not in the selection: towns.select leaves it out",
                "a town's workbook compares it with the selected towns; add it to towns.select, or remove it here");
        } else {
            problems.add(c.where,
                         "town " + c.code + " (output.per_town_only.codes) is not in the reference list '" +
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

namespace {

// Removes the temporary files killed runs left in the folders of `paths`, once per folder (a
// batch may write thousands of files into one).
void remove_stale_temporaries_of(const std::vector<std::filesystem::path>& paths) {
    std::set<std::filesystem::path> folders;
    for (const auto& path : paths) folders.insert(path.parent_path());
    for (const auto& folder : folders)
        if (const auto stale = platform::remove_stale_temporaries(folder); stale > 0)
            log_info("removed " + std::to_string(stale) + " temporary file(s) left by killed runs in " +
                     folder.string());
}

// Writes a batch of towns' files with worker threads and one committer. Durability is paid per
// chunk: its files are written and checked by the workers, then flushed and renamed together by
// the committer while the workers write the next chunk. Two chunks at most are on disk as
// temporaries at any time.
class town_file_batch {
public:
    using writer = std::function<void(std::size_t, const std::filesystem::path&, replacement_batch&)>;

    town_file_batch(const std::vector<std::size_t>& mine, std::vector<std::filesystem::path> paths, const writer& write,
                    bool progress)
        : mine_(mine),
          paths_(std::move(paths)),
          write_(write),
          bar_(progress && ::isatty(STDERR_FILENO)),
          chunks_((mine.size() + chunk_size - 1) / chunk_size),
          remaining_(chunks_),
          written_(mine.size(), 0) {
        // A target's indices in `mine`, for the commits: two towns could share a file under a
        // template without {town.code}, and each of its renames then counts for the next of them.
        for (std::size_t k = 0; k < paths_.size(); ++k) position_.emplace(paths_[k], k);
        for (std::size_t c = 0; c < chunks_; ++c) {
            batches_.push_back(std::make_unique<replacement_batch>());
            remaining_[c] = std::min(chunk_size, mine.size() - c * chunk_size);
        }
    }

    // Writes every file with `jobs` threads; the first failure, if any, stops the others.
    void run(unsigned jobs) {
        std::thread committer([this] { commit(); });
        std::vector<std::thread> threads;
        for (unsigned j = 1; j < jobs; ++j) threads.emplace_back([this] { work(); });
        work();
        for (auto& thread : threads) thread.join();
        committer.join();
        batches_.clear();  // removes the temporaries of a failed batch that were not renamed
        if (bar_) std::fprintf(stderr, "\n");
    }

    // The first failure of a worker or of the committer; null when every file was written.
    std::exception_ptr failure() const { return failure_; }
    // How many files were renamed into place.
    std::size_t done() const { return done_.load(); }
    // Whether the k-th of `mine` has its new file.
    bool written(std::size_t k) const { return written_[k] != 0; }

private:
    static constexpr std::size_t chunk_size = 256;

    void work() {
        while (!failed_) {
            const auto k = next_++;
            if (k >= mine_.size()) return;
            const auto c = k / chunk_size;
            {
                // Not more than one chunk ahead of the committer: bounds the temporaries on disk.
                std::unique_lock guard(lock_);
                changed_.wait(guard, [&] { return failed_ || committed_ + 1 >= c; });
                if (failed_) return;
            }
            try {
                write_(mine_[k], paths_[k], *batches_[c]);
            } catch (...) {
                fail();
                return;
            }
            const std::lock_guard guard(lock_);
            if (--remaining_[c] == 0) changed_.notify_all();
            show(++prepared_);
        }
    }

    void commit() {
        for (std::size_t c = 0; c < chunks_; ++c) {
            {
                std::unique_lock guard(lock_);
                changed_.wait(guard, [&] { return failed_ || remaining_[c] == 0; });
                if (failed_) return;  // what is not renamed is removed with its batch
            }
            try {
                batches_[c]->commit([&](const std::filesystem::path& target) {
                    const auto [first, last] = position_.equal_range(target);
                    for (auto it = first; it != last; ++it)
                        if (!written_[it->second]) {
                            written_[it->second] = 1;
                            break;
                        }
                    ++done_;
                });
            } catch (...) {
                fail();
                return;
            }
            const std::lock_guard guard(lock_);
            ++committed_;
            changed_.notify_all();
        }
    }

    void fail() {
        const std::lock_guard guard(lock_);
        if (!failure_) failure_ = std::current_exception();
        failed_ = true;
        changed_.notify_all();
    }

    // The progress bar on a terminal, under lock_.
    void show(std::size_t finished) const {
        if (!bar_) return;
        constexpr std::size_t width = 30;
        const std::size_t filled = mine_.empty() ? width : width * finished / mine_.size();
        std::fprintf(stderr, "\r  [%s%s] %zu/%zu", std::string(filled, '#').c_str(),
                     std::string(width - filled, ' ').c_str(), finished, mine_.size());
        std::fflush(stderr);
    }

    const std::vector<std::size_t>& mine_;
    const std::vector<std::filesystem::path> paths_;
    const writer& write_;
    const bool bar_;
    const std::size_t chunks_;
    std::multimap<std::filesystem::path, std::size_t> position_;
    std::vector<std::unique_ptr<replacement_batch>> batches_;
    std::vector<std::size_t> remaining_;  // files of each chunk not yet written, under lock_
    std::vector<char> written_;           // set by the committer once a town's file is renamed into place
    std::atomic<std::size_t> next_{0}, done_{0};
    std::size_t committed_ = 0;  // chunks committed, in order, under lock_
    std::size_t prepared_ = 0;   // files written, under lock_
    std::atomic<bool> failed_{false};
    std::exception_ptr failure_;
    std::mutex lock_;
    std::condition_variable changed_;
};

// Rethrows the batch's failure with a last diagnostic saying which towns have their new file and
// which do not, so that a rerun or a person knows.
[[noreturn]] void report_stopped_batch(const town_file_batch& batch, const town_list& towns,
                                       const std::vector<std::size_t>& mine, const std::filesystem::path& root,
                                       const std::string& what) {
    std::string done_codes, missing_codes;
    std::size_t missing = 0;
    for (std::size_t k = 0; k < mine.size(); ++k) {
        auto& list = batch.written(k) ? done_codes : missing_codes;
        list += (list.empty() ? "" : " ") + towns.towns[mine[k]].code;
        if (!batch.written(k)) ++missing;
    }
    const diagnostic stopped{
        {root, 0, 0},
        "the batch stopped: " + std::to_string(batch.done()) + " of " + std::to_string(mine.size()) + " " + what +
            " were written (" + (done_codes.empty() ? "none" : done_codes) + "); " + std::to_string(missing) +
            " were not, and each of those is still the previous one or absent (" + missing_codes + ")",
        "fix the error above and run again: every town's file is written anew"};
    try {
        std::rethrow_exception(batch.failure());
    } catch (const munidash_error& error) {
        auto diagnostics = error.diagnostics();
        diagnostics.push_back(stopped);
        throw munidash_error(error.kind(), std::move(diagnostics));
    } catch (...) {
        log_error(format_diagnostic(stopped));
        throw;
    }
}

}  // namespace

std::size_t write_town_files(
    const town_list& towns, const std::vector<std::size_t>& mine, unsigned jobs, bool progress,
    const std::filesystem::path& root, const std::string& what,
    const std::function<std::filesystem::path(std::size_t)>& path_of,
    const std::function<void(std::size_t, const std::filesystem::path&, replacement_batch&)>& write) {
    std::vector<std::filesystem::path> paths;
    paths.reserve(mine.size());
    for (const auto t : mine) paths.push_back(path_of(t));
    remove_stale_temporaries_of(paths);
    town_file_batch batch(mine, std::move(paths), write, progress);
    jobs = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(mine.size(), 1))));
    batch.run(jobs);
    if (batch.failure()) report_stopped_batch(batch, towns, mine, root, what);
    log_info("wrote " + std::to_string(batch.done()) + " " + what + " under " + root.string() + " with " +
             std::to_string(jobs) + " threads");
    return batch.done();
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
