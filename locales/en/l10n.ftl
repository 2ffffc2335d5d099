# Messages of the l10n command line, English.
label-error = error
label-warning = warning

err-io = { $path }: { $detail }
detail-io = { $text }
detail-io-not-found = no such file or directory
detail-io-permission = permission denied
detail-io-is-directory = is a directory, not a file
detail-io-not-directory = a part of the path is not a directory
detail-io-exists = already exists
err-broken-pipe = output closed
err-too-large = { $path }: file is { $size } bytes, over the limit of { $limit } bytes
err-invalid-utf8 = { $path }:{ $line }: not valid UTF-8 at byte { $offset }
err-binary = { $path }:{ $line }: NUL byte at offset { $offset }; this looks like a binary file, not a Markdown post
err-unterminated-front-matter = { $path }:{ $line }: front matter opened with `---` is never closed
err-invalid-yaml = { $path }:{ $line }:{ $column }: invalid YAML in front matter: { $detail }
detail-yaml = { $text }
detail-yaml-tab = tabs are not allowed for indentation
detail-yaml-lone-cr = a carriage return without a line feed
detail-yaml-not-block = front matter must be `key: value` lines (a block mapping)
detail-yaml-indented = top-level keys must not be indented
detail-yaml-control = control characters are not allowed
detail-yaml-no-keys = keys cannot be added to this front matter: { $text }
err-front-matter-not-mapping = { $path }:{ $line }: front matter must be a mapping of keys to values
err-tag-mismatch = { $path }:{ $line }: translation of segment { $segment } is rejected: tag { $tag } is { $problem ->
    [missing] missing
    [unexpected] not in the source
    [duplicate] repeated
   *[unbalanced] unbalanced
  }
err-translations-file = { $path }:{ $line }:{ $column }: cannot read translations: { $detail }

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
err-config = { $line ->
    [0] { $path }
   *[other] { $path }:{ $line }:{ $column }
  }: { $detail }
err-outside-repo = { $path }: leads outside the repository (to { $real })
err-state = { $path }: cannot read state: { $detail }
detail-utf8 = not valid UTF-8 ({ $text })
err-state-syntax = { $path }:{ $line }:{ $column }: corrupt state: { $message }; restore it from version control or delete it
err-state-version = { $path }: state version { $found } is not one this l10n reads (it reads version { $supported })
err-state-hash = { $path }: corrupt state: { $field } is not a BLAKE3 hash (`{ $value }`); restore the file from version control or delete it
err-state-counts = { $path }: corrupt state: the header counts { $header } { $status } { $header ->
    [one] segment
   *[other] segments
  }, the segment list holds { $segments } (a truncated or half-merged file?); restore it from version control or delete it
err-state-mismatch = { $path }: state is for { $field } `{ $found }`, but its path says `{ $expected }`; restore it from version control or delete it
err-state-name = { $path }: this file name cannot be recorded in a state file (a line break or another control character, or not UTF-8); rename the post
err-nothing-to-check = no { $config } in { $dir } or a folder above it, and no source posts match { $sources }: nothing to check (run l10n inside the repository, or pass --config)
err-unchecked-posts = { $count } of { $posts } { $posts ->
    [one] post
   *[other] posts
  } could not be checked: a file or state is unreadable or invalid (see the report)
err-glossary = { $line ->
    [0] { $path }
   *[other] { $path }:{ $line }:{ $column }
  }: { $detail }
err-backend = backend { $backend }: { $detail }
err-unknown-backend = no backend named `{ $name }` (backends: { $known }): configure [backend.{ $name }] in l10n.toml, or use pseudo
err-structure-changed = { $path }: the translation changes the post's block structure; nothing was written
err-not-a-source = { $path }: not a source post (it matches none of `sources` in l10n.toml)
err-bad-lang = `{ $lang }` is not one of the configured target languages

note-waiting-for-lock = another l10n run holds the lock; waiting for it to finish…
translate-wrote = wrote { $path }
translate-summary = { $written } { $written ->
    [one] post
   *[other] posts
  } written, { $current } { $current ->
    [one] post
   *[other] posts
  } up to date, { $reused } { $reused ->
    [one] segment
   *[other] segments
  } reused, { $sent } sent, { $failed } failed, { $review } need review
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
  } would be sent: ~{ $input } input and ~{ $output } output tokens, { $overhead } request characters per segment character
