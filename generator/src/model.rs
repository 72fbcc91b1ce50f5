//! What will become Rust: types and operations, already named, ordered and resolved.
//! Emit code reads only this; nothing here refers to `openapiv3`.
//!
//! The model also offers its walks (in `walks.rs`), so that no stage matches the kinds of
//! types by hand to find the shapes inside: [`TypeKind::shapes`], [`Operation::shapes`] (and their `_mut`
//! forms), [`Shape::nested`], the shapes the client checks ([`Api::checked_shapes`]), and
//! which types are sent and which received ([`Api::usage`]).

// A `Shape` carries its constraints inline; the model is built once per run, so the size of
// its enums does not matter.
#![allow(clippy::large_enum_variant)]

mod walks;

mod pagination;
pub use pagination::{FieldStep, PageSize, PageStyle, Pagination};

/// One API: everything `emit` needs.
#[derive(Debug, Clone, Default)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The first server's URL, the client's default base URL.
    pub base_url: Option<String>,
    /// Whether the document declares HTTP bearer authentication, whose token `Client::new`
    /// takes: the builder's `token` sets it (no other scheme takes a bearer token).
    pub bearer: bool,
    /// The security schemes the document declares, in its order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Named types, ordered by Rust name.
    pub types: Vec<TypeDef>,
    /// Operations in document order.
    pub operations: Vec<Operation>,
    /// What loading and validation changed or left unchecked.
    pub warnings: Vec<crate::Problem>,
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub rust_name: String,
    /// Where the type comes from, as a JSON pointer.
    pub at: String,
    pub doc: Option<String>,
    pub kind: TypeKind,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    /// A string or integer enum; decodes values it does not list into its catch-all variant.
    Enum(StringEnum),
    /// `oneOf`/`anyOf`: one of several types; keeps a value none of them accepts.
    Union(Union),
    /// A named primitive with constraints: a newtype that checks them.
    Newtype(Shape),
    /// A named primitive without constraints: a type alias.
    Alias(Shape),
    /// The outcomes of an operation whose responses differ, one variant per status.
    Responses(Vec<ResponseVariant>),
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// The map that keeps the properties the spec does not name: every struct, sent or received.
    pub extra: String,
    /// `additionalProperties: false`: the client refuses to send unnamed properties.
    pub closed: bool,
    /// `minProperties` and `maxProperties`: how many properties, named or not, it is sent with.
    pub properties: Counts,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub rust_name: String,
    pub api_name: String,
    pub doc: Option<String>,
    pub shape: Shape,
    pub required: bool,
    /// `nullable: true`: `null` is a value distinct from absence.
    pub nullable: bool,
    /// The field holds its own struct, directly or through others: it goes in a `Box`.
    pub boxed: bool,
    /// `format: password`, `writeOnly` or a name that says it is secret (`names::is_secret`): hidden from `Debug`.
    pub secret: bool,
}

#[derive(Debug, Clone)]
pub struct StringEnum {
    /// For an integer enum, the values' decimal text.
    pub variants: Vec<Variant>,
    /// An integer enum (`type: integer`) and the Rust type of its values; a string enum:
    /// `None`.
    pub integer: Option<IntKind>,
    /// The variant that holds a value the spec does not list.
    pub unknown: String,
}

#[derive(Debug, Clone)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// The property whose value names the variant (`discriminator.propertyName`).
    pub discriminator: Option<String>,
    /// The variant that holds a value no member accepts.
    pub unknown: String,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub rust_name: String,
    pub shape: Shape,
    /// The discriminator values that select this variant.
    pub tags: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub rust_name: String,
    pub value: String,
}

