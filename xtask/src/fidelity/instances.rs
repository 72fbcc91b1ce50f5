//! Instances of a component schema, drawn at random from a seed made of the schema's name,
//! so that every machine draws the same ones. A draw aims at a valid instance without
//! proving it: the judge (`judge.py`) confirms each, and drops those it refuses.
//!
//! What the draws exercise: the members of a union in turn (the first union met takes
//! member `n` in draw `n`; a discriminator's property gets the member's tag), `null` where
//! the schema allows it (one time in five), optional properties left out (all of them in the
//! first draw) and given (all of them in the second), properties the schema does not name
//! where it allows them, every value of an enum, integers up to the bounds of their format,
//! numbers with many digits, strings with escapes and characters beyond ASCII, strings that
//! match a `pattern`, common formats, and nested arrays and maps.
//!
//! Date-times are drawn as the UTC form with 0, 3, 6 or 9 digits of fraction that chrono
//! writes back, so that a change of form alone (`+02:00` to `Z`, `.1` to `.100`), which is
//! not a change of value, is not counted as a failure.

use super::schemas::{Dialect, Schemas, component_ref};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64;
use regex_syntax::hir::{Class, ClassBytes, ClassBytesRange, Hir, HirKind};
use serde_json::{Map, Value, json};

/// Up to `count` distinct instances of the component schema `name`, from `count * 3` draws.
pub(crate) fn draw(schemas: &Schemas, name: &str, count: usize) -> Vec<Value> {
    let mut rng = Pcg64::seed_from_u64(seed(name));
    let root = json!({ "$ref": component_ref(name) });
    let mut instances: Vec<Value> = Vec::with_capacity(count);
    for n in 0..count * 3 {
        if instances.len() == count {
            break;
        }
        let style = match n {
            0 => Style::Minimal,
            1 => Style::Full,
            _ => Style::Random,
        };
        let mut drawer =
            Drawer { schemas, rng: &mut rng, style, first_member: Some(n), depth: 0, tag: None };
        if let Some(instance) = drawer.value(&root)
            && !instances.contains(&instance)
        {
            instances.push(instance);
        }
    }
    instances
}

/// FNV-1a: a seed that depends on the name alone, the same on every platform and release.
fn seed(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// How many optional things a draw includes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// Only what is required: no optional property, no extra property, the fewest items.
    Minimal,
    /// Every optional property, and extra properties where they are allowed.
    Full,
    Random,
}

/// Schema levels one draw may descend before it gives up (a recursive schema that requires
/// itself); past `SHALLOW`, it draws only what is required.
const MAX_DEPTH: usize = 48;
const SHALLOW: usize = 10;
/// `$ref`s followed in a row without reaching a schema.
const MAX_HOPS: usize = 32;
/// How many more times than its minimum a `*` or `+` of a `pattern` repeats at most.
const MAX_REPEAT: u32 = 6;
/// Names for properties that a schema does not declare.
const EXTRA_KEYS: &[&str] = &["extraProperty", "x-unlisted", "other_key"];

struct Drawer<'a> {
    schemas: &'a Schemas,
    rng: &'a mut Pcg64,
    style: Style,
    /// The member that the first union met takes (modulo the number of members), so that
    /// successive draws go through all of them.
    first_member: Option<usize>,
    depth: usize,
    /// A discriminator's property and the tag of the member being drawn, for the next object.
    tag: Option<(String, String)>,
}