translate-cost = { $requests } { $requests ->
    [one] request
   *[other] requests
  }: ~{ $input } input and ~{ $output } output tokens (estimated), { $overhead } request characters per segment character
translate-backend = { $backend }: { $segments } { $segments ->
    [one] segment
   *[other] segments
  } in { $requests } { $requests ->
    [one] request
   *[other] requests
  }
warn-held-misaligned = { $path }:{ $line }: the English of a translated segment was removed or changed kind here; left untouched (review it, or `l10n translate --overwrite-edits`)
warn-held-untracked = { $path } exists but l10n has no state for it; left untouched (use --overwrite-edits to replace it)

check-missing = no { $lang } translation: { $target } does not exist
check-untracked = English post exists but l10n has no state for it; run `l10n translate` or review it
check-misaligned = English blocks no longer line up with the state from this line on; `l10n review` or `l10n diff` shows where; keep the English with `l10n review --rebaseline`, or rewrite it from the state with `l10n translate --overwrite-edits`
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
status-col-pseudo = pseudo
status-col-machine = machine
status-col-reviewed = reviewed
status-col-edited = edited
status-col-stale-edited = stale-edited
status-col-stale = stale
note-interrupted = interrupted: no new requests; finishing the posts already translated…
progress-counts = · { $segments } { $segments ->
    [one] segment
   *[other] segments
  } · { $requests } { $requests ->
    [one] request
   *[other] requests
  } · { $retries } { $retries ->
    [one] retry
   *[other] retries
  }
# Appended to progress-counts while a backend streams; $tokens is short, like 1.2k.
progress-received = {" "}· { $tokens } tokens received
translate-received = ~{ $tokens } { $tokens ->
    [one] token
   *[other] tokens
  } streamed
translate-requests = { $requests } { $requests ->
    [one] request
   *[other] requests
  }, { $retries } { $retries ->
    [one] retry
   *[other] retries
  }
err-segment-failed = { $path }:{ $line }: segment not translated: { $detail }
err-missing-key = backend { $backend } needs its key in the environment variable { $var }, which is not set
warn-segment-problem = { $path }:{ $line }: kept a translation with a problem: { $problem }
qa-number-currency = "{ $source }" is in { $currency }, the translation says { $translated } ("{ $translation }")
qa-amount-changed = "{ $source }" is { $value } but the translation says "{ $translation }"
qa-number-changed = "{ $source }" is "{ $translation }" in the translation
qa-number-missing = "{ $source }" is not in the translation
qa-date-changed = date "{ $source }" is "{ $translation }" in the translation
qa-date-missing = date "{ $source }" is not in the translation
qa-identifier-changed = "{ $source }" is "{ $translation }" in the translation
qa-identifier-missing = "{ $source }" must appear verbatim in the translation
qa-gloss-repeated = the name is written twice: "{ $span }" (write it once)
qa-length = translation is { $ratio }× the source length, outside { $low }–{ $high }
qa-url-missing = link target { $url } of the source is missing
qa-url-added = { $url } is not in the source
qa-front-matter-missing = the translation has no front matter
qa-front-matter-changed = `{ $key }` is "{ $translation }" but the source has "{ $source }"
qa-front-matter-key-missing = `{ $key }` of the source is missing
qa-tag = inline tag { $tag } is { $problem ->
    [missing] missing
    [unexpected] unexpected
    [duplicate] duplicate
   *[unbalanced] unbalanced
  }
qa-hangul = Korean text left in the translation: "{ $text }"
qa-anchor = link to #{ $fragment } matches no heading of the post
qa-untranslated = the translation is the source text unchanged
qa-glossary-missing = glossary term "{ $source }" must be translated as "{ $target }"
qa-glossary-forbidden = "{ $form }" is a forbidden translation of "{ $source }"
qa-consistency = { $file } translates the same text as "{ $translation }"
qa-ignored = { $detail } (ignored: { $reason })
status-failing = failing checks
glossary-added = added { $source } → { $target }
glossary-trimmed = trimmed the spaces around the term: "{ $source }" → "{ $target }"
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
review-held = held: { $what ->
        [added] English { $target }:{ $target_line } has blocks the state does not (Korean { $source }:{ $source_line })
        [removed] English { $target }:{ $target_line } lacks blocks the state has (Korean { $source }:{ $source_line })
       *[changed] English { $target }:{ $target_line } no longer lines up with the state (Korean { $source }:{ $source_line })
    }; a: take the English as it stands as the new baseline, r: retranslate the post instead
