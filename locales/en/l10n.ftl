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

warn-unknown-segments = { $count } translation(s) in { $path } match no segment of the post and were ignored
err-config = { $path }:{ $line }:{ $column }: { $message }
err-outside-repo = { $path }: leads outside the repository (to { $real })
err-state = { $path }: cannot read state: { $message }
err-state-syntax = { $path }:{ $line }:{ $column }: corrupt state: { $message }; restore it from version control or delete it
err-state-version = { $path }: state version { $found } is not one this l10n reads (it reads version { $supported })
err-state-hash = { $path }: corrupt state: { $field } is not a BLAKE3 hash (`{ $value }`); restore the file from version control or delete it
err-state-counts = { $path }: corrupt state: the header counts { $header } { $status } segments, the segment list holds { $segments } (a truncated or half-merged file?); restore it from version control or delete it
err-state-mismatch = { $path }: state is for { $field } `{ $found }`, but its path says `{ $expected }`; restore it from version control or delete it
err-state-name = { $path }: this file name cannot be recorded in a state file (a line break or another control character, or not UTF-8); rename the post
err-nothing-to-check = no { $config } in { $dir } or a folder above it, and no source posts match { $sources }: nothing to check (run l10n inside the repository, or pass --config)
err-unchecked-posts = { $count } of { $posts } posts could not be checked: a file or state is unreadable or invalid (see the report)
err-glossary = { $path }:{ $line }:{ $column }: { $message }
err-backend = backend { $backend }: { $message }
err-unknown-backend = no backend named `{ $name }`: configure [backend.{ $name }] in l10n.toml, or use pseudo
err-structure-changed = { $path }: the translation changes the post's block structure; nothing was written
err-not-a-source = { $path }: not a source post (it matches none of `sources` in l10n.toml)
err-bad-lang = `{ $lang }` is not one of the configured target languages

note-waiting-for-lock = another l10n run holds the lock; waiting for it to finish…
translate-wrote = wrote { $path }
translate-summary = { $written } posts written, { $reused } segments reused, { $sent } sent, { $failed } failed, { $review } need review
translate-dry-post = { $source } → { $target }: { $segments } segments, { $chars } characters
translate-dry-summary = dry run ({ $backend }): { $posts } posts, { $segments } segments, { $chars } characters in about { $requests } requests (~{ $tokens } tokens) would be sent
warn-held-misaligned = { $path }:{ $line }: the English of a translated segment was removed or changed kind here; left untouched (review it, or `l10n translate --overwrite-edits`)
warn-held-untracked = { $path } exists but l10n has no state for it; left untouched (use --overwrite-edits to replace it)

check-missing = no { $lang } translation: { $target } does not exist
check-untracked = English post exists but l10n has no state for it; run `l10n translate` or review it
check-misaligned = English blocks no longer line up with the state from this line on; `l10n review` or `l10n diff` shows where; keep the English with `l10n review --rebaseline`, or rewrite it from the state with `l10n translate --overwrite-edits`
check-stale = changed or new since the translation ({ $target }:{ $target_line }); run `l10n translate`
check-removed = { $count } segments removed from { $source } are still in the translation
check-stale-edited = hand-edited translation whose source changed since; review it
check-unreviewed = translation not reviewed ({ $state })
check-orphan-state = state for { $source }, which no longer exists
check-orphan-target = translation without a source post
check-summary = { $posts } posts checked: { $errors } errors, { $warnings } warnings

