//! ISPsystem error replies and their messages in the panel's languages.

use panelkit_runtime::Node;

/// An error the panel answers with `<error type=".." object="..">`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IspError {
    /// `exists`, `missed`, `value`, `access`, `auth`, ...
    pub ty: &'static str,
    /// The parameter or object the error is about (omitted when empty).
    pub object: String,
    /// The offending value.
    pub value: Option<String>,
    /// The message, already in the request's language.
    pub msg: String,
    /// The ISPmanager 4 numeric code (1 internal, 2 exists, 3 not exists, 4 invalid value, 6 access denied).
    pub code4: u8,
}

fn ru(lang: &str) -> bool {
    lang == "ru"
}

impl IspError {
    fn new(ty: &'static str, object: impl Into<String>, value: Option<String>, msg: String, code4: u8) -> Self {
        IspError { ty, object: object.into(), value, msg, code4 }
    }

    pub fn missed_param(lang: &str, p: &str) -> Self {
        let msg = if ru(lang) {
            format!("Не указано значение обязательного параметра '{p}'")
        } else {
            format!("The required parameter '{p}' is missing")
        };
        Self::new("missed", p, None, msg, 4)
    }

    /// A value, type, enum, bounds, rule or unknown-parameter problem; `detail` is the validator's text.
    pub fn value(lang: &str, p: &str, value: Option<String>, detail: &str) -> Self {
        let msg = if ru(lang) {
            format!("Неверное значение параметра '{p}': {detail}")
        } else {
            format!("Invalid value of the parameter '{p}': {detail}")
        };
        Self::new("value", p, value, msg, 4)
    }

    pub fn exists(lang: &str, object: &str, value: &str) -> Self {
        let msg = if ru(lang) {
            format!("{object} со значением '{value}' уже существует")
        } else {
            format!("{object} with value '{value}' already exists")
        };
        Self::new("exists", object, Some(value.to_owned()), msg, 2)
    }

    pub fn not_found(lang: &str, object: &str, value: &str) -> Self {
        let msg = if ru(lang) {
            format!("{object} со значением '{value}' не найден")
        } else {
            format!("{object} with value '{value}' not found")
        };
        Self::new("missed", object, Some(value.to_owned()), msg, 3)
    }

    /// An unknown function: COREmanager treats the function as a missing object named `func`.
    pub fn unknown_func(lang: &str, func: &str) -> Self {
        let msg = if ru(lang) {
            format!("Функция '{func}' не найдена")
        } else {
            format!("The function '{func}' does not exist")
        };
        Self::new("missed", "func", Some(func.to_owned()), msg, 3)
    }

    pub fn access(lang: &str, object: &str) -> Self {
        let msg = if ru(lang) {
            "Недостаточно прав доступа".to_owned()
        } else {
            "Access denied".to_owned()
        };
        Self::new("access", object, None, msg, 6)
    }

    /// Wrong credentials: object `badpassword`, as real panels answer.
    pub fn bad_password(lang: &str, ip: &str) -> Self {
        let msg = if ru(lang) {
            "Неверное имя пользователя или пароль".to_owned()
        } else {
            "Invalid username or password".to_owned()
        };
        Self::new("auth", "badpassword", Some(format!("remote_addr: [{ip}]")), msg, 6)
    }

    /// No credentials, or a session that is unknown, expired or used from another address.
    pub fn no_session(lang: &str) -> Self {
        let msg = if ru(lang) {
            "Сессия не найдена или истекла, авторизуйтесь заново".to_owned()
        } else {
            "The session is missing or has expired, log in again".to_owned()
        };
        Self::new("auth", "", None, msg, 6)
    }

    /// `<error ..>`; `v4` adds ISPmanager 4's `code` / `obj` / `val` attributes.
    pub fn to_el(&self, lang: &str, v4: bool) -> Node {
        let mut e = Node::new("error").with_attr("type", self.ty);
        if !self.object.is_empty() {
            e = e.with_attr("object", &self.object);
        }
        e = e.with_attr("lang", lang);
        if v4 {
            e = e.with_attr("code", self.code4.to_string());
            if !self.object.is_empty() {
                e = e.with_attr("obj", &self.object);
            }
            if let Some(v) = &self.value {
                e = e.with_attr("val", v);
            }
        }
        if !self.object.is_empty() {
            e.push(
                Node::with_text("param", &self.object)
                    .with_attr("name", "object")
                    .with_attr("type", "msg")
                    .with_attr("msg", &self.object),
            );
        }
        if let Some(v) = &self.value {
            e.push(Node::with_text("param", v).with_attr("name", "value"));
        }
        e.push(Node::with_text("detail", &self.msg));
        e.push(Node::with_text("msg", &self.msg));
        e
    }
}