impl Drawer<'_> {
    fn value(&mut self, schema: &Value) -> Option<Value> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let drawn = self.flatten(schema, 0).and_then(|(map, component)| {
            // A schema with a discriminator but no union (the base of an `allOf` hierarchy,
            // reached through a child): the child's tag.
            if self.tag.is_none()
                && !map.contains_key("oneOf")
                && !map.contains_key("anyOf")
                && let (Some(discriminator), Some(component)) =
                    (map.get("discriminator"), &component)
            {
                self.tag = tag_of(discriminator, component);
            }
            let drawn = self.draw_flat(map);
            // The tag was for the object just drawn, if it was one.
            self.tag = None;
            drawn
        });
        self.depth -= 1;
        drawn
    }

    /// The schema with its `$ref` and `allOf` merged in, and the component a `$ref` at its
    /// top named. `None` for `false`, or a reference that does not resolve.
    fn flatten(&self, schema: &Value, hops: usize) -> Option<(Map<String, Value>, Option<String>)> {
        if hops > MAX_HOPS {
            return None;
        }
        let mut map = match schema {
            Value::Bool(true) => Map::new(),
            Value::Object(map) => map.clone(),
            _ => return None,
        };
        let mut component = None;
        if let Some(Value::String(reference)) = map.remove("$ref") {
            let (target, inner) = self.flatten(self.schemas.resolve(&reference)?, hops + 1)?;
            component = component_name(&reference).or(inner);
            map = match self.schemas.dialect {
                // Draft 4 ignores the keywords beside `$ref`.
                Dialect::Draft4 => target,
                Dialect::Draft2020 => merge(map, target),
            };
        }
        while let Some(Value::Array(members)) = map.remove("allOf") {
            for member in &members {
                map = merge(map, self.flatten(member, hops + 1)?.0);
            }
        }
        Some((map, component))
    }

    fn draw_flat(&mut self, mut map: Map<String, Value>) -> Option<Value> {
        for keyword in ["oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = map.remove(keyword) {
                return self.member(map, &members);
            }
        }
        if let Some(value) = map.get("const") {
            return Some(value.clone());
        }
        if let Some(Value::Array(values)) = map.get("enum") {
            return (!values.is_empty())
                .then(|| values[self.rng.random_range(0..values.len())].clone());
        }
        match self.pick_type(&map)?.as_str() {
            "null" => Some(Value::Null),
            "boolean" => Some(Value::Bool(self.rng.random_bool(0.5))),
            "integer" => self.integer(&map),
            "number" => self.number(&map),
            "string" => self.string(&map),
            "array" => self.array(&map),
            "object" => self.object(&map),
            _ => Some(self.any()),
        }
    }

    /// A member of `oneOf`/`anyOf` merged with the rest of the schema. Members are tried in
    /// turn until one draws.
    fn member(&mut self, rest: Map<String, Value>, members: &[Value]) -> Option<Value> {
        let is_null = |m: &Value| m == &json!({ "type": "null" });
        let (nulls, mut others): (Vec<usize>, Vec<usize>) =
            (0..members.len()).partition(|&i| is_null(&members[i]));
        shuffle(self.rng, &mut others);
        if others.len() > 1
            && let Some(n) = self.first_member.take()
        {
            others.sort_by_key(|&i| (i + members.len() - n % members.len()) % members.len());
        }
        let order: Vec<usize> = if !nulls.is_empty() && self.rng.random_bool(0.2) {
            nulls.iter().chain(&others).copied().collect()
        } else {
            others.iter().chain(&nulls).copied().collect()
        };
        let discriminator = rest.get("discriminator").cloned();
        let pending = self.tag.take();
        for i in order {
            let Some((map, component)) = self.flatten(&members[i], 0) else {
                continue;
            };
            let tag = match (&discriminator, &component) {
                (Some(d), Some(c)) => tag_of(d, c),
                _ => None,
            };
            // The member's tag, or the one pending for the object this union stands for.
            self.tag = tag.or_else(|| pending.clone());
            let drawn = self.draw_flat(merge(rest.clone(), map));
            if drawn.is_some() {
                self.tag = None;
                return drawn;
            }
        }
        self.tag = None;
        None
    }

    /// The JSON type to draw: one of `type`, else what the keywords present imply.
    fn pick_type(&mut self, map: &Map<String, Value>) -> Option<String> {
        let types: Vec<String> = match map.get("type") {
            Some(Value::String(t)) => vec![t.clone()],
            Some(Value::Array(ts)) => {
                ts.iter().filter_map(Value::as_str).map(String::from).collect()
            }
            _ => vec![implied_type(map).to_string()],
        };
        let (nulls, others): (Vec<String>, Vec<String>) =
            types.into_iter().partition(|t| t == "null");
        match (nulls.is_empty(), others.is_empty()) {
            (true, true) => None,
            (false, true) => Some("null".into()),
            (false, false) if self.rng.random_bool(0.2) => Some("null".into()),
            _ => Some(others[self.rng.random_range(0..others.len())].clone()),
        }
    }

    fn integer(&mut self, map: &Map<String, Value>) -> Option<Value> {
        let (mut lo, mut hi) = integer_range(map.get("format").and_then(Value::as_str));
        let (min, max) = bounds(map);
        if let Some((min, exclusive)) = min {
            let floor = if exclusive { min.floor() + 1.0 } else { min.ceil() };
            lo = lo.max(floor as i128);
        }
        if let Some((max, exclusive)) = max {
            let ceiling = if exclusive { max.ceil() - 1.0 } else { max.floor() };
            hi = hi.min(ceiling as i128);
        }
        let step = match map.get("multipleOf").and_then(Value::as_f64) {
            Some(m) if m >= 1.0 && m.fract() == 0.0 => m as i128,
            _ => 1,
        };
        let (lo, hi) =
            (lo.div_euclid(step) + i128::from(lo.rem_euclid(step) != 0), hi.div_euclid(step));
        if lo > hi {
            return None;
        }
        let k = match self.rng.random_range(0..10) {
            0..4 if lo.max(-100) <= hi.min(100) => {
                self.rng.random_range(lo.max(-100)..=hi.min(100))
            }
            4 => lo,
            5 => hi,
            _ => self.rng.random_range(lo..=hi),
        };
        let n = k * step;
        i64::try_from(n).map(Value::from).or_else(|_| u64::try_from(n).map(Value::from)).ok()
    }

    fn number(&mut self, map: &Map<String, Value>) -> Option<Value> {
        let (min, max) = bounds(map);
        let lo = min.map_or(-1e6, |(v, _)| v.max(-1e6));
        let hi = max.map_or(1e6, |(v, _)| v.min(1e6)).max(lo);
        let within = |x: f64| {
            min.is_none_or(|(m, exclusive)| if exclusive { x > m } else { x >= m })
                && max.is_none_or(|(m, exclusive)| if exclusive { x < m } else { x <= m })
        };
        if let Some(step) = map.get("multipleOf").and_then(Value::as_f64).filter(|s| *s > 0.0) {
            let k = self
                .rng
                .random_range((lo / step).ceil()..=(hi / step).floor().max((lo / step).ceil()));
            return serde_json::Number::from_f64(k.round() * step).map(Value::Number);
        }
        for _ in 0..8 {
            let x: f64 = match self.rng.random_range(0..20) {
                // Whole numbers, half of them written without a fraction.
                0..5 => {
                    let whole = self.rng.random_range(
                        lo.ceil().max(-1000.0)..=hi.floor().min(1000.0).max(lo.ceil()),
                    );
                    if self.rng.random_bool(0.5) && within(whole) {
                        return Some(json!(whole as i64));
                    }
                    whole
                }
                5..9 => f64::from(self.rng.random_range(-4000..4000)) / 4.0,
                // Many digits.
                9..17 => self.rng.random_range(lo..=hi),
                17..19 => self.rng.random_range(-1e-3..1e-3),
                _ => {
                    self.rng.random_range(1e15..1e20)
                        * if self.rng.random_bool(0.5) { 1.0 } else { -1.0 }
                }
            };
            if x.is_finite() && within(x) {
                return serde_json::Number::from_f64(x).map(Value::Number);
            }
        }
        None
    }

    fn string(&mut self, map: &Map<String, Value>) -> Option<Value> {
        let min = map.get("minLength").and_then(Value::as_u64).unwrap_or(0);
        let max = map.get("maxLength").and_then(Value::as_u64).unwrap_or(u64::MAX).max(min);
        let text = if let Some(pattern) = map.get("pattern").and_then(Value::as_str) {
            let regex = pattern_generator(pattern)?;
            (0..8).find_map(|_| {
                let text = String::from_utf8(self.rng.sample::<Vec<u8>, _>(&regex)).ok()?;
                let length = text.chars().count() as u64;
                (min..=max).contains(&length).then_some(text)
            })?
        } else if let Some(text) =
            map.get("format").and_then(Value::as_str).and_then(|f| self.formatted(f))
        {
            text
        } else {
            let length = self.rng.random_range(min..=max.min(min + 12));
            (0..length).map(|_| self.character()).collect()
        };
        Some(Value::String(text))
    }

    /// Mostly letters and digits; now and then punctuation, an escape or a character
    /// beyond ASCII.
    fn character(&mut self) -> char {
        const PLAIN: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        const OTHER: &[char] =
            &[' ', '-', '_', '.', '/', '"', '\\', '\n', '\t', 'é', 'ß', '日', '🦀'];
        if self.rng.random_bool(0.85) {
            char::from(PLAIN[self.rng.random_range(0..PLAIN.len())])
        } else {
            OTHER[self.rng.random_range(0..OTHER.len())]
        }
    }

    fn formatted(&mut self, format: &str) -> Option<String> {
        let word = |d: &mut Self| -> String {
            (0..d.rng.random_range(1..8))
                .map(|_| char::from(d.rng.random_range(b'a'..=b'z')))
                .collect()
        };
        let date = |d: &mut Self| {
            format!(
                "{:04}-{:02}-{:02}",
                d.rng.random_range(1970..2100),
                d.rng.random_range(1..=12),
                d.rng.random_range(1..=28)
            )
        };
        let time = |d: &mut Self| {
            format!(
                "{:02}:{:02}:{:02}",
                d.rng.random_range(0..24),
                d.rng.random_range(0..60),
                d.rng.random_range(0..60)
            )
        };
        let ipv4 = |d: &mut Self| {
            (0..4).map(|_| d.rng.random_range(0..=255u8).to_string()).collect::<Vec<_>>().join(".")
        };
        let ipv6 = |d: &mut Self| {
            (0..8)
                .map(|_| format!("{:x}", d.rng.random_range(0..=0xffffu32)))
                .collect::<Vec<_>>()
                .join(":")
        };
        Some(match format {
            "date-time" => {
                // The last group of digits is not all zeros: chrono would leave it out.
                let fraction = match self.rng.random_range(0..4) {
                    0 => String::new(),
                    n => {
                        let digits = 3 * n;
                        let value = self.rng.random_range(1..10u64.pow(digits as u32));
                        let value = if value % 1000 == 0 { value + 1 } else { value };
                        format!(".{value:0digits$}")
                    }
                };
                format!("{}T{}{fraction}Z", date(self), time(self))
            }
            "date" => date(self),
            "time" => format!("{}Z", time(self)),
            "uuid" | "uuid4" => {
                let hex = |d: &mut Self, n: usize| -> String {
                    (0..n).map(|_| format!("{:x}", d.rng.random_range(0..16u8))).collect()
                };
                format!(
                    "{}-{}-4{}-{}{}-{}",
                    hex(self, 8),
                    hex(self, 4),
                    hex(self, 3),
                    ["8", "9", "a", "b"][self.rng.random_range(0..4)],
                    hex(self, 3),
                    hex(self, 12)
                )
            }
            "email" | "idn-email" => format!("{}.{}@example.com", word(self), word(self)),
            "hostname" | "idn-hostname" => format!("{}.example.com", word(self)),
            "uri" | "url" | "iri" => format!("https://example.com/{}?q={}", word(self), word(self)),
            "uri-reference" | "uriref" | "iri-reference" => {
                format!("/{}/{}", word(self), word(self))
            }
            "ipv4" => ipv4(self),
            "ipv6" => ipv6(self),
            "ip" => {
                if self.rng.random_bool(0.5) {
                    ipv4(self)
                } else {
                    ipv6(self)
                }
            }
            // Any run of four base64 characters is valid base64.
            "byte" => {
                const ALPHABET: &[u8] =
                    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
                (0..4 * self.rng.random_range(0..6))
                    .map(|_| char::from(ALPHABET[self.rng.random_range(0..ALPHABET.len())]))
                    .collect()
            }
            "duration" => {
                format!("P{}DT{}H", self.rng.random_range(0..40), self.rng.random_range(0..24))
            }
            _ => return None,
        })
    }

    fn array(&mut self, map: &Map<String, Value>) -> Option<Value> {
        let min = map.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max =
            map.get("maxItems").and_then(Value::as_u64).map_or(usize::MAX, |m| m as usize).max(min);
        let length = match self.style {
            _ if self.depth > SHALLOW => min,
            Style::Minimal => min,
            Style::Full => 2.clamp(min, max),
            Style::Random => self.rng.random_range(min..=max.min(min + 3)),
        };
        // Draft 4 writes a tuple as `items: [...]` (more items: `additionalItems`); 2020-12
        // as `prefixItems` (more items: `items`).
        let (prefix, rest) = match (map.get("prefixItems"), map.get("items")) {
            (Some(Value::Array(prefix)), rest) => (prefix.as_slice(), rest),
            (None, Some(Value::Array(prefix))) => (prefix.as_slice(), map.get("additionalItems")),
            (_, rest) => (&[][..], rest),
        };
        let any = json!({});
        let unique = map.get("uniqueItems") == Some(&Value::Bool(true));
        let mut items = Vec::with_capacity(length);
        for i in 0..length {
            let schema = prefix.get(i).or(rest).unwrap_or(&any);
            let item = (0..4).find_map(|_| {
                let item = self.value(schema)?;
                (!unique || !items.contains(&item)).then_some(item)
            })?;
            items.push(item);
        }
        Some(Value::Array(items))
    }

    fn object(&mut self, map: &Map<String, Value>) -> Option<Value> {
        let tag = self.tag.take();
        let empty = Map::new();
        let properties = map.get("properties").and_then(Value::as_object).unwrap_or(&empty);
        let required: Vec<&str> = match map.get("required") {
            Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        // Properties not named: the schema's `additionalProperties`, or anything.
        let closed = map.get("additionalProperties") == Some(&Value::Bool(false))
            || map.get("unevaluatedProperties") == Some(&Value::Bool(false));
        let additional = map.get("additionalProperties").cloned().unwrap_or(json!({}));
        let optional = |d: &mut Self| match d.style {
            _ if d.depth > SHALLOW => false,
            Style::Minimal => false,
            Style::Full => true,
            Style::Random => d.rng.random_bool(0.5),
        };
        let mut object = Map::new();
        for (key, schema) in properties {
            let tagged = tag.as_ref().filter(|(property, _)| property == key);
            if !required.contains(&key.as_str()) && tagged.is_none() && !optional(self) {
                continue;
            }
            let value = match tagged {
                Some((_, tag)) => self.tag_value(schema, tag),
                None => self.value(schema),
            };
            match value {
                Some(value) => {
                    object.insert(key.clone(), value);
                }
                None if required.contains(&key.as_str()) => return None,
                None => {}
            }
        }
        // Required but never declared.
        for key in required.iter().filter(|k| !properties.contains_key(**k)) {
            let value = self.value(&additional)?;
            object.insert(key.to_string(), value);
        }
        if let Some((property, tag)) = &tag
            && !object.contains_key(property)
        {
            object.insert(property.clone(), Value::String(tag.clone()));
        }
        let extras = match self.style {
            _ if closed || self.depth > SHALLOW => 0,
            Style::Minimal => 0,
            Style::Full => 2,
            Style::Random if self.rng.random_bool(0.25) => self.rng.random_range(1..=2),
            Style::Random => 0,
        };
        let min = map.get("minProperties").and_then(Value::as_u64).unwrap_or(0) as usize;
        let mut added = 0;
        for key in EXTRA_KEYS {
            if closed || (added >= extras && object.len() >= min) {
                break;
            }
            if properties.contains_key(*key) || object.contains_key(*key) {
                continue;
            }
            if let Some(value) = self.value(&additional) {
                object.insert(key.to_string(), value);
                added += 1;
            }
        }
        Some(Value::Object(object))
    }

    /// The value of a discriminator's property: the member's tag, unless the property's own
    /// schema lists other values (a document whose tags contradict its enums), then one of
    /// those.
    fn tag_value(&mut self, schema: &Value, tag: &str) -> Option<Value> {
        let (map, _) = self.flatten(schema, 0)?;
        match map.get("enum") {
            Some(Value::Array(values)) if !values.contains(&json!(tag)) => self.value(schema),
            _ if map.contains_key("const") => self.value(schema),
            _ => Some(Value::String(tag.to_string())),
        }
    }

    /// Any JSON value, nested a little.
    fn any(&mut self) -> Value {
        let kinds = if self.depth > 3 { 5 } else { 7 };
        match self.rng.random_range(0..kinds) {
            0 => Value::Null,
            1 => Value::Bool(self.rng.random_bool(0.5)),
            2 => json!(self.rng.random_range(-1000..1000)),
            3 => json!(self.rng.random_range(-1e3..1e3)),
            4 => {
                Value::String((0..self.rng.random_range(0..8)).map(|_| self.character()).collect())
            }
            kind => {
                self.depth += 1;
                let n = self.rng.random_range(0..3);
                let value = if kind == 5 {
                    Value::Array((0..n).map(|_| self.any()).collect())
                } else {
                    Value::Object((0..n).map(|i| (format!("k{i}"), self.any())).collect())
                };
                self.depth -= 1;
                value
            }
        }
    }
}