status-up-to-date = up to date
status-stale = stale
status-missing = missing
status-held = needs review
status-invalid = invalid
status-col-post = post
status-col-lang = lang
status-col-status = status
note-interrupted = interrupted: no new requests; finishing the posts already translated…
translate-requests = { $requests } requests, { $retries } retries
err-segment-failed = { $path }:{ $line }: segment not translated: { $reason }
err-missing-key = backend { $backend } needs its key in the environment variable { $var }, which is not set
warn-segment-problem = { $path }:{ $line }: kept a translation with a problem: { $problem }
qa-problem = { $message }
qa-number-currency = "{ $source }" is in { $currency }, the translation says { $translated } ("{ $translation }")
qa-amount-changed = "{ $source }" is { $value } but the translation says "{ $translation }"
qa-number-changed = "{ $source }" is "{ $translation }" in the translation
qa-number-missing = "{ $source }" is not in the translation
qa-date-changed = date "{ $source }" is "{ $translation }" in the translation
qa-date-missing = date "{ $source }" is not in the translation
qa-identifier-changed = "{ $source }" is "{ $translation }" in the translation
qa-identifier-missing = "{ $source }" must appear verbatim in the translation
qa-gloss-repeated = the name is written twice: "{ $span }" (write it once)
warn-qa-finding = { $path }:{ $line }: [{ $code }] { $message }
status-failing = failing checks
glossary-added = added { $source } → { $target }
glossary-trimmed = trimmed the spaces around the term: "{ $source }" → "{ $target }"
glossary-removed = removed { $source }
glossary-imported = imported { $count } terms from { $path }
glossary-pushed = DeepL glossary { $id } created with { $count } terms; translate uses it from now on
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
    j  next post     /  filter by state
    ↑ / ↓  scroll    ?  this help     q  quit
review-accepted = accepted
review-edited = edited and saved
review-reverted = reverted to the previous translation
review-retranslated = new translation below: a to accept, s to skip
review-nothing-to-revert = no previous translation to revert to
review-no-terminal = l10n review needs a terminal; use `l10n diff` in scripts and CI
check-untranslated = not translated yet (written with --partial); run `l10n translate`
check-pseudo = { $count } of { $total } segments are placeholder text (pseudo backend), not a translation
warn-held-changed = { $path } changed while this run was translating it; left untouched, run `l10n translate` again
warn-held-english-only = { $path }:{ $line }: English-only text inside a translated block cannot be placed safely; left untouched (move it into a block of its own)
warn-removed-edit = { $path }:{ $line }: the Korean of English a person wrote was deleted; the English is kept in the state and `l10n memory export`: { $text }
note-renamed = { $to } is { $from } renamed: its English post, edits included, follows it
check-moved-state = state for { $source }, which was renamed to { $new_source } (now { $new_target }); delete it when you are ready
check-moved-target = English post of a renamed source; its text now lives in { $new_target }; l10n never deletes it: remove it (or redirect it) when you are ready
review-held = held: { $what ->
        [added] English { $target }:{ $target_line } has blocks the state does not (Korean { $source }:{ $source_line })
        [removed] English { $target }:{ $target_line } lacks blocks the state has (Korean { $source }:{ $source_line })
       *[changed] English { $target }:{ $target_line } no longer lines up with the state (Korean { $source }:{ $source_line })
    }; a: take the English as it stands as the new baseline, r: retranslate the post instead
review-held-retranslate = to rewrite this post from its state (the English-only changes are dropped): l10n translate --overwrite-edits { $path }; add --force to send every machine segment again
review-held-keys = this post is held: a takes the English as the new baseline, r tells how to retranslate it
review-withdrawn = retranslation withdrawn; the English is as it was
review-not-held = { $path } lines up with its state; nothing to re-baseline
review-rebaselined = { $path }: took the English as the new baseline: { $segments } segments, { $edited } recorded as hand edits, { $untranslated } Korean segments left for `l10n translate`
review-nothing-to-accept = { $path }: nothing needs a decision
review-accepted-line = { $path }:{ $line }: { $from } → { $to }
review-accept-summary = { $segments } segments accepted in { $posts } posts
err-review-gone = { $path }: not saved: the post or its state is missing
err-review-changed = { $path }: not saved: the post changed since review read it; run review again
err-review-structure = { $path }: not saved: the English would no longer line up with its state (block structure changed)
err-review-held = { $path }:{ $line }: the English blocks no longer line up with the state from here; keep the English with `l10n review --rebaseline { $source }` or rewrite it from the state with `l10n translate --overwrite-edits { $source }`
err-review-no-segment = { $path }:{ $line }: no translated segment on this line
err-review-not-a-post = { $path }: neither a source post nor the translation of one
