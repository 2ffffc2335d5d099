# l10n 명령줄 메시지, 한국어.
label-error = 오류
label-warning = 경고

err-io = { $path }: { $detail }
detail-io = 읽거나 쓸 수 없습니다: "{ $text }"
detail-io-not-found = 파일이나 디렉터리가 없습니다
detail-io-permission = 권한이 없습니다
detail-io-is-directory = 파일이 아니라 디렉터리입니다
detail-io-not-directory = 경로 중간에 디렉터리가 아닌 것이 있습니다
detail-io-exists = 이미 있습니다
err-broken-pipe = 출력이 닫혔습니다
err-too-large = { $path }: 파일 크기 { $size }바이트가 한도 { $limit }바이트를 넘습니다
err-invalid-utf8 = { $path }:{ $line }: 바이트 { $offset }에서 올바른 UTF-8이 아닙니다
err-binary = { $path }:{ $line }: 오프셋 { $offset }에 NUL 바이트가 있습니다. 마크다운 글이 아닌 바이너리 파일로 보입니다
err-unterminated-front-matter = { $path }:{ $line }: `---`로 연 프런트 매터(front matter)가 닫히지 않았습니다
err-invalid-yaml = { $path }:{ $line }:{ $column }: 프런트 매터의 YAML이 올바르지 않습니다: { $detail }
detail-yaml = "{ $text }"
detail-yaml-tab = 들여쓰기에 탭을 쓸 수 없습니다
detail-yaml-lone-cr = 줄바꿈(LF) 없는 캐리지 리턴(CR)이 있습니다
detail-yaml-not-block = 프런트 매터는 `키: 값` 줄로 써야 합니다 (블록 매핑)
detail-yaml-indented = 최상위 키는 들여 쓰면 안 됩니다
detail-yaml-control = 제어 문자를 쓸 수 없습니다
detail-yaml-no-keys = 이 프런트 매터에는 키를 더할 수 없습니다: "{ $text }"
err-front-matter-not-mapping = { $path }:{ $line }: 프런트 매터는 키와 값의 매핑이어야 합니다
err-tag-mismatch = { $path }:{ $line }: 세그먼트 { $segment }의 번역을 거부합니다: 태그 { $tag }{ PARTICLE($tag, "이") } { $problem ->
    [missing] 빠졌습니다
    [unexpected] 원문에 없습니다
    [duplicate] 중복되었습니다
   *[unbalanced] 짝이 맞지 않습니다
  }
err-translations-file = { $path }:{ $line }:{ $column }: 번역 파일을 읽을 수 없습니다: { $detail }

warn-unknown-segments = { $path }의 번역 { $count }개가 글의 어떤 세그먼트와도 맞지 않아 무시했습니다
err-config = { $line ->
    [0] { $path }
   *[other] { $path }:{ $line }:{ $column }
  }: { $detail }
err-outside-repo = { $path }: 저장소 밖({ $real })을 가리킵니다
err-state = { $path }: 상태 파일을 읽을 수 없습니다: { $detail }
detail-utf8 = 올바른 UTF-8이 아닙니다 ("{ $text }")
err-state-syntax = { $path }:{ $line }:{ $column }: 손상된 상태 파일: "{ $message }". 버전 관리에서 복원하거나 파일을 지우세요
err-state-version = { $path }: 이 l10n이 읽을 수 없는 상태 파일 버전 { $found }입니다 (읽을 수 있는 버전: { $supported })
err-state-hash = { $path }: 손상된 상태 파일: { $field }{ PARTICLE($field, "이") } BLAKE3 해시가 아닙니다 (`{ $value }`). 버전 관리에서 복원하거나 파일을 지우세요
err-state-counts = { $path }: 손상된 상태 파일: 헤더에는 { $status } 세그먼트가 { $header }개인데 세그먼트 목록에는 { $segments }개가 있습니다 (잘렸거나 병합이 덜 된 파일?). 버전 관리에서 복원하거나 파일을 지우세요
err-state-mismatch = { $path }: 상태 파일의 { $field }{ PARTICLE($field, "은") } `{ $found }`인데 경로로는 `{ $expected }`입니다. 버전 관리에서 복원하거나 파일을 지우세요
err-state-name = { $path }: 이 파일 이름은 상태 파일에 기록할 수 없습니다 (줄바꿈이나 다른 제어 문자가 있거나 UTF-8이 아님). 글의 이름을 바꾸세요
err-nothing-to-check = { $dir }{ PARTICLE($dir, "와") } 그 위 폴더에 { $config }{ PARTICLE($config, "이") } 없고 { $sources }에 맞는 원문 글도 없습니다: 검사할 것이 없습니다 (저장소 안에서 실행하거나 --config를 주세요)
err-unchecked-posts = 글 { $posts }개 중 { $count }개를 검사할 수 없습니다: 파일이나 상태 파일을 읽을 수 없거나 잘못되었습니다 (보고서를 보세요)
err-glossary = { $line ->
    [0] { $path }
   *[other] { $path }:{ $line }:{ $column }
  }: { $detail }
err-backend = 백엔드 { $backend }: { $detail }
err-unknown-backend = `{ $name }`{ PARTICLE($name, "이라는") } 백엔드가 없습니다 (사용할 수 있는 백엔드: { $known }): l10n.toml에 [backend.{ $name }]{ PARTICLE($name, "을") } 설정하거나 pseudo를 쓰세요
err-structure-changed = { $path }: 번역이 글의 블록 구조를 바꿉니다. 아무것도 쓰지 않았습니다
err-not-a-source = { $path }: 원문 글이 아닙니다 (l10n.toml의 `sources`와 맞지 않습니다)
err-bad-lang = `{ $lang }`{ PARTICLE($lang, "은") } 설정된 대상 언어가 아닙니다

note-waiting-for-lock = 다른 l10n 실행이 잠금을 잡고 있습니다. 끝나기를 기다립니다…
translate-wrote = { $path }{ PARTICLE($path, "을") } 썼습니다
translate-summary = 글 { $written }개 작성, { $current }개 최신 상태, 세그먼트 { $reused }개 재사용, { $sent }개 전송, { $failed }개 실패, { $review }개 검토 필요
translate-dry-post = { $source } → { $target }: 세그먼트 { $segments }개, { $chars }자
translate-dry-summary = 모의 실행({ $backend }): 글 { $posts }개, 세그먼트 { $segments }개, { $chars }자를 요청 약 { $requests }번으로 보낼 예정입니다: 입력 토큰 약 { $input }개, 출력 토큰 약 { $output }개, 세그먼트 1자당 요청 { $overhead }자
translate-cost = 요청 { $requests }번: 입력 토큰 약 { $input }개, 출력 토큰 약 { $output }개(추정), 세그먼트 1자당 요청 { $overhead }자
translate-backend = { $backend }: 세그먼트 { $segments }개, 요청 { $requests }번
warn-held-misaligned = { $path }:{ $line }: 번역된 세그먼트의 영어가 여기서 삭제되었거나 종류가 바뀌어 그대로 두었습니다 (검토하거나 `l10n translate --overwrite-edits`)
warn-held-untracked = { $path }{ PARTICLE($path, "이") } 있지만 l10n 상태가 없습니다. 손대지 않았습니다 (바꾸려면 --overwrite-edits)