/// `a` and `b` as one schema that asks for both (an approximation: the judge has the last
/// word). Properties and item schemas that both have become `allOf` of the two.
fn merge(mut a: Map<String, Value>, b: Map<String, Value>) -> Map<String, Value> {
    for (key, theirs) in b {
        let Some(ours) = a.get_mut(&key) else {
            a.insert(key, theirs);
            continue;
        };
        match key.as_str() {
            "properties" => {
                if let (Value::Object(ours), Value::Object(theirs)) = (ours, theirs) {
                    for (name, schema) in theirs {
                        match ours.get_mut(&name) {
                            Some(mine) => *mine = json!({ "allOf": [mine.take(), schema] }),
                            None => {
                                ours.insert(name, schema);
                            }
                        }
                    }
                }
            }
            "required" => {
                if let (Value::Array(ours), Value::Array(theirs)) = (ours, theirs) {
                    for name in theirs {
                        if !ours.contains(&name) {
                            ours.push(name);
                        }
                    }
                }
            }
            "type" => {
                let as_list = |v: &Value| -> Vec<Value> {
                    match v {
                        Value::Array(list) => list.clone(),
                        one => vec![one.clone()],
                    }
                };
                let theirs = as_list(&theirs);
                let both: Vec<Value> = as_list(ours)
                    .into_iter()
                    .filter(|t| {
                        theirs.contains(t) || (t == "number" && theirs.contains(&json!("integer")))
                    })
                    .map(
                        |t| {
                            if t == "number" && !theirs.contains(&t) { json!("integer") } else { t }
                        },
                    )
                    .collect();
                *ours = Value::Array(both);
            }
            "enum" => {
                if let (Value::Array(ours), Value::Array(theirs)) = (ours, theirs) {
                    ours.retain(|v| theirs.contains(v));
                }
            }
            "minimum" | "minLength" | "minItems" | "minProperties"
                if theirs.as_f64() > ours.as_f64() =>
            {
                *ours = theirs;
            }
            "maximum" | "maxLength" | "maxItems" | "maxProperties"
                if theirs.as_f64() < ours.as_f64() =>
            {
                *ours = theirs;
            }
            "items" | "additionalProperties" => {
                *ours = match (ours.take(), theirs) {
                    (Value::Bool(false), _) | (_, Value::Bool(false)) => Value::Bool(false),
                    (mine, theirs) => json!({ "allOf": [mine, theirs] }),
                };
            }
            // Anything else (a second union, a second pattern): ours; the judge drops what
            // the other would refuse.
            _ => {}
        }
    }
    a
}

