<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>AccountDialog</name>
    <message>
        <source>(optional)</source>
        <translation>（任意）</translation>
    </message>
    <message>
        <source>Repeat %1</source>
        <translation>%1（確認）</translation>
    </message>
    <message>
        <source>Why: goes into the audit trail</source>
        <translation>理由：監査証跡に記録されます</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>The two passwords differ; type them again.</source>
        <translation>2つのパスワードが一致しません。もう一度入力してください。</translation>
    </message>
    <message>
        <source>Sign in as an administrator first.</source>
        <translation>先に管理者としてサインインしてください。</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>Administration</source>
        <translation>管理</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>ユーザー</translation>
    </message>
    <message>
        <source>Station configuration</source>
        <translation>ステーション構成</translation>
    </message>
    <message>
        <source>Needs an administrator</source>
        <translation>管理者が必要です</translation>
    </message>
    <message>
        <source>Sign in as administrator</source>
        <translation>管理者としてサインイン</translation>
    </message>
    <message>
        <source>New user…</source>
        <translation>新規ユーザー…</translation>
    </message>
    <message>
        <source>Change role…</source>
        <translation>ロール変更…</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>パスワードリセット…</translation>
    </message>
    <message>
        <source>Badge and PIN…</source>
        <translation>バッジとPIN…</translation>
    </message>
    <message>
        <source>Unlock…</source>
        <translation>ロック解除…</translation>
    </message>
    <message>
        <source>Disable…</source>
        <translation>無効化…</translation>
    </message>
    <message>
        <source>Enable…</source>
        <translation>有効化…</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1分%2秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1分</translation>
    </message>
    <message>
        <source>%1 without a touch (%2 s)</source>
        <translation>無操作状態が%1続いたとき（%2 秒）</translation>
    </message>
    <message>
        <source>%1 definitions bound to %2 alarms; %3 refused</source>
        <translation>定義 %1 件を %2 個のアラームに割り当て、%3 件を拒否</translation>
    </message>
    <message>
        <source>(not read from a file)</source>
        <translation>（ファイルから読み込んでいません）</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>ステーション</translation>
    </message>
    <message>
        <source>Plant file</source>
        <translation>プラント構成ファイル</translation>
    </message>
    <message>
        <source>File sha256</source>
        <translation>ファイル sha256</translation>
    </message>
    <message>
        <source>Configuration sha256</source>
        <translation>構成 sha256</translation>
    </message>
    <message>
        <source>Alarm definitions</source>
        <translation>アラーム定義</translation>
    </message>
    <message>
        <source>Automatic sign-out</source>
        <translation>自動サインアウト</translation>
    </message>
    <message>
        <source>Audit key</source>
        <translation>監査キー</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>データベース</translation>
    </message>
    <message>
        <source>Read-only. The configuration sha256 covers the plant file's content and every alarm definition loaded; when it differs from the last one on record at a start, the audit trail records the change.</source>
        <translation>読み取り専用。構成 sha256 はプラント構成ファイルの内容と読み込んだ全アラーム定義を対象とします。起動時に前回記録された値と異なる場合、変更が監査証跡に記録されます。</translation>
    </message>
    <message>
        <source>Devices (%1)</source>
        <translation>装置 (%1)</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>装置</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>接続</translation>
    </message>
    <message>
        <source>User accounts and the station configuration are managed by an administrator. Nobody is signed in.</source>
        <translation>ユーザーアカウントとステーション構成は管理者が管理します。サインインしているユーザーはいません。</translation>
    </message>
    <message>
        <source>User accounts and the station configuration are managed by an administrator. You are signed in as %1 (%2), which may not manage users.</source>
        <translation>ユーザーアカウントとステーション構成は管理者が管理します。現在 %1（%2）としてサインインしており、ユーザーを管理する権限はありません。</translation>
    </message>
    <message>
        <source>Select a user in the list first.</source>
        <translation>先に一覧からユーザーを選択してください。</translation>
    </message>
    <message>
        <source>Account %1 created; the first password must be changed at sign-in.</source>
        <translation>アカウント %1 を作成しました。初回パスワードはサインイン時に変更が必要です。</translation>
    </message>
    <message>
        <source>Role of %1 changed.</source>
        <translation>%1 のロールを変更しました。</translation>
    </message>
    <message>
        <source>Password of %1 reset; it must be changed at the next sign-in.</source>
        <translation>%1 のパスワードをリセットしました。次回サインイン時に変更が必要です。</translation>
    </message>
    <message>
        <source>Badge of %1 updated.</source>
        <translation>%1 のバッジを更新しました。</translation>
    </message>
    <message>
        <source>%1 unlocked.</source>
        <translation>%1 のロックを解除しました。</translation>
    </message>
    <message>
        <source>%1 disabled.</source>
        <translation>%1 を無効化しました。</translation>
    </message>
    <message>
        <source>%1 enabled; the new first password must be changed at sign-in.</source>
        <translation>%1 を有効化しました。新しい初回パスワードはサインイン時に変更が必要です。</translation>
    </message>
    <message>
        <source>Recorded in the audit trail.</source>
        <translation>監査証跡に記録しました。</translation>
    </message>
    <message>
        <source>First password</source>
        <translation>初回パスワード</translation>
    </message>
    <message>
        <source>New user</source>
        <translation>新規ユーザー</translation>
    </message>
    <message>
        <source>The person must change this first password at their first sign-in. User ids are never reused. A badge needs a PIN.</source>
        <translation>初回サインイン時にこの初回パスワードの変更が必要です。ユーザーIDは再利用されません。バッジには PIN が必要です。</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>ユーザーID</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>ロール</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>バッジ</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Create user</source>
        <translation>ユーザー作成</translation>
    </message>
    <message>
        <source>Change role of %1</source>
        <translation>%1 のロール変更</translation>
    </message>
    <message>
        <source>The new role applies from the person's next sign-in.</source>
        <translation>新しいロールは次回のサインインから有効になります。</translation>
    </message>
    <message>
        <source>New role</source>
        <translation>新しいロール</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>ロール変更</translation>
    </message>
    <message>
        <source>Reset password of %1</source>
        <translation>%1 のパスワードリセット</translation>
    </message>
    <message>
        <source>Give the person this password in private; they must change it at their next sign-in. A locked account also needs Unlock.</source>
        <translation>このパスワードは本人に直接渡してください。次回サインイン時に変更が必要です。ロックされたアカウントはロック解除も必要です。</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>パスワードリセット</translation>
    </message>
    <message>
        <source>Badge and PIN of %1</source>
        <translation>%1 のバッジとPIN</translation>
    </message>
    <message>
        <source>Scan the badge and choose a PIN with the person. Leave the badge empty to withdraw a lost badge.</source>
        <translation>バッジをスキャンし、本人と一緒に PIN を決めてください。紛失したバッジを無効にするにはバッジ欄を空にします。</translation>
    </message>
    <message>
        <source>Save badge</source>
        <translation>バッジを保存</translation>
    </message>
    <message>
        <source>Unlock %1</source>
        <translation>%1 のロック解除</translation>
    </message>
    <message>
        <source>Confirm the person's identity before unlocking.</source>
        <translation>ロック解除の前に本人確認を行ってください。</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>ロック解除</translation>
    </message>
    <message>
        <source>Disable %1</source>
        <translation>%1 を無効化</translation>
    </message>
    <message>
        <source>The person can no longer sign in and their badge is withdrawn. The account stays, so records keep their name.</source>
        <translation>本人はサインインできなくなり、バッジは無効になります。アカウントは残るため、記録上の氏名は保持されます。</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>無効化</translation>
    </message>
    <message>
        <source>Enable %1</source>
        <translation>%1 を有効化</translation>
    </message>
    <message>
        <source>The person signs in with this first password and must change it. Issue a badge again if they use one.</source>
        <translation>本人はこの初回パスワードでサインインし、変更が必要です。バッジを使う場合は再発行してください。</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>有効化</translation>
    </message>
</context>
<context>
    <name>Alarm</name>
    <message>
        <source>Critical</source>
        <translation>緊急</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Active, unack</source>
        <translation>発生中・未確認</translation>
    </message>
    <message>
        <source>Active, acked</source>
        <translation>発生中・確認済</translation>
    </message>
    <message>
        <source>Returned, unack</source>
        <translation>復帰・未確認</translation>
    </message>
    <message>
        <source>Returned, latched, unack</source>
        <translation>復帰・ラッチ・未確認</translation>
    </message>
    <message>
        <source>Latched: reset needed</source>
        <translation>ラッチ：要リセット</translation>
    </message>
    <message>
        <source>Shelved</source>
        <translation>シェルブ中</translation>
    </message>
    <message>
        <source>Suppressed by design</source>
        <translation>設計抑制</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>使用停止</translation>
    </message>