check-missing = { $lang } 번역이 없습니다: { $target } 파일이 없습니다
check-untracked = 영어 글은 있지만 l10n 상태가 없습니다. `l10n translate`를 실행하거나 검토하세요
check-misaligned = 이 행부터 영어 블록이 상태와 맞지 않습니다; `l10n review`나 `l10n diff`로 어디인지 보고, 영어를 지키려면 `l10n review --rebaseline`, 상태에서 다시 쓰려면 `l10n translate --overwrite-edits`를 쓰세요
check-stale = { $target_line ->
    [0] 번역 후 새로 추가된 원문입니다({ $target }에 아직 없음). `l10n translate`를 실행하세요
   *[other] 원문이 번역 후 변경되었습니다 ({ $target }:{ $target_line }). `l10n translate`를 실행하세요
  }
check-removed = { $source }에서 삭제된 세그먼트 { $count }개가 번역에 남아 있습니다
check-stale-edited = 직접 수정한 번역의 원문이 이후 변경되었습니다. 검토해 주세요
check-unreviewed = 검토되지 않은 번역입니다 ({ $state })
check-orphan-state = 더 이상 없는 { $source }의 상태 파일입니다
check-orphan-target = 원문 글이 없는 번역입니다
check-summary = 글 { $posts }개를 검사했습니다: 오류 { $errors }개, 경고 { $warnings }개

status-up-to-date = 최신
status-stale = 갱신 필요
status-missing = 없음
status-held = 검토 필요
status-invalid = 오류
status-col-post = 글
status-col-lang = 언어
status-col-status = 상태
status-col-pseudo = 임시 번역
status-col-machine = 기계 번역
status-col-reviewed = 검토 완료
status-col-edited = 직접 수정
status-col-stale-edited = 수정본 갱신 필요
status-col-stale = 갱신 필요
note-interrupted = 중단됨: 새 요청을 보내지 않고 이미 번역된 글만 마무리합니다…
progress-counts = · 세그먼트 { $segments }개 · 요청 { $requests }번 · 재시도 { $retries }번
# progress-counts 뒤에 붙습니다. $tokens는 1.2k처럼 짧게 씁니다.
progress-received = {" "}· 토큰 { $tokens }개 수신
translate-received = 스트리밍으로 받은 토큰 약 { $tokens }개
translate-requests = 요청 { $requests }번, 재시도 { $retries }번
err-segment-failed = { $path }:{ $line }: 세그먼트를 번역하지 못했습니다: { $detail }
err-missing-key = 백엔드 { $backend }의 키를 담을 환경 변수 { $var }{ PARTICLE($var, "이") } 설정되지 않았습니다
warn-segment-problem = { $path }:{ $line }: 문제가 있는 번역을 그대로 두었습니다: { $problem }
qa-number-currency = "{ $source }"의 통화는 { $currency }인데 번역은 { $translated }입니다 ("{ $translation }")
qa-amount-changed = "{ $source }"{ PARTICLE($source, "은") } { $value }인데 번역에는 "{ $translation }"{ PARTICLE($translation, "으로") } 되어 있습니다
qa-number-changed = "{ $source }"{ PARTICLE($source, "이") } 번역에서 "{ $translation }"{ PARTICLE($translation, "으로") } 바뀌었습니다
qa-number-missing = "{ $source }"{ PARTICLE($source, "이") } 번역에 없습니다
qa-date-changed = 날짜 "{ $source }"{ PARTICLE($source, "이") } 번역에서 "{ $translation }"{ PARTICLE($translation, "으로") } 바뀌었습니다
qa-date-missing = 날짜 "{ $source }"{ PARTICLE($source, "이") } 번역에 없습니다
qa-identifier-changed = "{ $source }"{ PARTICLE($source, "이") } 번역에서 "{ $translation }"{ PARTICLE($translation, "으로") } 바뀌었습니다
qa-identifier-missing = "{ $source }"{ PARTICLE($source, "은") } 번역에 그대로 있어야 합니다
qa-gloss-repeated = 이름이 두 번 쓰였습니다: "{ $span }" (한 번만 쓰세요)
qa-length = 번역 길이가 원문의 { $ratio }배로, 허용 범위 { $low }–{ $high }배를 벗어납니다
qa-url-missing = 원문의 링크 { $url }{ PARTICLE($url, "이") } 번역에 없습니다
qa-url-added = { $url }{ PARTICLE($url, "은") } 원문에 없는 링크입니다
qa-front-matter-missing = 번역에 프런트 매터(front matter)가 없습니다
qa-front-matter-changed = `{ $key }`{ PARTICLE($key, "이") } 번역에서는 "{ $translation }"인데 원문은 "{ $source }"입니다
qa-front-matter-key-missing = 원문의 `{ $key }`{ PARTICLE($key, "이") } 번역에 없습니다
qa-tag = 인라인 태그 { $tag }{ PARTICLE($tag, "이") } { $problem ->
    [missing] 빠졌습니다
    [unexpected] 원문에 없습니다
    [duplicate] 중복되었습니다
   *[unbalanced] 짝이 맞지 않습니다
  }