/// The type that keywords imply when a schema has no `type`; `any` when none does.
fn implied_type(map: &Map<String, Value>) -> &'static str {
    let has = |keys: &[&str]| keys.iter().any(|k| map.contains_key(*k));
    if has(&[
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "minProperties",
    ]) {
        "object"
    } else if has(&["items", "prefixItems", "minItems", "maxItems"]) {
        "array"
    } else if has(&["pattern", "minLength", "maxLength", "format"]) {
        "string"
    } else if has(&["minimum", "maximum", "multipleOf"]) {
        "number"
    } else {
        "any"
    }
}

/// The integers a `format` allows; without one, those of a 64-bit signed integer (what a
/// client can hold, though JSON Schema sets no limit).
fn integer_range(format: Option<&str>) -> (i128, i128) {
    match format {
        Some("int8") => (i8::MIN.into(), i8::MAX.into()),
        Some("int16") => (i16::MIN.into(), i16::MAX.into()),
        Some("int32") => (i32::MIN.into(), i32::MAX.into()),
        Some("uint8") => (0, u8::MAX.into()),
        Some("uint16") => (0, u16::MAX.into()),
        Some("uint32") => (0, u32::MAX.into()),
        Some("uint64" | "uint") => (0, u64::MAX.into()),
        _ => (i64::MIN.into(), i64::MAX.into()),
    }
}

