//! What OpenAPI allows at each place of a document: the objects of the specification, each
//! with its fields and the shape of each field's value, as `openapiv3` reads them (a field
//! that `openapiv3` reads as an `Option` also accepts `null`, which it reads as absent).
//! Fields that the generator never reads are `Any`: they are known, so that they are not
//! taken for misspellings, and not checked.

use Shape::{Any, Bool, Count, List, Map, Nullable, Number, RefOr, Schema};

/// What a value must be.
#[derive(Clone, Copy)]
pub(super) enum Shape {
    Any,
    String,
    Bool,
    Number,
    /// A non-negative integer.
    Count,
    /// One of a few strings.
    Word(&'static Words),
    List(&'static Shape),
    /// An object whose keys are names the document chooses.
    Map(&'static Shape),
    Object(Kind),
    /// An object of the kind, or a Reference Object (`$ref`).
    RefOr(Kind),
    /// A Schema Object or a Reference Object; in OpenAPI 3.1 also `true` or `false`.
    Schema,
    /// `additionalProperties`: `true`, `false` or a schema.
    BoolOrSchema,
    /// A schema's `type`: a type name; in OpenAPI 3.1 also a list of them.
    Type,
    /// `exclusiveMinimum` and `exclusiveMaximum`: a boolean in OpenAPI 3.0; in 3.1 a number
    /// (or, as 3.0 wrote it, a boolean).
    Exclusive,
    /// The shape, or `null`.
    Nullable(&'static Shape),
}

/// The strings a field may be, and what the field is called in a message.
pub(super) struct Words {
    pub(super) what: &'static str,
    pub(super) values: &'static [&'static str],
}

/// The objects of the specification.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Document,
    Info,
    Contact,
    License,
    Server,
    ServerVariable,
    Components,
    Paths,
    PathItem,
    Operation,
    ExternalDocs,
    Parameter,
    RequestBody,
    MediaType,
    Encoding,
    Responses,
    Response,
    Callback,
    Example,
    Link,
    Header,
    Tag,
    Discriminator,
    SecurityScheme,
    ApiKeyScheme,
    HttpScheme,
    OAuth2Scheme,
    OpenIdConnectScheme,
    OAuthFlows,
    ImplicitFlow,
    PasswordFlow,
    ClientCredentialsFlow,
    AuthorizationCodeFlow,
}

/// An object of the specification: its fields, those it requires, and what its other keys
/// are.
pub(super) struct Object {
    /// As the specification names it: `Parameter Object`.
    pub(super) name: &'static str,
    pub(super) fields: &'static [(&'static str, Shape)],
    pub(super) required: &'static [&'static str],
    pub(super) keys: Keys,
}

/// What the keys of an object that are not its fields are.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Keys {
    /// Only extensions (`x-...`); anything else is unknown.
    Extensions,
    /// Paths (`/...`), each a Path Item Object or a reference to one.
    Paths,
    /// Status codes (`200`, `4XX`), each a Response Object or a reference to one.
    StatusCodes,
    /// Runtime expressions, each a Path Item Object.
    Expressions,
}

pub(super) const STRING: Shape = Shape::String;
const OPTIONAL_STRING: Shape = Nullable(&STRING);
const STRINGS: Shape = List(&STRING);
const SECURITY: Shape = Nullable(&List(&Map(&STRINGS)));

pub(super) static PARAMETER_LOCATIONS: Words =
    Words { what: "parameter location", values: &["query", "header", "path", "cookie"] };
pub(super) static QUERY_STYLES: Words = Words {
    what: "query parameter style",
    values: &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
};
pub(super) static PATH_STYLES: Words =
    Words { what: "path parameter style", values: &["matrix", "label", "simple"] };
pub(super) static HEADER_STYLES: Words = Words { what: "header style", values: &["simple"] };
pub(super) static COOKIE_STYLES: Words = Words { what: "cookie style", values: &["form"] };
static API_KEY_LOCATIONS: Words =
    Words { what: "API key location", values: &["query", "header", "cookie"] };
static SCHEME_TYPES: Words =
    Words { what: "security scheme type", values: &["apiKey", "http", "oauth2", "openIdConnect"] };

