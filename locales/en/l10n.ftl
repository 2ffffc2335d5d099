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