qa-hangul = 번역에 한국어가 남아 있습니다: "{ $text }"
qa-anchor = #{ $fragment }{ PARTICLE($fragment, "으로") } 가는 링크에 맞는 제목이 글에 없습니다
qa-untranslated = 번역이 원문과 똑같습니다
qa-glossary-missing = 용어집에 따라 "{ $source }"{ PARTICLE($source, "은") } "{ $target }"{ PARTICLE($target, "으로") } 번역해야 합니다
qa-glossary-forbidden = "{ $form }"{ PARTICLE($form, "은") } "{ $source }"의 번역어로 쓰면 안 됩니다
qa-consistency = { $file }에서는 같은 원문을 "{ $translation }"{ PARTICLE($translation, "으로") } 번역했습니다
qa-ignored = { $detail } (무시함: { $reason })
status-failing = 검사 실패
glossary-added = { $source }{ PARTICLE($source, "을") } "{ $target }"{ PARTICLE($target, "으로") } 옮기도록 용어집에 추가했습니다
glossary-trimmed = 용어 앞뒤의 공백을 지웠습니다: "{ $source }" → "{ $target }"
glossary-removed = { $source }{ PARTICLE($source, "을") } 용어집에서 삭제했습니다
glossary-imported = { $path }에서 용어 { $count }개를 가져왔습니다
glossary-pushed = DeepL 용어집 { $id }{ PARTICLE($id, "을") } 용어 { $count }개로 만들었습니다. 이제 번역에 쓰입니다
err-push-service = `{ $service }`에는 용어집을 올릴 수 없습니다: 용어집 업로드는 DeepL만 지원합니다
err-no-deepl-backend = l10n.toml에 kind = "deepl"인 [backend.NAME]이 없습니다
label-ignored = 무시됨
review-source = 한국어 (원문)
review-source-changed = 한국어 (이전 → 현재)
review-target = 영어
review-target-changed = 영어 (이전 → 현재)
review-findings = 검사 결과와 용어
review-no-findings = 문제가 없습니다.
review-empty = 검토할 것이 없습니다.
review-keys = a 승인  e 편집  r 재번역  u 되돌리기  s 건너뛰기  n/p 다음/이전  j 다음 글  / 필터  ? 도움말  q 종료
review-help-title = 키
review-help = a  승인: 검토 완료로 표시
    e  $VISUAL 또는 $EDITOR로 영어 편집
    r  백엔드로 다시 번역한 뒤 a로 승인
    u  이전 번역으로 되돌리기
    s  건너뛰기      n / p  다음 / 이전
    j  다음 글       /  상태별로 보기
    ↑ / ↓  스크롤    ?  이 도움말     q  종료
review-accepted = 승인했습니다
review-edited = 편집해 저장했습니다
review-reverted = 이전 번역으로 되돌렸습니다
review-retranslated = 오른쪽(영어, 이전 → 현재)이 새 번역입니다: 승인은 a, 건너뛰기는 s
review-nothing-to-revert = 되돌릴 이전 번역이 없습니다
review-no-terminal = l10n review는 터미널이 필요합니다. 스크립트와 CI에서는 `l10n diff`를 쓰세요
check-untranslated = 아직 번역되지 않았습니다(--partial로 작성). `l10n translate`를 실행하세요
check-pseudo = 세그먼트 { $total }개 중 { $count }개가 아직 임시 번역입니다 (pseudo 백엔드가 만든 로마자 표기로, 번역이 아닙니다)
warn-held-changed = 번역하는 동안 { $path } 파일이 변경되어 그대로 두었습니다. `l10n translate`를 다시 실행하세요
warn-held-english-only = { $path }:{ $line }: 번역된 블록 안의 영어 전용 텍스트를 안전하게 옮길 수 없어 그대로 두었습니다 (별도 블록으로 옮겨 주세요)
warn-removed-edit = { $path }:{ $line }: 사람이 쓴 영어의 한국어 원문이 삭제되었습니다. 영어는 상태 파일과 `l10n memory export`에 보관됩니다: { $text }
note-renamed = { $to }{ PARTICLE($to, "은") } 이름이 바뀐 { $from }입니다: 영어 글과 직접 수정한 내용이 함께 옮겨집니다
check-moved-state = { $source }의 상태 파일입니다. 원문이 { $new_source }{ PARTICLE($new_source, "으로") } 이름이 바뀌었습니다(현재 { $new_target }). 준비되면 삭제하세요
check-moved-target = 이름이 바뀐 원문의 영어 글입니다. 내용은 이제 { $new_target }에 있습니다. l10n은 이 파일을 지우지 않습니다. 준비되면 삭제(또는 리디렉션)하세요
review-held = 보류: { $what ->
        [added] 영어 { $target }:{ $target_line }에 상태에 없는 블록이 있습니다 (한국어 { $source }:{ $source_line })
        [removed] 영어 { $target }:{ $target_line }에 상태에 있는 블록이 없습니다 (한국어 { $source }:{ $source_line })
       *[changed] 영어 { $target }:{ $target_line }{ PARTICLE($target_line, "이") } 상태와 더 이상 맞지 않습니다 (한국어 { $source }:{ $source_line })
    }; a: 지금 영어를 새 기준으로 삼기, r: 대신 글을 다시 번역하기
review-held-retranslate = 이 글을 상태에서 다시 쓰려면 (영어에만 있는 변경은 버려집니다): l10n translate --overwrite-edits { $path }; 기계 번역 세그먼트를 모두 다시 보내려면 --force를 더하세요
review-held-keys = 보류된 글입니다: a는 지금 영어를 새 기준으로 삼고, r은 다시 번역하는 방법을 알려 줍니다
review-withdrawn = 재번역을 거두었습니다; 영어는 그대로입니다
review-not-held = { $path }{ PARTICLE($path, "은") } 상태와 맞습니다; 기준을 바꿀 것이 없습니다
review-rebaselined = { $path }: 지금 영어를 새 기준으로 삼았습니다: 세그먼트 { $segments }개, 손 편집으로 기록 { $edited }개, `l10n translate`에 남긴 한국어 세그먼트 { $untranslated }개
review-nothing-to-accept = { $path }: 결정할 것이 없습니다
review-accepted-line = { $path }:{ $line }: { $from } → { $to }
review-accept-summary = 글 { $posts }개에서 세그먼트 { $segments }개를 승인했습니다
err-review-gone = { $path }: 저장하지 않았습니다: 글이나 상태가 없습니다
err-review-changed = { $path }: 저장하지 않았습니다: review가 읽은 뒤 글이 바뀌었습니다; review를 다시 실행하세요
err-review-structure = { $path }: 저장하지 않았습니다: 영어가 상태와 더 이상 맞지 않게 됩니다 (블록 구조가 바뀜)
err-review-held = { $path }:{ $line }: 여기서부터 영어 블록이 상태와 맞지 않습니다; 영어를 지키려면 `l10n review --rebaseline { $source }`, 상태에서 다시 쓰려면 `l10n translate --overwrite-edits { $source }`
err-review-no-segment = { $path }:{ $line }: 이 행에 번역된 세그먼트가 없습니다
err-review-not-a-post = { $path }: 원문 글도 그 번역도 아닙니다
need-stale-edited = 수정본 갱신 필요
need-stale = 갱신 필요
need-findings = 검사 결과
need-new = 새 번역
need-placeholder = 임시 번역
need-done = 검토 완료
review-filter = 필터: { $need }
review-empty-filter = “{ $need }” 필터에 남은 항목이 없습니다. / 로 다음 필터를 봅니다.
report-title = l10n 검토 보고서
report-summary = 요약
report-posts = 글
report-items = 표시한 세그먼트
report-findings-of = { $check } 검사 결과
# The names of the quality checks, as the report's summary counts their findings.
qa-check-urls = 링크(urls)
qa-check-numbers = 숫자(numbers)
qa-check-dates = 날짜(dates)
qa-check-identifiers = 식별자(identifiers)
qa-check-glosses = 원어 병기(glosses)
qa-check-hangul = 남은 한글(hangul)
qa-check-untranslated = 번역 안 됨(untranslated)
qa-check-glossary = 용어집(glossary)
qa-check-tags = 인라인 태그(tags)
qa-check-length = 길이(length)
qa-check-front-matter = 프런트 매터(front-matter)
qa-check-anchors = 앵커(anchors)
qa-check-consistency = 일관성(consistency)
qa-check-pseudo = 임시 번역(pseudo)
report-post-counts = { $total }개 중 { $open }개 결정 필요
report-folded = { $need } { $count }줄

