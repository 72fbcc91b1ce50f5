//! Security: which credentials each operation accepts, and how a caller presents each scheme.
//! These reach the generated API only through the builder's credential methods, whose changes
//! the comparison of the Rust surface reports; here they break callers on the wire.

use super::{Cx, Owner};
use crate::error::pointer;
use crate::model::{Api, Operation, SchemeUse};

impl Cx<'_> {
    /// A caller of the old document presents one of its alternatives of credentials (nothing,
    /// when it listed none) with the scopes it asked for; it is refused when no alternative
    /// of the new document is satisfied by what it presents.
    pub(super) fn security(&mut self, old: &Operation, new: &Operation, at: &str, item: &str) {
        let at = pointer(at, "security");
        let (old_security, new_security) = (old.alternatives(), new.alternatives());
        let presented =
            if old_security.is_empty() { vec![Vec::new()] } else { old_security.to_vec() };
        let accepted = |caller: &[SchemeUse]| {
            new_security.is_empty()
                || new_security.iter().any(|required| satisfies(caller, required))
        };
        for caller in presented.iter().filter(|caller| !accepted(caller)) {
            let now = alternatives(new_security);
            if caller.is_empty() {
                self.push(
                    "security_required",
                    &at,
                    item,
                    format!("credentials now required: {now}"),
                )
                .wire(Some("callers that send no credentials are refused".into()));
                continue;
            }
            let was = alternative(caller);
            // The same schemes, asking for more scopes.
            let more_scopes = new_security.iter().find(|required| {
                required.len() == caller.len()
                    && required.iter().all(|r| caller.iter().any(|c| c.scheme == r.scheme))
            });
            let (change, detail, wire) = match more_scopes {
                Some(required) => (
                    "security_scopes_added",
                    format!("credentials {was} now need {}", alternative(required)),
                    "tokens without the new scopes are refused".to_string(),
                ),
                None => (
                    "security_alternative_removed",
                    format!("credentials {was} no longer accepted (now {now})"),
                    format!("callers that authenticate with {was} are refused"),
                ),
            };
            self.push(change, &at, item, detail).wire(Some(wire));
        }
        if new_security.is_empty() && !old_security.is_empty() {
            let was = alternatives(old_security);
            self.push(
                "security_removed",
                &at,
                item,
                format!("credentials no longer required (was {was})"),
            );
            return;
        }
        if old_security.is_empty() {
            // What callers must now present is reported above.
            return;
        }
        for required in new_security.iter().filter(|r| !old_security.contains(r)) {
            let same_schemes = old_security.iter().find(|was| {
                was.len() == required.len()
                    && was.iter().all(|w| required.iter().any(|r| r.scheme == w.scheme))
            });
            match same_schemes {
                // Fewer scopes; more are reported above.
                Some(was) if accepted(was) => {
                    self.push(
                        "security_relaxed",
                        &at,
                        item,
                        format!(
                            "credentials {} now need {}",
                            alternative(was),
                            alternative(required)
                        ),
                    );
                }
                Some(_) => {}
                None => {
                    self.push(
                        "security_alternative_added",
                        &at,
                        item,
                        format!("credentials {} also accepted", alternative(required)),
                    );
                }
            }
        }
    }

    /// How callers present each security scheme: a scheme that operations of the old
    /// document use and that is now presented otherwise refuses them.
    pub(super) fn security_schemes(&mut self, old: &Api, new: &Api) {
        self.owner = Owner::Api;
        for scheme in &new.security_schemes {
            let Some(was) = old.security_schemes.iter().find(|s| s.name == scheme.name) else {
                continue;
            };
            if was.presented == scheme.presented {
                continue;
            }
            let used = old
                .operations
                .iter()
                .any(|op| op.alternatives().iter().flatten().any(|s| s.scheme == scheme.name));
            let at = pointer("#/components/securitySchemes", &scheme.name);
            self.push(
                "security_scheme_changed",
                &at,
                "",
                format!(
                    "security scheme `{}`: {} → {}",
                    scheme.name, was.presented, scheme.presented
                ),
            )
            .wire(used.then(|| "callers that present it as before are refused".into()));
        }
    }
}

/// Whether credentials presented as `caller` satisfy the alternative `required`: every
/// scheme it requires, with every scope it requires.
fn satisfies(caller: &[SchemeUse], required: &[SchemeUse]) -> bool {
    required.iter().all(|r| {
        caller.iter().any(|c| c.scheme == r.scheme && r.scopes.iter().all(|s| c.scopes.contains(s)))
    })
}

/// One alternative, in words: `` `apiKey` + `basic` ``, `` `oauth` (`read`) ``.
fn alternative(schemes: &[SchemeUse]) -> String {
    if schemes.is_empty() {
        return "none".to_string();
    }
    let schemes: Vec<String> = schemes
        .iter()
        .map(|s| match s.scopes.as_slice() {
            [] => format!("`{}`", s.scheme),
            scopes => {
                let scopes: Vec<String> = scopes.iter().map(|s| format!("`{s}`")).collect();
                format!("`{}` ({})", s.scheme, scopes.join(", "))
            }
        })
        .collect();
    schemes.join(" + ")
}

/// The alternatives, in words: `` `bearer` or `apiKey` ``.
fn alternatives(alternatives: &[Vec<SchemeUse>]) -> String {
    let list: Vec<String> = alternatives.iter().map(|a| alternative(a)).collect();
    list.join(" or ")
}