/// The keywords of a Schema Object besides `$ref`.
pub(super) static SCHEMA_KEYWORDS: &[(&str, Shape)] = &[
    ("title", OPTIONAL_STRING),
    ("multipleOf", Nullable(&Number)),
    ("maximum", Nullable(&Number)),
    ("exclusiveMaximum", Shape::Exclusive),
    ("minimum", Nullable(&Number)),
    ("exclusiveMinimum", Shape::Exclusive),
    ("maxLength", Nullable(&Count)),
    ("minLength", Nullable(&Count)),
    ("pattern", OPTIONAL_STRING),
    ("maxItems", Nullable(&Count)),
    ("minItems", Nullable(&Count)),
    ("uniqueItems", Nullable(&Bool)),
    ("maxProperties", Nullable(&Count)),
    ("minProperties", Nullable(&Count)),
    ("required", Nullable(&STRINGS)),
    ("enum", Nullable(&List(&Any))),
    ("type", Shape::Type),
    ("allOf", Nullable(&List(&Schema))),
    ("oneOf", Nullable(&List(&Schema))),
    ("anyOf", Nullable(&List(&Schema))),
    ("not", Nullable(&Schema)),
    ("items", Nullable(&Schema)),
    ("properties", Nullable(&Map(&Schema))),
    ("additionalProperties", Nullable(&Shape::BoolOrSchema)),
    ("description", OPTIONAL_STRING),
    ("format", OPTIONAL_STRING),
    ("default", Any),
    ("nullable", Bool),
    ("discriminator", Nullable(&Shape::Object(Kind::Discriminator))),
    ("readOnly", Bool),
    ("writeOnly", Bool),
    ("xml", Any),
    ("externalDocs", Nullable(&Shape::Object(Kind::ExternalDocs))),
    ("example", Any),
    ("deprecated", Bool),
    // JSON Schema's keywords that OpenAPI 3.1 has and 3.0 does not: loading rewrites or
    // leaves them out in a 3.1 document, and `openapiv3` ignores them in a 3.0 one.
    ("const", Any),
    ("examples", Any),
    ("$schema", Any),
    ("$id", Any),
    ("$anchor", Any),
    ("$comment", Any),
    ("$defs", Any),
    ("$vocabulary", Any),
    ("$dynamicRef", Any),
    ("$dynamicAnchor", Any),
    ("$recursiveRef", Any),
    ("$recursiveAnchor", Any),
    ("contentMediaType", Any),
    ("contentEncoding", Any),
    ("contentSchema", Any),
    ("if", Any),
    ("then", Any),
    ("else", Any),
    ("dependentSchemas", Any),
    ("dependentRequired", Any),
    ("unevaluatedProperties", Any),
    ("unevaluatedItems", Any),
    ("prefixItems", Any),
    ("patternProperties", Any),
    ("propertyNames", Any),
    ("contains", Any),
    ("minContains", Any),
    ("maxContains", Any),
    // Earlier JSON Schema drafts, common in documents converted from them.
    ("id", Any),
    ("definitions", Any),
    ("dependencies", Any),
    ("additionalItems", Any),
];

/// A type name that OpenAPI 3.0 allows in a schema's `type`; OpenAPI 3.1 also allows `null`.
pub(super) const TYPES: &[&str] = &["boolean", "integer", "number", "string", "array", "object"];

impl Kind {
    pub(super) fn object(self) -> &'static Object {
        match self {
            Kind::Document => &DOCUMENT,
            Kind::Info => &INFO,
            Kind::Contact => &CONTACT,
            Kind::License => &LICENSE,
            Kind::Server => &SERVER,
            Kind::ServerVariable => &SERVER_VARIABLE,
            Kind::Components => &COMPONENTS,
            Kind::Paths => &PATHS,
            Kind::PathItem => &PATH_ITEM,
            Kind::Operation => &OPERATION,
            Kind::ExternalDocs => &EXTERNAL_DOCS,
            Kind::Parameter => &PARAMETER,
            Kind::RequestBody => &REQUEST_BODY,
            Kind::MediaType => &MEDIA_TYPE,
            Kind::Encoding => &ENCODING,
            Kind::Responses => &RESPONSES,
            Kind::Response => &RESPONSE,
            Kind::Callback => &CALLBACK,
            Kind::Example => &EXAMPLE,
            Kind::Link => &LINK,
            Kind::Header => &HEADER,
            Kind::Tag => &TAG,
            Kind::Discriminator => &DISCRIMINATOR,
            Kind::SecurityScheme => &SECURITY_SCHEME,
            Kind::ApiKeyScheme => &API_KEY_SCHEME,
            Kind::HttpScheme => &HTTP_SCHEME,
            Kind::OAuth2Scheme => &OAUTH2_SCHEME,
            Kind::OpenIdConnectScheme => &OPEN_ID_CONNECT_SCHEME,
            Kind::OAuthFlows => &OAUTH_FLOWS,
            Kind::ImplicitFlow => &IMPLICIT_FLOW,
            Kind::PasswordFlow => &PASSWORD_FLOW,
            Kind::ClientCredentialsFlow => &CLIENT_CREDENTIALS_FLOW,
            Kind::AuthorizationCodeFlow => &AUTHORIZATION_CODE_FLOW,
        }
    }
}