/// A Rust type and the constraints the client checks before sending a value of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shape {
    pub ty: Ty,
    pub checks: Checks,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub enum Ty {
    String,
    Bool,
    Int(IntKind),
    Float,
    DateTime,
    /// `format: binary` in a multipart body (a file part); in JSON it is a string.
    Bytes,
    /// Any JSON value.
    #[default]
    Json,
    /// A named type; `validate` says whether it has a `validate` method to call.
    Named {
        name: String,
        validate: bool,
    },
    Array(Box<Shape>),
    Map(Box<Shape>),
    /// `null` or a value of the shape inside (`Option<T>`): an array's items, a map's values
    /// or a union's variant that the spec makes nullable. A field says it with
    /// [`Field::nullable`] instead, which tells `null` from absent.
    Nullable(Box<Shape>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum IntKind {
    U8,
    U16,
    U32,
    U64,
    I8,
    I16,
    I32,
    I64,
}

impl IntKind {
    pub fn bounds(self) -> (i128, i128) {
        match self {
            IntKind::U8 => (0, u8::MAX.into()),
            IntKind::U16 => (0, u16::MAX.into()),
            IntKind::U32 => (0, u32::MAX.into()),
            IntKind::U64 => (0, u64::MAX.into()),
            IntKind::I8 => (i8::MIN.into(), i8::MAX.into()),
            IntKind::I16 => (i16::MIN.into(), i16::MAX.into()),
            IntKind::I32 => (i32::MIN.into(), i32::MAX.into()),
            IntKind::I64 => (i64::MIN.into(), i64::MAX.into()),
        }
    }
}

/// Constraints of JSON Schema that the client checks on what it sends. Bounds that the Rust
/// type already enforces are left out by `lower`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checks {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<Pattern>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    /// `multipleOf`, which JSON Schema requires to be positive.
    pub multiple_of: Option<Number>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    /// `uniqueItems: true`.
    pub unique_items: bool,
    /// `minProperties` and `maxProperties` of a map; a struct has its own
    /// ([`Struct::properties`]).
    pub properties: Counts,
    /// A `pattern` the generator cannot compile, as the spec writes it. Only a document read
    /// for review (`diff::read`) has one; the client does not check it.
    pub uncompiled_pattern: Option<String>,
}

/// A `pattern`: the spec's ECMA-262 text and how the client checks it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub source: String,
    /// Read with the `u` flag (ECMA-262's Unicode grammar); without it when only the legacy
    /// grammar reads it.
    pub unicode: bool,
    /// The runs of characters the pattern is when it needs no engine.
    pub runs: Option<Vec<CharRun>>,
}

/// Between `min` and `max` (unbounded: `None`) characters, each in one of `ranges`.
#[derive(Debug, Clone, PartialEq)]
pub struct CharRun {
    pub ranges: Vec<(char, char)>,
    pub min: u32,
    pub max: Option<u32>,
}

/// A lower and an upper bound on a count (`minProperties`, `maxProperties`), either or both.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    pub value: Number,
    pub exclusive: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Int(i128),
    Float(f64),
}

impl Checks {
    pub fn is_empty(&self) -> bool {
        *self == Checks::default()
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub rust_name: String,
    pub operation_id: String,
    /// Upper-case HTTP method, e.g. `GET`.
    pub method: String,
    pub path: String,
    pub segments: Vec<Segment>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub success: Vec<Outcome>,
    pub errors: Vec<Outcome>,
    /// What the method returns on success.
    pub ok: Returned,
    /// What `Error::Api` holds.
    pub err: Returned,
    /// The `Accept` header.
    pub accept: String,
    /// Scopes of which the token must hold at least one (`x-required-scopes`).
    pub scopes: Vec<String>,
    /// The credentials the operation accepts (its `security`, else the document's): any one
    /// of these alternatives, each the schemes that must all be presented. No alternative or
    /// an empty one: callers without credentials are accepted. `None` when the document says
    /// nothing, neither for the operation nor at its top level.
    pub security: Option<Vec<Vec<SchemeUse>>>,
    /// How its answers come in pages (`x-pagination`), when they do.
    pub pagination: Option<Pagination>,
}

impl Operation {
    /// The alternatives of credentials the operation accepts (see [`Operation::security`]):
    /// none when the document says nothing.
    pub fn alternatives(&self) -> &[Vec<SchemeUse>] {
        self.security.as_deref().unwrap_or_default()
    }
}

/// A security scheme an operation requires, by its name in `components/securitySchemes`,
/// with the scopes it needs (OAuth 2.0 and OpenID Connect).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SchemeUse {
    pub scheme: String,
    pub scopes: Vec<String>,
}

