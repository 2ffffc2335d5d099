//! Three-way merges for git's merge drivers: a state file merged entry by entry and an
//! English post merged segment by segment, so two branches that touched different
//! paragraphs of the same post never conflict. Pure: texts in, texts out.

pub mod markers;
pub mod post;
pub mod state;

use std::hash::Hash;
use std::ops::Range;

/// A stretch of the merged sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Region<T> {
    /// Taken as is: unchanged, changed on one side, or changed the same way on both.
    Clean(Vec<T>),
    /// Changed differently on both sides.
    Conflict { ours: Vec<T>, theirs: Vec<T> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Ours,
    Theirs,
}

/// One side's change to the base: `base` replaced by `with` (a range of that side).
#[derive(Debug, Clone)]
struct Hunk {
    side: Side,
    base: Range<usize>,
    with: Range<usize>,
}

impl Hunk {
    /// Two sides' hunks that cannot both be applied. Changes to neighbouring items do not
    /// collide (unlike a line merge's), so an edit of one paragraph and a retranslation of
    /// the next both land; insertions collide only at the same place or inside the other's
    /// replaced range.
    fn collides(&self, other: &Hunk) -> bool {
        let (a, b) = (&self.base, &other.base);
        match (a.is_empty(), b.is_empty()) {
            (true, true) => a.start == b.start,
            (true, false) => b.start < a.start && a.start < b.end,
            (false, true) => a.start < b.start && b.start < a.end,
            (false, false) => a.start < b.end && b.start < a.end,
        }
    }
}

fn hunks<T: Eq + Hash>(side: Side, base: &[T], new: &[T]) -> Vec<Hunk> {
    let mut out: Vec<Hunk> = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, base, new) {
        let (tag, old, with) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            continue;
        }
        // A deletion next to an insertion is one replacement.
        match out.last_mut() {
            Some(h) if h.base.end == old.start && h.with.end == with.start => {
                h.base.end = old.end;
                h.with.end = with.end;
            }
            _ => out.push(Hunk {
                side,
                base: old,
                with,
            }),
        }
    }
    // Items replaced one for one are separate changes: two edited neighbouring paragraphs
    // collide only with the other side's change of one of them, not of both.
    out.into_iter()
        .flat_map(|h| {
            if h.base.len() == h.with.len() && h.base.len() > 1 {
                h.base
                    .clone()
                    .zip(h.with.clone())
                    .map(|(b, w)| Hunk {
                        side,
                        base: b..b + 1,
                        with: w..w + 1,
                    })
                    .collect()
            } else {
                vec![h]
            }
        })
        .collect()
}

