//! The baseline: the client a careful engineer would write by hand with reqwest and serde for
//! the same three calls. The same headers as the generated client (`Authorization: Bearer`,
//! `Accept: application/json`, the same `User-Agent`, `Content-Type` and a JSON body for
//! PATCH), responses decoded into plain serde structs of the documented fields: typed dates
//! and enums, but no kept unknown properties, no constraint checks, no error-body typing
//! beyond the status.
#![allow(
    dead_code,
    reason = "the structs hold every documented field, as a user's would; the benchmark reads few"
)]

use chrono::{DateTime, Utc};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Integration {
    pub id: Option<String>,
    pub integration_id: Option<String>,
    pub application_id: Option<String>,
    pub creation_date: Option<DateTime<Utc>>,
    pub last_updated: Option<DateTime<Utc>>,
    pub name: Option<String>,
    pub integration_type: Option<IntegrationType>,
    pub enabled: Option<bool>,
    pub topics: Option<Vec<String>>,
    pub google_pub_sub_config: Option<GooglePubSubConfig>,
    pub mqtt_config: Option<MqttConfig>,
    pub status: Option<IntegrationStatus>,
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration_type: Option<IntegrationType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topics: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub google_pub_sub_config: Option<GooglePubSubConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mqtt_config: Option<MqttConfig>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum IntegrationType {
    Mqtt,
    GooglePubSub,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GooglePubSubConfig {
    pub project_id: String,
    pub key_json: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MqttConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clean: Option<bool>,
    pub port: u16,
    pub protocol: MqttProtocol,
    pub host: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ca_certificate: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MqttProtocol {
    Mqtt,
    Mqtts,
    Ws,
    Wss,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationStatus {
    pub last_keep_alive: Option<f64>,
    pub next_attempt: Option<f64>,
    pub connect_info: Option<ConnectInfo>,
    pub disconnect_info: Option<DisconnectInfo>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ConnectInfo {
    pub ts: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DisconnectInfo {
    pub ts: Option<f64>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Success {
    pub success: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ApiError {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug)]
pub enum Error {
    Transport(reqwest::Error),
    Status(reqwest::StatusCode, Option<ApiError>),
    Decode(serde_json::Error),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Transport(e) => write!(f, "transport: {e}"),
            Error::Status(status, body) => write!(f, "status {status}: {body:?}"),
            Error::Decode(e) => write!(f, "decode: {e}"),
        }
    }
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    authorization: HeaderValue,
}

impl Client {
    pub fn new(base_url: &str, token: &str, user_agent: &str) -> Result<Client, String> {
        let http =
            reqwest::Client::builder().user_agent(user_agent).build().map_err(|e| e.to_string())?;
        let mut authorization =
            HeaderValue::try_from(format!("Bearer {token}")).map_err(|e| e.to_string())?;
        authorization.set_sensitive(true);
        Ok(Client { http, base_url: base_url.trim_end_matches('/').to_string(), authorization })
    }

    fn url(&self, application_id: &str, integration_id: &str) -> String {
        format!("{}/applications/{application_id}/integrations/{integration_id}", self.base_url)
    }

    fn request(&self, method: reqwest::Method, url: String) -> reqwest::RequestBuilder {
        self.http
            .request(method, url)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(AUTHORIZATION, self.authorization.clone())
    }

    pub async fn get_integration(
        &self,
        application_id: &str,
        integration_id: &str,
    ) -> Result<Integration, Error> {
        let url = self.url(application_id, integration_id);
        send(self.request(reqwest::Method::GET, url)).await
    }

    pub async fn patch_integration(
        &self,
        application_id: &str,
        integration_id: &str,
        body: &IntegrationPatch,
    ) -> Result<Integration, Error> {
        let url = self.url(application_id, integration_id);
        let body = serde_json::to_vec(body).map_err(Error::Decode)?;
        let request = self
            .request(reqwest::Method::PATCH, url)
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .body(body);
        send(request).await
    }

    pub async fn delete_integration(
        &self,
        application_id: &str,
        integration_id: &str,
    ) -> Result<Success, Error> {
        let url = self.url(application_id, integration_id);
        send(self.request(reqwest::Method::DELETE, url)).await
    }
}

async fn send<T: serde::de::DeserializeOwned>(
    request: reqwest::RequestBuilder,
) -> Result<T, Error> {
    let response = request.send().await.map_err(Error::Transport)?;
    let status = response.status();
    let body = response.bytes().await.map_err(Error::Transport)?;
    if !status.is_success() {
        return Err(Error::Status(status, serde_json::from_slice(&body).ok()));
    }
    serde_json::from_slice(&body).map_err(Error::Decode)
}