</context>
<context>
    <name>AlarmBanner</name>
    <message>
        <source>Silence</source>
        <translation>消音</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>アラーム</translation>
    </message>
    <message>
        <source>No unacknowledged alarms. Not connected: %1</source>
        <translation>未確認アラームなし。未接続：%1</translation>
    </message>
    <message>
        <source>No unacknowledged alarms · %1 acknowledged standing · %2 shelved or out of service</source>
        <translation>未確認アラームなし · 確認済み継続中 %1 · シェルブ/使用停止 %2</translation>
    </message>
</context>
<context>
    <name>AlarmHistory</name>
    <message>
        <source>Last hour</source>
        <translation>過去1時間</translation>
    </message>
    <message>
        <source>Last 8 hours</source>
        <translation>過去8時間</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>過去24時間</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>過去7日間</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>Tag or alarm contains…</source>
        <translation>タグまたはアラームを含む…</translation>
    </message>
    <message>
        <source>All priorities</source>
        <translation>全優先度</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>ユーザーID</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV出力…</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>アラーム</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>優先度</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>イベント</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>User / comment</source>
        <translation>ユーザー / コメント</translation>
    </message>
    <message>
        <source>%1 journal entries</source>
        <translation>履歴 %1 件</translation>
    </message>
    <message>
        <source>Export alarm history</source>
        <translation>アラーム履歴の出力</translation>
    </message>
    <message>
        <source>Exported %1 rows to %2</source>
        <translation>%1 行を %2 に出力しました</translation>
    </message>
</context>
<context>
    <name>AlarmPerformance</name>
    <message>
        <source>Last hour</source>
        <translation>過去1時間</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>過去24時間</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>過去7日間</translation>
    </message>
    <message>
        <source>Calculate</source>
        <translation>計算</translation>
    </message>
    <message>
        <source>Alarms per 10 minutes (guidance ≤ 1, max 2)</source>
        <translation>10分あたりのアラーム数（目安 ≤ 1、最大 2）</translation>
    </message>
    <message>
        <source>Alarms per hour (guidance ≤ 6, max 12)</source>
        <translation>1時間あたりのアラーム数（目安 ≤ 6、最大 12）</translation>
    </message>
    <message>
        <source>Peak alarms in any 10 minutes (max 10)</source>
        <translation>任意の10分間の最大アラーム数（最大 10）</translation>
    </message>
    <message>
        <source>Time in flood (guidance &lt; 1 %)</source>
        <translation>フラッド状態の時間（目安 &lt; 1 %）</translation>
    </message>
    <message>
        <source>Standing alarms now</source>
        <translation>現在の継続中アラーム</translation>
    </message>
    <message>
        <source>Stale alarms, active &gt; 24 h (guidance &lt; 5)</source>
        <translation>長期化アラーム（24時間超、目安 &lt; 5）</translation>
    </message>
    <message>
        <source>Chattering alarms (guidance: none)</source>
        <translation>チャタリングアラーム（目安：なし）</translation>
    </message>
    <message>
        <source>Top 10 most frequent (share of load)</source>
        <translation>発生頻度上位10件（負荷に占める割合）</translation>
    </message>
    <message>
        <source>Priority split (guidance 80 / 15 / 5 % low / medium / high)</source>
        <translation>優先度の配分（目安 低 / 中 / 高 = 80 / 15 / 5 %）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
</context>
<context>
    <name>AlarmStrip</name>
    <message>
        <source>ALARM FLOOD in %1: first-out shown first; every alarm is kept</source>
        <translation>アラームフラッド発生 %1：ファーストアウトを先頭に表示、全アラームを保持</translation>
    </message>
    <message>
        <source>FIRST OUT</source>
        <translation>ファーストアウト</translation>
    </message>
</context>
<context>
    <name>AlarmSummary</name>
    <message>
        <source>All priorities</source>
        <translation>全優先度</translation>
    </message>
    <message>
        <source>Standing and unacknowledged</source>
        <translation>継続中と未確認</translation>
    </message>
    <message>
        <source>Unacknowledged only</source>
        <translation>未確認のみ</translation>
    </message>
    <message>
        <source>Shelved, suppressed, out of service</source>
        <translation>シェルブ・抑制・使用停止</translation>
    </message>
    <message>
        <source>Everything not normal</source>
        <translation>正常以外すべて</translation>
    </message>
    <message>
        <source>All areas</source>
        <translation>全エリア</translation>
    </message>
    <message>
        <source>Group by source</source>
        <translation>発生源別</translation>
    </message>
    <message>
        <source>Comment (optional for acknowledge)</source>
        <translation>コメント（確認時は任意）</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>確認</translation>
    </message>
    <message>
        <source>Ack all shown</source>
        <translation>表示分を確認</translation>
    </message>
    <message>
        <source>Reset latch</source>
        <translation>ラッチ解除</translation>
    </message>
    <message>
        <source>Shelve…</source>
        <translation>シェルブ…</translation>
    </message>
    <message>
        <source>Out of service…</source>
        <translation>使用停止…</translation>
    </message>
    <message>
        <source>Go to equipment</source>
        <translation>設備へ移動</translation>
    </message>
    <message>
        <source>ALARM FLOOD in %1: %2 alarms, first-out at the top, grouped by source. Nothing is dropped; every alarm is journaled.</source>
        <translation>アラームフラッド発生 %1：%2 件。ファーストアウトを先頭に発生源別に表示しています。破棄されるアラームはなく、すべて記録されます。</translation>
    </message>
    <message>
        <source>%1 selected</source>
        <translation>%1 件選択</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>エリア</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>限界値</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Consequence</source>
        <translation>影響</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>対処</translation>
    </message>
    <message>
        <source>Shelved until %1: %2</source>
        <translation>%1 までシェルブ中：%2</translation>
    </message>
    <message>
        <source>Acknowledged by %1</source>
        <translation>確認者：%1</translation>
    </message>
    <message>
        <source>Sign in to acknowledge or shelve alarms.</source>
        <translation>アラームの確認・シェルブにはサインインが必要です。</translation>
    </message>
    <message>
        <source>Acknowledged %1 alarm(s).</source>
        <translation>%1 件のアラームを確認しました。</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation>%1分</translation>
    </message>
    <message>
        <source>%1 hours</source>
        <translation>%1時間</translation>
    </message>
    <message>
        <source>Shelve alarm</source>
        <translation>アラームのシェルブ</translation>
    </message>
    <message>
        <source>Shelve for:</source>
        <translation>シェルブ時間：</translation>
    </message>
    <message>
        <source>Enter the reason for shelving in the comment field.</source>
        <translation>シェルブの理由をコメント欄に入力してください。</translation>
    </message>
    <message>
        <source>Enter why the alarm goes out of service in the comment field.</source>
        <translation>使用停止にする理由をコメント欄に入力してください。</translation>
    </message>
</context>
<context>
    <name>AlarmTableModel</name>
    <message>
        <source>Priority</source>
        <translation>優先度</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>エリア</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>発生源</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>アラーム</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>限界値</translation>
    </message>
    <message>
        <source>FIRST OUT</source>
        <translation>ファーストアウト</translation>
    </message>
</context>
<context>
    <name>AlarmsPage</name>
    <message>
        <source>Alarms</source>
        <translation>アラーム</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>一覧</translation>
    </message>
    <message>
        <source>History</source>
        <translation>履歴</translation>
    </message>
    <message>
        <source>Performance</source>
        <translation>パフォーマンス</translation>
    </message>
</context>
<context>
    <name>Approval</name>
    <message>
        <source>approved</source>
        <translation>承認済み</translation>
    </message>
    <message>
        <source>approved (signature not checked: no audit key)</source>
        <translation>承認済み（署名未検証：監査キーなし）</translation>
    </message>
    <message>
        <source>APPROVAL VOID: record changed after approval</source>
        <translation>承認無効：承認後に記録が変更されました</translation>
    </message>
    <message>
        <source>reviewed, awaiting approval</source>
        <translation>照査済み、承認待ち</translation>
    </message>
    <message>
        <source>reviewed (signature not checked: no audit key), awaiting approval</source>
        <translation>照査済み（署名未検証：監査キーなし）、承認待ち</translation>
    </message>
    <message>
        <source>REVIEW VOID: record changed after review</source>
        <translation>照査無効：照査後に記録が変更されました</translation>
    </message>
    <message>
        <source>not reviewed</source>
        <translation>未照査</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>進行中</translation>
    </message>
    <message>
        <source>IN PROGRESS - not for release</source>
        <translation>進行中 - 出荷判定には使用不可</translation>
    </message>
