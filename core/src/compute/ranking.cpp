#include "compute/ranking.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>

namespace munidash {

namespace {

constexpr unsigned digit_bits = 11;  // 2,048 counters a pass: they stay in the first-level cache
constexpr std::size_t buckets = std::size_t{1} << digit_bits;
// The passes sort by the keys' top 33 bits (sign, exponent and 21 bits of mantissa: values that
// differ by more than about 5 × 10⁻⁷ of their size); the few keys that share them, then, among themselves.
constexpr unsigned passes = 3;
constexpr unsigned first_shift = 64 - passes * digit_bits;
// Below this many values, sorting costs less than the passes' counters.
constexpr std::size_t radix_from = 512;

// A key whose unsigned order is the order of the values, best first: the same for −0 and +0,
// which compare equal and so must tie.
std::uint64_t order_key(double value, bool highest_first) {
    const auto bits = std::bit_cast<std::uint64_t>(value == 0 ? 0.0 : value);
    const std::uint64_t key = (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
    return highest_first ? ~key : key;
}

// Sorts the keys from `from` to `to` ascending, carrying order along.
void sort_run(rank_scratch& s, std::size_t from, std::size_t to) {
    if (to - from <= 32) {
        for (std::size_t k = from + 1; k < to; ++k) {
            const auto key = s.keys[k];
            const auto index = s.order[k];
            std::size_t at = k;
            for (; at > from && s.keys[at - 1] > key; --at) {
                s.keys[at] = s.keys[at - 1];
                s.order[at] = s.order[at - 1];
            }
            s.keys[at] = key;
            s.order[at] = index;
        }
        return;
    }
    std::vector<std::pair<std::uint64_t, std::uint32_t>> pairs;
    for (std::size_t k = from; k < to; ++k) pairs.emplace_back(s.keys[k], s.order[k]);
    std::sort(pairs.begin(), pairs.end());
    for (std::size_t k = from; k < to; ++k) std::tie(s.keys[k], s.order[k]) = pairs[k - from];
}

// Sorts keys ascending, carrying order along: least significant digit first, each pass stable,
// skipping the digits that every key shares (the sign and exponent of values of one scale).
void radix_sort(rank_scratch& s) {
    const std::size_t n = s.keys.size();
    std::array<std::array<std::uint32_t, buckets>, passes> counts{};
    for (const auto key : s.keys)
        for (unsigned p = 0; p < passes; ++p) ++counts[p][(key >> (first_shift + p * digit_bits)) & (buckets - 1)];
    s.other_keys.resize(n);
    s.other_order.resize(n);
    for (unsigned p = 0; p < passes; ++p) {
        auto& count = counts[p];
        const unsigned shift = first_shift + p * digit_bits;
        if (count[(s.keys[0] >> shift) & (buckets - 1)] == n) continue;
        std::uint32_t start = 0;
        for (auto& c : count) {
            const auto here = c;
            c = start;
            start += here;
        }
        for (std::size_t i = 0; i < n; ++i) {
            const auto at = count[(s.keys[i] >> shift) & (buckets - 1)]++;
            s.other_keys[at] = s.keys[i];
            s.other_order[at] = s.order[i];
        }
        s.keys.swap(s.other_keys);
        s.order.swap(s.other_order);
    }
    // Runs of equal values (many towns with none of something, say) are already in order.
    for (std::size_t from = 0; from < n;) {
        std::size_t to = from + 1;
        bool equal = true;
        for (; to < n && (s.keys[to] >> first_shift) == (s.keys[from] >> first_shift); ++to)
            equal = equal && s.keys[to] == s.keys[from];
        if (!equal) sort_run(s, from, to);
        from = to;
    }
}

// Moves the k smallest of slots[0, n) to the front, in no particular order, and returns the
// k-th smallest: a radix select on the high then the low byte, two counting passes with few
// branches, where a comparison partition mispredicts one branch in two.
int select_smallest(std::uint16_t* slots, std::size_t n, std::size_t k) noexcept {
    std::array<std::uint32_t, 256> count{};
    for (std::size_t i = 0; i < n; ++i) ++count[slots[i] >> 8];
    std::size_t below = 0;
    unsigned high = 0;
    while (below + count[high] < k) below += count[high++];
    count.fill(0);
    for (std::size_t i = 0; i < n; ++i)
        if ((slots[i] >> 8) == high) ++count[slots[i] & 255];
    unsigned low = 0;
    while (below + count[low] < k) below += count[low++];
    const auto kth = static_cast<std::uint16_t>((high << 8) | low);
    // `below` values come before the k-th smallest; it fills the rest, ties and all.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto value = slots[i];
        slots[kept] = value;
        kept += value < kth ? 1 : 0;
    }
    std::fill(slots + kept, slots + k, kth);
    return kth;
}

}  // namespace

void sort_values(std::span<const double> values, direction better, rank_scratch& scratch) {
    if (values.size() > std::numeric_limits<std::uint32_t>::max())
        throw std::length_error("sort_values: more than 2^32 values");
    const bool highest_first = better == direction::higher_is_better;
    scratch.keys.clear();
    scratch.order.clear();
    for (std::size_t i = 0; i < values.size(); ++i)
        if (!std::isnan(values[i])) {
            scratch.keys.push_back(order_key(values[i], highest_first));
            scratch.order.push_back(static_cast<std::uint32_t>(i));
        }
    const std::size_t n = scratch.keys.size();
    if (n == 0) return;
    if (n < radix_from)
        sort_run(scratch, 0, n);
    else
        radix_sort(scratch);
}

void competition_ranks_into(std::span<const double> values, direction better, std::span<int> ranks,
                            rank_scratch& scratch) {
    sort_values(values, better, scratch);
    std::fill(ranks.begin(), ranks.end(), 0);
    const std::size_t n = scratch.keys.size();
    // Equal keys are equal values: a tie takes the rank of the first of its group.
    int rank = 0;
    for (std::size_t k = 0; k < n; ++k) {
        if (k == 0 || scratch.keys[k] != scratch.keys[k - 1]) rank = static_cast<int>(k + 1);
        ranks[scratch.order[k]] = rank;
    }
}

rank_spread::rank_spread(std::size_t towns, std::size_t draws)
    : draws_(draws),
      // The ⌈0.05 m⌉-th smallest needs at most ⌈D/20⌉ of them, the ⌈0.95 m⌉-th at most
      // ⌊D/20⌋ + 1 of the largest; one more absorbs the rounding of 0.05 × m and 0.95 × m.
      keep_((draws + 19) / 20 + 1),
      room_(2 * keep_),
      smallest_(towns, extremes{std::numeric_limits<int>::max(), 0}),
      largest_(towns, extremes{std::numeric_limits<int>::min(), 0}),
      count_(towns, 0) {
    // Ranks go up to the number of towns.
    if (towns <= std::numeric_limits<std::uint16_t>::max())
        narrow_.resize(2 * towns * room_);
    else
        wide_.resize(2 * towns * room_);
}

template <class Slot, class First>
void rank_spread::keep(extremes& end, Slot* slots, int rank, First first) noexcept {
    slots[end.held++] = static_cast<Slot>(rank);
    if (end.held < room_) return;
    // The keep_ most extreme of the slots are the keep_ most extreme ranks so far: every rank
    // left out, now or before, comes after the bound. One partition for keep_ ranks more,
    // rather than a heap's sift for each.
    std::nth_element(slots, slots + (keep_ - 1), slots + room_, first);
    end.bound = slots[keep_ - 1];
    end.held = static_cast<std::uint32_t>(keep_);
}

void rank_spread::keep_narrow(extremes& end, std::uint16_t* slots, std::uint16_t value, bool largest) noexcept {
    slots[end.held++] = value;
    if (end.held < room_) return;
    const int kth = select_smallest(slots, room_, keep_);
    end.bound = largest ? flip - kth : kth;
    end.held = static_cast<std::uint32_t>(keep_);
}

void rank_spread::keep_smallest(std::size_t town, int rank) noexcept {
    if (!narrow_.empty())
        keep_narrow(smallest_[town], narrow_.data() + 2 * town * room_, static_cast<std::uint16_t>(rank), false);
    else
        keep(smallest_[town], wide_.data() + 2 * town * room_, rank, std::less<>());
}

void rank_spread::keep_largest(std::size_t town, int rank) noexcept {
    // 16-bit slots hold the largest ranks flipped, so that both ends keep their smallest.
    if (!narrow_.empty())
        keep_narrow(largest_[town], narrow_.data() + (2 * town + 1) * room_, static_cast<std::uint16_t>(flip - rank),
                    true);
    else
        keep(largest_[town], wide_.data() + (2 * town + 1) * room_, rank, std::greater<>());
}

std::vector<int> rank_spread::held(std::size_t town, std::size_t end) const {
    const std::uint32_t count = end == 0 ? smallest_[town].held : largest_[town].held;
    const std::size_t from = (2 * town + end) * room_;
    if (narrow_.empty())
        return std::vector<int>(wide_.begin() + static_cast<std::ptrdiff_t>(from),
                                wide_.begin() + static_cast<std::ptrdiff_t>(from + count));
    std::vector<int> ranks;
    for (std::size_t k = from; k < from + count; ++k) ranks.push_back(end == 0 ? narrow_[k] : flip - narrow_[k]);
    return ranks;
}

std::pair<int, int> rank_spread::percentiles(std::size_t town) const {
    const std::size_t m = count_[town];
    if (m == 0) return {0, 0};
    if (m > draws_) throw std::logic_error("rank_spread: more ranks than draws");
    auto small = held(town, 0);
    auto large = held(town, 1);
    // As with every rank at hand: the k-th smallest of m is the (m − k + 1)-th largest.
    const auto kth = [m](double p) {
        return std::max<std::size_t>(static_cast<std::size_t>(std::ceil(p * static_cast<double>(m))), 1);
    };
    const std::size_t low = kth(0.05) - 1, high_from_top = m - kth(0.95);
    if (low >= std::min(m, keep_) || high_from_top >= std::min(m, keep_))
        throw std::logic_error("rank_spread: a percentile beyond the ranks kept");
    std::nth_element(small.begin(), small.begin() + static_cast<std::ptrdiff_t>(low), small.end());
    std::nth_element(large.begin(), large.begin() + static_cast<std::ptrdiff_t>(high_from_top), large.end(),
                     std::greater<>());
    return {small[low], large[high_from_top]};
}

}  // namespace munidash