impl Object {
    pub(super) fn field(&self, name: &str) -> Option<Shape> {
        self.fields.iter().find(|(field, _)| *field == name).map(|(_, shape)| *shape)
    }
}

const fn object(name: &'static str, fields: &'static [(&'static str, Shape)]) -> Object {
    Object { name, fields, required: &[], keys: Keys::Extensions }
}

const fn with_required(
    name: &'static str,
    fields: &'static [(&'static str, Shape)],
    required: &'static [&'static str],
) -> Object {
    Object { name, fields, required, keys: Keys::Extensions }
}

static DOCUMENT: Object = with_required(
    "OpenAPI Object",
    &[
        ("openapi", STRING),
        ("info", Shape::Object(Kind::Info)),
        ("servers", List(&Shape::Object(Kind::Server))),
        ("paths", Shape::Object(Kind::Paths)),
        ("components", Nullable(&Shape::Object(Kind::Components))),
        ("security", SECURITY),
        ("tags", List(&Shape::Object(Kind::Tag))),
        ("externalDocs", Nullable(&Shape::Object(Kind::ExternalDocs))),
        ("webhooks", Any),
        ("jsonSchemaDialect", Any),
    ],
    &["openapi", "info", "paths"],
);

static INFO: Object = with_required(
    "Info Object",
    &[
        ("title", STRING),
        ("summary", Any),
        ("description", OPTIONAL_STRING),
        ("termsOfService", OPTIONAL_STRING),
        ("contact", Nullable(&Shape::Object(Kind::Contact))),
        ("license", Nullable(&Shape::Object(Kind::License))),
        ("version", STRING),
    ],
    &["title", "version"],
);

static CONTACT: Object = object(
    "Contact Object",
    &[("name", OPTIONAL_STRING), ("url", OPTIONAL_STRING), ("email", OPTIONAL_STRING)],
);

static LICENSE: Object = with_required(
    "License Object",
    &[("name", STRING), ("identifier", Any), ("url", OPTIONAL_STRING)],
    &["name"],
);

static SERVER: Object = with_required(
    "Server Object",
    &[
        ("url", STRING),
        ("description", OPTIONAL_STRING),
        ("variables", Nullable(&Map(&Shape::Object(Kind::ServerVariable)))),
    ],
    &["url"],
);

static SERVER_VARIABLE: Object = with_required(
    "Server Variable Object",
    &[("enum", STRINGS), ("default", STRING), ("description", OPTIONAL_STRING)],
    &["default"],
);

static COMPONENTS: Object = object(
    "Components Object",
    &[
        ("schemas", Map(&Schema)),
        ("responses", Map(&RefOr(Kind::Response))),
        ("parameters", Map(&RefOr(Kind::Parameter))),
        ("examples", Map(&RefOr(Kind::Example))),
        ("requestBodies", Map(&RefOr(Kind::RequestBody))),
        ("headers", Map(&RefOr(Kind::Header))),
        ("securitySchemes", Map(&RefOr(Kind::SecurityScheme))),
        ("links", Map(&RefOr(Kind::Link))),
        ("callbacks", Map(&RefOr(Kind::Callback))),
        ("pathItems", Any),
    ],
);

static PATHS: Object =
    Object { name: "Paths Object", fields: &[], required: &[], keys: Keys::Paths };