/// A bound and whether it is exclusive.
type Bound = Option<(f64, bool)>;

/// The lower and upper bound: draft 4 writes `exclusiveMinimum: true` beside `minimum`,
/// 2020-12 `exclusiveMinimum: 3` alone.
fn bounds(map: &Map<String, Value>) -> (Bound, Bound) {
    let bound = |inclusive: &str, exclusive: &str| match map.get(exclusive) {
        Some(Value::Number(n)) => n.as_f64().map(|n| (n, true)),
        Some(Value::Bool(flag)) => map.get(inclusive).and_then(Value::as_f64).map(|n| (n, *flag)),
        _ => map.get(inclusive).and_then(Value::as_f64).map(|n| (n, false)),
    };
    (bound("minimum", "exclusiveMinimum"), bound("maximum", "exclusiveMaximum"))
}

/// `#/components/schemas/Pet` → `Pet`.
fn component_name(reference: &str) -> Option<String> {
    let name = reference.strip_prefix("#/components/schemas/")?;
    (!name.contains('/')).then(|| name.replace("~1", "/").replace("~0", "~"))
}

/// The discriminator's property and the tag of `component`: the `mapping` key that names it,
/// else its name.
fn tag_of(discriminator: &Value, component: &str) -> Option<(String, String)> {
    let property = discriminator.get("propertyName")?.as_str()?;
    let reference = component_ref(component);
    let mapped = discriminator.get("mapping").and_then(Value::as_object).and_then(|mapping| {
        mapping
            .iter()
            .find(|(_, target)| target.as_str().is_some_and(|t| t == reference || t == component))
            .map(|(tag, _)| tag.clone())
    });
    Some((property.to_string(), mapped.unwrap_or_else(|| component.to_string())))
}