/// Merges two edits of `base`: every change one side made is applied; changes both made
/// to the same items are compared, and kept once when equal.
pub fn merge3<T: Eq + Hash + Clone>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<Region<T>> {
    let mut all = hunks(Side::Ours, base, ours);
    all.extend(hunks(Side::Theirs, base, theirs));
    // Insertions before replacements that start at the same place.
    all.sort_by_key(|h| (h.base.start, h.base.end));
    let mut out = Vec::new();
    let mut pos = 0;
    let mut i = 0;
    while i < all.len() {
        let mut group = vec![all[i].clone()];
        let mut end = all[i].base.end;
        let mut j = i + 1;
        while j < all.len() && all[j].base.start <= end {
            let k = &all[j];
            if group.iter().any(|g| g.side != k.side && g.collides(k)) {
                end = end.max(k.base.end);
                group.push(k.clone());
                j += 1;
            } else {
                break;
            }
        }
        let start = group[0].base.start;
        out.push(Region::Clean(base[pos..start].to_vec()));
        let version = |side: Side, items: &[T]| {
            let mut v = Vec::new();
            let mut at = start;
            for h in group.iter().filter(|h| h.side == side) {
                v.extend_from_slice(&base[at..h.base.start]);
                v.extend_from_slice(&items[h.with.clone()]);
                at = h.base.end;
            }
            v.extend_from_slice(&base[at..end]);
            v
        };
        let (o, t) = (version(Side::Ours, ours), version(Side::Theirs, theirs));
        let one_side = group.iter().all(|h| h.side == group[0].side);
        if one_side {
            out.push(Region::Clean(if group[0].side == Side::Ours {
                o
            } else {
                t
            }));
        } else if o == t {
            out.push(Region::Clean(o));
        } else {
            out.push(Region::Conflict { ours: o, theirs: t });
        }
        pos = end;
        i = j;
    }
    out.push(Region::Clean(base[pos..].to_vec()));
    let mut merged: Vec<Region<T>> = Vec::new();
    for r in out {
        match (merged.last_mut(), r) {
            (_, Region::Clean(v)) if v.is_empty() => {}
            (Some(Region::Clean(a)), Region::Clean(b)) => a.extend(b),
            (_, r) => merged.push(r),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn clean(v: &[Region<char>]) -> Option<String> {
        v.iter()
            .map(|r| match r {
                Region::Clean(c) => Some(c.iter().collect::<String>()),
                Region::Conflict { .. } => None,
            })
            .collect()
    }

    fn m(base: &str, ours: &str, theirs: &str) -> Vec<Region<char>> {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        merge3(&c(base), &c(ours), &c(theirs))
    }

    #[test]
    fn neighbouring_changes_both_land() {
        assert_eq!(
            clean(&m("abcde", "aBcde", "abCde")).as_deref(),
            Some("aBCde")
        );
        assert_eq!(
            clean(&m("abcde", "aXbcde", "abcdeY")).as_deref(),
            Some("aXbcdeY")
        );
        assert_eq!(clean(&m("abcde", "acde", "abcdE")).as_deref(), Some("acdE"));
        // An insertion right before a deleted item, and right after one.
        assert_eq!(
            clean(&m("abcde", "abXcde", "abde")).as_deref(),
            Some("abXde")
        );
        assert_eq!(
            clean(&m("abcde", "abcXde", "abde")).as_deref(),
            Some("abXde")
        );
    }

    #[test]
    fn the_same_change_is_kept_once() {
        assert_eq!(clean(&m("abc", "aXc", "aXc")).as_deref(), Some("aXc"));
        assert_eq!(clean(&m("abc", "ac", "ac")).as_deref(), Some("ac"));
    }

    #[test]
    fn different_changes_of_one_item_conflict_there_only() {
        let r = m("abcde", "abXde", "abYde");
        assert_eq!(
            r,
            vec![
                Region::Clean(vec!['a', 'b']),
                Region::Conflict {
                    ours: vec!['X'],
                    theirs: vec!['Y']
                },
                Region::Clean(vec!['d', 'e']),
            ]
        );
        assert!(clean(&m("ab", "aXb", "aYb")).is_none());
        // Two neighbours changed on one side, one of them on the other: only that one.
        let r = m("abcd", "aXYd", "aZcd");
        assert_eq!(
            r[1],
            Region::Conflict {
                ours: vec!['X'],
                theirs: vec!['Z']
            }
        );
        assert_eq!(r[2], Region::Clean(vec!['Y', 'd']));
    }

    proptest! {
        /// Edits of different items of a sequence (0 keep, 1 replace, 2 delete, 3 insert
        /// after), some on each side, merge to the sequence with both applied, conflict-free.
        #[test]
        fn disjoint_edits_merge_to_both_applied(
            ops in proptest::collection::vec((0u8..4, any::<bool>()), 0..24),
        ) {
            let base: Vec<u32> = (0..ops.len() as u32).collect();
            let apply = |side: Option<bool>| -> Vec<u32> {
                let mut out = Vec::new();
                for (i, (op, on)) in ops.iter().enumerate() {
                    let i = i as u32;
                    let mine = side.is_none_or(|s| s == *on);
                    match (op, mine) {
                        (1, true) => out.push(1000 + i),
                        (2, true) => {}
                        (3, true) => out.extend([i, 2000 + i]),
                        _ => out.push(i),
                    }
                }
                out
            };
            let merged: Option<Vec<u32>> = merge3(&base, &apply(Some(true)), &apply(Some(false)))
                .into_iter()
                .map(|r| match r {
                    Region::Clean(v) => Some(v),
                    Region::Conflict { .. } => None,
                })
                .collect::<Option<Vec<_>>>()
                .map(|v| v.concat());
            prop_assert_eq!(merged, Some(apply(None)));
        }
    }
}
