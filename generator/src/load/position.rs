//! Where in the text each node of a YAML or JSON document is, so that a problem located by
//! JSON pointer also gets a line and a column. `serde_yaml` keeps no positions on its values;
//! the text is parsed a second time, by an event parser that reports them, and only when
//! there is a problem or a warning to place: a document that generates cleanly pays nothing.

use crate::error::{Position, Problem, pointer};
use saphyr_parser::{Event, Parser, Span};
use std::collections::HashMap;

/// Gives every problem its position in `text`, where it can be found.
pub(crate) fn locate(text: &str, problems: &mut [Problem]) {
    if problems.is_empty() {
        return;
    }
    let positions = positions(text);
    for problem in problems {
        problem.position = problem.position.or_else(|| find(&positions, &problem.at));
    }
}

/// The position of `at`, or of its nearest enclosing node that is in the text: `at` may
/// name a field that is missing, or a node inside an alias.
fn find(positions: &HashMap<String, Position>, at: &str) -> Option<Position> {
    let mut at = at;
    loop {
        if let Some(position) = positions.get(at) {
            return Some(*position);
        }
        at = &at[..at.rfind('/')?];
    }
}

/// What the node being read belongs to.
enum Frame {
    Mapping {
        at: String,
        /// `None` while a key is awaited; the key's pointer while its value is.
        value_at: Option<Option<String>>,
    },
    Sequence {
        at: String,
        next: usize,
    },
    /// A node that has no pointer (inside a key that is itself a collection).
    Unplaced,
}

/// The JSON pointer of every node of the first document in `text` and where it is: the
/// start of its key in a mapping, of itself elsewhere. As far as the text parses; a key that
/// is not a scalar gives its value no pointer.
fn positions(text: &str) -> HashMap<String, Position> {
    let mut positions = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut started = false;
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else { break };
        let opens = match &event {
            Event::MappingStart(..) => Some(true),
            Event::SequenceStart(..) => Some(false),
            Event::Scalar(..) | Event::Alias(..) => None,
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                if stack.is_empty() && started {
                    break;
                }
                continue;
            }
            _ => continue,
        };
        let at = match stack.last_mut() {
            None if started => break,
            None => {
                started = true;
                positions.insert("#".to_string(), place(span));
                Some("#".to_string())
            }
            Some(Frame::Unplaced) => None,
            Some(Frame::Sequence { at, next }) => {
                let item = pointer(at, &next.to_string());
                *next += 1;
                positions.insert(item.clone(), place(span));
                Some(item)
            }
            Some(Frame::Mapping { at, value_at }) => match value_at.take() {
                Some(value) => value,
                None => {
                    // A key: its value is placed where the key starts.
                    let key_at = match &event {
                        Event::Scalar(key, ..) => {
                            let key_at = pointer(at, key);
                            positions.insert(key_at.clone(), place(span));
                            Some(key_at)
                        }
                        _ => None,
                    };
                    *value_at = Some(key_at);
                    if opens.is_some() {
                        stack.push(Frame::Unplaced);
                    }
                    continue;
                }
            },
        };
        match (opens, at) {
            (Some(true), Some(at)) => stack.push(Frame::Mapping { at, value_at: None }),
            (Some(false), Some(at)) => stack.push(Frame::Sequence { at, next: 0 }),
            (Some(_), None) => stack.push(Frame::Unplaced),
            (None, _) => {
                if stack.is_empty() {
                    break;
                }
            }
        }
    }
    positions
}

fn place(span: Span) -> Position {
    Position { line: span.start.line(), column: span.start.col() + 1 }
}

#[cfg(test)]
mod tests {
    use super::{find, positions};
    use crate::error::Position;

    /// Each row: a text, a pointer, and the line and column it is found at.
    #[test]
    fn pointers_are_found_in_yaml_and_json() {
        let yaml = "\
openapi: 3.0.3
paths:
  /a/{b}:
    get:
      parameters:
        - name: b
          in: path
        - {name: c, in: query}
      tags: [x, y]
? [complex, key]
: value
after: 1
";
        let json = r#"{
  "openapi": "3.0.3",
  "paths": {"/a": {"get": {"tags": ["x",
   "y"]}}}
}
"#;
        let rows = [
            (yaml, "#", (1, 1)),
            (yaml, "#/openapi", (1, 1)),
            (yaml, "#/paths", (2, 1)),
            (yaml, "#/paths/~1a~1{b}", (3, 3)),
            (yaml, "#/paths/~1a~1{b}/get/parameters/0", (6, 11)),
            (yaml, "#/paths/~1a~1{b}/get/parameters/0/in", (7, 11)),
            (yaml, "#/paths/~1a~1{b}/get/parameters/1/in", (8, 21)),
            (yaml, "#/paths/~1a~1{b}/get/tags/1", (9, 17)),
            // What is missing is placed at what encloses it.
            (yaml, "#/paths/~1a~1{b}/get/responses", (4, 5)),
            (yaml, "#/after", (12, 1)),
            (json, "#/paths/~1a/get/tags/1", (4, 4)),
            (json, "#/paths/~1a/get", (3, 20)),
            (json, "#/nothing/here", (1, 1)),
            ("a: 1\r\nb:\r\n  c: 2\r\n", "#/b/c", (3, 3)),
            ("\u{feff}a:\n  b: 1\n", "#/a/b", (2, 3)),
        ];
        for (text, at, (line, column)) in rows {
            let found = find(&positions(text), at);
            assert_eq!(found, Some(Position { line, column }), "{at} in {text}");
        }
    }

    /// A text that stops parsing still places what came before the break.
    #[test]
    fn broken_text_is_placed_as_far_as_it_parses() {
        let positions = positions("a:\n  b: 1\n  c: [unclosed\n");
        assert_eq!(find(&positions, "#/a/b"), Some(Position { line: 2, column: 3 }));
    }
}