</context>
<context>
    <name>AuditTrailView</name>
    <message>
        <source>Any time</source>
        <translation>全期間</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>過去1時間</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>過去24時間</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>過去7日間</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>過去30日間</translation>
    </message>
    <message>
        <source>Between…</source>
        <translation>期間指定…</translation>
    </message>
    <message>
        <source>User (id or name)</source>
        <translation>ユーザー（IDまたは氏名）</translation>
    </message>
    <message>
        <source>Object contains… (batch, tag, user)</source>
        <translation>対象を含む…（バッチ、タグ、ユーザー）</translation>
    </message>
    <message>
        <source>Action contains…</source>
        <translation>操作を含む…</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <source>From</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>to</source>
        <translation>～</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>When / who</source>
        <translation>日時 / 実施者</translation>
    </message>
    <message>
        <source>Action / object</source>
        <translation>操作 / 対象</translation>
    </message>
    <message>
        <source>Old → new</source>
        <translation>変更前 → 変更後</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Newer</source>
        <translation>新しい</translation>
    </message>
    <message>
        <source>Older</source>
        <translation>古い</translation>
    </message>
    <message>
        <source>Verify audit trail</source>
        <translation>監査証跡を検証</translation>
    </message>
    <message>
        <source>Entries %1 to %2 of %3, newest first</source>
        <translation>全 %3 件中 %1～%2 件目（新しい順）</translation>
    </message>
    <message>
        <source>Verifying the whole audit trail…</source>
        <translation>監査証跡全体を検証中…</translation>
    </message>
    <message>
        <source>Audit trail intact: %1 entries, hash chain, seals and end checked</source>
        <translation>監査証跡は完全です：%1 件、ハッシュチェーン・封印・末尾を検証済み</translation>
    </message>
    <message>
        <source>Audit trail intact: %1 entries, hash chain and seals checked (end not checked)</source>
        <translation>監査証跡は完全です：%1 件、ハッシュチェーン・封印を検証済み（末尾は未検証）</translation>
    </message>
    <message>
        <source>AUDIT TRAIL BROKEN at entry %1: %2</source>
        <translation>監査証跡の破損：%1 件目：%2</translation>
    </message>
</context>
<context>
    <name>BatchCommand</name>
    <message>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>再始動</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>中止</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>リセット</translation>
    </message>
    <message>
        <source>Why restart batch %1?</source>
        <translation>バッチ %1 を再始動する理由は？</translation>
    </message>
    <message>
        <source>Why stop batch %1?</source>
        <translation>バッチ %1 を停止する理由は？</translation>
    </message>
    <message>
        <source>Why abort batch %1?</source>
        <translation>バッチ %1 を中止する理由は？</translation>
    </message>
    <message>
        <source>Reason for “%1” on batch %2</source>
        <translation>バッチ %2 の「%1」の理由</translation>
    </message>
</context>
<context>
    <name>BatchDetailView</name>
    <message>
        <source>WAITING FOR OPERATOR</source>
        <translation>オペレーター待ち</translation>
    </message>
    <message>
        <source>bay %1</source>
        <translation>ベイ %1</translation>
    </message>
    <message>
        <source>(in %1)</source>
        <translation>（あと %1）</translation>
    </message>
    <message>
        <source>All batches</source>
        <translation>バッチ一覧</translation>
    </message>
    <message>
        <source>Current step</source>
        <translation>現在のステップ</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>時刻 (UTC)</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>重大度</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <source>Deviations</source>
        <translation>逸脱</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>実施者</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>記録</translation>
    </message>
    <message>
        <source>Comment for the batch record</source>
        <translation>バッチ記録へのコメント</translation>
    </message>
    <message>
        <source>Add comment</source>
        <translation>コメント追加</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>コメント</translation>
    </message>
    <message>
        <source>Batch %1</source>
        <translation>バッチ %1</translation>
    </message>
    <message>
        <source>CoI %1 · cartridge %2</source>
        <translation>CoI %1 · カートリッジ %2</translation>
    </message>
    <message>
        <source>Held: %1</source>
        <translation>保留中：%1</translation>
    </message>
    <message>
        <source>Needs a signed-in user allowed to do this</source>
        <translation>この操作の権限を持つユーザーのサインインが必要です</translation>
    </message>
    <message>
        <source>%1/%2 steps · %3 %
ETA %4</source>
        <translation>%1/%2 ステップ · %3 %
完了予定 %4</translation>
    </message>
    <message>
        <source>OUT OF LIMITS</source>
        <translation>管理限界外</translation>
    </message>
    <message>
        <source>Deviations (%1)</source>
        <translation>逸脱 (%1)</translation>
    </message>
    <message>
        <source>No comments yet.</source>
        <translation>コメントはまだありません。</translation>
    </message>
    <message>
        <source>This ends the procedure for this patient's material; it cannot be undone.</source>
        <translation>この患者の原料に対する工程を終了します。元に戻すことはできません。</translation>
    </message>
</context>
<context>
    <name>BatchRecordList</name>
    <message>
        <source>Batch / recipe</source>
        <translation>バッチ / レシピ</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>ユニット</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Created / ended</source>
        <translation>作成 / 終了</translation>
    </message>
    <message>
        <source>Exceptions</source>
        <translation>例外</translation>
    </message>
    <message>
        <source>QA review</source>
        <translation>QA照査</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>%1 batch · %2 in progress · %3 to review or approve · %4 approved</source>
        <translation>バッチ %1 件 · 進行中 %2 · 照査/承認待ち %3 · 承認済み %4</translation>
    </message>
    <message>
        <source>%1 batches · %2 in progress · %3 to review or approve · %4 approved</source>
        <translation>バッチ %1 件 · 進行中 %2 · 照査/承認待ち %3 · 承認済み %4</translation>
    </message>
    <message>
        <source>No batch records on this station yet.</source>
        <translation>このステーションにはまだバッチ記録がありません。</translation>
    </message>
</context>
<context>
    <name>BatchRecordView</name>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>%1 ◆ critical</source>
        <translation>%1 ◆ 重大</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>検証済み</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>未検証</translation>
    </message>
    <message>
        <source>FAILED: %1</source>
        <translation>検証失敗：%1</translation>
    </message>
    <message>
        <source>All records</source>
        <translation>記録一覧</translation>
    </message>
    <message>
        <source>Export the record as %1</source>
        <translation>記録を %1 で出力</translation>
    </message>
    <message>
        <source>Review…</source>
        <translation>照査…</translation>
    </message>
    <message>
        <source>Approve…</source>
        <translation>承認…</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>重大度</translation>
    </message>
    <message>
        <source>What / step</source>
        <translation>内容 / ステップ</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>詳細</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>Started / ended</source>
        <translation>開始 / 終了</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>所要時間</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>署名</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>署名</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>検証結果</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>記録</translation>
    </message>
    <message>
        <source>When / who</source>
        <translation>日時 / 実施者</translation>
    </message>
    <message>
        <source>Old → new</source>
        <translation>変更前 → 変更後</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Exceptions</source>
        <translation>例外</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>イベント</translation>
    </message>
    <message>
        <source>Batch record %1</source>
        <translation>バッチ記録 %1</translation>
    </message>
    <message>
        <source>CoI %1 · cartridge %2</source>
        <translation>CoI %1 · カートリッジ %2</translation>
    </message>
    <message>
        <source>created %1 · ended %2</source>
        <translation>作成 %1 · 終了 %2</translation>
    </message>
    <message>
        <source>%1 exception(s)</source>
        <translation>例外 %1 件</translation>
    </message>
    <message>
        <source>QA: %1</source>
        <translation>QA：%1</translation>
    </message>
    <message>
        <source>Exceptions (%1)</source>
        <translation>例外 (%1)</translation>
    </message>
    <message>
        <source>Steps (%1/%2)</source>
        <translation>ステップ (%1/%2)</translation>
    </message>
    <message>
        <source>Signatures (%1)</source>
        <translation>署名 (%1)</translation>
    </message>
    <message>
        <source>Events (%1)</source>
        <translation>イベント (%1)</translation>
    </message>
    <message>
        <source>The batch has not ended: its record is reviewed and approved after.</source>
        <translation>バッチは終了していません。記録の照査と承認は終了後に行います。</translation>
    </message>
    <message>
        <source>Approved. Any later change to the record voids the approval.</source>
        <translation>承認済み。以降に記録が変更されると承認は無効になります。</translation>
    </message>
    <message>
        <source>QA reviews and approves batch records: sign in as QA.</source>
        <translation>バッチ記録の照査と承認は QA が行います。QA としてサインインしてください。</translation>
    </message>
    <message>
        <source>Review the exceptions, then sign the review; a second QA person approves.</source>
        <translation>例外を照査してから照査の署名をしてください。承認は別の QA 担当者が行います。</translation>
    </message>
    <message>
        <source>Reviewed. A second QA person approves the record.</source>
        <translation>照査済み。記録の承認は別の QA 担当者が行います。</translation>
    </message>
    <message>
        <source>Exports: supervisors and QA.</source>
        <translation>出力：監督者と QA。</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>%1 を書き込み中…</translation>
    </message>
    <message>
        <source>Could not write the export: %1</source>
        <translation>出力ファイルを書き込めませんでした：%1</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>%1 に出力しました</translation>
    </message>
