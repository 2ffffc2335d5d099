//! What a run costs in money: a backend's prices (USD per million tokens, from l10n.toml)
//! applied to token counts, the provider's own or estimated. Pure.

use crate::config::{BackendConfig, BackendKind};

/// Tokens of a run or a request, as the provider reported them (or as estimated).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub input_tokens: u64,
    pub output_tokens: u64,
}

impl Usage {
    pub fn add(&mut self, other: Usage) {
        self.input_tokens += other.input_tokens;
        self.output_tokens += other.output_tokens;
    }

    pub fn is_empty(&self) -> bool {
        self.input_tokens == 0 && self.output_tokens == 0
    }

    /// The `usage` object of an OpenAI Chat Completions answer
    /// (`prompt_tokens`, `completion_tokens`) or of an Anthropic Messages answer
    /// (`input_tokens`, `output_tokens`, and the prompt-cache reads and writes, which are
    /// input too).
    pub fn from_reply(reply: &serde_json::Value) -> Usage {
        let u = &reply["usage"];
        let n = |k: &str| u[k].as_u64().unwrap_or(0);
        Usage {
            input_tokens: n("prompt_tokens")
                + n("input_tokens")
                + n("cache_read_input_tokens")
                + n("cache_creation_input_tokens"),
            output_tokens: n("completion_tokens") + n("output_tokens"),
        }
    }
}

/// A backend's prices; `None` from [`Prices::of`] when l10n.toml gives none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prices {
    pub input_per_mtok: f64,
    pub output_per_mtok: f64,
    /// The share of the price a batch job pays.
    pub batch_discount: f64,
}

impl Prices {
    /// The prices configured for a backend. Either price alone counts the other as free;
    /// neither means "tokens only": nobody's price list is guessed.
    pub fn of(cfg: &BackendConfig) -> Option<Prices> {
        let get = |v: &Option<toml::Spanned<f64>>| v.as_ref().map(|p| *p.get_ref());
        let (input, output) = (
            get(&cfg.price_input_per_mtok),
            get(&cfg.price_output_per_mtok),
        );
        if input.is_none() && output.is_none() {
            return None;
        }
        Some(Prices {
            input_per_mtok: input.unwrap_or(0.0),
            output_per_mtok: output.unwrap_or(0.0),
            batch_discount: get(&cfg.batch_discount).unwrap_or(default_discount(cfg.kind)),
        })
    }

    /// USD for `usage`, at the batch price when `batch`.
    pub fn usd(&self, usage: Usage, batch: bool) -> f64 {
        let full = usage.input_tokens as f64 * self.input_per_mtok / 1e6
            + usage.output_tokens as f64 * self.output_per_mtok / 1e6;
        if batch {
            full * self.batch_discount
        } else {
            full
        }
    }
}

/// OpenAI's Batch API and Anthropic's Message Batches charge half; other backends have no
/// batch price.
pub fn default_discount(kind: BackendKind) -> f64 {
    match kind {
        BackendKind::Openai | BackendKind::Anthropic => 0.5,
        _ => 1.0,
    }
}

/// Dollars as people read them: cents, or four decimals below a cent.
pub fn usd_text(x: f64) -> String {
    if x > 0.0 && x < 0.01 {
        format!("${x:.4}")
    } else {
        format!("${x:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(toml: &str) -> BackendConfig {
        crate::config::Config::parse(
            std::path::Path::new("/r"),
            std::path::Path::new("l10n.toml"),
            &format!("[backend.b]\n{toml}\n"),
        )
        .unwrap()
        .backends["b"]
            .clone()
    }

    #[test]
    fn absent_prices_mean_tokens_only() {
        assert_eq!(Prices::of(&cfg("kind = \"openai\"")), None);
    }

    #[test]
    fn usage_costs_at_the_sync_and_the_batch_price() {
        let p = Prices::of(&cfg(
            "kind = \"openai\"\nprice_input_per_mtok = 2.5\nprice_output_per_mtok = 10",
        ))
        .unwrap();
        assert_eq!(p.batch_discount, 0.5);
        let u = Usage {
            input_tokens: 1_000_000,
            output_tokens: 200_000,
        };
        assert!((p.usd(u, false) - 4.5).abs() < 1e-9);
        assert!((p.usd(u, true) - 2.25).abs() < 1e-9);
        let deepl = Prices::of(&cfg("kind = \"deepl\"\nprice_input_per_mtok = 1")).unwrap();
        assert_eq!(deepl.batch_discount, 1.0);
        assert_eq!(usd_text(4.5), "$4.50");
        assert_eq!(usd_text(0.0012), "$0.0012");
        assert_eq!(usd_text(0.0), "$0.00");
    }

    #[test]
    fn usage_is_read_from_both_providers_replies() {
        let openai = serde_json::json!({"usage": {"prompt_tokens": 120, "completion_tokens": 30}});
        let anthropic = serde_json::json!({"usage": {"input_tokens": 100, "cache_read_input_tokens": 20, "output_tokens": 30}});
        let want = Usage {
            input_tokens: 120,
            output_tokens: 30,
        };
        assert_eq!(Usage::from_reply(&openai), want);
        assert_eq!(Usage::from_reply(&anthropic), want);
        assert!(Usage::from_reply(&serde_json::json!({})).is_empty());
    }
}
