//! Whether a new `pattern` accepts the strings an old one accepted, and only those.
//!
//! A JSON Schema `pattern` accepts a string when the regular expression matches somewhere in
//! it. Each pattern is read as ECMA-262 rewritten for Rust's regex syntax (a leading `(?!…)`
//! kept as a language to subtract; see `pattern::regexes`) and compiled into deterministic
//! automata over bytes that accept exactly the strings the pattern accepts. The product of
//! the old and the new automata is then explored breadth first: a state where one side
//! accepts and the other does not is a string that tells them apart, and the first such
//! string found is the shortest, which the report quotes.
//!
//! The verdict is conservative. "The same" and "wider" are proofs: every string was visited
//! (the product is finite). Anything the automata cannot express (look-behind, look-ahead
//! elsewhere than at the start, back-references), a pattern that is not valid at all, or a
//! product larger than [`STATES`] gives no verdict, which the diff reports as a change that
//! may refuse values accepted before, comparing the two texts only.

use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};
use std::collections::{BTreeMap, VecDeque};

/// The product states explored before giving up.
const STATES: usize = 100_000;

/// How the strings a new pattern accepts compare with those the old one accepted.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Relation {
    /// Exactly the same strings, written otherwise.
    Same,
    /// Every string the old one accepted, and more: the first string found that only the new
    /// one accepts.
    Wider(String),
    /// Only strings the old one accepted, not all of them: the first one it now refuses.
    Narrower(String),
    /// Some strings only the old one accepts, some only the new one: one of each.
    Other { refused: String, accepted: String },
    /// No verdict: why the patterns could not be compared.
    Unknown(String),
}

/// Compares two patterns as the spec writes them.
pub(super) fn relation(old: &str, new: &str) -> Relation {
    let (old, new) = match (Language::of(old), Language::of(new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(e), _) | (_, Err(e)) => return Relation::Unknown(e),
    };
    // A product state: the states of the old automata, then the new ones.
    let dfas: Vec<&dense::DFA<Vec<u32>>> = old.dfas().chain(new.dfas()).collect();
    let split = old.dfas().count();
    let mut starts = Vec::new();
    for dfa in &dfas {
        match dfa.start_state(&start::Config::new().anchored(Anchored::Yes)) {
            Ok(id) => starts.push(id),
            Err(e) => return Relation::Unknown(e.to_string()),
        }
    }
    // Each state reached, with the state and byte it was first reached from.
    let mut seen: BTreeMap<Vec<StateID>, Option<(Vec<StateID>, u8)>> = BTreeMap::new();
    let mut queue = VecDeque::from([starts.clone()]);
    seen.insert(starts, None);
    let (mut refused, mut accepted) = (None, None);
    while let Some(state) = queue.pop_front() {
        let quits = state.iter().zip(&dfas).any(|(id, dfa)| dfa.is_quit_state(*id));
        if quits {
            return Relation::Unknown("the pattern needs more than an automaton can tell".into());
        }
        // A side accepts when its positive automaton does and its excluded one does not.
        let accepts = |first: usize, end: usize| {
            let matches = |i: usize| dfas[i].is_match_state(dfas[i].next_eoi_state(state[i]));
            matches(first) && (first + 1..end).all(|i| !matches(i))
        };
        let (in_old, in_new) = (accepts(0, split), accepts(split, dfas.len()));
        if in_old && !in_new && refused.is_none() {
            refused = Some(witness(&seen, &state));
        }
        if in_new && !in_old && accepted.is_none() {
            accepted = Some(witness(&seen, &state));
        }
        if refused.is_some() && accepted.is_some() {
            break;
        }
        // Nothing more can be accepted by either side once both positive automata are dead.
        if dfas[0].is_dead_state(state[0]) && dfas[split].is_dead_state(state[split]) {
            continue;
        }
        for byte in 0..=255u8 {
            let next: Vec<StateID> =
                state.iter().zip(&dfas).map(|(id, dfa)| dfa.next_state(*id, byte)).collect();
            if !seen.contains_key(&next) {
                if seen.len() >= STATES {
                    return Relation::Unknown(format!(
                        "the patterns need more than {STATES} states to compare"
                    ));
                }
                seen.insert(next.clone(), Some((state.clone(), byte)));
                queue.push_back(next);
            }
        }
    }
    match (refused, accepted) {
        (None, None) => Relation::Same,
        (None, Some(accepted)) => Relation::Wider(accepted),
        (Some(refused), None) => Relation::Narrower(refused),
        (Some(refused), Some(accepted)) => Relation::Other { refused, accepted },
    }
}