static PATH_ITEM: Object = object(
    "Path Item Object",
    &[
        ("$ref", Any),
        ("summary", OPTIONAL_STRING),
        ("description", OPTIONAL_STRING),
        ("get", Nullable(&Shape::Object(Kind::Operation))),
        ("put", Nullable(&Shape::Object(Kind::Operation))),
        ("post", Nullable(&Shape::Object(Kind::Operation))),
        ("delete", Nullable(&Shape::Object(Kind::Operation))),
        ("options", Nullable(&Shape::Object(Kind::Operation))),
        ("head", Nullable(&Shape::Object(Kind::Operation))),
        ("patch", Nullable(&Shape::Object(Kind::Operation))),
        ("trace", Nullable(&Shape::Object(Kind::Operation))),
        ("servers", List(&Shape::Object(Kind::Server))),
        ("parameters", List(&RefOr(Kind::Parameter))),
    ],
);

static OPERATION: Object = with_required(
    "Operation Object",
    &[
        ("tags", STRINGS),
        ("summary", OPTIONAL_STRING),
        ("description", OPTIONAL_STRING),
        ("externalDocs", Nullable(&Shape::Object(Kind::ExternalDocs))),
        ("operationId", OPTIONAL_STRING),
        ("parameters", List(&RefOr(Kind::Parameter))),
        ("requestBody", Nullable(&RefOr(Kind::RequestBody))),
        ("responses", Shape::Object(Kind::Responses)),
        ("callbacks", Map(&Shape::Object(Kind::Callback))),
        ("deprecated", Bool),
        ("security", SECURITY),
        ("servers", List(&Shape::Object(Kind::Server))),
    ],
    &["responses"],
);

static EXTERNAL_DOCS: Object = with_required(
    "External Documentation Object",
    &[("description", OPTIONAL_STRING), ("url", STRING)],
    &["url"],
);

/// `style`, `allowReserved` and `allowEmptyValue` depend on `in`: the check reads them.
static PARAMETER: Object = with_required(
    "Parameter Object",
    &[
        ("name", STRING),
        ("in", Shape::Word(&PARAMETER_LOCATIONS)),
        ("description", OPTIONAL_STRING),
        ("required", Bool),
        ("deprecated", Nullable(&Bool)),
        ("allowEmptyValue", Any),
        ("style", Any),
        ("explode", Nullable(&Bool)),
        ("allowReserved", Any),
        ("schema", Schema),
        ("example", Any),
        ("examples", Map(&RefOr(Kind::Example))),
        ("content", Map(&Shape::Object(Kind::MediaType))),
    ],
    &["name", "in"],
);

static HEADER: Object = object(
    "Header Object",
    &[
        ("description", OPTIONAL_STRING),
        ("required", Bool),
        ("deprecated", Nullable(&Bool)),
        ("allowEmptyValue", Any),
        ("style", Shape::Word(&HEADER_STYLES)),
        ("explode", Any),
        ("allowReserved", Any),
        ("schema", Schema),
        ("example", Any),
        ("examples", Map(&RefOr(Kind::Example))),
        ("content", Map(&Shape::Object(Kind::MediaType))),
    ],
);

static REQUEST_BODY: Object = object(
    "Request Body Object",
    &[
        ("description", OPTIONAL_STRING),
        ("content", Map(&Shape::Object(Kind::MediaType))),
        ("required", Bool),
    ],
);

static MEDIA_TYPE: Object = object(
    "Media Type Object",
    &[
        ("schema", Nullable(&Schema)),
        ("example", Any),
        ("examples", Map(&RefOr(Kind::Example))),
        ("encoding", Map(&Shape::Object(Kind::Encoding))),
    ],
);

static ENCODING: Object = object(
    "Encoding Object",
    &[
        ("contentType", OPTIONAL_STRING),
        ("headers", Map(&RefOr(Kind::Header))),
        ("style", Nullable(&Shape::Word(&QUERY_STYLES))),
        ("explode", Bool),
        ("allowReserved", Bool),
    ],
);

static RESPONSES: Object = Object {
    name: "Responses Object",
    fields: &[("default", Nullable(&RefOr(Kind::Response)))],
    required: &[],
    keys: Keys::StatusCodes,
};

/// `description` is required, but loading gives a response without one an empty one, as a
/// repair that validation reports.
static RESPONSE: Object = object(
    "Response Object",
    &[
        ("description", STRING),
        ("headers", Map(&RefOr(Kind::Header))),
        ("content", Map(&Shape::Object(Kind::MediaType))),
        ("links", Map(&RefOr(Kind::Link))),
    ],
);