</context>
<context>
    <name>BatchState</name>
    <message>
        <source>Idle</source>
        <translation>待機</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>Pausing</source>
        <translation>一時停止処理中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <source>Holding</source>
        <translation>保留処理中</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Restarting</source>
        <translation>再始動中</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>停止処理中</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Aborting</source>
        <translation>中止処理中</translation>
    </message>
    <message>
        <source>Aborted</source>
        <translation>中止</translation>
    </message>
</context>
<context>
    <name>BatchTableModel</name>
    <message>
        <source>Batch / CoI</source>
        <translation>バッチ / CoI</translation>
    </message>
    <message>
        <source>Recipe / unit</source>
        <translation>レシピ / ユニット</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Current step</source>
        <translation>現在のステップ</translation>
    </message>
    <message>
        <source>Progress / ETA</source>
        <translation>進捗 / 完了予定</translation>
    </message>
    <message>
        <source>Dev.</source>
        <translation>逸脱</translation>
    </message>
    <message>
        <source>Deviations</source>
        <translation>逸脱</translation>
    </message>
</context>
<context>
    <name>BatchesPage</name>
    <message>
        <source>Batches</source>
        <translation>バッチ</translation>
    </message>
    <message>
        <source>New batch</source>
        <translation>新規バッチ</translation>
    </message>
    <message>
        <source>No open batches on this station. Operators and supervisors start one with “New batch”.</source>
        <translation>このステーションに実行中のバッチはありません。オペレーターと監督者は「新規バッチ」で開始できます。</translation>
    </message>
    <message>
        <source>%1 open · %2 waiting for operator · %3 held or stopped</source>
        <translation>実行中 %1 · オペレーター待ち %2 · 保留/停止 %3</translation>
    </message>
    <message>
        <source>Operators and supervisors start batches</source>
        <translation>バッチを開始できるのはオペレーターと監督者です</translation>
    </message>
</context>
<context>
    <name>BayCards</name>
    <message>
        <source>last known: %1</source>
        <translation>最終値：%1</translation>
    </message>
    <message>
        <source>COMMUNICATION LOST</source>
        <translation>通信断</translation>
    </message>
</context>
<context>
    <name>BayState</name>
    <message>
        <source>EMPTY</source>
        <translation>空き</translation>
    </message>
    <message>
        <source>IDLE</source>
        <translation>待機</translation>
    </message>
    <message>
        <source>RUNNING</source>
        <translation>運転中</translation>
    </message>
    <message>
        <source>COMPLETE</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>STOPPED</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>FAULT</source>
        <translation>故障</translation>
    </message>
</context>
<context>
    <name>CartridgeView</name>
    <message>
        <source>Parameter</source>
        <translation>パラメータ</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>正常範囲</translation>
    </message>
    <message>
        <source>Setpoint</source>
        <translation>設定値</translation>
    </message>
    <message>
        <source>Alarms of this bay</source>
        <translation>このベイのアラーム</translation>
    </message>
    <message>
        <source>No standing alarms.</source>
        <translation>継続中のアラームはありません。</translation>
    </message>
    <message>
        <source>Bay %1</source>
        <translation>ベイ %1</translation>
    </message>
    <message>
        <source>Last known: %1</source>
        <translation>最終値：%1</translation>
    </message>
    <message>
        <source>SP %1</source>
        <translation>SV %1</translation>
    </message>
    <message>
        <source>No cartridge in this bay.</source>
        <translation>このベイにカートリッジはありません。</translation>
    </message>
    <message>
        <source>progress ▨ %1</source>
        <translation>進捗 ▨ %1</translation>
    </message>
    <message>
        <source>culture age %1</source>
        <translation>培養経過 %1</translation>
    </message>
    <message>
        <source>cartridge %1</source>
        <translation>カートリッジ %1</translation>
    </message>
    <message>
        <source>CoI %1</source>
        <translation>CoI %1</translation>
    </message>
    <message>
        <source>Batch %1 · %2 · %3 ▶</source>
        <translation>バッチ %1 · %2 · %3 ▶</translation>
    </message>
    <message>
        <source>+%1 more on the Alarms page</source>
        <translation>他 %1 件はアラームページに表示</translation>
    </message>
    <message>
        <source>%1, last hour</source>
        <translation>%1（過去1時間）</translation>
    </message>
    <message>
        <source>%1 cannot be changed here.</source>
        <translation>%1 はここでは変更できません。</translation>
    </message>
    <message>
        <source>Setpoint changed to %1 %2 (audit entry %3).</source>
        <translation>設定値を %1 %2 に変更しました（監査証跡 %3）。</translation>
    </message>
</context>
<context>
    <name>Connection</name>
    <message>
        <source>CONNECTED</source>
        <translation>接続中</translation>
    </message>
    <message>
        <source>CONNECTING</source>
        <translation>接続処理中</translation>
    </message>
    <message>
        <source>DISCONNECTED</source>
        <translation>切断</translation>
    </message>
    <message>
        <source>LOST</source>
        <translation>通信断</translation>
    </message>
</context>
<context>
    <name>CustomSpanDialog</name>
    <message>
        <source>Custom time span</source>
        <translation>期間指定</translation>
    </message>
    <message>
        <source>From (%1)</source>
        <translation>開始（%1）</translation>
    </message>
    <message>
        <source>To</source>
        <translation>終了</translation>
    </message>
</context>
<context>
    <name>Duration</name>
    <message>
        <source>%1 min</source>
        <translation>%1分</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1時間%2分</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1時間</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1日%2時間</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1日</translation>
    </message>
</context>
<context>
    <name>EnvironmentPage</name>
    <message>
        <source>Environment</source>
        <translation>環境</translation>
    </message>
    <message>
        <source>This plant has no cleanroom monitor.</source>
        <translation>このプラントにはクリーンルームモニタがありません。</translation>
    </message>
</context>
<context>
    <name>EquipmentState</name>
    <message>
        <source>IDLE</source>
        <translation>待機</translation>
    </message>
    <message>
        <source>RUNNING</source>
        <translation>運転中</translation>
    </message>
    <message>
        <source>MOVING</source>
        <translation>移動中</translation>
    </message>
    <message>
        <source>FAULT</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>MAINTENANCE</source>
        <translation>保守中</translation>
    </message>
    <message>
        <source>MAINS</source>
        <translation>商用電源</translation>
    </message>
    <message>
        <source>BATTERY</source>
        <translation>バッテリー</translation>
    </message>
</context>
<context>
    <name>FirstAdministratorDialog</name>
    <message>
        <source>Set up this station</source>
        <translation>ステーションの初期設定</translation>
    </message>
    <message>
        <source>This station has no users yet. Create the first administrator: they sign in to create accounts for operators, supervisors, QA and maintenance. There is no default password.</source>
        <translation>このステーションにはまだユーザーがいません。最初の管理者を作成してください。管理者はサインインして、オペレーター、監督者、QA、保全のアカウントを作成します。初期パスワードはありません。</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>ユーザーID</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>パスワード（確認）</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>後で</translation>
    </message>
    <message>
        <source>Create administrator</source>
        <translation>管理者を作成</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>2つのパスワードが一致しません。</translation>
    </message>
