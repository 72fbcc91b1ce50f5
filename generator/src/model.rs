//! What will become Rust: types and operations, already named, ordered and resolved.
//! Emit code reads only this; nothing here refers to `openapiv3`.

/// One API: everything `emit` needs.
#[derive(Debug, Clone)]
pub(crate) struct Api {
    pub(crate) title: String,
    pub(crate) version: String,
    pub(crate) description: Option<String>,
    /// The first server's URL, the client's default base URL.
    pub(crate) base_url: Option<String>,
    /// Whether the document declares bearer authentication.
    pub(crate) bearer: bool,
    /// Named types, ordered by Rust name.
    pub(crate) types: Vec<TypeDef>,
    /// Operations in document order.
    pub(crate) operations: Vec<Operation>,
}

#[derive(Debug, Clone)]
pub(crate) struct TypeDef {
    pub(crate) rust_name: String,
    /// Where the type comes from, as a JSON pointer.
    pub(crate) at: String,
    pub(crate) doc: Option<String>,
    pub(crate) kind: TypeKind,
}

#[derive(Debug, Clone)]
pub(crate) enum TypeKind {
    Struct(Struct),
    /// A string enum; decodes values it does not list into its catch-all variant.
    Enum(StringEnum),
    /// A named primitive with constraints: a newtype that checks them.
    Newtype(Shape),
    /// A named primitive without constraints: a type alias.
    Alias(Shape),
}

#[derive(Debug, Clone)]
pub(crate) struct Struct {
    pub(crate) fields: Vec<Field>,
    /// The Rust name of the map that keeps properties the spec does not name, when the type
    /// is received (so that nothing the server sends is dropped) or allows more properties.
    pub(crate) extra: Option<String>,
    /// `additionalProperties: false`: the client refuses to send unnamed properties.
    pub(crate) closed: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub(crate) rust_name: String,
    pub(crate) api_name: String,
    pub(crate) doc: Option<String>,
    pub(crate) shape: Shape,
    pub(crate) required: bool,
    /// `nullable: true`: `null` is a value distinct from absence.
    pub(crate) nullable: bool,
    /// The field holds its own struct, directly or through others: it goes in a `Box`.
    pub(crate) boxed: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct StringEnum {
    pub(crate) variants: Vec<Variant>,
    /// The variant that holds a value the spec does not list.
    pub(crate) unknown: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Variant {
    pub(crate) rust_name: String,
    pub(crate) value: String,
}

/// A Rust type and the constraints the client checks before sending a value of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Shape {
    pub(crate) ty: Ty,
    pub(crate) checks: Checks,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) enum Ty {
    String,
    Bool,
    Int(IntKind),
    Float,
    DateTime,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum IntKind {
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
    pub(crate) fn bounds(self) -> (i128, i128) {
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
pub(crate) struct Checks {
    pub(crate) min_length: Option<u64>,
    pub(crate) max_length: Option<u64>,
    pub(crate) pattern: Option<Pattern>,
    pub(crate) minimum: Option<Bound>,
    pub(crate) maximum: Option<Bound>,
    pub(crate) min_items: Option<u64>,
    pub(crate) max_items: Option<u64>,
}

/// A `pattern`: the spec's ECMA-262 text and the equivalent for Rust's `regex` crate
/// (`\d` is ASCII in ECMA-262 and Unicode in `regex`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pattern {
    pub(crate) source: String,
    pub(crate) rust: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Bound {
    pub(crate) value: Number,
    pub(crate) exclusive: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    Int(i128),
    Float(f64),
}

impl Checks {
    pub(crate) fn is_empty(&self) -> bool {
        *self == Checks::default()
    }
}

impl Shape {
    /// Whether a value of this shape has anything to check before it is sent.
    pub(crate) fn needs_check(&self) -> bool {
        !self.checks.is_empty()
            || match &self.ty {
                Ty::Float => true,
                Ty::Named { validate, .. } => *validate,
                Ty::Array(item) | Ty::Map(item) => item.needs_check(),
                _ => false,
            }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Operation {
    pub(crate) rust_name: String,
    pub(crate) operation_id: String,
    /// Upper-case HTTP method, e.g. `GET`.
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) segments: Vec<Segment>,
    pub(crate) summary: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) deprecated: bool,
    pub(crate) params: Vec<Param>,
    pub(crate) body: Option<Body>,
    pub(crate) success: Vec<Outcome>,
    pub(crate) errors: Vec<Outcome>,
    /// The Rust type of documented error bodies, when they all share one.
    pub(crate) error_shape: Option<Shape>,
    /// Scopes of which the token must hold at least one (`x-required-scopes`).
    pub(crate) scopes: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) enum Segment {
    Literal(String),
    /// Index into `Operation::params`.
    Param(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamIn {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone)]
pub(crate) struct Param {
    pub(crate) rust_name: String,
    pub(crate) api_name: String,
    pub(crate) location: ParamIn,
    pub(crate) required: bool,
    pub(crate) doc: Option<String>,
    pub(crate) shape: Shape,
    pub(crate) example: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Body {
    pub(crate) shape: Shape,
    pub(crate) required: bool,
    pub(crate) doc: Option<String>,
}

/// A documented response: its status and, when it has a JSON body, the body's shape.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    pub(crate) status: u16,
    pub(crate) description: String,
    pub(crate) shape: Option<Shape>,
}