/// A security scheme of `components/securitySchemes`: its name, and how a caller presents
/// it, in words (``API key in header `X-Api-Key` ``) and for the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    pub name: String,
    pub presented: String,
    pub description: Option<String>,
    /// What the client sends; `None` for a scheme it cannot send (an HTTP scheme other than
    /// `basic` and `bearer`).
    pub credential: Option<Credential>,
    /// The builder method that sets the credential (see [`crate::names::credential_setters`]).
    pub setter: String,
    /// OAuth 2.0 or OpenID Connect: a flow obtains the token, which the client does not run.
    pub flow: bool,
}

/// What a client sends for a security scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// `Authorization: Bearer <token>`: HTTP `bearer`, and the access token of OAuth 2.0 and
    /// OpenID Connect, whose flows the client does not run.
    Bearer,
    /// `Authorization: Basic <base64 of username:password>`.
    Basic,
    /// An API key, in a header, query parameter or cookie of this name.
    ApiKey { location: KeyLocation, name: String },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

#[derive(Debug, Clone)]
pub enum Segment {
    Literal(String),
    /// Index into `Operation::params`.
    Param(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamIn {
    Path,
    Query,
    Header,
}

/// OpenAPI's `style` of a query parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub rust_name: String,
    pub api_name: String,
    pub location: ParamIn,
    /// How a query parameter that is an array or an object is written: `style`, and whether
    /// `explode` is on (by default only for `form`).
    pub style: (QueryStyle, bool),
    pub required: bool,
    pub doc: Option<String>,
    pub shape: Shape,
    pub example: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub kind: BodyKind,
    /// The `Content-Type` it is sent with.
    pub content_type: String,
    /// The other media types the spec allows, reachable through `*_with_content`.
    pub other_media: Vec<String>,
    pub required: bool,
    pub doc: Option<String>,
    /// The content type of each multipart property that the spec's `encoding` gives one,
    /// by the property's API name, in the spec's order.
    pub part_types: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    Json(Shape),
    /// `application/x-www-form-urlencoded`.
    Form(Shape),
    /// `multipart/form-data`, from the properties of an object.
    Multipart(Shape),
    Text,
    Bytes,
}

/// A documented response: its status and what its body holds.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: Status,
    pub description: String,
    pub payload: Payload,
    /// The headers the response documents, in the spec's order.
    pub headers: Vec<ResponseHeader>,
}

/// A header of a response.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    pub name: String,
    pub required: bool,
    /// Its schema (or `content`) as the spec writes it, as JSON: the client does not read
    /// headers by type, so only tools that compare documents use it.
    pub schema: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Code(u16),
    /// `4XX`: the first digit.
    Range(u16),
    /// `default`: every status not listed.
    Default,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    Empty,
    Json(Shape),
    Text,
    Bytes,
}

/// What a method gives for a set of outcomes.
#[derive(Debug, Clone)]
pub enum Returned {
    /// The one payload they share.
    One(Payload),
    /// A `TypeKind::Responses` enum, by name.
    Enum(String),
}

#[derive(Debug, Clone)]
pub struct ResponseVariant {
    pub rust_name: String,
    pub status: Status,
    pub payload: Payload,
    pub description: String,
}

/// Which way values of a type travel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Reachable from a parameter or a request body: callers send it.
    pub sent: bool,
    /// Reachable from a response body: callers receive it.
    pub received: bool,
}

impl Usage {
    pub const SENT: Usage = Usage { sent: true, received: false };
    pub const RECEIVED: Usage = Usage { sent: false, received: true };

    /// Either way: sent when one is, received when one is.
    pub fn union(self, other: Usage) -> Usage {
        Usage { sent: self.sent || other.sent, received: self.received || other.received }
    }

    pub fn is_used(self) -> bool {
        self.sent || self.received
    }
}

impl Status {
    /// The variant of a per-operation response enum: `Status200`, `Status4xx`, `StatusDefault`.
    pub fn variant_name(self) -> String {
        match self {
            Status::Code(code) => format!("Status{code}"),
            Status::Range(class) => format!("Status{class}xx"),
            Status::Default => "StatusDefault".into(),
        }
    }

    /// A 2xx code or the `2XX` range.
    pub fn is_success(self) -> bool {
        matches!(self, Status::Code(200..=299) | Status::Range(2))
    }
}

impl std::fmt::Display for Status {
    /// As a key of `responses`: `200`, `4XX`, `default`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Code(code) => write!(f, "{code}"),
            Status::Range(class) => write!(f, "{class}XX"),
            Status::Default => f.write_str("default"),
        }
    }
}