# 명령줄 도움말(clap), 명령과 인자별.
help-usage = 사용법:
help-usage-options = [옵션]
help-usage-command = <명령>
help-heading-commands = 명령
help-heading-arguments = 인자
help-heading-options = 옵션
help-default = [기본값: { $value }]
help-possible = [가능한 값: { $values }]
help-cmd-l10n = 한국어 마크다운 글을 영어판으로 번역하고 원문과 맞게 유지합니다
help-cmd-help = 이 도움말 또는 지정한 하위 명령의 도움말을 보여 줍니다
help-cmd-extract = 글의 세그먼트를 JSON 또는 XLIFF 2.0으로 출력합니다
help-cmd-merge = 세그먼트를 번역으로 바꾼 글을 씁니다 (JSON 또는 XLIFF)
help-cmd-translate = 원문 글의 새 세그먼트와 변경된 세그먼트를 번역해 번역 글을 씁니다
help-cmd-check = 없거나 갱신이 필요하거나 검토되지 않은 번역을 보고합니다 (오프라인, 읽기 전용)
help-cmd-status = 글과 번역 상태를 표로 보여 줍니다
help-cmd-memory = 번역 메모리: 알려진 원문→번역 쌍을 모두 내보냅니다
help-cmd-memory-export = 번역 메모리를 파일로 씁니다
help-cmd-completions = 셸 자동 완성 스크립트를 출력합니다
help-cmd-glossary = 용어집 관리: 목록, 추가, 삭제, 점검, 제안, 가져오기, 내보내기, 업로드
help-cmd-glossary-list = 용어와 원문 글에 나오는 횟수를 보여 줍니다
help-cmd-glossary-add = 용어를 추가합니다 (원문과 번역이 같으면 그대로 유지할 이름으로 추가)
help-cmd-glossary-remove = 원문 형태로 용어를 삭제합니다
help-cmd-glossary-lint = 충돌, 중복, 불필요한 공백, 접두어, 서로 다른 유지 용어를 보고합니다
help-cmd-glossary-suggest = 글에서 용어집에 없는 한글(Latin) 쌍과 라틴 문자 이름을 찾아 제안합니다
help-cmd-glossary-import = CSV, TSV 또는 TBX 파일에서 용어를 추가합니다
help-cmd-glossary-export = 용어집을 CSV, TSV(DeepL 형식) 또는 TBX로 씁니다
help-cmd-glossary-push = 서비스에 용어집을 만들고 그 ID를 기억합니다 (DeepL만 지원)
help-cmd-review = 터미널에서 번역을 검토합니다: 한국어와 영어를 나란히, 이전→현재 차이와 함께
help-cmd-diff = 검토 목록을 보고서로 출력합니다: 텍스트, 나란히 보기, HTML 또는 Markdown
help-arg-help = 도움말을 출력합니다
help-arg-version = 버전을 출력합니다
help-arg-ui_lang = 화면 언어 (en, ko). 기본값은 L10N_UI_LANG, LC_ALL, LC_MESSAGES, LANG에서 정합니다
help-arg-quiet = 오류만 출력합니다
help-arg-verbose = 진행 내용을 더 자세히 출력합니다
help-arg-color = 색상 출력
help-arg-config = l10n.toml 경로 (기본값: 작업 디렉터리에서 위로 올라가며 찾음)
help-arg-extract-file = 마크다운 글
help-arg-extract-format = 출력 형식
help-arg-merge-file = 번역을 추출한 마크다운 글
help-arg-merge-translations = 번역 파일: l10n JSON 또는 <target> 요소가 있는 XLIFF 2.0 파일
help-arg-merge-output = 표준 출력 대신 이 파일에 씁니다 (원자적으로)
help-arg-translate-paths = 원문 글 (기본값: l10n.toml의 `sources`에 맞는 모든 글)
help-arg-translate-to = 이 대상 언어만
help-arg-translate-backend = l10n.toml의 [backend.NAME] 백엔드 또는 `pseudo`
help-arg-translate-jobs = 동시에 보낼 요청 수 (기본값: 백엔드의 `concurrency`, 8)
help-arg-translate-dry_run = 보낼 내용만 보여 주고 아무것도 쓰지 않습니다
help-arg-translate-force = 사람이 손대지 않은 모든 세그먼트를 다시 번역합니다
help-arg-translate-overwrite_edits = 새 번역이 직접 수정한 번역을 덮어쓰게 합니다
help-arg-translate-partial = 일부 세그먼트가 실패해도 글을 씁니다: 실패한 세그먼트는 이전 영어나 원문을 유지하고, 이후 실행에서 번역될 때까지 갱신 필요로 남습니다
help-arg-check-paths = 원문 글 (기본값: 전부)
help-arg-check-to = 이 대상 언어만
help-arg-check-format = 보고서 형식
help-arg-check-require_reviewed = 아무도 검토하거나 수정하지 않은 세그먼트도 보고합니다
help-arg-status-paths = 원문 글 (기본값: 전부)
help-arg-status-to = 이 대상 언어만
help-arg-memory-export-format = 파일 형식
help-arg-memory-export-output = 표준 출력 대신 이 파일에 씁니다 (원자적으로)
help-arg-completions-shell = 자동 완성을 만들 셸
help-arg-glossary-add-source = 원문 언어(한국어) 용어
help-arg-glossary-add-target = 대상 언어(영어) 용어
help-arg-glossary-add-note = 번역자와 검토자를 위한 메모
help-arg-glossary-remove-source = 삭제할 용어의 원문 형태
help-arg-glossary-suggest-apply = 제안을 추가합니다: 지정한 원문 형태, 지정하지 않으면 표시된 전부
help-arg-glossary-import-file = 읽을 파일
help-arg-glossary-import-format = 파일 형식 (기본값: 확장자로 판단)
help-arg-glossary-export-format = 파일 형식
help-arg-glossary-export-output = 표준 출력 대신 이 파일에 씁니다
help-arg-glossary-push-service = 서비스: deepl
help-arg-glossary-push-backend = 사용할 [backend.NAME] (기본값: kind가 deepl인 첫 백엔드)
help-arg-review-paths = 원문 글 (기본값: 전부)
help-arg-review-all = 결정이 필요한 것만이 아니라 모든 세그먼트
help-arg-review-backend = 재번역에 쓸 백엔드 (기본값: translate와 같음)
help-arg-diff-paths = 원문 글 (기본값: 전부)
help-arg-diff-format = 보고서 형식
help-arg-diff-output = 표준 출력 대신 이 파일에 씁니다
help-arg-diff-all = 결정이 필요한 것만이 아니라 모든 세그먼트
help-arg-diff-width = 나란히 보기의 열 수 (기본값: COLUMNS, 없으면 터미널 너비, 없으면 100)
err-usage-unknown-argument = 알 수 없는 인자 '{ $arg }'입니다
err-usage-unknown-command = 알 수 없는 명령 '{ $arg }'입니다
err-usage-invalid-value = '{ $arg }'에 잘못된 값 '{ $value }'{ PARTICLE($value, "을") } 주었습니다
err-usage-invalid-choice = '{ $arg }'에 잘못된 값 '{ $value }'{ PARTICLE($value, "을") } 주었습니다. 가능한 값: { $valid }
err-usage-missing = 필요한 인자가 없습니다: { $arg }
err-usage-missing-command = 명령이 필요합니다
err-usage-other = 명령줄이 올바르지 않습니다 ({ $message })
err-usage-more = 자세한 내용은 '--help'를 보세요.
help-arg-review-accept = 터미널 없이 세그먼트를 승인합니다: PATH(원문 또는 영어 글) 또는 PATH:LINE
help-arg-review-rebaseline = 보류된 이 글들의 영어를 새 기준으로 삼습니다