fn shuffle(rng: &mut Pcg64, items: &mut [usize]) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.random_range(0..=i));
    }
}

/// A generator of strings matching an ECMA-262 `pattern`, or `None` when `regex-syntax`
/// cannot read it. Look-around is left out (the judge drops what it would refuse), anchors
/// are dropped (a string that matches the rest matches the anchored pattern), and classes
/// are narrowed to printable ASCII where they allow it. Parsed without Unicode, where `\d`
/// and `\w` are ASCII as in ECMA-262.
fn pattern_generator(pattern: &str) -> Option<rand_regex::Regex> {
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(&without_look_around(pattern))
        .ok()?;
    rand_regex::Regex::with_hir(printable(hir), MAX_REPEAT).ok()
}

fn without_look_around(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while !rest.is_empty() {
        if let Some(body) =
            ["(?=", "(?!", "(?<=", "(?<!"].iter().find_map(|open| rest.strip_prefix(open))
            && let Some(end) = group_end(body)
        {
            rest = &body[end + 1..];
            continue;
        }
        let mut chars = rest.chars();
        let c = chars.next().unwrap_or_default();
        out.push(c);
        if c == '\\'
            && let Some(escaped) = chars.next()
        {
            out.push(escaped);
        }
        rest = chars.as_str();
    }
    out
}