</context>
<context>
    <name>FleetBoard</name>
    <message>
        <source>COMMUNICATION LOST</source>
        <translation>通信断</translation>
    </message>
    <message>
        <source>COMMS LOST</source>
        <translation>通信断</translation>
    </message>
    <message>
        <source>▶ %1 running · %2/%3 bays</source>
        <translation>▶ 運転中 %1 · %2/%3 ベイ</translation>
    </message>
    <message>
        <source>▶ %1 · %2/%3 bays</source>
        <translation>▶ %1 · %2/%3 ベイ</translation>
    </message>
    <message>
        <source>◆ %1 FAULT</source>
        <translation>◆ 故障 %1</translation>
    </message>
    <message>
        <source>▶ %1</source>
        <translation>▶ %1</translation>
    </message>
    <message>
        <source>%1 unack · %2 stand.</source>
        <translation>未確認%1·継続%2</translation>
    </message>
    <message>
        <source>QC instrument</source>
        <translation>QC装置</translation>
    </message>
    <message>
        <source>Room monitor</source>
        <translation>室内モニタ</translation>
    </message>
    <message>
        <source>no alarms</source>
        <translation>アラームなし</translation>
    </message>
    <message>
        <source>%1 unack · %2 standing</source>
        <translation>未確認 %1 · 継続中 %2</translation>
    </message>
</context>
<context>
    <name>FleetPage</name>
    <message>
        <source>Fleet</source>
        <translation>フリート</translation>
    </message>
    <message>
        <source>%1 units · %2 with standing alarms · %3 not connected · ranked by urgency</source>
        <translation>%1 ユニット · 継続中アラームあり %2 · 未接続 %3 · 緊急度順</translation>
    </message>
</context>
<context>
    <name>Header</name>
    <message>
        <source>Not signed in</source>
        <translation>未サインイン</translation>
    </message>
    <message>
        <source>Change password…</source>
        <translation>パスワード変更…</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>サインアウト</translation>
    </message>
    <message>
        <source>sign-out %1 min</source>
        <translation>サインアウトまで%1分</translation>
    </message>
    <message>
        <source>%1 local
%2 UTC</source>
        <translation>%1 現地
%2 UTC</translation>
    </message>
    <message>
        <source>%1 of %2 devices connected</source>
        <translation>%2台中%1台の装置が接続中</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>接続中</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>接続処理中</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>切断</translation>
    </message>
    <message>
        <source>LOST</source>
        <translation>通信断</translation>
    </message>
</context>
<context>
    <name>InstrumentPanel</name>
    <message>
        <source>Running and waiting</source>
        <translation>実行中・待機中</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>結果一覧</translation>
    </message>
    <message>
        <source>Queue not known: %1. Nothing shown here is live.</source>
        <translation>待ち行列が不明です：%1。ここに表示される内容はライブではありません。</translation>
    </message>
    <message>
        <source>%1 samples · %2 assays running</source>
        <translation>サンプル %1 · 試験中 %2</translation>
    </message>
    <message>
        <source>Results: %1</source>
        <translation>結果一覧：%1</translation>
    </message>
    <message>
        <source>last received, not live: %1</source>
        <translation>最終受信値（ライブではない）：%1</translation>
    </message>
</context>
<context>
    <name>InstrumentStrip</name>
    <message>
        <source>+%1 more on the QC and Environment pages</source>
        <translation>他 %1 件は QC・環境ページに表示</translation>
    </message>
    <message>
        <source>State %1 · %2 samples · %3 assays running</source>
        <translation>状態 %1 · サンプル %2 · 試験中 %3</translation>
    </message>
    <message>
        <source>≥0.5 µm %1</source>
        <translation>≥0.5 µm %1</translation>
    </message>
</context>
<context>
    <name>KeypadDialog</name>
    <message>
        <source>Per batch record instruction</source>
        <translation>バッチ記録の指示による</translation>
    </message>
    <message>
        <source>Correcting process drift</source>
        <translation>プロセスのずれの補正</translation>
    </message>
    <message>
        <source>Supervisor instruction</source>
        <translation>監督者の指示</translation>
    </message>
    <message>
        <source>Equipment check</source>
        <translation>設備点検</translation>
    </message>
    <message>
        <source>Change setpoint</source>
        <translation>設定値の変更</translation>
    </message>
    <message>
        <source>Now %1 · allowed %2 to %3 %4</source>
        <translation>現在 %1 · 許容範囲 %2～%3 %4</translation>
    </message>
    <message>
        <source>Reason for the change (required)</source>
        <translation>変更理由（必須）</translation>
    </message>
    <message>
        <source>type or pick a reason</source>
        <translation>理由を入力または選択</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>次へ</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>戻る</translation>
    </message>
    <message>
        <source>Confirm change</source>
        <translation>変更を確定</translation>
    </message>
    <message>
        <source>Enter a number first.</source>
        <translation>先に数値を入力してください。</translation>
    </message>
    <message>
        <source>%1 has more decimals than this setpoint takes (%2); nothing was sent.</source>
        <translation>%1 はこの設定値の小数桁数（%2）を超えています。送信していません。</translation>
    </message>
    <message>
        <source>Nothing was sent.</source>
        <translation>何も送信していません。</translation>
    </message>
    <message>
        <source>Give the reason for the change.</source>
        <translation>変更理由を入力してください。</translation>
    </message>
    <message>
        <source>Change %1 of %2
from %3 to %4 %5?

Reason: %6
Changed by: %7</source>
        <translation>%2 の %1 を
%3 から %4 %5 に変更しますか？

理由：%6
変更者：%7</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>送信中…</translation>
    </message>
    <message>
        <source>The change could not be completed (%1). Check the setpoint before trying again.</source>
        <translation>変更を完了できませんでした（%1）。再試行する前に設定値を確認してください。</translation>
    </message>
</context>
<context>
    <name>KioskLock</name>
    <message>
        <source>This is a kiosk: only an administrator can close CellDeck (Leave kiosk).</source>
        <translation>キオスクモードです。CellDeck を閉じられるのは管理者だけです（キオスク終了）。</translation>
    </message>
</context>
<context>
    <name>LeaveKioskDialog</name>
    <message>
        <source>Leave kiosk</source>
        <translation>キオスク終了</translation>
    </message>
    <message>
        <source>Closing the kiosk stops the operators' screen beside the equipment. The plant keeps running. An administrator signs for it; it is recorded in the audit trail.</source>
        <translation>キオスクを閉じると設備横のオペレーター画面が停止します。プラントは稼働を続けます。管理者が署名し、監査証跡に記録されます。</translation>
    </message>
    <message>
        <source>e.g. software update, PC maintenance</source>
        <translation>例：ソフトウェア更新、PC保守</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理者</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Stay in kiosk</source>
        <translation>キオスクを継続</translation>
    </message>
    <message>
        <source>Close CellDeck</source>
        <translation>CellDeck を終了</translation>
    </message>
    <message>
        <source>Enter user id, password and the reason.</source>
        <translation>ユーザーID、パスワード、理由を入力してください。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Leave kiosk</source>
        <translation>キオスク終了</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation>フリート</translation>
    </message>
    <message>
        <source>Shuttles</source>
        <translation>シャトル</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>環境</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>バッチ</translation>
    </message>
    <message>
        <source>QC</source>
        <translation>QC</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>アラーム</translation>
    </message>
    <message>
        <source>Trends</source>
        <translation>トレンド</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>記録</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理</translation>
    </message>
</context>
<context>
    <name>ManualStepPanel</name>
    <message>
        <source>%1 to %2</source>
        <translation>%1～%2</translation>
    </message>
    <message>
        <source>Nothing to do by hand in this step.</source>
        <translation>このステップに手作業はありません。</translation>
    </message>
    <message>
        <source>Sign in to work this step.</source>
        <translation>このステップを実施するにはサインインしてください。</translation>
    </message>
    <message>
        <source>Your role cannot work batch steps.</source>
        <translation>現在のロールではバッチステップを実施できません。</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>スキャン</translation>
    </message>
    <message>
        <source>scan or type</source>
        <translation>スキャンまたは入力</translation>
    </message>
    <message>
        <source>scan or type, e.g. %1</source>
        <translation>スキャンまたは入力（例：%1）</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>照合</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>確認事項</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>入力</translation>
    </message>
    <message>
        <source>(limits %1)</source>
        <translation>（管理限界 %1）</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>記録</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>署名</translation>
    </message>
    <message>
        <source>Sign as %1</source>
        <translation>%1として署名</translation>
    </message>
    <message>
        <source>Finish the scans, confirmations and entries to sign.</source>
        <translation>署名の前にスキャン・確認・入力を完了してください。</translation>
    </message>
    <message>
        <source>Scan the barcode first.</source>
        <translation>先にバーコードをスキャンしてください。</translation>
    </message>
    <message>
        <source>Enter a number.</source>
        <translation>数値を入力してください。</translation>
    </message>