# 틀 안에 들어가는 세부 내용 (`파일:행: <세부>`).
detail-toml = TOML로 읽을 수 없습니다: "{ $text }"
detail-json = JSON으로 읽을 수 없습니다: "{ $text }"
detail-xml = XML로 읽을 수 없습니다: "{ $text }"
detail-xliff-no-id = <{ $element }>에 id가 없습니다
config-not-a-language = `{ $value }`{ PARTICLE($value, "은") } BCP 47 언어 태그가 아닙니다
config-no-targets = target_langs가 비어 있습니다
config-target-is-source = 대상 언어 중 하나가 원문 언어와 같습니다
config-bad-glob = 잘못된 glob 패턴입니다: "{ $text }"
config-glob-outside = 원문 glob이 저장소 밖을 가리킵니다
config-target-no-name = target 템플릿에 { "{name}" }이나 { "{stem}" }이 있어야 합니다. 없으면 모든 글이 파일 하나로 모입니다
config-target-no-lang = 대상 언어가 여럿이면 target 템플릿에 { "{lang}" }이 있어야 합니다
config-target-control = target 템플릿에 줄바꿈이나 다른 제어 문자가 있습니다
config-target-in-state = target 템플릿 `{ $target }`{ PARTICLE($target, "이") } l10n이 상태를 보관하는 `{ $dir }/` 안을 가리킵니다
config-target-outside = target 템플릿 `{ $target }`{ PARTICLE($target, "이") } 저장소 밖을 가리킵니다
config-target-onto-sources = target 템플릿이 글을 원문 위에 씁니다 ({ $sample })
config-no-command = command 종류의 백엔드 `{ $name }`에는 `command = [...]`가 있어야 합니다
config-max-tokens-field = 백엔드 `{ $name }`: max_tokens_field는 max_tokens나 max_completion_tokens여야 합니다 (지금은 `{ $value }`)
config-unknown-backend = [backend.{ $name }]{ PARTICLE($name, "이") } 설정되어 있지 않습니다
config-qa-ignore = [[qa.ignore]]에는 segment, check, reason이 있어야 합니다: "{ $text }"
config-length-band = length_band는 0 <= low < high인 [low, high]여야 합니다
config-unknown-check = 알 수 없는 검사 `{ $name }`입니다 (검사 목록: { $checks })
config-bad-level = `{ $name }`{ PARTICLE($name, "은") } "error", "warning", "off" 중 하나여야 합니다
glossary-unknown-key = `{ $key }`{ PARTICLE($key, "은") } 알려진 키도 언어 태그도 아닙니다
glossary-not-a-string = `{ $key }`{ PARTICLE($key, "은") } 문자열이어야 합니다
glossary-empty-form = `{ $key }`{ PARTICLE($key, "이") } 비어 있습니다
glossary-no-forms = 용어에는 언어가 하나 이상 있어야 합니다 (예: ko = "에이전트")
glossary-spaced = "{ $form }"의 앞이나 뒤에 공백이 있습니다
glossary-exists = "{ $source }"{ PARTICLE($source, "은") } 이미 용어집에 있습니다
glossary-absent = "{ $source }"{ PARTICLE($source, "은") } 용어집에 없습니다
glossary-two-fields = 비어 있지 않은 필드 두 개(원문과 번역)가 있어야 합니다
glossary-keep = (그대로)
lint-form-spaced = { $lang } 형태 "{ $form }"의 앞이나 뒤에 공백이 있습니다
lint-empty-variant = 빈 변형이 있습니다
lint-variant-spaced = 변형 "{ $variant }"의 앞이나 뒤에 공백이 있습니다
lint-variant-drops = 변형 "{ $variant }"의 "{ $words }"{ PARTICLE($words, "이") } 번역어 "{ $target }"에서 빠집니다: 별도 용어로 만드세요 (ko = "{ $variant }", en = "…")
lint-keep-differs = 그대로 쓰는(keep) 용어는 모든 언어에서 같게 써야 합니다
lint-duplicate = "{ $source }"{ PARTICLE($source, "이") } 두 번 등록되어 있습니다 ({ $lines }행)
lint-conflict = "{ $source }"의 번역어가 서로 다릅니다: { $targets } ({ $lines }행)
lint-prefix = "{ $short }"{ PARTICLE($short, "은") } "{ $long }"의 앞부분입니다: 둘 다 맞으면 더 긴 "{ $long }"{ PARTICLE($long, "이") } 우선합니다
detail-backend = "{ $text }"
detail-backend-no-model = { $kind } 백엔드에는 `model`이 있어야 합니다
detail-backend-no-key-env = { $kind } 백엔드에는 키를 담은 환경 변수를 가리키는 api_key_env가 있어야 합니다
detail-backend-structured-output = structured_output은 json_schema, json_object, none 중 하나여야 합니다 (지금은 `{ $value }`)
detail-backend-refused-key = 서비스가 키를 거부했습니다 (api_key_env가 가리키는 환경 변수를 확인하세요): "{ $text }"
detail-backend-not-found = 그런 엔드포인트나 모델이 없습니다 (base_url과 model을 확인하세요): "{ $text }"
detail-backend-format-refused = 서버가 이 structured_output을 받지 않습니다 (structured_output = "json_object" 또는 "none"으로 바꿔 보세요): "{ $text }"
detail-reply-control = 번역에 제어 문자 U+{ $code }{ PARTICLE($code, "이") } 있습니다
detail-reply-front-matter = 번역이 프런트 매터 값에 { $text }{ PARTICLE($text, "을") } 넣습니다
detail-reply-empty = 번역이 비어 있습니다
detail-reply-empty-tag = 태그 { $tag } 안이 비어 있습니다
detail-reply-no-answer = 답이 없습니다
detail-reply-stopped = 같은 텍스트를 번역하던 다른 글의 작업이 멈췄습니다
detail-reply-interrupted = 중단되었습니다
detail-reply-closed = 요청을 더 보낼 수 없습니다
detail-reply-unknown-id = 답에 요청하지 않은 id { $id }{ PARTICLE($id, "이") } 있습니다
detail-reply-not-answered = 답하지 않았습니다
detail-reply-answered-twice = 두 번 이상 답했습니다
detail-reply-structure = 번역이 글의 블록 구조를 바꿉니다
detail-from-backend = { $backend }: { $detail }
detail-segment-gone = 세그먼트 { $segment }{ PARTICLE($segment, "이") } 이제 { $path }에 없습니다
config-fallback-loop = 백엔드 `{ $name }`: 대체 백엔드 사슬 { $chain } → { $fallback }{ PARTICLE($fallback, "이") } `{ $fallback }`{ PARTICLE($fallback, "으로") } 되돌아옵니다
config-unknown-fallback = 백엔드 `{ $name }`: 대체 백엔드 `{ $fallback }`{ PARTICLE($fallback, "이") } 설정되어 있지 않습니다
review-kind-heading = 소제목
review-kind-paragraph = 문단
review-kind-list-item = 목록 항목
review-kind-table-cell = 표 칸
review-kind-blockquote = 인용문
review-kind-footnote = 각주
review-kind-alt = 대체 텍스트
review-kind-title = 링크 제목
review-kind-front-matter = 프런트 매터
config-stream-kind = 백엔드 `{ $name }`: stream = true는 openai와 anthropic 종류에서만 쓸 수 있습니다
config-stall-secs = 백엔드 `{ $name }`: stall_secs는 0보다 큰 초 단위 숫자여야 합니다 (지금은 { $value })