/// The index of the `)` that closes a group whose body starts `text`.
fn group_end(text: &str) -> Option<usize> {
    let (mut depth, mut in_class, mut escaped) = (0usize, false, false);
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => in_class = true,
            ']' => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class && depth == 0 => return Some(i),
            ')' if !in_class => depth -= 1,
            _ => {}
        }
    }
    None
}

fn printable(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Look(_) => Hir::empty(),
        HirKind::Class(Class::Bytes(class)) => {
            let narrowed = [(0x20, 0x7e), (0x00, 0x7f)].into_iter().find_map(|(lo, hi)| {
                let mut narrowed = ClassBytes::new([ClassBytesRange::new(lo, hi)]);
                narrowed.intersect(&class);
                (!narrowed.ranges().is_empty()).then_some(narrowed)
            });
            Hir::class(Class::Bytes(narrowed.unwrap_or(class)))
        }
        HirKind::Repetition(mut repetition) => {
            repetition.sub = Box::new(printable(*repetition.sub));
            Hir::repetition(repetition)
        }
        HirKind::Capture(mut capture) => {
            capture.sub = Box::new(printable(*capture.sub));
            Hir::capture(capture)
        }
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(printable).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(printable).collect()),
        HirKind::Class(class) => Hir::class(class),
        HirKind::Literal(literal) => Hir::literal(literal.0),
        HirKind::Empty => Hir::empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schemas(openapi: &str, components: Value) -> Schemas {
        let doc = json!({ "openapi": openapi, "components": { "schemas": components } });
        Schemas::read(&doc.to_string()).unwrap()
    }

    fn draw_30(components: Value, name: &str) -> Vec<Value> {
        draw(&schemas("3.0.3", components), name, 20)
    }

    #[test]
    fn the_same_name_draws_the_same_instances() {
        let components = json!({"A": {"type": "object", "properties": {
            "n": {"type": "number"}, "s": {"type": "string"}, "l": {"type": "array", "items": {"type": "integer"}}}}});
        let first = draw_30(components.clone(), "A");
        assert_eq!(first.len(), 20);
        assert_eq!(first, draw_30(components, "A"));
    }

    #[test]
    fn every_member_of_a_union_is_drawn_and_tagged() {
        let components = json!({
            "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}, {"type": "string"}],
                    "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat"}}},
            "Cat": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "purrs": {"type": "boolean"}}},
            "Dog": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}},
        });
        let pets = draw_30(components, "Pet");
        let kinds: Vec<&str> = pets.iter().filter_map(|p| p.get("kind")?.as_str()).collect();
        assert!(kinds.contains(&"cat") && kinds.contains(&"Dog"), "{pets:?}");
        assert!(kinds.iter().all(|k| ["cat", "Dog"].contains(k)), "{pets:?}");
        assert!(pets.iter().any(Value::is_string), "{pets:?}");
    }

    #[test]
    fn optional_properties_are_left_out_given_and_null_where_allowed() {
        let components = json!({"A": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "integer", "format": "int32"},
            "note": {"type": "string", "nullable": true}}}});
        let drawn = draw_30(components, "A");
        let notes: Vec<Option<&Value>> = drawn.iter().map(|a| a.get("note")).collect();
        assert!(notes.contains(&None), "{drawn:?}");
        assert!(notes.contains(&Some(&Value::Null)), "{drawn:?}");
        assert!(notes.iter().any(|n| n.is_some_and(Value::is_string)), "{drawn:?}");
        // The first draw is minimal.
        assert_eq!(drawn[0].as_object().unwrap().keys().collect::<Vec<_>>(), ["id"]);
        for a in &drawn {
            let id = a["id"].as_i64().unwrap();
            assert!(i32::try_from(id).is_ok(), "{a}");
        }
    }

    #[test]
    fn extra_properties_only_where_the_schema_allows_them() {
        let components = json!({
            "Open": {"type": "object", "properties": {"a": {"type": "string"}}},
            "Map": {"type": "object", "additionalProperties": {"type": "integer"}},
            "Closed": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false},
        });
        let names = |instances: Vec<Value>| -> Vec<String> {
            instances
                .iter()
                .flat_map(|i| i.as_object().unwrap().keys().cloned().collect::<Vec<_>>())
                .collect()
        };
        assert!(names(draw_30(components.clone(), "Open")).iter().any(|k| k != "a"));
        assert!(names(draw_30(components.clone(), "Closed")).iter().all(|k| k == "a"));
        let maps = draw_30(components, "Map");
        assert!(maps.iter().any(|m| !m.as_object().unwrap().is_empty()));
        assert!(maps.iter().flat_map(|m| m.as_object().unwrap().values()).all(Value::is_i64));
    }

    #[test]
    fn bounds_enums_formats_and_patterns_are_kept() {
        let components = json!({
            "Small": {"type": "integer", "minimum": 1, "maximum": 5, "exclusiveMaximum": true},
            "Ratio": {"type": "number", "minimum": 0, "maximum": 1},
            "Colour": {"type": "string", "enum": ["red", "green"]},
            "When": {"type": "string", "format": "date-time"},
            "Code": {"type": "string", "pattern": "^[A-F]{3}-\\d{2}$"},
        });
        for n in draw_30(components.clone(), "Small") {
            assert!((1..5).contains(&n.as_i64().unwrap()), "{n}");
        }
        for x in draw_30(components.clone(), "Ratio") {
            assert!((0.0..=1.0).contains(&x.as_f64().unwrap()), "{x}");
        }
        assert_eq!(draw_30(components.clone(), "Colour").len(), 2);
        for when in draw_30(components.clone(), "When") {
            let when = when.as_str().unwrap();
            assert!(when.len() >= 20 && when.ends_with('Z') && &when[10..11] == "T", "{when}");
        }
        for code in draw_30(components, "Code") {
            let code = code.as_str().unwrap().as_bytes();
            assert_eq!(code.len(), 6, "{code:?}");
            assert!(code[..3].iter().all(|c| (b'A'..=b'F').contains(c)) && code[3] == b'-');
            assert!(code[4..].iter().all(u8::is_ascii_digit));
        }
    }

    #[test]
    fn recursive_schemas_end() {
        let components = json!({"Node": {"type": "object", "required": ["children"], "properties": {
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}}});
        let nodes = draw_30(components, "Node");
        assert!(nodes.iter().any(|n| n["children"].as_array().is_some_and(|c| !c.is_empty())));
    }

    #[test]
    fn draws_json_schema_2020_12() {
        let components = json!({
            "Maybe": {"type": ["string", "null"]},
            "Fixed": {"const": "v1"},
            "Pair": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false, "minItems": 2},
            "Positive": {"type": "number", "exclusiveMinimum": 0},
            "Named": {"$ref": "#/components/schemas/Maybe", "description": "a $ref with siblings"},
        });
        let schemas = schemas("3.1.0", components);
        let maybe = draw(&schemas, "Maybe", 20);
        assert!(maybe.contains(&Value::Null) && maybe.iter().any(Value::is_string));
        assert_eq!(draw(&schemas, "Fixed", 20), [json!("v1")]);
        for pair in draw(&schemas, "Pair", 20) {
            assert!(
                pair[0].is_string() && pair[1].is_i64() && pair.as_array().unwrap().len() == 2,
                "{pair}"
            );
        }
        for x in draw(&schemas, "Positive", 20) {
            assert!(x.as_f64().unwrap() > 0.0, "{x}");
        }
        assert!(draw(&schemas, "Named", 20).contains(&Value::Null));
    }
}