</context>
<context>
    <name>Module</name>
    <message>
        <source>Selection</source>
        <translation>選別</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>活性化</translation>
    </message>
    <message>
        <source>Electroporation</source>
        <translation>電気穿孔</translation>
    </message>
    <message>
        <source>Transduction</source>
        <translation>形質導入</translation>
    </message>
    <message>
        <source>Expansion</source>
        <translation>拡大培養</translation>
    </message>
    <message>
        <source>Wash</source>
        <translation>洗浄</translation>
    </message>
    <message>
        <source>Formulate/fill</source>
        <translation>製剤化/充填</translation>
    </message>
    <message>
        <source>Freezing</source>
        <translation>凍結</translation>
    </message>
</context>
<context>
    <name>NewBatchDialog</name>
    <message>
        <source>New batch</source>
        <translation>新規バッチ</translation>
    </message>
    <message>
        <source>scan the cartridge label</source>
        <translation>カートリッジラベルをスキャン</translation>
    </message>
    <message>
        <source>scan the chain-of-identity label</source>
        <translation>同一性の連鎖ラベルをスキャン</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>レシピ</translation>
    </message>
    <message>
        <source>Shuttle</source>
        <translation>シャトル</translation>
    </message>
    <message>
        <source>Bay</source>
        <translation>ベイ</translation>
    </message>
    <message>
        <source>Cartridge</source>
        <translation>カートリッジ</translation>
    </message>
    <message>
        <source>Chain of identity</source>
        <translation>同一性の連鎖</translation>
    </message>
    <message>
        <source>No recipe is released on this station: QA releases recipes on the Records page (Recipes).</source>
        <translation>このステーションでリリースされたレシピはありません。QA が記録ページ（レシピ）でリリースします。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Create batch</source>
        <translation>バッチ作成</translation>
    </message>
    <message>
        <source>Choose a recipe.</source>
        <translation>レシピを選択してください。</translation>
    </message>
    <message>
        <source>Scan the cartridge and the chain-of-identity label.</source>
        <translation>カートリッジと同一性の連鎖ラベルをスキャンしてください。</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Overview</source>
        <translation>概要</translation>
    </message>
</context>
<context>
    <name>Parameter</name>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>pH</source>
        <translation>pH</translation>
    </message>
    <message>
        <source>Dissolved O₂</source>
        <translation>溶存酸素</translation>
    </message>
    <message>
        <source>Viable cells</source>
        <translation>生細胞</translation>
    </message>
    <message>
        <source>CO₂</source>
        <translation>CO₂</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>容量</translation>
    </message>
    <message>
        <source>Dissolved oxygen</source>
        <translation>溶存酸素</translation>
    </message>
    <message>
        <source>CO2</source>
        <translation>CO2</translation>
    </message>
    <message>
        <source>Glucose</source>
        <translation>グルコース</translation>
    </message>
    <message>
        <source>Lactate</source>
        <translation>乳酸</translation>
    </message>
    <message>
        <source>Viable cell density</source>
        <translation>生細胞密度</translation>
    </message>
    <message>
        <source>Viability</source>
        <translation>生存率</translation>
    </message>
    <message>
        <source>T</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>DO</source>
        <translation>DO</translation>
    </message>
    <message>
        <source>VCD</source>
        <translation>VCD</translation>
    </message>
    <message>
        <source>Viab.</source>
        <translation>生存率</translation>
    </message>
    <message>
        <source>Gluc.</source>
        <translation>Glc</translation>
    </message>
    <message>
        <source>Lact.</source>
        <translation>Lac</translation>
    </message>
    <message>
        <source>Vol.</source>
        <translation>容量</translation>
    </message>
    <message>
        <source>CPP %1</source>
        <translation>CPP %1</translation>
    </message>
</context>
<context>
    <name>PasswordChangeDialog</name>
    <message>
        <source>Change password</source>
        <translation>パスワード変更</translation>
    </message>
    <message>
        <source>Change password for %1</source>
        <translation>%1 のパスワード変更</translation>
    </message>
    <message>
        <source>At least %1 characters with a letter and a digit, not your user id, and none of your last %2 passwords. Passwords expire after %3 days.</source>
        <translation>%1文字以上で英字と数字を含み、ユーザーIDと異なり、直近 %2 回のパスワードと異なるものにしてください。パスワードの有効期限は %3 日です。</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>現在のパスワード</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新しいパスワード</translation>
    </message>
    <message>
        <source>Repeat new password</source>
        <translation>新しいパスワード（確認）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Enter your current password.</source>
        <translation>現在のパスワードを入力してください。</translation>
    </message>
    <message>
        <source>The two new passwords differ; type them again.</source>
        <translation>新しいパスワードが一致しません。もう一度入力してください。</translation>
    </message>
</context>
<context>
    <name>PenPicker</name>
    <message>
        <source>Pens</source>
        <translation>ペン</translation>
    </message>
    <message>
        <source>All equipment</source>
        <translation>全設備</translation>
    </message>
    <message>
        <source>Search tags, e.g. temperature</source>
        <translation>タグを検索（例：temperature）</translation>
    </message>
    <message>
        <source>At most %1 pens; remove one first.</source>
        <translation>ペンは最大 %1 本です。先に1本削除してください。</translation>
    </message>
</context>
<context>
    <name>PlannedPage</name>
    <message>
        <source>Not available in this build.</source>
        <translation>このバージョンでは利用できません。</translation>
    </message>
    <message>
        <source>This page will hold:</source>
        <translation>このページに表示予定の内容：</translation>
    </message>
</context>
<context>
    <name>QC</name>
    <message>
        <source>Sample</source>
        <translation>サンプル</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>バッチ</translation>
    </message>
    <message>
        <source>Assay</source>
        <translation>試験</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>ステータス</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>進捗</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>残り時間</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Specification</source>
        <translation>規格</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>Cell count, viability</source>
        <translation>細胞数・生存率</translation>
    </message>
    <message>
        <source>Identity, CAR+ (flow)</source>
        <translation>確認試験・CAR+（フロー）</translation>
    </message>
    <message>
        <source>Endotoxin</source>
        <translation>エンドトキシン</translation>
    </message>
    <message>
        <source>Sterility</source>
        <translation>無菌試験</translation>
    </message>
    <message>
        <source>Mycoplasma</source>
        <translation>マイコプラズマ</translation>
    </message>
    <message>
        <source>Vector copy number</source>
        <translation>ベクターコピー数</translation>
    </message>
    <message>
        <source>✓ PASS</source>
        <translation>✓ 適合</translation>
    </message>
    <message>
        <source>✖ OUT OF SPEC</source>
        <translation>✖ 規格外</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>判定待ち</translation>
    </message>
    <message>
        <source>no specification</source>
        <translation>規格なし</translation>
    </message>
    <message>
        <source>◷ %1 left</source>
        <translation>◷ 残り %1</translation>
    </message>
    <message>
        <source>◷ waiting</source>
        <translation>◷ 待機中</translation>
    </message>
</context>
<context>
    <name>QcPage</name>
    <message>
        <source>Quality control</source>
        <translation>品質管理</translation>
    </message>
    <message>
        <source>This plant has no Cell Q instrument.</source>
        <translation>このプラントには Cell Q 装置がありません。</translation>
    </message>
