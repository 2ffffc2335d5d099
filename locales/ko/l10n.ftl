# l10n 명령줄 메시지, 한국어.
label-error = 오류
label-warning = 경고

err-io = { $path }: { $message }
err-broken-pipe = 출력이 닫혔습니다
err-too-large = { $path }: 파일 크기 { $size }바이트가 한도 { $limit }바이트를 넘습니다
err-invalid-utf8 = { $path }:{ $line }: 바이트 { $offset }에서 올바른 UTF-8이 아닙니다
err-binary = { $path }:{ $line }: 오프셋 { $offset }에 NUL 바이트가 있습니다. 마크다운 글이 아닌 바이너리 파일로 보입니다
err-unterminated-front-matter = { $path }:{ $line }: `---`로 연 머리말(front matter)이 닫히지 않았습니다
err-invalid-yaml = { $path }:{ $line }:{ $column }: 머리말의 YAML이 올바르지 않습니다: { $message }
err-front-matter-not-mapping = { $path }:{ $line }: 머리말은 키와 값의 매핑이어야 합니다
err-tag-mismatch = { $path }:{ $line }: 세그먼트 { $segment }의 번역을 거부합니다: 태그 { $tag }이(가) { $problem ->
    [missing] 빠졌습니다
    [unexpected] 원문에 없습니다
    [duplicate] 중복되었습니다
   *[unbalanced] 짝이 맞지 않습니다
  }
err-translations-file = { $path }:{ $line }:{ $column }: 번역 파일을 읽을 수 없습니다: { $message }

warn-unknown-segments = { $path }의 번역 { $count }개가 글의 어떤 세그먼트와도 맞지 않아 무시했습니다