## --- review ---
err-review-placeholder = { $path }:{ $line }: 임시 번역(pseudo)은 번역되기 전에는 승인할 것이 없습니다: l10n translate --backend NAME { $source }, 또는 l10n review에서 e로 직접 쓰기
review-placeholders-left = { $path }: 임시 번역 세그먼트 { $count }개는 그대로 두었습니다: 번역되기 전에는 승인할 것이 없습니다 (l10n translate --backend NAME { $source })
review-edit-korean = 참고용 한국어 원문 (#.으로 시작하는 줄은 지워집니다):
diff-wrote = { $path }에 항목 { $items }개를 썼습니다

## --- merge ---
err-merge-conflict = { $path }:{ $line }에 병합 충돌이 있습니다: `l10n git-setup`을 실행한 뒤 `git merge`를 다시 하거나, 직접 해결하세요
merge-driver-marked = { $path }: 두 브랜치에서 서로 다르게 바뀐 세그먼트 { $count }개: 두 버전을 모두 보관하고(다른 쪽은 이전 버전으로) stale-edited로 표시했습니다. `l10n check`가 알려 주고 `l10n review`로 정리합니다
err-git-setup = { $path }: `{ $command }` 실패: { $detail }
detail-git-setup = { $text }
git-setup-config = { $key } = { $value } 설정함
git-setup-attributes = { $path }에 `{ $line }` 추가함
git-setup-unchanged = git-setup: 바꿀 것이 없습니다: 병합 드라이버가 등록되어 있고 .gitattributes가 상태 파일과 영어 글을 드라이버로 보냅니다
git-setup-done = .gitattributes를 커밋하세요. 다른 클론에서도 `l10n git-setup`을 한 번씩 실행합니다 (git 설정은 공유되지 않습니다)
help-cmd-git-setup = 이 저장소의 git 설정에 상태 파일과 영어 글의 l10n 병합 드라이버를 등록합니다
help-cmd-merge-driver = git을 위해 상태 파일이나 영어 글을 병합합니다 (`l10n git-setup` 후 git이 실행)
help-arg-merge-driver-kind = 파일 종류
help-arg-merge-driver-base = 공통 조상 버전 (git의 %O)
help-arg-merge-driver-ours = 이 브랜치의 버전, 결과로 바뀝니다 (git의 %A)
help-arg-merge-driver-theirs = 다른 브랜치의 버전 (git의 %B)
help-arg-merge-driver-path = 결과가 놓일 저장소 안의 경로 (git의 %P), 메시지용
help-arg-merge-driver-marker_size = 충돌 표시의 길이 (git의 %L)
## --- ci ---
help-cmd-ci = CI에서 번역합니다: l10n/<base> 브랜치에 커밋하고 풀 리퀘스트를 열거나 갱신하거나, 현재 브랜치에 커밋합니다
help-arg-ci-mode = pull-request: l10n/<base>에 커밋하고 풀 리퀘스트를 열거나 갱신합니다; commit: 현재 브랜치에 커밋합니다
help-arg-ci-base = 번역할 브랜치 (기본값: 현재 브랜치)
help-arg-ci-report = 전체 HTML 검토 보고서를 이 파일에 씁니다 (본문이 잘리면 풀 리퀘스트가 이 보고서를 가리킵니다)
help-arg-ci-paths = 원문 글 (기본값: l10n.toml의 `sources`에 맞는 모든 글)
help-arg-ci-to = 이 대상 언어만
help-arg-ci-backend = l10n.toml의 [backend.NAME] 백엔드 또는 `pseudo`
help-arg-ci-jobs = 동시에 보낼 요청 수 (기본값: 백엔드의 `concurrency`, 8)
help-arg-ci-dry_run = 보낼 내용만 보여 주고 아무것도 쓰거나 커밋하거나 푸시하지 않습니다
help-arg-ci-force = 사람이 손대지 않은 모든 세그먼트를 다시 번역합니다
help-arg-ci-overwrite_edits = 새 번역이 직접 수정한 번역을 덮어쓰게 합니다
help-arg-ci-partial = 일부 세그먼트가 실패해도 글을 씁니다: 실패한 세그먼트는 이전 영어나 원문을 유지하고, 이후 실행에서 번역될 때까지 갱신 필요로 남습니다
help-arg-ci-batch = 번역할 나머지를 제공자 배치 작업으로 보냅니다 (OpenAI Batch API, Anthropic Message Batches: 절반 가격, 24시간 안에 완료). 다음 실행이 결과를 가져옵니다.
help-arg-ci-wait = --batch와 함께: 작업이 끝날 때까지 확인하며 결과가 오는 대로 글을 씁니다.
help-arg-ci-poll = 처음 확인 간격(초, 기본값 30). 확인할 때마다 간격이 절반씩 늘어납니다.
help-arg-ci-poll_max = 확인 간격의 최댓값(초, 기본값 600).
help-arg-ci-wait_max = 이만큼 기다린 뒤 멈춥니다(초, 기본값 86400, 제공자의 처리 기한). 작업은 기록에 남고 다음 실행이 가져옵니다.
md-first = 먼저 사람이 볼 것
md-first-more = …외 { $count }개
md-cut = 길이 제한 때문에 보고서를 여기서 자릅니다: 세그먼트 { $count }개를 더 보여 주지 않습니다. 전체 보고서: { $report }
err-ci-not-a-repository = { $dir }: git 저장소가 아닙니다: l10n ci는 커밋하고 푸시하므로 클론 안에서 실행하세요
err-ci-dirty = 작업 트리에 커밋하지 않은 변경 { $count }개가 있습니다 ({ $files }): l10n ci는 자기 작업만 커밋합니다. 먼저 커밋하거나 stash하세요
err-ci-no-token = GITHUB_TOKEN이 없습니다: pull-request 모드는 풀 리퀘스트를 열려면 토큰이 필요합니다 (워크플로에서는 env: GITHUB_TOKEN: ${"{{"} secrets.GITHUB_TOKEN {"}}"}, 권한 contents: write, pull-requests: write)
err-ci-no-repository = GITHUB_REPOSITORY가 없습니다: pull-request 모드는 저장소의 owner/name이 필요합니다 (Actions가 설정합니다)
err-ci-detached = HEAD가 브랜치에 있지 않습니다(detached): --base BRANCH로 브랜치를 지정하세요
err-ci-base-missing = 기준 브랜치 `{ $base }`가 origin에 없습니다: 먼저 푸시하거나 --base로 다른 브랜치를 지정하세요
err-ci-conflict = `{ $base }`를 `{ $branch }`에 병합하면 충돌합니다: `{ $branch }`에서 직접 해결하고 푸시하세요. 아무것도 푸시하지 않았습니다
err-ci-push-rejected = `{ $branch }`를 가져와 이번 실행의 커밋을 그 위에 올린 뒤에도 푸시가 다시 거부되었습니다 (누군가 동시에 푸시하고 있거나 훅이나 규칙이 거부합니다). 아무것도 푸시하지 않았습니다: { $detail }
err-ci-push-conflict = 그사이 누군가 `{ $branch }`에 이번 실행과 같은 파일을 바꾼 커밋을 푸시했습니다. 아무것도 푸시하지 않았습니다. 다음 실행은 그 커밋에서 시작합니다
err-git = `{ $command }` 실패: { $detail }
detail-git = "{ $text }"
err-forge = { $method } { $url }: { $detail }
detail-forge-unauthorized = { $status } 인증 실패: 토큰이 거부되었습니다 (GITHUB_TOKEN이 만료되었거나 틀렸습니다): "{ $text }"
detail-forge-forbidden = { $status } 금지됨: 이 토큰으로는 할 수 없습니다 (워크플로에 permissions pull-requests: write가 필요합니다): "{ $text }"
detail-forge-not-found = { $status } 찾을 수 없음 (GITHUB_REPOSITORY가 맞는지, 토큰이 저장소를 볼 수 있는지 확인하세요): "{ $text }"
detail-forge-status = HTTP { $status }: "{ $text }"
detail-forge-reply = 응답이 풀 리퀘스트가 아닙니다: "{ $text }"
detail-forge-connect = 연결할 수 없습니다: "{ $text }"
detail-forge-client = HTTP 클라이언트를 만들 수 없습니다: "{ $text }"
detail-forge-repository = GITHUB_REPOSITORY가 owner/name 형식이 아닙니다: "{ $value }"
detail-forge-vanished = GitHub가 { $head }의 풀 리퀘스트가 열려 있다고 하지만 목록에는 없습니다
ci-own-commit = HEAD가 l10n 자신의 커밋입니다 ({ $trailer } 트레일러): 할 일이 없습니다
ci-unchanged = 바뀐 것이 없습니다: 커밋, 푸시, 풀 리퀘스트 모두 하지 않았습니다
ci-pushed = { $branch }에 파일 { $files }개를 푸시했습니다
ci-push-retry = { $branch } 푸시가 거부되었습니다: 가져와서 이번 실행의 커밋을 그 위에 올리고 한 번 더 푸시합니다
ci-pr-title = l10n: { $base }의 영어 번역
ci-pr-opened = 풀 리퀘스트 #{ $number }를 열었습니다: { $url }
ci-pr-updated = 풀 리퀘스트 #{ $number }를 갱신했습니다: { $url }
ci-full-report = `{ $branch }` 브랜치에서 `l10n diff --format html -o report.html`
ci-report-link = [HTML 보고서]({ $url }) (아티팩트 `l10n-report`)
ci-row-written = 쓴 글
ci-row-sent = 보낸 세그먼트
ci-row-reused = 재사용한 세그먼트
ci-row-failed = 실패한 세그먼트
ci-row-review = 사람이 볼 검사 결과
ci-row-cost = 비용
ci-cost = 요청 { $requests }개, 입력 약 { $input }토큰, 출력 약 { $output }토큰
## --- first use ---
qa-glossary-keep = "{ $term }"{ PARTICLE($term, "은") } 쓰인 그대로 두어야 합니다
config-api-key = 백엔드 `{ $name }`: l10n.toml은 커밋되는 파일이라 키를 적으면 안 됩니다. api_key를 지우고, 키는 환경 변수에 넣은 뒤 그 변수 이름을 api_key_env = "{ $var }"처럼 적으세요
config-base-url = 백엔드 `{ $name }`: base_url은 https://api.openai.com/v1처럼 http:// 또는 https://로 시작하는 전체 URL이어야 합니다 (지금은 `{ $value }`)
glossary-added-keep = { $source }{ PARTICLE($source, "을") } 용어집에 추가했습니다. 번역에서도 쓰인 그대로 둡니다
glossary-list-uses = 쓰임
glossary-list-forms = 글에 나온 형태
glossary-lint-clean = { $path }: 용어 { $count }개에 문제가 없습니다
help-arg-glossary-add-keep = 어느 언어에서나 쓰인 그대로 둘 용어 (번역어 불필요)
help-arg-glossary-add-variants = 같은 용어의 다른 원문 표기 (여러 번 쓸 수 있음)
help-arg-glossary-add-forbidden = 이 용어의 번역으로 쓰면 안 되는 말 (여러 번 쓸 수 있음)
detail-backend-refused-connection = { $text } (서버가 실행 중인지, base_url이 맞는지 확인하세요)
detail-backend-no-host = { $text } (base_url의 호스트 이름을 확인하세요)
detail-backend-tls = { $text } (로컬 서버처럼 평문 HTTP로 응답하는 서버는 base_url에 https://가 아니라 http://를 써야 합니다)
glossary-lint-none = { $path }{ PARTICLE($path, "이") } 아직 없어 점검할 것이 없습니다 (l10n glossary add 원문 번역어로 시작하세요)
## --- run ---
err-jobs-zero = --jobs 0이면 요청을 하나도 보낼 수 없습니다: 1 이상을 주세요 (빼면 백엔드의 concurrency를 씁니다)
# 터미널이 아닌 곳(CI 로그, 파이프)에서 translate가 도는 동안 몇 초마다 찍힙니다.
progress-line = 글 { $total }개 중 { $done }개 끝남 · 세그먼트 { $segments }개 보냄 · 실패 { $failed }개
## --- batch ---
config-price = 백엔드 `{ $name }`: { $key }는 백만 토큰당 USD 가격(0 이상)이어야 합니다 (지금은 { $value })
config-batch-discount = 백엔드 `{ $name }`: batch_discount는 0에서 1 사이의 가격 비율이어야 합니다 (지금은 { $value })
detail-batch-kind = 배치 작업에는 openai 또는 anthropic 백엔드가 있어야 합니다 (`batch export`는 openai). 지금은 { $kind }
note-batch-waiting = { $path }: 배치 작업 { $job }을 기다립니다
translate-dry-nothing = 시험 실행({ $backend }): 번역할 것이 없습니다. 모든 글이 최신입니다
translate-dry-cost = 예상 비용: 동기 요청 { $sync }, 배치 작업 { $batch }
translate-no-prices = l10n.toml에 { $backend }의 가격(price_input_per_mtok, price_output_per_mtok)이 없어 토큰 수만 보입니다
cost-tokens-only = 가격 설정 없음
translate-usage = 제공자가 알린 사용량: 입력 { $input } 토큰, 출력 { $output } 토큰 ({ $cost })
translate-usage-batch = 가져온 배치 작업의 사용량: 입력 { $input } 토큰, 출력 { $output } 토큰 ({ $cost })
batch-submitted = 배치 작업 { $jobs }개를 제출했습니다 (요청 { $requests }개: { $ids }). 나중에 `l10n translate`로 결과를 가져오거나 `l10n translate --batch --wait`를 쓰세요
batch-pending = 글 { $posts }개가 끝나지 않은 배치 작업 { $jobs }개를 기다립니다 (`l10n batch status`)
batch-collected = 배치 작업 { $jobs }개를 가져왔습니다: 세그먼트 { $segments }개의 답을 받아들였습니다
batch-waiting = 배치 작업 { $jobs }개를 기다리는 중 (요청 { $done }/{ $requests }개 완료), { $secs }초 뒤 다시 확인합니다
batch-wait-gave-up = 기다리기를 멈췄습니다: 배치 작업 { $jobs }개가 아직 진행 중이며 다음 `l10n translate`가 가져옵니다
batch-cancelled = 배치 작업 { $jobs }개를 취소했습니다 { $ids }. 다음 `l10n translate`가 끝난 것은 가져오고 나머지는 보냅니다
batch-exported = 요청 { $requests }개를 { $path }에 썼습니다: `vllm run-batch -i { $path } -o results.jsonl --model MODEL`을 실행한 뒤 `l10n batch import results.jsonl`을 쓰세요
batch-import-none = 결과를 기다리는 내보낸 배치 작업이 없습니다 (먼저 `l10n batch export`)
batch-status-none = 배치 작업이 없습니다
batch-status-line = { $id }  { $provider } ({ $backend }, { $remote })  { $status }  { $done }/{ $requests } 완료, { $failed } 실패  { $age } 전
batch-collected-word = 가져옴
err-batch-force = --batch는 응답 캐시에 없는 것만 보내므로 --force와 함께 쓸 수 없습니다
cost-batch-price = 배치 가격 { $usd }
check-batch-pending = 배치 작업 { $jobs }개가 진행 중입니다 ({ $ids }). 끝나면 `l10n translate`가 결과를 가져옵니다
help-cmd-batch = 제공자 배치 작업: 상태, 취소, vLLM용 요청 파일 내보내기와 가져오기.
help-cmd-batch-status = 배치 작업 목록: 제공자, 상태, 끝난 요청 수, 경과 시간.
help-cmd-batch-cancel = 진행 중인 작업을 취소합니다(전부 또는 지정한 것). 끝난 부분은 그래도 가져옵니다.
help-cmd-batch-export = 번역할 나머지를 OpenAI 배치 요청 파일 하나로 씁니다 (`vllm run-batch -i FILE -o RESULTS`용).
help-cmd-batch-import = 내보낸 요청에 대한 `vllm run-batch` 결과 파일을 받아 글을 씁니다.
help-arg-batch-cancel-ids = `batch status`가 보여 주는 작업 ID.
help-arg-batch-export-output = 쓸 요청 파일.
help-arg-batch-export-paths = 원문 글 (기본값: 모든 글).
help-arg-batch-export-to = 이 대상 언어만.
help-arg-batch-export-backend = l10n.toml의 openai 백엔드 (vLLM이 제공하는 모델).
help-arg-batch-import-results = 결과 파일 (`vllm run-batch -o`).
help-arg-batch-import-backend = 요청을 내보낼 때 쓴 백엔드.
help-arg-translate-batch = 번역할 나머지를 제공자 배치 작업으로 보냅니다 (OpenAI Batch API, Anthropic Message Batches: 절반 가격, 24시간 안에 완료). 다음 실행이 결과를 가져옵니다.
help-arg-translate-wait = --batch와 함께: 작업이 끝날 때까지 확인하며 결과가 오는 대로 글을 씁니다.
help-arg-translate-poll = 처음 확인 간격(초, 기본값 30). 확인할 때마다 간격이 절반씩 늘어납니다.
help-arg-translate-poll_max = 확인 간격의 최댓값(초, 기본값 600).
help-arg-translate-wait_max = 이만큼 기다린 뒤 멈춥니다(초, 기본값 86400, 제공자의 처리 기한). 작업은 기록에 남고 다음 실행이 가져옵니다.