</context>
<context>
    <name>Quality</name>
    <message>
        <source>COMM LOSS</source>
        <translation>通信断</translation>
    </message>
    <message>
        <source>SENSOR FAULT</source>
        <translation>センサ異常</translation>
    </message>
    <message>
        <source>STALE</source>
        <translation>更新停止</translation>
    </message>
    <message>
        <source>OUT OF RANGE</source>
        <translation>範囲外</translation>
    </message>
    <message>
        <source>NOT CONNECTED</source>
        <translation>未接続</translation>
    </message>
    <message>
        <source>MODULE FAULT</source>
        <translation>モジュール異常</translation>
    </message>
    <message>
        <source>NOISY</source>
        <translation>ノイズ</translation>
    </message>
    <message>
        <source>BAD</source>
        <translation>不良</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Reason (required)</source>
        <translation>理由（必須）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>RecipesView</name>
    <message>
        <source>Recipe / version</source>
        <translation>レシピ / 版</translation>
    </message>
    <message>
        <source>sha256</source>
        <translation>sha256</translation>
    </message>
    <message>
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>On this station</source>
        <translation>このステーション</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>手順</translation>
    </message>
    <message>
        <source>RELEASED</source>
        <translation>リリース済み</translation>
    </message>
    <message>
        <source>NOT RELEASED</source>
        <translation>未リリース</translation>
    </message>
    <message>
        <source>WITHDRAWN</source>
        <translation>取り下げ済み</translation>
    </message>
    <message>
        <source>CHANGED SINCE RELEASE, NOT RUNNABLE</source>
        <translation>リリース後に変更、実行不可</translation>
    </message>
    <message>
        <source>RELEASE RECORD FAILS ITS CHECK</source>
        <translation>リリース記録の検証に失敗</translation>
    </message>
    <message>
        <source>INVALID FILE</source>
        <translation>無効なファイル</translation>
    </message>
    <message>
        <source>RELEASED, FILE MISSING</source>
        <translation>リリース済み、ファイルなし</translation>
    </message>
    <message>
        <source>shipped</source>
        <translation>同梱</translation>
    </message>
    <message>
        <source>site</source>
        <translation>サイト</translation>
    </message>
    <message>
        <source>file: released</source>
        <translation>ファイル：リリース版</translation>
    </message>
    <message>
        <source>file: DRAFT</source>
        <translation>ファイル：草案</translation>
    </message>
    <message>
        <source>%1 phases (%2 manual), about %3 h</source>
        <translation>%1 フェーズ（手作業 %2）、約 %3 時間</translation>
    </message>
    <message>
        <source>Read the files again</source>
        <translation>ファイルを再読込</translation>
    </message>
    <message>
        <source>Release…</source>
        <translation>リリース…</translation>
    </message>
    <message>
        <source>Withdraw…</source>
        <translation>取り下げ…</translation>
    </message>
    <message>
        <source>%1 recipes · %2 runnable on this station</source>
        <translation>レシピ %1 件 · このステーションで実行可能 %2 件</translation>
    </message>
    <message>
        <source>%1 need attention</source>
        <translation>要対応 %1 件</translation>
    </message>
    <message>
        <source>(unreadable recipe file)</source>
        <translation>（読み込めないレシピファイル）</translation>
    </message>
    <message>
        <source>released by %1, %2</source>
        <translation>%1 がリリース、%2</translation>
    </message>
    <message>
        <source>withdrawn by %1, %2</source>
        <translation>%1 が取り下げ、%2</translation>
    </message>
    <message>
        <source>QA releases and withdraws recipes: sign in as QA.</source>
        <translation>レシピのリリースと取り下げは QA が行います。QA としてサインインしてください。</translation>
    </message>
    <message>
        <source>%1 may be released: you sign its content (sha256 %2) as approved.</source>
        <translation>%1 はリリースできます。内容（sha256 %2）に承認として署名します。</translation>
    </message>
    <message>
        <source>%1 is released here; withdraw it to stop new batches on it.</source>
        <translation>%1 はこのステーションでリリース済みです。新しいバッチを止めるには取り下げてください。</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>取り下げ</translation>
    </message>
    <message>
        <source>Withdraw recipe %1 from production on this station? No new batch may run it; batches running now finish on the recipe they started with.</source>
        <translation>このステーションでレシピ %1 を生産から取り下げますか？新しいバッチでは実行できなくなります。実行中のバッチは開始時のレシピで最後まで進みます。</translation>
    </message>
</context>
<context>
    <name>RecordsPage</name>
    <message>
        <source>Batch records</source>
        <translation>バッチ記録</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>監査証跡</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>署名</translation>
    </message>
    <message>
        <source>Recipes</source>
        <translation>レシピ</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>記録</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>operator</source>
        <translation>オペレーター</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>監督者</translation>
    </message>
    <message>
        <source>QA</source>
        <translation>QA</translation>
    </message>
    <message>
        <source>maintenance</source>
        <translation>保全</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理者</translation>
    </message>
</context>
<context>
    <name>Room</name>
    <message>
        <source>Particles ≥ 0.5 µm</source>
        <translation>粒子 ≥ 0.5 µm</translation>
    </message>
    <message>
        <source>Particles ≥ 5 µm</source>
        <translation>粒子 ≥ 5 µm</translation>
    </message>
    <message>
        <source>Differential pressure</source>
        <translation>差圧</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Relative humidity</source>
        <translation>相対湿度</translation>
    </message>
    <message>
        <source>not specified</source>
        <translation>規定なし</translation>
    </message>
    <message>
        <source>alarm above %1</source>
        <translation>%1 超でアラーム</translation>
    </message>
    <message>
        <source>alarm below %1 %2</source>
        <translation>%1 %2 未満でアラーム</translation>
    </message>
    <message>
        <source>grade %1: ≤ %2 at rest, ≤ %3 in operation</source>
        <translation>グレード %1：非作業時 ≤ %2、作業時 ≤ %3</translation>
    </message>
    <message>
        <source>Annex 1 guidance ≥ %1 Pa to a lower grade</source>
        <translation>Annex 1 の目安：下位グレードに対し ≥ %1 Pa</translation>
    </message>
    <message>
        <source>site range %1-%2 %3</source>
        <translation>サイト範囲 %1-%2 %3</translation>
    </message>
</context>
<context>
    <name>RoomPanel</name>
    <message>
        <source>%1 · Grade %2</source>
        <translation>%1 · グレード %2</translation>
    </message>
    <message>
        <source>Alarms of this room</source>
        <translation>この部屋のアラーム</translation>
    </message>
    <message>
        <source>No standing alarms.</source>
        <translation>継続中のアラームはありません。</translation>
    </message>
    <message>
        <source>CONNECTED</source>
        <translation>接続中</translation>
    </message>
</context>
<context>
    <name>Severity</name>
    <message>
        <source>◆ critical</source>
        <translation>◆ 重大</translation>
    </message>
    <message>
        <source>▲ major</source>
        <translation>▲ 中程度</translation>
    </message>
    <message>
        <source>■ minor</source>
        <translation>■ 軽微</translation>
    </message>
    <message>
        <source>● info</source>
        <translation>● 情報</translation>
    </message>
</context>
<context>
    <name>ShuttleBoard</name>
    <message>
        <source>Robot %1 · %2</source>
        <translation>ロボット %1 · %2</translation>
    </message>
    <message>
        <source>COMMUNICATION LOST</source>
        <translation>通信断</translation>
    </message>
</context>
<context>
    <name>ShuttleStatus</name>
    <message>
        <source>Link</source>
        <translation>通信</translation>
    </message>
    <message>
        <source>Doors</source>
        <translation>扉</translation>
    </message>
    <message>
        <source>Interlocks</source>
        <translation>インターロック</translation>
    </message>
    <message>
        <source>Robot mover</source>
        <translation>搬送ロボット</translation>
    </message>
    <message>
        <source>Power · UPS charge</source>
        <translation>電源 · UPS 残量</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>培地</translation>
    </message>
    <message>
        <source>Reagents</source>
        <translation>試薬</translation>
    </message>
    <message>
        <source>Waste</source>
        <translation>廃液</translation>
    </message>
    <message>
        <source>CONNECTED</source>
        <translation>接続中</translation>
    </message>
    <message>
        <source>No live status from this shuttle: %1 (%2). Nothing shown for it is live.</source>
        <translation>このシャトルのライブ状態がありません：%1（%2）。表示内容はライブではありません。</translation>
    </message>
    <message>
        <source>CLOSED</source>
        <translation>閉</translation>
    </message>
    <message>
        <source>OPEN</source>
        <translation>開</translation>
    </message>
    <message>
        <source>HEALTHY</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>TRIPPED</source>
        <translation>作動</translation>
    </message>
