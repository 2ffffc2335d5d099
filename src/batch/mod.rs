//! Provider batch jobs for archive backfills: the same requests as a synchronous run,
//! submitted as OpenAI Batch API or Anthropic Message Batches jobs (half the price,
//! within 24 hours) or exported for `vllm run-batch`; recorded under `.l10n/batch/` so a
//! killed run resubmits nothing; collected into the response cache through the
//! scheduler's own validation, so the next ordinary run writes the posts and sends what
//! failed the synchronous way.

pub mod client;
pub mod lines;
pub mod session;
pub mod store;