review-held-retranslate = to rewrite this post from its state (the English-only changes are dropped): l10n translate --overwrite-edits { $path }; add --force to send every machine segment again
review-held-keys = this post is held: a takes the English as the new baseline, r tells how to retranslate it
review-withdrawn = retranslation withdrawn; the English is as it was
review-not-held = { $path } lines up with its state; nothing to re-baseline
review-rebaselined = { $path }: took the English as the new baseline: { $segments } { $segments ->
    [one] segment
   *[other] segments
  }, { $edited } recorded as hand edits, { $untranslated } Korean { $untranslated ->
    [one] segment
   *[other] segments
  } left for `l10n translate`
review-nothing-to-accept = { $path }: nothing needs a decision
review-accepted-line = { $path }:{ $line }: { $from } → { $to }
review-accept-summary = { $segments } { $segments ->
    [one] segment
   *[other] segments
  } accepted in { $posts } { $posts ->
    [one] post
   *[other] posts
  }
err-review-gone = { $path }: not saved: the post or its state is missing
err-review-changed = { $path }: not saved: the post changed since review read it; run review again
err-review-structure = { $path }: not saved: the English would no longer line up with its state (block structure changed)
err-review-held = { $path }:{ $line }: the English blocks no longer line up with the state from here; keep the English with `l10n review --rebaseline { $source }` or rewrite it from the state with `l10n translate --overwrite-edits { $source }`
err-review-no-segment = { $path }:{ $line }: no translated segment on this line
err-review-not-a-post = { $path }: neither a source post nor the translation of one
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
# The names of the quality checks, as the report's summary counts their findings.
qa-check-urls = urls
qa-check-numbers = numbers
qa-check-dates = dates
qa-check-identifiers = identifiers
qa-check-glosses = glosses
qa-check-hangul = hangul
qa-check-untranslated = untranslated
qa-check-glossary = glossary
qa-check-tags = tags
qa-check-length = length
qa-check-front-matter = front-matter
qa-check-anchors = anchors
qa-check-consistency = consistency
qa-check-pseudo = pseudo
report-post-counts = { $open } to decide of { $total }
report-folded = { $count } { $need } { $count ->
    [one] row
   *[other] rows
  }

