//! The `cors` option: answers the preflights a browser sends before a cross-origin request, and
//! lets the browser read every answer. Without the option nothing here runs.

use bytes::Bytes;
use http::header::{
    HeaderName, HeaderValue, ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS,
    ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS,
    ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN, VARY,
};
use http::{HeaderMap, Method, Response, StatusCode};
use http_body_util::Full;

use super::respond::Answer;

/// Allowed by every preflight answer, with the requested method added when it is another.
const COMMON_METHODS: &str = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

/// What the browser asked about, kept from the request head for the answer.
pub struct CorsRequest {
    origin: Option<HeaderValue>,
    preflight: Option<Preflight>,
}

struct Preflight {
    method: HeaderValue,
    headers: Option<HeaderValue>,
}

impl CorsRequest {
    pub fn of(method: &Method, headers: &HeaderMap) -> Self {
        // A preflight is an OPTIONS that names the method it asks permission for (Fetch standard).
        let preflight = (method == Method::OPTIONS)
            .then(|| headers.get(ACCESS_CONTROL_REQUEST_METHOD))
            .flatten()
            .map(|method| Preflight {
                method: method.clone(),
                headers: headers.get(ACCESS_CONTROL_REQUEST_HEADERS).cloned(),
            });
        CorsRequest {
            origin: headers.get(ORIGIN).cloned(),
            preflight,
        }
    }

    pub fn is_preflight(&self) -> bool {
        self.preflight.is_some()
    }

    /// 204 allowing the origin, the requested method and headers, and credentials.
    pub fn preflight_answer(&self) -> Answer {
        let mut answer = Response::builder()
            .status(StatusCode::NO_CONTENT)
            .body(Full::new(Bytes::new()))
            .expect("a bare 204 is valid");
        let headers = answer.headers_mut();
        if let Some(preflight) = &self.preflight {
            headers.insert(ACCESS_CONTROL_ALLOW_METHODS, allowed_methods(&preflight.method));
            if let Some(requested) = &preflight.headers {
                headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, requested.clone());
            }
        }
        headers.insert(
            VARY,
            HeaderValue::from_static("Origin, Access-Control-Request-Method, Access-Control-Request-Headers"),
        );
        self.allow(&mut answer);
        answer
    }

    /// Lets the browser hand `answer` to the page: allows the origin and credentials and exposes
    /// the answer's headers, leaving alone every header the answer (the pact) already has.
    pub fn allow(&self, answer: &mut Answer) {
        let Some(origin) = &self.origin else {
            // Not a cross-origin request: there is no browser to tell anything.
            return;
        };
        let exposed = exposed_headers(answer.headers());
        let headers = answer.headers_mut();
        let mut add_if_absent = |name: HeaderName, value: HeaderValue| {
            headers.entry(name).or_insert(value);
        };
        add_if_absent(ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        add_if_absent(ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true"));
        if let Some(exposed) = exposed {
            add_if_absent(ACCESS_CONTROL_EXPOSE_HEADERS, exposed);
        }
        // The answer names the origin, so a cache must keep it apart from other origins' answers.
        add_if_absent(VARY, HeaderValue::from_static("Origin"));
    }
}

fn allowed_methods(requested: &HeaderValue) -> HeaderValue {
    let common = COMMON_METHODS.split(", ");
    match requested.to_str() {
        Ok(method) if !method.is_empty() && !common.clone().any(|known| known == method) => {
            HeaderValue::from_str(&format!("{COMMON_METHODS}, {method}"))
                .unwrap_or_else(|_| HeaderValue::from_static(COMMON_METHODS))
        }
        _ => HeaderValue::from_static(COMMON_METHODS),
    }
}

/// The answer's own header names, so that a page can read e.g. `Location`.
fn exposed_headers(headers: &HeaderMap) -> Option<HeaderValue> {
    let names: Vec<&str> = headers
        .keys()
        .map(HeaderName::as_str)
        .filter(|name| !name.starts_with("access-control-") && *name != "vary")
        .collect();
    if names.is_empty() {
        return None;
    }
    HeaderValue::from_str(&names.join(", ")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: Method, headers: &[(&str, &str)]) -> CorsRequest {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        CorsRequest::of(&method, &map)
    }

    fn header<'a>(answer: &'a Answer, name: &str) -> Vec<&'a str> {
        answer
            .headers()
            .get_all(name)
            .iter()
            .map(|value| value.to_str().unwrap())
            .collect()
    }

    #[test]
    fn a_preflight_is_an_options_that_names_a_method() {
        let preflight = [("Origin", "http://app.test"), ("Access-Control-Request-Method", "PUT")];
        assert!(request(Method::OPTIONS, &preflight).is_preflight());
        assert!(!request(Method::OPTIONS, &[("Origin", "http://app.test")]).is_preflight());
        assert!(!request(Method::POST, &preflight).is_preflight());
    }

    #[test]
    fn the_preflight_answer_allows_what_was_asked() {
        let answer = request(
            Method::OPTIONS,
            &[
                ("Origin", "http://app.test:3000"),
                ("Access-Control-Request-Method", "PUT"),
                ("Access-Control-Request-Headers", "content-type, x-trace"),
            ],
        )
        .preflight_answer();
        assert_eq!(answer.status(), StatusCode::NO_CONTENT);
        assert_eq!(header(&answer, "access-control-allow-origin"), ["http://app.test:3000"]);
        assert_eq!(header(&answer, "access-control-allow-methods"), [COMMON_METHODS]);
        assert_eq!(
            header(&answer, "access-control-allow-headers"),
            ["content-type, x-trace"]
        );
        assert_eq!(header(&answer, "access-control-allow-credentials"), ["true"]);
        assert_eq!(header(&answer, "vary").len(), 1);
        assert!(header(&answer, "access-control-expose-headers").is_empty());

        let unusual = request(
            Method::OPTIONS,
            &[
                ("Origin", "http://app.test"),
                ("Access-Control-Request-Method", "PROPFIND"),
            ],
        )
        .preflight_answer();
        assert_eq!(
            header(&unusual, "access-control-allow-methods"),
            [format!("{COMMON_METHODS}, PROPFIND").as_str()]
        );
        assert!(header(&unusual, "access-control-allow-headers").is_empty());
    }

    #[test]
    fn an_answer_gets_what_it_lacks_and_keeps_what_it_has() {
        let mut answer = Response::builder()
            .header("Access-Control-Allow-Origin", "*")
            .header("Location", "/users/2")
            .body(Full::new(Bytes::new()))
            .unwrap();
        request(Method::POST, &[("Origin", "http://app.test")]).allow(&mut answer);
        assert_eq!(header(&answer, "access-control-allow-origin"), ["*"]);
        assert_eq!(header(&answer, "access-control-allow-credentials"), ["true"]);
        assert_eq!(header(&answer, "access-control-expose-headers"), ["location"]);
        assert_eq!(header(&answer, "vary"), ["Origin"]);
    }

    #[test]
    fn a_request_without_origin_gets_nothing() {
        let mut answer = Response::builder().body(Full::new(Bytes::new())).unwrap();
        request(Method::GET, &[]).allow(&mut answer);
        assert!(answer.headers().is_empty());
    }
}