/// The strings a pattern accepts: those its positive automaton accepts, minus those of the
/// automaton for a leading `(?!…)`.
struct Language {
    positive: dense::DFA<Vec<u32>>,
    excluded: Option<dense::DFA<Vec<u32>>>,
}

impl Language {
    fn of(source: &str) -> Result<Language, String> {
        // What the generator cannot compile, the automata cannot express either; its reason
        // says why in the spec's terms, as does the regex parser's for what only the
        // generator's ECMA-262 engine reads (look-behind, say).
        crate::pattern::pattern(source)?;
        let (positive, excluded) = crate::pattern::regexes(source)?;
        for regex in std::iter::once(&positive).chain(&excluded) {
            regex_syntax::Parser::new().parse(regex).map_err(|e| {
                let reason = e.to_string();
                let last = reason.lines().last().unwrap_or("").trim();
                last.trim_start_matches("error: ").to_string()
            })?;
        }
        let positive = automaton(&positive)?;
        let excluded = excluded.as_deref().map(automaton).transpose()?;
        Ok(Language { positive, excluded })
    }

    fn dfas(&self) -> impl Iterator<Item = &dense::DFA<Vec<u32>>> {
        std::iter::once(&self.positive).chain(&self.excluded)
    }
}

/// An automaton that accepts, as a whole, every string in which `regex` matches somewhere.
fn automaton(regex: &str) -> Result<dense::DFA<Vec<u32>>, String> {
    let anywhere = format!(r"(?s:.)*(?:{regex})(?s:.)*");
    dense::Builder::new()
        .configure(
            dense::Config::new()
                .start_kind(StartKind::Anchored)
                .match_kind(MatchKind::All)
                .unicode_word_boundary(true)
                .dfa_size_limit(Some(16 << 20))
                .determinize_size_limit(Some(16 << 20)),
        )
        .build(&anywhere)
        .map_err(|_| {
            format!(
                "`{regex}` cannot be compared on automata: it uses what they cannot express, or \
                 they grow too large"
            )
        })
}

/// The string that leads from the start to `state`, from the first steps found.
fn witness(seen: &BTreeMap<Vec<StateID>, Option<(Vec<StateID>, u8)>>, state: &[StateID]) -> String {
    let mut bytes = Vec::new();
    let mut at = state.to_vec();
    while let Some(Some((from, byte))) = seen.get(&at) {
        bytes.push(*byte);
        at = from.clone();
    }
    bytes.reverse();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row: an old pattern, a new one, and how they compare.
    #[test]
    fn patterns_compare_by_the_strings_they_accept() {
        let rows: &[(&str, &str, Relation)] = &[
            (r"^[0-9]+$", r"^\d+$", Relation::Same),
            (r"^[a-z]+$", r"^[a-z0-9]+$", Relation::Wider("0".into())),
            (r"^[a-z0-9]+$", r"^[a-z]+$", Relation::Narrower("0".into())),
            (r"^[a-z]{1,8}$", r"^[a-z]{2,8}$", Relation::Narrower("a".into())),
            // Unanchored: a match anywhere is enough, so `abc` accepts everything `^abc` does.
            (r"^abc", r"abc", Relation::Wider("\0abc".into())),
            (r"^a$", r"^b$", Relation::Other { refused: "a".into(), accepted: "b".into() }),
            // A leading negative look-ahead subtracts the strings it names.
            (r"^[a-z-]+$", r"^(?!-)[a-z-]+$", Relation::Narrower("-".into())),
            (r"^(?!-)[a-z-]+$", r"^[a-z][a-z-]*$", Relation::Same),
        ];
        for (old, new, expected) in rows {
            assert_eq!(relation(old, new), *expected, "{old} → {new}");
        }
    }

    #[test]
    fn what_an_automaton_cannot_express_gets_no_verdict() {
        for (old, new) in [(r"^[a-z]+(?<!-)$", r"^[a-z]+$"), (r"^(a)\1$", r"^aa$"), ("[", "a")] {
            assert!(matches!(relation(old, new), Relation::Unknown(_)), "{old} → {new}");
        }
    }
}
