// Ranking many values fast, and how a town's rank spreads across Monte Carlo draws, for the
// composite's thousand re-rankings of every town and the comparisons' rankings of every indicator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include <munidash/plugin.hpp>

namespace munidash {

// The buffers of competition_ranks_into, kept by the caller so that ranking draw after draw
// allocates nothing.
struct rank_scratch {
    std::vector<std::uint64_t> keys, other_keys;
    std::vector<std::uint32_t> order, other_order;
};

// Leaves in scratch.order the indexes of the values of `values` that are not NaN, the best first
// according to `better` (equal values in no particular order), and in scratch.keys their keys,
// equal exactly where the values are (−0 and +0 included). A radix sort of the values' bits:
// linear time, unless very many values agree to 6 or 7 significant digits.
void sort_values(std::span<const double> values, direction better, rank_scratch& scratch);

// Writes into `ranks` (as long as `values`) the competition ranks of `values`: 1 is the best
// according to `better`, ties (−0 and +0 included) share the best rank of their group and the
// next rank skips ("1, 2, 2, 4"), NaN gets 0. By sort_values.
void competition_ranks_into(std::span<const double> values, direction better, std::span<int> ranks,
                            rank_scratch& scratch);

// The ranks each town had across draws, reduced to what their nearest-rank 5th and 95th
// percentiles need: the ⌈D/20⌉ + 1 smallest and largest of at most D ranks, and room for as
// many again as they come: towns × 4 (⌈D/20⌉ + 1) numbers, of 16 bits when the ranks fit, where
// keeping every rank would take towns × D ints.
class rank_spread {
public:
    // Room for `towns` towns having each at most `draws` ranks.
    rank_spread(std::size_t towns, std::size_t draws);

    // Counts `rank` (≥ 1) among the ranks of `town`. Calls for different towns may run concurrently.
    void add(std::size_t town, int rank) noexcept {
        ++count_[town];
        // Most ranks fall between the extremes kept: then only two bounds are read, from arrays
        // small enough to stay in cache, not the towns' ranks.
        if (rank < smallest_[town].bound) keep_smallest(town, rank);
        if (rank > largest_[town].bound) keep_largest(town, rank);
    }

    // How many ranks `town` had.
    std::size_t count(std::size_t town) const { return count_[town]; }

    // The ⌈0.05 m⌉-th and ⌈0.95 m⌉-th smallest of the m ranks `town` had (at least the first):
    // the nearest-rank 5th and 95th percentiles; {0, 0} when it had none.
    std::pair<int, int> percentiles(std::size_t town) const;

private:
    // One end of a town's ranks: `held` ranks in its slots, among them the keep_ most extreme
    // so far; a rank beyond `bound` (the keep_-th most extreme when last sorted out) can be one.
    struct extremes {
        int bound;
        std::uint32_t held;
    };

    void keep_smallest(std::size_t town, int rank) noexcept;
    void keep_largest(std::size_t town, int rank) noexcept;
    template <class Slot, class First>
    void keep(extremes& end, Slot* slots, int rank, First first) noexcept;
    void keep_narrow(extremes& end, std::uint16_t* slots, std::uint16_t value, bool largest) noexcept;
    // The ranks held at one end (0: smallest, 1: largest) of `town`.
    std::vector<int> held(std::size_t town, std::size_t end) const;

    static constexpr int flip = 0xFFFF;  // a largest rank r is held as flip − r in 16 bits

    std::size_t draws_;
    std::size_t keep_;  // ranks needed at each end
    std::size_t room_;  // slots at each end: twice keep_
    // Per town: room_ slots for the smallest, room_ for the largest; in 16 bits when every rank fits.
    std::vector<std::uint16_t> narrow_;
    std::vector<int> wide_;
    std::vector<extremes> smallest_;    // per town
    std::vector<extremes> largest_;     // per town
    std::vector<std::uint32_t> count_;  // per town: ranks counted
};

}  // namespace munidash
