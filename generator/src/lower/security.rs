//! Security schemes: what the client sends for each, the builder method that sets it, and a
//! warning for each scheme whose flow the client does not run or that it cannot send.

use crate::error::{Problem, pointer};
use crate::model::{Credential, KeyLocation, SecurityScheme};
use crate::names;
use crate::spec::Spec;
use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityScheme as Scheme};

/// The document's security schemes in its order, and the warnings about them.
pub(super) fn schemes(doc: &OpenAPI) -> (Vec<SecurityScheme>, Vec<Problem>) {
    // References between security schemes are not followed; `validate` checks them.
    let declared: Vec<(&String, &Scheme)> = doc
        .components
        .iter()
        .flat_map(|c| &c.security_schemes)
        .filter_map(|(name, scheme)| match scheme {
            ReferenceOr::Item(scheme) => Some((name, scheme)),
            ReferenceOr::Reference { .. } => None,
        })
        .collect();
    let credentials: Vec<Option<Credential>> =
        declared.iter().map(|(_, scheme)| credential(scheme)).collect();
    let kinds: Vec<(&str, &str)> = declared
        .iter()
        .zip(&credentials)
        .map(|((name, _), credential)| (name.as_str(), kind_setter(credential.as_ref())))
        .collect();
    let setters = names::credential_setters(&kinds);
    let mut warnings = Vec::new();
    let schemes = declared
        .into_iter()
        .zip(credentials)
        .zip(setters)
        .map(|(((name, scheme), credential), setter)| {
            let at = pointer("#/components/securitySchemes", name);
            warnings.extend(warning(scheme, &setter).map(|what| Problem::new(at, what)));
            SecurityScheme {
                name: name.clone(),
                presented: presented(scheme),
                description: description(scheme).clone(),
                credential,
                setter,
                flow: matches!(scheme, Scheme::OAuth2 { .. } | Scheme::OpenIDConnect { .. }),
            }
        })
        .collect();
    (schemes, warnings)
}

/// A warning for each scheme a `security` list names that the document does not declare: no
/// client holds its credential, so an alternative with it is never sent.
pub(super) fn undeclared(spec: Spec<'_>, schemes: &[SecurityScheme]) -> Vec<Problem> {
    let lists = std::iter::once(("#".to_string(), spec.doc.security.as_ref()))
        .chain(spec.operations().map(|op| (op.at, op.op.security.as_ref())));
    let mut warnings = Vec::new();
    for (at, list) in lists {
        let Some(list) = list else { continue };
        for (i, requirement) in list.iter().enumerate() {
            for name in requirement.keys().filter(|name| schemes.iter().all(|s| s.name != **name)) {
                let at = pointer(&pointer(&pointer(&at, "security"), &i.to_string()), name);
                let what = format!(
                    "security scheme `{name}` is not declared in `components/securitySchemes`: no credential can be set for it, so this alternative is never sent"
                );
                warnings.push(Problem::new(at, what));
            }
        }
    }
    warnings
}

/// The alternatives of credentials that a `security` list accepts, `None` for no list.
pub(super) fn security(
    requirements: Option<&Vec<openapiv3::SecurityRequirement>>,
) -> Option<Vec<Vec<crate::model::SchemeUse>>> {
    let alternative = |requirement: &openapiv3::SecurityRequirement| {
        let uses = requirement.iter().map(|(scheme, scopes)| crate::model::SchemeUse {
            scheme: scheme.clone(),
            scopes: scopes.clone(),
        });
        uses.collect()
    };
    requirements.map(|requirements| requirements.iter().map(alternative).collect())
}

/// What the client sends for a scheme, `None` when it cannot send it.
fn credential(scheme: &Scheme) -> Option<Credential> {
    Some(match scheme {
        Scheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => Credential::Bearer,
        Scheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => Credential::Basic,
        Scheme::HTTP { .. } => return None,
        Scheme::APIKey { location, name, .. } => Credential::ApiKey {
            location: match location {
                APIKeyLocation::Header => KeyLocation::Header,
                APIKeyLocation::Query => KeyLocation::Query,
                APIKeyLocation::Cookie => KeyLocation::Cookie,
            },
            name: name.clone(),
        },
        Scheme::OAuth2 { .. } | Scheme::OpenIDConnect { .. } => Credential::Bearer,
    })
}

/// The builder method of a scheme that is the only one of its kind.
fn kind_setter(credential: Option<&Credential>) -> &'static str {
    match credential {
        Some(Credential::Bearer) => "token",
        Some(Credential::Basic) => "basic_auth",
        Some(Credential::ApiKey { .. }) => "api_key",
        // Never a method; the name stays out of the others' way.
        None => "unsupported",
    }
}

/// What the generated client does not do for a scheme, and what its user does instead.
fn warning(scheme: &Scheme, setter: &str) -> Option<String> {
    let obtain = format!(
        "the client sends an access token you obtain as `Authorization: Bearer <token>`, set with `ClientBuilder::{setter}`"
    );
    match scheme {
        Scheme::OAuth2 { .. } => Some(format!("OAuth 2.0 flows are not generated: {obtain}")),
        Scheme::OpenIDConnect { .. } => {
            Some(format!("OpenID Connect discovery and flows are not generated: {obtain}"))
        }
        Scheme::HTTP { scheme: name, .. } if credential(scheme).is_none() => Some(format!(
            "HTTP `{name}` authentication is not supported: no builder method sets it; send its `Authorization` header as a default header of a `reqwest::Client` given to `ClientBuilder::http_client`"
        )),
        _ => None,
    }
}

fn description(scheme: &Scheme) -> &Option<String> {
    match scheme {
        Scheme::HTTP { description, .. }
        | Scheme::APIKey { description, .. }
        | Scheme::OAuth2 { description, .. }
        | Scheme::OpenIDConnect { description, .. } => description,
    }
}

/// How a caller presents a security scheme, in words.
fn presented(scheme: &Scheme) -> String {
    match scheme {
        Scheme::HTTP { scheme, .. } => {
            format!("HTTP `{}` authentication", scheme.to_ascii_lowercase())
        }
        Scheme::APIKey { location, name, .. } => {
            let location = match location {
                APIKeyLocation::Query => "query parameter",
                APIKeyLocation::Header => "header",
                APIKeyLocation::Cookie => "cookie",
            };
            format!("API key in {location} `{name}`")
        }
        Scheme::OAuth2 { .. } => "OAuth 2.0 token".to_string(),
        Scheme::OpenIDConnect { open_id_connect_url, .. } => {
            format!("OpenID Connect token (`{open_id_connect_url}`)")
        }
    }
}