# Command-line help (clap), by command and argument.
help-usage = Usage:
help-usage-options = [OPTIONS]
help-usage-command = <COMMAND>
help-heading-commands = Commands
help-heading-arguments = Arguments
help-heading-options = Options
help-default = [default: { $value }]
help-possible = [possible values: { $values }]
help-cmd-l10n = Translate Korean Markdown posts into English twins and keep them true
help-cmd-help = Print this message or the help of the given subcommand(s)
help-cmd-extract = Print a post's segments as JSON or XLIFF 2.0
help-cmd-merge = Write a post with its segments replaced by translations (JSON or XLIFF)
help-cmd-translate = Translate new and changed segments of the source posts and write the targets
help-cmd-check = Report missing, stale and unreviewed translations (offline, read-only)
help-cmd-status = Show a table of posts and the state of their translations
help-cmd-memory = Translation memory: export every known source→target pair
help-cmd-memory-export = Write the translation memory
help-cmd-completions = Print shell completions
help-cmd-glossary = Keep the glossary: list, add, remove, lint, suggest, import, export, push
help-cmd-glossary-list = Terms with how often each occurs in the source posts
help-cmd-glossary-add = Add a term (a source equal to its target is kept as written)
help-cmd-glossary-remove = Remove a term by its source form
help-cmd-glossary-lint = Report conflicts, duplicates, stray spaces, prefixes and keep terms that differ
help-cmd-glossary-suggest = Mine the posts for 한글(Latin) pairs and Latin names the glossary lacks
help-cmd-glossary-import = Add terms from a CSV, TSV or TBX file
help-cmd-glossary-export = Write the glossary as CSV, TSV (DeepL's format) or TBX
help-cmd-glossary-push = Create the glossary on a service and remember its id (only DeepL has one)
help-cmd-review = Review translations in the terminal: Korean beside English, old→new diffs
help-cmd-diff = The review queue as a report: text, side-by-side, HTML or Markdown
help-arg-help = Print help
help-arg-version = Print version
help-arg-ui_lang = UI language (en, ko); default from L10N_UI_LANG, LC_ALL, LC_MESSAGES, LANG
help-arg-quiet = Print only errors
help-arg-verbose = Print more about what is done
help-arg-color = Colour output
help-arg-config = Path to l10n.toml (default: found by walking up from the working directory)
help-arg-extract-file = The Markdown post
help-arg-extract-format = Output format
help-arg-merge-file = The Markdown post the translations were extracted from
help-arg-merge-translations = Translations: l10n's JSON or an XLIFF 2.0 file with <target> elements
help-arg-merge-output = Write here (atomically) instead of stdout
help-arg-translate-paths = Source posts (default: every post matched by `sources` in l10n.toml)
help-arg-translate-to = Only this target language
help-arg-translate-backend = Backend from [backend.NAME] in l10n.toml, or `pseudo`
help-arg-translate-jobs = Requests in flight at once (default: the backend's `concurrency`, 8)
help-arg-translate-dry_run = Show what would be sent; write nothing
help-arg-translate-force = Retranslate every segment no person has touched
help-arg-translate-overwrite_edits = Let new translations replace hand edits
help-arg-translate-partial = Write a post even when some segments failed: they keep their previous English, or the source text, and stay stale until a later run translates them
help-arg-check-paths = Source posts (default: all)
help-arg-check-to = Only this target language
help-arg-check-format = Report format
help-arg-check-require_reviewed = Also report segments nobody has reviewed or edited
help-arg-status-paths = Source posts (default: all)
help-arg-status-to = Only this target language
help-arg-memory-export-format = File format
help-arg-memory-export-output = Write here (atomically) instead of stdout
help-arg-completions-shell = The shell to complete for
help-arg-glossary-add-source = The term in the source language (Korean)
help-arg-glossary-add-target = The term in the target language (English)
help-arg-glossary-add-note = A note for translators and reviewers
help-arg-glossary-remove-source = The source form of the term to remove
help-arg-glossary-suggest-apply = Add suggestions: the named source forms, or all shown when none are named
help-arg-glossary-import-file = The file to read
help-arg-glossary-import-format = File format (default: from the extension)
help-arg-glossary-export-format = File format
help-arg-glossary-export-output = Write here instead of stdout
help-arg-glossary-push-service = The service: deepl
help-arg-glossary-push-backend = The [backend.NAME] to use (default: the first of kind deepl)
help-arg-review-paths = Source posts (default: all)
help-arg-review-all = Every segment, not only those needing a decision
help-arg-review-backend = Backend for retranslation (default: as translate)
help-arg-diff-paths = Source posts (default: all)
help-arg-diff-format = Report format
help-arg-diff-output = Write here instead of stdout
help-arg-diff-all = Every segment, not only those needing a decision
help-arg-diff-width = Columns for side-by-side (default: COLUMNS, else the terminal's width, else 100)
err-usage-unknown-argument = unexpected argument '{ $arg }'
err-usage-unknown-command = unknown command '{ $arg }'
err-usage-invalid-value = invalid value '{ $value }' for '{ $arg }'
err-usage-invalid-choice = invalid value '{ $value }' for '{ $arg }'; possible values: { $valid }
err-usage-missing = required arguments were not given: { $arg }
err-usage-missing-command = a command is needed
err-usage-other = invalid command line ({ $message })
err-usage-more = For more information, try '--help'.
help-arg-review-accept = accept segments without a terminal: PATH (a source or English post) or PATH:LINE
help-arg-review-rebaseline = take these held posts' English as the new baseline

# Details inside a framed error (`file:line: <detail>`).
detail-toml = { $text }
detail-json = { $text }
detail-xml = { $text }
detail-xliff-no-id = <{ $element }> without id
config-not-a-language = `{ $value }` is not a BCP 47 language tag
config-no-targets = target_langs is empty
config-target-is-source = a target language equals the source language
config-bad-glob = invalid glob: { $text }
config-glob-outside = source glob leaves the repository
config-target-no-name = target template must contain { "{name}" } or { "{stem}" }, or every post maps onto one file
config-target-no-lang = target template needs { "{lang}" } for several target languages
config-target-control = target template holds a line break or another control character
config-target-in-state = target template `{ $target }` points into `{ $dir }/`, where l10n keeps its state
config-target-outside = target template `{ $target }` leaves the repository
config-target-onto-sources = target template maps posts onto sources ({ $sample })
config-no-command = backend `{ $name }` of kind command needs `command = [...]`
config-max-tokens-field = backend `{ $name }`: max_tokens_field must be max_tokens or max_completion_tokens, not `{ $value }`
config-unknown-backend = no [backend.{ $name }] is configured
config-qa-ignore = [[qa.ignore]] needs segment, check and reason: { $text }
config-length-band = length_band must be [low, high] with 0 <= low < high
config-unknown-check = unknown check `{ $name }` (checks: { $checks })
config-bad-level = `{ $name }` must be "error", "warning" or "off"
glossary-unknown-key = `{ $key }` is neither a known key nor a language tag
glossary-not-a-string = `{ $key }` must be a string
glossary-empty-form = `{ $key }` is empty
glossary-no-forms = a term needs at least one language, e.g. ko = "에이전트"
glossary-spaced = "{ $form }" has leading or trailing spaces
glossary-exists = "{ $source }" is already in the glossary
glossary-absent = "{ $source }" is not in the glossary
glossary-two-fields = expected two non-empty fields: source and target
glossary-keep = (keep)
lint-form-spaced = { $lang } form "{ $form }" has leading or trailing spaces
lint-empty-variant = an empty variant
lint-variant-spaced = variant "{ $variant }" has leading or trailing spaces
lint-variant-drops = variant "{ $variant }" has "{ $words }", which its target "{ $target }" drops: make it a term of its own (ko = "{ $variant }", en = "…")
lint-keep-differs = a keep term must be written the same in every language
lint-duplicate = "{ $source }" has two entries (lines { $lines })
lint-conflict = "{ $source }" maps to different targets: { $targets } (lines { $lines })
lint-prefix = "{ $short }" is a prefix of "{ $long }": where both match, the longer "{ $long }" wins
detail-backend = { $text }
detail-backend-no-model = a backend of kind { $kind } needs `model`
detail-backend-no-key-env = a backend of kind { $kind } needs api_key_env naming the variable that holds its key
detail-backend-structured-output = structured_output must be json_schema, json_object or none, not `{ $value }`
detail-backend-refused-key = the service refused the key (check the variable api_key_env names): { $text }
detail-backend-not-found = no such endpoint or model (check base_url and model): { $text }
detail-backend-format-refused = the server does not take this structured_output (try structured_output = "json_object" or "none"): { $text }
detail-reply-control = the translation holds the control character U+{ $code }
detail-reply-front-matter = the translation adds { $text } to a front-matter value
detail-reply-empty = the translation is empty
detail-reply-empty-tag = tag { $tag } wraps nothing
detail-reply-no-answer = no answer
detail-reply-stopped = the post translating this text stopped
detail-reply-interrupted = interrupted
detail-reply-closed = closed
detail-reply-unknown-id = the reply holds the unknown id { $id }
detail-reply-not-answered = not answered
detail-reply-answered-twice = answered more than once
detail-reply-structure = the translation would change the post's block structure
detail-from-backend = { $backend }: { $detail }
detail-segment-gone = segment { $segment } is no longer in { $path }
config-fallback-loop = backend `{ $name }`: the fallback chain { $chain } → { $fallback } comes back to `{ $fallback }`
config-unknown-fallback = backend `{ $name }`: fallback `{ $fallback }` is not a configured backend
review-kind-heading = heading
review-kind-paragraph = paragraph
review-kind-list-item = list_item
review-kind-table-cell = table_cell
review-kind-blockquote = blockquote
review-kind-footnote = footnote
review-kind-alt = alt
review-kind-title = title
review-kind-front-matter = front_matter
config-stream-kind = backend `{ $name }`: stream = true works with kinds openai and anthropic only
config-stall-secs = backend `{ $name }`: stall_secs must be a number of seconds above 0, not { $value }

## --- review ---
err-review-placeholder = { $path }:{ $line }: placeholder (pseudo) text: nothing to approve until it is translated: l10n translate --backend NAME { $source }, or e in l10n review
review-placeholders-left = { $path }: { $count } placeholder { $count ->
        [one] segment
       *[other] segments
    } left as { $count ->
        [one] it is
       *[other] they are
    }: nothing to approve until translated (l10n translate --backend NAME { $source })
review-edit-korean = The Korean, for reference (lines starting with #. are removed):
diff-wrote = wrote { $path }: { $items } { $items ->
        [one] item
       *[other] items
    }

## --- merge ---
err-merge-conflict = merge conflict in { $path }:{ $line }: run `l10n git-setup` and `git merge` again, or resolve by hand
merge-driver-marked = { $path }: { $count ->
        [one] 1 segment was
       *[other] { $count } segments were
    } changed differently on both branches: both versions are kept (the other as the entry's previous version) and marked stale-edited; `l10n check` names them, `l10n review` settles them
err-git-setup = { $path }: `{ $command }` failed: { $detail }
detail-git-setup = { $text }
git-setup-config = set { $key } = { $value }
git-setup-attributes = added `{ $line }` to { $path }
git-setup-unchanged = git-setup: nothing to change: the merge drivers are registered and .gitattributes routes states and English posts to them
git-setup-done = Commit .gitattributes; every other clone runs `l10n git-setup` once (git config is not shared)
help-cmd-git-setup = Register l10n's merge drivers for states and English posts in this repository
help-cmd-merge-driver = Merge a state or an English post for git (run by git after `l10n git-setup`)
help-arg-merge-driver-kind = What the files are
help-arg-merge-driver-base = The common ancestor's version (git's %O)
help-arg-merge-driver-ours = This branch's version, replaced by the result (git's %A)
help-arg-merge-driver-theirs = The other branch's version (git's %B)
help-arg-merge-driver-path = Where the result goes in the repository (git's %P), for messages
help-arg-merge-driver-marker_size = Length of conflict markers (git's %L)
## --- ci ---
help-cmd-ci = Translate in CI: commit to l10n/<base> and open or update its pull request, or commit to the current branch
help-arg-ci-mode = pull-request: commit to l10n/<base> and open or update its pull request; commit: commit to the current branch
help-arg-ci-base = The branch to translate (default: the current one)
help-arg-ci-report = Write the full HTML review report here (the pull request points to it when its body is cut)
help-arg-ci-paths = Source posts (default: every post matched by `sources` in l10n.toml)
help-arg-ci-to = Only this target language
help-arg-ci-backend = Backend from [backend.NAME] in l10n.toml, or `pseudo`
help-arg-ci-jobs = Requests in flight at once (default: the backend's `concurrency`, 8)
help-arg-ci-dry_run = Show what would be sent; write, commit and push nothing
help-arg-ci-force = Retranslate every segment no person has touched
help-arg-ci-overwrite_edits = Let new translations replace hand edits
help-arg-ci-partial = Write a post even when some segments failed: they keep their previous English, or the source text, and stay stale until a later run translates them
help-arg-ci-batch = Send what is left to translate as provider batch jobs (OpenAI Batch API, Anthropic Message Batches: half the price, within 24 hours); the next run collects them.
help-arg-ci-wait = With --batch: poll until the jobs end and write the posts as results arrive.
help-arg-ci-poll = Seconds between the first polls (default 30); the interval grows by half each poll.
help-arg-ci-poll_max = The longest interval between polls (default 600).
help-arg-ci-wait_max = Stop waiting after this long (default 86400, the providers' window); the jobs stay recorded and the next run collects them.
md-first = Needs a person first
md-first-more = …and { $count } more
md-cut = The report is cut here to fit: { $count } more segments are not shown. The full report: { $report }
err-ci-not-a-repository = { $dir }: not a git repository: l10n ci commits and pushes, run it in a clone
err-ci-dirty = the work tree has { $count } uncommitted { $count ->
        [one] change
       *[other] changes
    } ({ $files }): l10n ci commits only its own work; commit or stash them first
err-ci-no-token = GITHUB_TOKEN is not set: pull-request mode needs it to open the pull request (in a workflow: env: GITHUB_TOKEN: ${"{{"} secrets.GITHUB_TOKEN {"}}"}, with permissions contents: write and pull-requests: write)
err-ci-no-repository = GITHUB_REPOSITORY is not set: pull-request mode needs owner/name of the repository (Actions sets it)
err-ci-detached = HEAD is detached: name the branch with --base BRANCH
err-ci-base-missing = base branch `{ $base }` does not exist on origin: push it first, or name another with --base
err-ci-conflict = merging `{ $base }` into `{ $branch }` conflicts: resolve it on `{ $branch }` by hand and push; nothing was pushed
err-ci-push-rejected = push to `{ $branch }` was refused again after fetching and putting this run's commit on top (someone is pushing to it meanwhile, or a hook or rule refuses it); nothing was pushed: { $detail }
err-ci-push-conflict = someone pushed to `{ $branch }` meanwhile, changing the same files as this run: nothing was pushed; the next run starts from their commit
err-git = `{ $command }` failed: { $detail }
detail-git = "{ $text }"
err-forge = { $method } { $url }: { $detail }
detail-forge-unauthorized = { $status } unauthorized: the token was refused (GITHUB_TOKEN expired or wrong): "{ $text }"
detail-forge-forbidden = { $status } forbidden: the token may not do this (the workflow needs permissions pull-requests: write): "{ $text }"
detail-forge-not-found = { $status } not found (is GITHUB_REPOSITORY right, and may the token see it?): "{ $text }"
detail-forge-status = HTTP { $status }: "{ $text }"
detail-forge-reply = the answer is not a pull request: "{ $text }"
detail-forge-connect = cannot connect: "{ $text }"
detail-forge-client = cannot make the HTTP client: "{ $text }"
detail-forge-repository = GITHUB_REPOSITORY is "{ $value }", not owner/name
detail-forge-vanished = GitHub says a pull request from { $head } is open but lists none
ci-own-commit = HEAD is l10n's own commit ({ $trailer } trailer): nothing to do
ci-unchanged = nothing changed: nothing committed, pushed or proposed
ci-pushed = pushed { $files } { $files ->
        [one] file
       *[other] files
    } to { $branch }
ci-push-retry = push to { $branch } refused: fetching it and putting this run's commit on top, then trying once more
ci-pr-title = l10n: English translations for { $base }
ci-pr-opened = opened pull request #{ $number }: { $url }
ci-pr-updated = updated pull request #{ $number }: { $url }
ci-full-report = `l10n diff --format html -o report.html` on branch `{ $branch }`
ci-report-link = [the HTML report]({ $url }) (artifact `l10n-report`)
ci-row-written = Posts written
ci-row-sent = Segments sent
ci-row-reused = Segments reused
ci-row-failed = Segments failed
ci-row-review = Findings needing a person
ci-row-cost = Cost
ci-cost = { $requests } requests, ~{ $input } input and ~{ $output } output tokens
## --- first use ---
qa-glossary-keep = "{ $term }" must stay as written
config-api-key = backend `{ $name }`: a key does not belong in l10n.toml (it is committed): delete api_key, put the key in an environment variable, and name the variable here: api_key_env = "{ $var }"
config-base-url = backend `{ $name }`: base_url must be a full http:// or https:// URL, such as https://api.openai.com/v1, not `{ $value }`
glossary-added-keep = added { $source }, kept as written in translations
glossary-list-uses = uses
glossary-list-forms = forms found
glossary-lint-clean = { $path }: no problems in { $count } { $count ->
    [one] term
   *[other] terms
  }
help-arg-glossary-add-keep = Keep the term as written in every language (no target needed)
help-arg-glossary-add-variants = Another source spelling of the term (repeatable)
help-arg-glossary-add-forbidden = A translation the term must never get (repeatable)
detail-backend-refused-connection = { $text } (is the server running, and is base_url right?)
detail-backend-no-host = { $text } (check the host name in base_url)
detail-backend-tls = { $text } (a server that speaks plain HTTP, as local servers do, needs http:// in base_url)
glossary-lint-none = { $path } does not exist yet: nothing to check (l10n glossary add SOURCE TARGET starts it)
## --- run ---
err-jobs-zero = --jobs 0 would send no request: give 1 or more (or leave it out for the backend's concurrency)
# Printed every few seconds while translate runs outside a terminal (a CI log, a pipe).
progress-line = { $done }/{ $total } { $total ->
        [one] post
       *[other] posts
    } done · { $segments } { $segments ->
        [one] segment
       *[other] segments
    } sent · { $failed } failed
## --- batch ---
config-price = backend `{ $name }`: { $key } must be a price in USD per million tokens, 0 or more, not { $value }
config-batch-discount = backend `{ $name }`: batch_discount must be a share of the price between 0 and 1, not { $value }
detail-batch-kind = batch jobs need an openai or anthropic backend (`batch export`: openai), not { $kind }
note-batch-waiting = { $path }: waits for batch job { $job }
translate-dry-nothing = dry run ({ $backend }): nothing to translate, every post is up to date
translate-dry-cost = estimated cost: { $sync } synchronously, { $batch } as a batch job
translate-no-prices = no prices for { $backend } in l10n.toml (price_input_per_mtok, price_output_per_mtok): tokens only
cost-tokens-only = no prices configured
translate-usage = usage the provider reported: { $input } input and { $output } output tokens ({ $cost })
translate-usage-batch = usage of collected batch jobs: { $input } input and { $output } output tokens ({ $cost })
batch-submitted = submitted { $jobs } batch { $jobs ->
    [one] job
   *[other] jobs
  } ({ $requests } { $requests ->
    [one] request
   *[other] requests
  }: { $ids }); run `l10n translate` later to collect, or `l10n translate --batch --wait`
batch-pending = { $posts } { $posts ->
    [one] post waits
   *[other] posts wait
  } for { $jobs } batch { $jobs ->
    [one] job
   *[other] jobs
  } not finished yet (`l10n batch status`)
batch-collected = collected { $jobs } batch { $jobs ->
    [one] job
   *[other] jobs
  }: { $segments } { $segments ->
    [one] segment
   *[other] segments
  } answered and accepted
batch-waiting = waiting for { $jobs } batch { $jobs ->
    [one] job
   *[other] jobs
  } ({ $done }/{ $requests } requests done); next poll in { $secs } s
batch-wait-gave-up = stopped waiting: { $jobs } batch { $jobs ->
    [one] job is
   *[other] jobs are
  } still running; `l10n translate` collects them later
batch-cancelled = cancelled { $jobs } batch { $jobs ->
    [one] job
   *[other] jobs
  } { $ids }; the next `l10n translate` collects what they finished and sends the rest
batch-exported = wrote { $requests } { $requests ->
    [one] request
   *[other] requests
  } to { $path }: run `vllm run-batch -i { $path } -o results.jsonl --model MODEL`, then `l10n batch import results.jsonl`
batch-import-none = no exported batch job waits for results (`l10n batch export` first)
batch-status-none = no batch jobs
batch-status-line = { $id }  { $provider } ({ $backend }, { $remote })  { $status }  { $done }/{ $requests } done, { $failed } failed  { $age } ago
batch-collected-word = collected
err-batch-force = --batch sends only what the response cache lacks; it cannot be used with --force
cost-batch-price = { $usd } at the batch price
check-batch-pending = { $jobs } batch { $jobs ->
    [one] job is
   *[other] jobs are
  } pending ({ $ids }): `l10n translate` collects the results when they are done
help-cmd-batch = Provider batch jobs: status, cancel; export and import request files for vLLM.
help-cmd-batch-status = List the batch jobs: provider, state, requests done, age.
help-cmd-batch-cancel = Cancel pending jobs (all, or those named); what they finished is still collected.
help-cmd-batch-export = Write what is left to translate as one OpenAI batch request file, for `vllm run-batch -i FILE -o RESULTS`.
help-cmd-batch-import = Take a `vllm run-batch` results file for the exported requests and write the posts.
help-arg-batch-cancel-ids = Job ids as `batch status` lists them.
help-arg-batch-export-output = The request file to write.
help-arg-batch-export-paths = Source posts (default: every post).
help-arg-batch-export-to = Only this target language.
help-arg-batch-export-backend = An openai backend from l10n.toml (the model vLLM serves).
help-arg-batch-import-results = The results file (`vllm run-batch -o`).
help-arg-batch-import-backend = The backend the requests were exported for.
help-arg-translate-batch = Send what is left to translate as provider batch jobs (OpenAI Batch API, Anthropic Message Batches: half the price, within 24 hours); the next run collects them.
help-arg-translate-wait = With --batch: poll until the jobs end and write the posts as results arrive.
help-arg-translate-poll = Seconds between the first polls (default 30); the interval grows by half each poll.
help-arg-translate-poll_max = The longest interval between polls (default 600).
help-arg-translate-wait_max = Stop waiting after this long (default 86400, the providers' window); the jobs stay recorded and the next run collects them.
