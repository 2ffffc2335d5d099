# Messages of the l10n command line, English.
label-error = error
label-warning = warning

err-io = { $path }: { $message }
err-broken-pipe = output closed
err-too-large = { $path }: file is { $size } bytes, over the limit of { $limit } bytes
err-invalid-utf8 = { $path }:{ $line }: not valid UTF-8 at byte { $offset }
err-binary = { $path }:{ $line }: NUL byte at offset { $offset }; this looks like a binary file, not a Markdown post
err-unterminated-front-matter = { $path }:{ $line }: front matter opened with `---` is never closed
err-invalid-yaml = { $path }:{ $line }:{ $column }: invalid YAML in front matter: { $message }
err-front-matter-not-mapping = { $path }:{ $line }: front matter must be a mapping of keys to values
err-tag-mismatch = { $path }:{ $line }: translation of segment { $segment } is rejected: tag { $tag } is { $problem ->
    [missing] missing
    [unexpected] not in the source
    [duplicate] repeated
   *[unbalanced] unbalanced
  }
err-translations-file = { $path }:{ $line }:{ $column }: cannot read translations: { $message }

warn-unknown-segments = { $count } { $count ->
    [one] translation
   *[other] translations
  } in { $path } { $count ->
    [one] matches
   *[other] match
  } no segment of the post and { $count ->
    [one] was
   *[other] were
  } ignored
err-config = { $path }:{ $line }:{ $column }: { $message }
err-outside-repo = { $path }: leads outside the repository (to { $real })
err-state = { $path }: cannot read state: { $message }
err-glossary = { $path }:{ $line }:{ $column }: { $message }
err-backend = backend { $backend }: { $message }
err-unknown-backend = no backend named `{ $name }`: configure [backend.{ $name }] in l10n.toml, or use pseudo
err-structure-changed = { $path }: the translation changes the post's block structure; nothing was written
err-not-a-source = { $path }: not a source post (it matches none of `sources` in l10n.toml)
err-bad-lang = `{ $lang }` is not one of the configured target languages

note-waiting-for-lock = another l10n run holds the lock; waiting for it to finish…
translate-wrote = wrote { $path }
translate-summary = { $written } posts written, { $reused } segments reused, { $sent } sent, { $failed } failed, { $review } need review
translate-dry-post = { $source } → { $target }: { $segments } { $segments ->
    [one] segment
   *[other] segments
  }, { $chars } { $chars ->
    [one] character
   *[other] characters
  }
translate-dry-summary = dry run ({ $backend }): { $posts } { $posts ->
    [one] post
   *[other] posts
  }, { $segments } { $segments ->
    [one] segment
   *[other] segments
  }, { $chars } { $chars ->
    [one] character
   *[other] characters
  } in about { $requests } { $requests ->
    [one] request
   *[other] requests
  } (~{ $tokens } tokens) would be sent
warn-held-misaligned = { $path }:{ $line }: the English of a translated segment was removed or changed kind here; left untouched (review it, or `l10n translate --overwrite-edits`)
warn-held-untracked = { $path } exists but l10n has no state for it; left untouched (use --overwrite-edits to replace it)

check-missing = no { $lang } translation: { $target } does not exist
check-untracked = English post exists but l10n has no state for it; run `l10n translate` or review it
check-misaligned = blocks no longer line up with the source; needs review
check-stale = { $target_line ->
    [0] new since the translation (not yet in { $target }); run `l10n translate`
   *[other] changed since the translation ({ $target }:{ $target_line }); run `l10n translate`
  }
check-removed = { $count } { $count ->
    [one] segment removed from { $source } is
   *[other] segments removed from { $source } are
  } still in the translation
check-stale-edited = hand-edited translation whose source changed since; review it
check-unreviewed = translation not reviewed ({ $state })
check-orphan-state = state for { $source }, which no longer exists
check-orphan-target = translation without a source post
check-invalid = cannot check: { $message }
check-summary = { $posts } { $posts ->
    [one] post
   *[other] posts
  } checked: { $errors } { $errors ->
    [one] error
   *[other] errors
  }, { $warnings } { $warnings ->
    [one] warning
   *[other] warnings
  }