static CALLBACK: Object =
    Object { name: "Callback Object", fields: &[], required: &[], keys: Keys::Expressions };

static EXAMPLE: Object = object(
    "Example Object",
    &[
        ("summary", OPTIONAL_STRING),
        ("description", OPTIONAL_STRING),
        ("value", Any),
        ("externalValue", OPTIONAL_STRING),
    ],
);

/// One of `operationRef` and `operationId` is required: the check reads them.
static LINK: Object = object(
    "Link Object",
    &[
        ("operationRef", STRING),
        ("operationId", STRING),
        ("parameters", Map(&Any)),
        ("requestBody", Any),
        ("description", OPTIONAL_STRING),
        ("server", Nullable(&Shape::Object(Kind::Server))),
    ],
);

static TAG: Object = with_required(
    "Tag Object",
    &[
        ("name", STRING),
        ("description", OPTIONAL_STRING),
        ("externalDocs", Nullable(&Shape::Object(Kind::ExternalDocs))),
    ],
    &["name"],
);

static DISCRIMINATOR: Object = with_required(
    "Discriminator Object",
    &[("propertyName", STRING), ("mapping", Map(&STRING))],
    &["propertyName"],
);

/// A security scheme whose `type` is missing or unknown: its fields are known, the rest of
/// it is not checked.
static SECURITY_SCHEME: Object = with_required(
    "Security Scheme Object",
    &[
        ("type", Shape::Word(&SCHEME_TYPES)),
        ("description", OPTIONAL_STRING),
        ("name", Any),
        ("in", Any),
        ("scheme", Any),
        ("bearerFormat", Any),
        ("flows", Any),
        ("openIdConnectUrl", Any),
    ],
    &["type"],
);

static API_KEY_SCHEME: Object = with_required(
    "Security Scheme Object",
    &[
        ("type", STRING),
        ("description", OPTIONAL_STRING),
        ("name", STRING),
        ("in", Shape::Word(&API_KEY_LOCATIONS)),
    ],
    &["name", "in"],
);

static HTTP_SCHEME: Object = with_required(
    "Security Scheme Object",
    &[
        ("type", STRING),
        ("description", OPTIONAL_STRING),
        ("scheme", STRING),
        ("bearerFormat", OPTIONAL_STRING),
    ],
    &["scheme"],
);

static OAUTH2_SCHEME: Object = with_required(
    "Security Scheme Object",
    &[
        ("type", STRING),
        ("description", OPTIONAL_STRING),
        ("flows", Shape::Object(Kind::OAuthFlows)),
    ],
    &["flows"],
);

static OPEN_ID_CONNECT_SCHEME: Object = with_required(
    "Security Scheme Object",
    &[("type", STRING), ("description", OPTIONAL_STRING), ("openIdConnectUrl", STRING)],
    &["openIdConnectUrl"],
);

static OAUTH_FLOWS: Object = object(
    "OAuth Flows Object",
    &[
        ("implicit", Nullable(&Shape::Object(Kind::ImplicitFlow))),
        ("password", Nullable(&Shape::Object(Kind::PasswordFlow))),
        ("clientCredentials", Nullable(&Shape::Object(Kind::ClientCredentialsFlow))),
        ("authorizationCode", Nullable(&Shape::Object(Kind::AuthorizationCodeFlow))),
    ],
);

const FLOW_FIELDS: &[(&str, Shape)] = &[
    ("authorizationUrl", STRING),
    ("tokenUrl", STRING),
    ("refreshUrl", OPTIONAL_STRING),
    ("scopes", Map(&STRING)),
];

static IMPLICIT_FLOW: Object =
    with_required("OAuth Flow Object", FLOW_FIELDS, &["authorizationUrl", "scopes"]);
static PASSWORD_FLOW: Object =
    with_required("OAuth Flow Object", FLOW_FIELDS, &["tokenUrl", "scopes"]);
static CLIENT_CREDENTIALS_FLOW: Object =
    with_required("OAuth Flow Object", FLOW_FIELDS, &["tokenUrl", "scopes"]);
static AUTHORIZATION_CODE_FLOW: Object =
    with_required("OAuth Flow Object", FLOW_FIELDS, &["authorizationUrl", "tokenUrl", "scopes"]);