</context>
<context>
    <name>ShuttlesPage</name>
    <message>
        <source>Shuttles</source>
        <translation>シャトル</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in</source>
        <translation>サインイン</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>ユーザーID</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>Scan your badge</source>
        <translation>バッジをスキャン</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>バッジ</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Badge and PIN</source>
        <translation>バッジとPIN</translation>
    </message>
    <message>
        <source>User id and password</source>
        <translation>ユーザーIDとパスワード</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>SignOutWarning</name>
    <message>
        <source>Automatic sign-out warning</source>
        <translation>自動サインアウトの警告</translation>
    </message>
    <message>
        <source>Signing out in %1 s — touch to stay</source>
        <translation>%1秒後にサインアウト — 画面に触れると継続</translation>
    </message>
</context>
<context>
    <name>Signature</name>
    <message>
        <source>performed</source>
        <translation>実施</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>検証</translation>
    </message>
    <message>
        <source>reviewed</source>
        <translation>照査</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>承認</translation>
    </message>
    <message>
        <source>I performed this step as recorded.</source>
        <translation>私はこのステップを記録どおりに実施しました。</translation>
    </message>
    <message>
        <source>I witnessed this step and verify it was performed as recorded.</source>
        <translation>私はこのステップに立ち会い、記録どおりに実施されたことを検証します。</translation>
    </message>
    <message>
        <source>I reviewed this record.</source>
        <translation>私はこの記録を照査しました。</translation>
    </message>
    <message>
        <source>I approve this record.</source>
        <translation>私はこの記録を承認します。</translation>
    </message>
    <message>
        <source>%1 by %2 (%3), %4</source>
        <translation>%1：%2（%3）、%4</translation>
    </message>
</context>
<context>
    <name>SignatureDialog</name>
    <message>
        <source>Electronic signature</source>
        <translation>電子署名</translation>
    </message>
    <message>
        <source>Sign as: %1</source>
        <translation>署名の意味：%1</translation>
    </message>
    <message>
        <source>Your electronic signature is the legally binding equivalent of your handwritten signature. It is recorded with your printed name, the date and time, and this meaning, and is bound to the record's content</source>
        <translation>電子署名は手書き署名と同等の法的拘束力を持ちます。氏名、日時、署名の意味とともに記録され、記録の内容に結び付けられます</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>ユーザーID</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>署名</translation>
    </message>
    <message>
        <source>Enter your user id and password to sign.</source>
        <translation>署名するにはユーザーIDとパスワードを入力してください。</translation>
    </message>
</context>
<context>
    <name>SignaturesView</name>
    <message>
        <source>Newer</source>
        <translation>新しい</translation>
    </message>
    <message>
        <source>Older</source>
        <translation>古い</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Signature (printed name, meaning, UTC)</source>
        <translation>署名（氏名、意味、UTC）</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>検証結果</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>記録</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>宣誓文</translation>
    </message>
    <message>
        <source>seal and content</source>
        <translation>封印と内容</translation>
    </message>
    <message>
        <source>seal</source>
        <translation>封印</translation>
    </message>
    <message>
        <source>verified (%1)</source>
        <translation>検証済み（%1）</translation>
    </message>
    <message>
        <source>FAILED: %1</source>
        <translation>検証失敗：%1</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>未検証</translation>
    </message>
    <message>
        <source>%1 signatures shown</source>
        <translation>署名 %1 件を表示</translation>
    </message>
    <message>
        <source>%1 FAIL verification</source>
        <translation>検証失敗 %1 件</translation>
    </message>
</context>
<context>
    <name>StationRole</name>
    <message>
        <source>kiosk</source>
        <translation>キオスク</translation>
    </message>
    <message>
        <source>supervisor's desk</source>
        <translation>監督者席</translation>
    </message>
</context>
<context>
    <name>StepStatus</name>
    <message>
        <source>done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>current</source>
        <translation>実行中</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>未開始</translation>
    </message>
</context>
<context>
    <name>StepTimeline</name>
    <message>
        <source>done %1</source>
        <translation>完了 %1</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>started %1</source>
        <translation>開始 %1</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>残り %1</translation>
    </message>
    <message>
        <source>waiting for the operator</source>
        <translation>オペレーター待ち</translation>
    </message>
    <message>
        <source>expected %1</source>
        <translation>予定 %1</translation>
    </message>
</context>
<context>
    <name>TrendPlot</name>
    <message>
        <source>CPP low %1</source>
        <translation>CPP下限 %1</translation>
    </message>
    <message>
        <source>CPP high %1</source>
        <translation>CPP上限 %1</translation>
    </message>
    <message>
        <source>range low %1</source>
        <translation>範囲下限 %1</translation>
    </message>
    <message>
        <source>range high %1</source>
        <translation>範囲上限 %1</translation>
    </message>
</context>
<context>
    <name>TrendsPage</name>
    <message>
        <source>%1 bay %2</source>
        <translation>%1 ベイ %2</translation>
    </message>
    <message>
        <source>Trends</source>
        <translation>トレンド</translation>
    </message>
    <message>
        <source>Live 10 min</source>
        <translation>ライブ10分</translation>
    </message>
    <message>
        <source>1 h</source>
        <translation>1時間</translation>
    </message>
    <message>
        <source>8 h</source>
        <translation>8時間</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24時間</translation>
    </message>
    <message>
        <source>10 d</source>
        <translation>10日</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>期間指定…</translation>
    </message>
    <message>
        <source>Earlier</source>
        <translation>前へ</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>後へ</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>拡大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>縮小</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>CSV出力</translation>
    </message>
    <message>
        <source>Pen</source>
        <translation>ペン</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>タグ</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>現在値</translation>
    </message>
    <message>
        <source>Shown range</source>
        <translation>表示範囲</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>サンプル数</translation>
    </message>
    <message>
        <source>── good   ┈┈ uncertain or bad   ╌╌ alarm limit   ─·─ CPP limit   (no line: no data)</source>
        <translation>── 良好   ┈┈ 不確か/不良   ╌╌ アラーム限界   ─·─ CPP 限界   （線なし：データなし）</translation>
    </message>
    <message>
        <source>Cursor %1</source>
        <translation>カーソル %1</translation>
    </message>
    <message>
        <source>The end must be after the start.</source>
        <translation>終了は開始より後にしてください。</translation>
    </message>
    <message>
        <source>History not available: %1</source>
        <translation>履歴を利用できません：%1</translation>
    </message>
    <message>
        <source>Tap a pen to show its scale on the value axis</source>
        <translation>ペンをタップすると値軸にその目盛を表示</translation>
    </message>
    <message>
        <source>%1 doubtful</source>
        <translation>不確か %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Remove this pen</source>
        <translation>このペンを削除</translation>
    </message>
    <message>
        <source>Remove pen %1</source>
        <translation>ペン %1 を削除</translation>
    </message>
    <message>
        <source>minute rollups</source>
        <translation>1分集計</translation>
    </message>
    <message>
        <source>samples</source>
        <translation>生データ</translation>
    </message>
    <message>
        <source> · %1 per point, from %2</source>
        <translation> · 1点あたり %1、%2 から</translation>
    </message>
    <message>
        <source>live</source>
        <translation>ライブ</translation>
    </message>
    <message>
        <source>history</source>
        <translation>履歴</translation>
    </message>
    <message>
        <source>%1 to %2 (%3), %4%5.</source>
        <translation>%1 ～ %2（%3）、%4%5。</translation>
    </message>
    <message>
        <source>Export the shown trend</source>
        <translation>表示中のトレンドを出力</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 を書き込めませんでした：%2</translation>
    </message>
    <message>
        <source>Exported %1 rows to %2</source>
        <translation>%1 行を %2 に出力しました</translation>
    </message>
</context>
<context>
    <name>UserTableModel</name>
    <message>
        <source>User id</source>
        <translation>ユーザーID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>ロール</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>ステータス</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>バッジ</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>最終サインイン</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>あり</translation>
    </message>
    <message>
        <source>no</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>never</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>LOCKED (%1 failed attempts)</source>
        <translation>ロック中（失敗 %1 回）</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>無効</translation>
    </message>
    <message>
        <source>active</source>
        <translation>有効</translation>
    </message>
    <message>
        <source>must change at sign-in</source>
        <translation>サインイン時に変更が必要</translation>
    </message>
    <message>
        <source>EXPIRED (%1 days old)</source>
        <translation>期限切れ（%1 日経過）</translation>
    </message>
    <message>
        <source>%1 d old, expires in %2 d</source>
        <translation>%1 日経過、残り %2 日</translation>
    </message>
</context>
</TS>