status-up-to-date = up to date
status-stale = stale
status-missing = missing
status-held = needs review
status-invalid = invalid
status-col-post = post
status-col-lang = lang
status-col-status = status
note-interrupted = interrupted: no new requests; finishing the posts already translated…
translate-requests = { $requests } { $requests ->
    [one] request
   *[other] requests
  }, { $retries } { $retries ->
    [one] retry
   *[other] retries
  }
err-segment-failed = { $path }:{ $line }: segment not translated: { $reason }
err-missing-key = backend { $backend } needs its key in the environment variable { $var }, which is not set
warn-segment-problem = { $path }:{ $line }: kept a translation with a problem: { $problem }
qa-problem = { $message }
warn-qa-finding = { $path }:{ $line }: [{ $code }] { $message }
status-failing = failing checks
glossary-added = added { $source } → { $target }
glossary-removed = removed { $source }
glossary-imported = imported { $count } { $count ->
    [one] term
   *[other] terms
  } from { $path }
glossary-pushed = DeepL glossary { $id } created with { $count } { $count ->
    [one] term
   *[other] terms
  }; translate uses it from now on
err-push-service = cannot push a glossary to `{ $service }`: only deepl keeps glossaries
err-no-deepl-backend = no [backend.NAME] with kind = "deepl" in l10n.toml
label-ignored = ignored
review-source = Korean (source)
review-source-changed = Korean (old → new)
review-target = English
review-target-changed = English (old → new)
review-findings = Findings and terms
review-no-findings = No findings.
review-empty = Nothing to review.
review-keys = a accept  e edit  r retranslate  u revert  s skip  n/p next/prev  j post  / filter  ? help  q quit
review-help-title = Keys
review-help = a  accept: mark reviewed
    e  edit the English in $VISUAL or $EDITOR
    r  retranslate with the backend, then a to accept
    u  revert to the previous translation
    s  skip          n / p  next / previous
    j  next post     /  filter: stale, new, findings…
    ↑ / ↓  scroll    ?  this help     q  quit
review-accepted = accepted
review-edited = edited and saved
review-reverted = reverted to the previous translation
review-retranslated = the new translation is on the right (English, old → new): a to accept, s to skip
review-nothing-to-revert = no previous translation to revert to
review-no-terminal = l10n review needs a terminal; use `l10n diff` in scripts and CI
err-review-apply = { $path }: not saved: { $reason }
check-untranslated = not translated yet (written with --partial); run `l10n translate`
check-pseudo = { $count } of { $total } { $total ->
    [one] segment is
   *[other] segments are
  } placeholder text (pseudo backend), not a translation
warn-held-changed = { $path } changed while this run was translating it; left untouched, run `l10n translate` again
warn-held-english-only = { $path }:{ $line }: English-only text inside a translated block cannot be placed safely; left untouched (move it into a block of its own)
warn-removed-edit = { $path }:{ $line }: the Korean of English a person wrote was deleted; the English is kept in the state and `l10n memory export`: { $text }
note-renamed = { $to } is { $from } renamed: its English post, edits included, follows it
check-moved-state = state for { $source }, which was renamed to { $new_source } (now { $new_target }); delete it when you are ready
check-moved-target = English post of a renamed source; its text now lives in { $new_target }; l10n never deletes it: remove it (or redirect it) when you are ready
need-stale-edited = stale-edited
need-stale = stale
need-findings = findings
need-new = new
need-placeholder = placeholder
need-done = reviewed
review-filter = filter: { $need }
review-empty-filter = Nothing left under the filter “{ $need }”: / shows the next one.
report-title = l10n review report
report-summary = Summary
report-posts = Posts
report-items = Segments listed
report-findings-of = { $check } findings
report-post-counts = { $open } to decide of { $total }
report-folded = { $count } { $need } { $count ->
    [one] row
   *[other] rows
  }
