"""Every CellDeck screen text in Dutch and Japanese: English source -> (nl, ja).

``python3 dev.py translations`` writes these into resources/translations/*.ts after
lupdate, so this file is where translations are made and reviewed; the .ts files are
generated (a translation typed into Qt Linguist is overwritten unless it is copied here).

Words used throughout (GMP cleanroom and ISA standards as plant people say them):

    batch            batch                  バッチ
    recipe           recept                 レシピ
    bay              positie                ベイ
    chain of identity  identiteitsketen     同一性の連鎖 (CoI stays CoI)
    deviation        afwijking              逸脱
    acknowledge      bevestigen             確認
    shelve           parkeren               シェルブ            (ISA-18.2)
    out of service   buiten dienst          使用停止
    hold / held      vasthouden / vastgehouden   保留          (ISA-88)
    restart          herstarten             再始動
    abort            afbreken               中止
    sign, signature  ondertekenen, handtekening  署名
    audit trail      audittrail             監査証跡
    batch record     batchdossier           バッチ記録
    review / approve beoordelen / goedkeuren    照査 / 承認
    sign in / out    aanmelden / afmelden   サインイン / サインアウト

Keep a translation about as long as the English where it sits on a button or in a table
header (Dutch runs longer: abbreviate sensibly), keep every %1 place and line break.
``IN_CONTEXT`` holds the few texts whose words differ by where they stand (a verb on a
button, a noun in a header).
"""

from __future__ import annotations

LANGUAGE_COLUMN = {"nl": 0, "ja": 1}

CATALOG: dict[str, tuple[str, str]] = {
    # -- common words and buttons ---------------------------------------------------------
    "Cancel": ("Annuleren", "キャンセル"),
    "Reason": ("Reden", "理由"),
    "Password": ("Wachtwoord", "パスワード"),
    "User id": ("Gebruikers-id", "ユーザーID"),
    "Full name": ("Volledige naam", "氏名"),
    "Name": ("Naam", "名前"),
    "Role": ("Rol", "ロール"),
    "Badge": ("Badge", "バッジ"),
    "PIN": ("PIN", "PIN"),
    "Search": ("Zoeken", "検索"),
    "Refresh": ("Vernieuwen", "更新"),
    "Newer": ("Nieuwer", "新しい"),
    "Older": ("Ouder", "古い"),
    "#": ("#", "#"),
    "Time": ("Tijd", "時刻"),
    "Time (UTC)": ("Tijd (UTC)", "時刻 (UTC)"),
    "State": ("Status", "状態"),
    "Status": ("Status", "ステータス"),
    "Value": ("Waarde", "値"),
    "Kind": ("Soort", "種類"),
    "Step": ("Stap", "ステップ"),
    "Steps": ("Stappen", "ステップ"),
    "Why": ("Waarom", "理由"),
    "Who": ("Wie", "実施者"),
    "What": ("Wat", "内容"),
    "When / who": ("Wanneer / wie", "日時 / 実施者"),
    "Old → new": ("Oud → nieuw", "変更前 → 変更後"),
    "none": ("geen", "なし"),
    "yes": ("ja", "あり"),
    "no": ("nee", "なし"),
    "never": ("nooit", "なし"),
    "Last hour": ("Afgelopen uur", "過去1時間"),
    "Last 8 hours": ("Afgelopen 8 uur", "過去8時間"),
    "Last 24 hours": ("Afgelopen 24 uur", "過去24時間"),
    "Last 7 days": ("Afgelopen 7 dagen", "過去7日間"),
    "Last 30 days": ("Afgelopen 30 dagen", "過去30日間"),
    "Any time": ("Altijd", "全期間"),
    "Everything": ("Alles", "すべて"),
    "Between…": ("Tussen…", "期間指定…"),
    "From": ("Van", "開始"),
    "to": ("tot", "～"),
    # -- durations ------------------------------------------------------------------------
    "%1 min": ("%1 min", "%1分"),
    "%1 min %2 s": ("%1 min %2 s", "%1分%2秒"),
    "%1 h %2 min": ("%1 u %2 min", "%1時間%2分"),
    "%1 h": ("%1 u", "%1時間"),
    "%1 d %2 h": ("%1 d %2 u", "%1日%2時間"),
    "%1 d": ("%1 d", "%1日"),
    "%1 minutes": ("%1 minuten", "%1分"),
    "%1 hours": ("%1 uur", "%1時間"),
    # -- main window, navigation ----------------------------------------------------------
    "Overview": ("Overzicht", "概要"),
    "Fleet": ("Vloot", "フリート"),
    "Shuttles": ("Shuttles", "シャトル"),
    "Batches": ("Batches", "バッチ"),
    "QC": ("QC", "QC"),
    "Alarms": ("Alarmen", "アラーム"),
    "Trends": ("Trends", "トレンド"),
    "Records": ("Dossiers", "記録"),
    "Admin": ("Beheer", "管理"),
    "Language": ("Taal", "言語"),
    "Leave kiosk": ("Kiosk verlaten", "キオスク終了"),
    "One shuttle in depth (ISA-101 level 2) and each cartridge in detail (level 3).": (
        "Eén shuttle in detail (ISA-101 niveau 2) en elke cartridge in detail (niveau 3).",
        "1台のシャトルの詳細（ISA-101 レベル2）と各カートリッジの詳細（レベル3）。",
    ),
    "bays and modules, robot mover, doors and interlocks": (
        "posities en modules, robot, deuren en vergrendelingen",
        "ベイとモジュール、搬送ロボット、扉とインターロック",
    ),
    "media, reagent and waste inventories, power and UPS": (
        "voorraad media, reagentia en afval, voeding en UPS",
        "培地・試薬・廃液の在庫、電源とUPS",
    ),
    "cartridge view: critical process parameters against limits, batch steps, bay alarms": (
        "cartridgeweergave: kritische procesparameters tegen grenzen, batchstappen, "
        "positie-alarmen",
        "カートリッジ表示：重要工程パラメータと管理限界、バッチステップ、ベイのアラーム",
    ),
    "setpoint changes by touch keypad with range check, confirmation and audit trail": (
        "setpointwijzigingen via aanraaktoetsenbord met bereikcontrole, bevestiging en audittrail",
        "タッチキーパッドによる設定値変更（範囲チェック、確認、監査証跡付き）",
    ),
    "Quality control": ("Kwaliteitscontrole", "品質管理"),
    "The Cell Q instruments and release testing.": (
        "De Cell Q-instrumenten en vrijgavetesten.",
        "Cell Q 装置と出荷試験。",
    ),
    "sample queue and running assays with time remaining": (
        "monsterwachtrij en lopende assays met resterende tijd",
        "サンプル待ち行列と実行中の試験（残り時間付き）",
    ),
    "results against specification with pass or fail": (
        "resultaten tegen specificatie met goed- of afkeuring",
        "規格に対する結果と合否",
    ),
    "which batch each sample belongs to": (
        "bij welke batch elk monster hoort",
        "各サンプルが属するバッチ",
    ),
    "Not available in this build.": (
        "Niet beschikbaar in deze versie.",
        "このバージョンでは利用できません。",
    ),
    "This page will hold:": ("Deze pagina gaat bevatten:", "このページに表示予定の内容："),
    # -- header ---------------------------------------------------------------------------
    "Not signed in": ("Niet aangemeld", "未サインイン"),
    "sign-out %1 min": ("afmelden %1 min", "サインアウトまで%1分"),
    "Change password…": ("Wachtwoord wijzigen…", "パスワード変更…"),
    "Sign out": ("Afmelden", "サインアウト"),
    "%1 local\n%2 UTC": ("%1 lokaal\n%2 UTC", "%1 現地\n%2 UTC"),
    "%1 of %2 devices connected": (
        "%1 van %2 apparaten verbonden",
        "%2台中%1台の装置が接続中",
    ),
    "connected": ("verbonden", "接続中"),
    "connecting": ("verbinden…", "接続処理中"),
    "disconnected": ("verbroken", "切断"),
    "LOST": ("VERLOREN", "通信断"),
    "Automatic sign-out warning": (
        "Waarschuwing automatisch afmelden",
        "自動サインアウトの警告",
    ),
    "Signing out in %1 s — touch to stay": (
        "Afmelden over %1 s — raak aan om te blijven",
        "%1秒後にサインアウト — 画面に触れると継続",
    ),
    # -- value quality --------------------------------------------------------------------
    "COMM LOSS": ("GEEN COMM.", "通信断"),
    "SENSOR FAULT": ("SENSORFOUT", "センサ異常"),
    "STALE": ("VEROUDERD", "更新停止"),
    "OUT OF RANGE": ("BUITEN BEREIK", "範囲外"),
    "NOT CONNECTED": ("NIET VERBONDEN", "未接続"),
    "MODULE FAULT": ("MODULEFOUT", "モジュール異常"),
    "NOISY": ("RUIS", "ノイズ"),
    "BAD": ("SLECHT", "不良"),
    # -- overview, shuttle tiles, fleet ---------------------------------------------------
    "EMPTY": ("LEEG", "空き"),
    "IDLE": ("INACTIEF", "待機"),
    "RUNNING": ("IN BEDRIJF", "運転中"),
    "COMPLETE": ("VOLTOOID", "完了"),
    "STOPPED": ("GESTOPT", "停止"),
    "FAULT": ("STORING", "故障"),
    "MOVING": ("BEWEEGT", "移動中"),
    "MAINTENANCE": ("ONDERHOUD", "保守中"),
    "MAINS": ("NET", "商用電源"),
    "BATTERY": ("BATTERIJ", "バッテリー"),
    "Selection": ("Selectie", "選別"),
    "Activation": ("Activering", "活性化"),
    "Electroporation": ("Elektroporatie", "電気穿孔"),
    "Transduction": ("Transductie", "形質導入"),
    "Expansion": ("Expansie", "拡大培養"),
    "Wash": ("Wassen", "洗浄"),
    "Formulate/fill": ("Formuleren/vullen", "製剤化/充填"),
    "Freezing": ("Invriezen", "凍結"),
    "Robot %1 · %2": ("Robot %1 · %2", "ロボット %1 · %2"),
    "COMMUNICATION LOST": ("COMMUNICATIE VERLOREN", "通信断"),
    "+%1 more on the QC and Environment pages": (
        "+%1 meer op de pagina's QC en Omgeving",
        "他 %1 件は QC・環境ページに表示",
    ),
    "State %1 · %2 samples · %3 assays running": (
        "Status %1 · %2 monsters · %3 assays lopend",
        "状態 %1 · サンプル %2 · 試験中 %3",
    ),
    "≥0.5 µm %1": ("≥0,5 µm %1", "≥0.5 µm %1"),
    "▶ %1 running · %2/%3 bays": (
        "▶ %1 actief · %2/%3 posities",
        "▶ 運転中 %1 · %2/%3 ベイ",
    ),
    "◆ %1 FAULT": ("◆ %1 STORING", "◆ 故障 %1"),
    "QC instrument": ("QC-instrument", "QC装置"),
    "Room monitor": ("Ruimtemonitor", "室内モニタ"),
    "%1 unack · %2 standing": ("%1 onbev. · %2 staand", "未確認 %1 · 継続中 %2"),
    "%1 unack · %2 stand.": ("%1 onb. · %2 st.", "未確認%1·継続%2"),
    "▶ %1 · %2/%3 bays": ("▶ %1 · %2/%3 pos.", "▶ %1 · %2/%3 ベイ"),
    "▶ %1": ("▶ %1", "▶ %1"),
    "COMMS LOST": ("GEEN VERB.", "通信断"),
    "no alarms": ("geen alarmen", "アラームなし"),
    "%1 units · %2 with standing alarms · %3 not connected · ranked by urgency": (
        "%1 eenheden · %2 met staande alarmen · %3 niet verbonden · op urgentie gesorteerd",
        "%1 ユニット · 継続中アラームあり %2 · 未接続 %3 · 緊急度順",
    ),
    # -- alarms: priorities, states, banner -----------------------------------------------
    "Critical": ("Kritiek", "緊急"),
    "High": ("Hoog", "高"),
    "Medium": ("Middel", "中"),
    "Low": ("Laag", "低"),
    "Normal": ("Normaal", "正常"),
    "Active, unack": ("Actief, onbev.", "発生中・未確認"),
    "Active, acked": ("Actief, bev.", "発生中・確認済"),
    "Returned, unack": ("Hersteld, onbev.", "復帰・未確認"),
    "Returned, latched, unack": ("Hersteld, vergrendeld, onbev.", "復帰・ラッチ・未確認"),
    "Latched: reset needed": ("Vergrendeld: reset nodig", "ラッチ：要リセット"),
    "Shelved": ("Geparkeerd", "シェルブ中"),
    "Suppressed by design": ("Onderdrukt (ontwerp)", "設計抑制"),
    "Out of service": ("Buiten dienst", "使用停止"),
    "Silence": ("Dempen", "消音"),
    "FIRST OUT": ("EERSTE MELDING", "ファーストアウト"),
    "ALARM FLOOD in %1: first-out shown first; every alarm is kept": (
        "ALARMVLOED in %1: eerste melding bovenaan; elk alarm wordt bewaard",
        "アラームフラッド発生 %1：ファーストアウトを先頭に表示、全アラームを保持",
    ),
    "No unacknowledged alarms. Not connected: %1": (
        "Geen onbevestigde alarmen. Niet verbonden: %1",
        "未確認アラームなし。未接続：%1",
    ),
    "No unacknowledged alarms · %1 acknowledged standing · %2 shelved or out of service": (
        "Geen onbevestigde alarmen · %1 bevestigd staand · %2 geparkeerd of buiten dienst",
        "未確認アラームなし · 確認済み継続中 %1 · シェルブ/使用停止 %2",
    ),
    # -- alarms page ----------------------------------------------------------------------
    "Summary": ("Alarmoverzicht", "一覧"),
    "History": ("Historie", "履歴"),
    "Performance": ("Prestaties", "パフォーマンス"),
    "Priority": ("Prioriteit", "優先度"),
    "Area": ("Gebied", "エリア"),
    "Source": ("Bron", "発生源"),
    "Alarm": ("Alarm", "アラーム"),
    "Limit": ("Grens", "限界値"),
    "All priorities": ("Alle prioriteiten", "全優先度"),
    "Standing and unacknowledged": ("Staand en onbevestigd", "継続中と未確認"),
    "Unacknowledged only": ("Alleen onbevestigd", "未確認のみ"),
    "Shelved, suppressed, out of service": (
        "Geparkeerd, onderdrukt, buiten dienst",
        "シェルブ・抑制・使用停止",
    ),
    "Everything not normal": ("Alles niet normaal", "正常以外すべて"),
    "All areas": ("Alle gebieden", "全エリア"),
    "Group by source": ("Per bron groeperen", "発生源別"),
    "Comment (optional for acknowledge)": (
        "Opmerking (optioneel bij bevestigen)",
        "コメント（確認時は任意）",
    ),
    "Acknowledge": ("Bevestigen", "確認"),
    "Ack all shown": ("Alle bevestigen", "表示分を確認"),
    "Reset latch": ("Ontgrendelen", "ラッチ解除"),
    "Shelve…": ("Parkeren…", "シェルブ…"),
    "Out of service…": ("Buiten dienst…", "使用停止…"),
    "Go to equipment": ("Naar apparatuur", "設備へ移動"),
    "ALARM FLOOD in %1: %2 alarms, first-out at the top, grouped by source. Nothing is "
    "dropped; every alarm is journaled.": (
        "ALARMVLOED in %1: %2 alarmen, eerste melding bovenaan, per bron gegroepeerd. Er "
        "gaat niets verloren; elk alarm wordt gejournaliseerd.",
        "アラームフラッド発生 %1：%2 件。ファーストアウトを先頭に発生源別に表示しています。"
        "破棄されるアラームはなく、すべて記録されます。",
    ),
    "%1 selected": ("%1 geselecteerd", "%1 件選択"),
    "Cause": ("Oorzaak", "原因"),
    "Consequence": ("Gevolg", "影響"),
    "Action": ("Actie", "対処"),
    "Shelved until %1: %2": ("Geparkeerd tot %1: %2", "%1 までシェルブ中：%2"),
    "Acknowledged by %1": ("Bevestigd door %1", "確認者：%1"),
    "Sign in to acknowledge or shelve alarms.": (
        "Meld u aan om alarmen te bevestigen of te parkeren.",
        "アラームの確認・シェルブにはサインインが必要です。",
    ),
    "Acknowledged %1 alarm(s).": ("%1 alarm(en) bevestigd.", "%1 件のアラームを確認しました。"),
    "Shelve alarm": ("Alarm parkeren", "アラームのシェルブ"),
    "Shelve for:": ("Parkeren voor:", "シェルブ時間："),
    "Enter the reason for shelving in the comment field.": (
        "Vul de reden voor parkeren in het opmerkingveld in.",
        "シェルブの理由をコメント欄に入力してください。",
    ),
    "Enter why the alarm goes out of service in the comment field.": (
        "Vul in het opmerkingveld in waarom het alarm buiten dienst gaat.",
        "使用停止にする理由をコメント欄に入力してください。",
    ),
    "Tag or alarm contains…": ("Tag of alarm bevat…", "タグまたはアラームを含む…"),
    "Export CSV…": ("CSV exporteren…", "CSV出力…"),
    "Event": ("Gebeurtenis", "イベント"),
    "User / comment": ("Gebruiker / opmerking", "ユーザー / コメント"),
    "%1 journal entries": ("%1 journaalregels", "履歴 %1 件"),
    "Export alarm history": ("Alarmhistorie exporteren", "アラーム履歴の出力"),
    "Exported %1 rows to %2": ("%1 regels geëxporteerd naar %2", "%1 行を %2 に出力しました"),
    "Calculate": ("Berekenen", "計算"),
    "Alarms per 10 minutes (guidance ≤ 1, max 2)": (
        "Alarmen per 10 minuten (richtlijn ≤ 1, max 2)",
        "10分あたりのアラーム数（目安 ≤ 1、最大 2）",
    ),
    "Alarms per hour (guidance ≤ 6, max 12)": (
        "Alarmen per uur (richtlijn ≤ 6, max 12)",
        "1時間あたりのアラーム数（目安 ≤ 6、最大 12）",
    ),
    "Peak alarms in any 10 minutes (max 10)": (
        "Piek in willekeurige 10 minuten (max 10)",
        "任意の10分間の最大アラーム数（最大 10）",
    ),
    "Time in flood (guidance < 1 %)": (
        "Tijd in alarmvloed (richtlijn < 1 %)",
        "フラッド状態の時間（目安 < 1 %）",
    ),
    "Standing alarms now": ("Staande alarmen nu", "現在の継続中アラーム"),
    "Stale alarms, active > 24 h (guidance < 5)": (
        "Langdurige alarmen, actief > 24 u (richtlijn < 5)",
        "長期化アラーム（24時間超、目安 < 5）",
    ),
    "Chattering alarms (guidance: none)": (
        "Klapperende alarmen (richtlijn: geen)",
        "チャタリングアラーム（目安：なし）",
    ),
    "Top 10 most frequent (share of load)": (
        "Top 10 meest frequent (aandeel in belasting)",
        "発生頻度上位10件（負荷に占める割合）",
    ),
    "Priority split (guidance 80 / 15 / 5 % low / medium / high)": (
        "Prioriteitsverdeling (richtlijn 80 / 15 / 5 % laag / middel / hoog)",
        "優先度の配分（目安 低 / 中 / 高 = 80 / 15 / 5 %）",
    ),
    # -- batches list, new batch ----------------------------------------------------------
    "Batch": ("Batch", "バッチ"),
    "CoI": ("CoI", "CoI"),
    "Recipe": ("Recept", "レシピ"),
    "Unit": ("Eenheid", "ユニット"),
    "Current step": ("Huidige stap", "現在のステップ"),
    "Batch / CoI": ("Batch / CoI", "バッチ / CoI"),
    "Recipe / unit": ("Recept / eenheid", "レシピ / ユニット"),
    "Progress / ETA": ("Voortgang / gereed", "進捗 / 完了予定"),
    "Progress": ("Voortgang", "進捗"),
    "ETA": ("Gereed", "完了予定"),
    "Dev.": ("Afw.", "逸脱"),
    "Deviations": ("Afwijkingen", "逸脱"),
    "New batch": ("Nieuwe batch", "新規バッチ"),
    "No open batches on this station. Operators and supervisors start one with “New batch”.": (
        "Geen open batches op dit station. Operators en supervisors starten er een met "
        "„Nieuwe batch”.",
        "このステーションに実行中のバッチはありません。オペレーターと監督者は「新規バッチ」"
        "で開始できます。",
    ),
    "%1 open · %2 waiting for operator · %3 held or stopped": (
        "%1 open · %2 wachten op operator · %3 vastgehouden of gestopt",
        "実行中 %1 · オペレーター待ち %2 · 保留/停止 %3",
    ),
    "Operators and supervisors start batches": (
        "Operators en supervisors starten batches",
        "バッチを開始できるのはオペレーターと監督者です",
    ),
    "scan the cartridge label": ("scan het cartridgelabel", "カートリッジラベルをスキャン"),
    "scan the chain-of-identity label": (
        "scan het identiteitsketenlabel",
        "同一性の連鎖ラベルをスキャン",
    ),
    "Shuttle": ("Shuttle", "シャトル"),
    "Bay": ("Positie", "ベイ"),
    "Cartridge": ("Cartridge", "カートリッジ"),
    "Chain of identity": ("Identiteitsketen", "同一性の連鎖"),
    "Create batch": ("Batch aanmaken", "バッチ作成"),
    "Choose a recipe.": ("Kies een recept.", "レシピを選択してください。"),
    "Scan the cartridge and the chain-of-identity label.": (
        "Scan de cartridge en het identiteitsketenlabel.",
        "カートリッジと同一性の連鎖ラベルをスキャンしてください。",
    ),
    # -- ISA-88 states and commands -------------------------------------------------------
    "Idle": ("Inactief", "待機"),
    "Running": ("Actief", "実行中"),
    "Complete": ("Voltooid", "完了"),
    "Pausing": ("Pauzeren…", "一時停止処理中"),
    "Paused": ("Gepauzeerd", "一時停止"),
    "Holding": ("Vasthouden…", "保留処理中"),
    "Held": ("Vastgehouden", "保留"),
    "Restarting": ("Herstarten…", "再始動中"),
    "Stopping": ("Stoppen…", "停止処理中"),
    "Stopped": ("Gestopt", "停止"),
    "Aborting": ("Afbreken…", "中止処理中"),
    "Aborted": ("Afgebroken", "中止"),
    "Start": ("Starten", "開始"),
    "Pause": ("Pauzeren", "一時停止"),
    "Resume": ("Hervatten", "再開"),
    "Hold": ("Vasthouden", "保留"),
    "Restart": ("Herstarten", "再始動"),
    "Stop": ("Stoppen", "停止"),
    "Abort": ("Afbreken", "中止"),
    "Reset": ("Resetten", "リセット"),
    "Why restart batch %1?": ("Waarom batch %1 herstarten?", "バッチ %1 を再始動する理由は？"),
    "Why stop batch %1?": ("Waarom batch %1 stoppen?", "バッチ %1 を停止する理由は？"),
    "Why abort batch %1?": ("Waarom batch %1 afbreken?", "バッチ %1 を中止する理由は？"),
    "Reason for “%1” on batch %2": ("Reden voor „%1” bij batch %2", "バッチ %2 の「%1」の理由"),
    # -- batch detail ---------------------------------------------------------------------
    "WAITING FOR OPERATOR": ("WACHT OP OPERATOR", "オペレーター待ち"),
    "(in %1)": ("(over %1)", "（あと %1）"),
    "bay %1": ("positie %1", "ベイ %1"),
    "All batches": ("Alle batches", "バッチ一覧"),
    "Severity": ("Ernst", "重大度"),
    "Message": ("Melding", "メッセージ"),
    "Comment for the batch record": ("Opmerking voor het batchdossier", "バッチ記録へのコメント"),
    "Add comment": ("Opmerking toevoegen", "コメント追加"),
    "Comments": ("Opmerkingen", "コメント"),
    "Batch %1": ("Batch %1", "バッチ %1"),
    "CoI %1 · cartridge %2": ("CoI %1 · cartridge %2", "CoI %1 · カートリッジ %2"),
    "Held: %1": ("Vastgehouden: %1", "保留中：%1"),
    "Needs a signed-in user allowed to do this": (
        "Vereist een aangemelde gebruiker met deze bevoegdheid",
        "この操作の権限を持つユーザーのサインインが必要です",
    ),
    "%1/%2 steps · %3 %\nETA %4": (
        "%1/%2 stappen · %3 %\nGereed %4",
        "%1/%2 ステップ · %3 %\n完了予定 %4",
    ),
    "OUT OF LIMITS": ("BUITEN GRENZEN", "管理限界外"),
    "Deviations (%1)": ("Afwijkingen (%1)", "逸脱 (%1)"),
    "No comments yet.": ("Nog geen opmerkingen.", "コメントはまだありません。"),
    "This ends the procedure for this patient's material; it cannot be undone.": (
        "Dit beëindigt de procedure voor het materiaal van deze patiënt; dit kan niet "
        "ongedaan worden gemaakt.",
        "この患者の原料に対する工程を終了します。元に戻すことはできません。",
    ),
    "Reason (required)": ("Reden (verplicht)", "理由（必須）"),
    "done %1": ("gereed %1", "完了 %1"),
    "done": ("gereed", "完了"),
    "started %1": ("gestart %1", "開始 %1"),
    "%1 left": ("nog %1", "残り %1"),
    "waiting for the operator": ("wacht op de operator", "オペレーター待ち"),
    "expected %1": ("verwacht %1", "予定 %1"),
    # -- manual step ----------------------------------------------------------------------
    "%1 to %2": ("%1 tot %2", "%1～%2"),
    "Nothing to do by hand in this step.": (
        "In deze stap is geen handwerk nodig.",
        "このステップに手作業はありません。",
    ),
    "Sign in to work this step.": (
        "Meld u aan om deze stap uit te voeren.",
        "このステップを実施するにはサインインしてください。",
    ),
    "Your role cannot work batch steps.": (
        "Uw rol mag geen batchstappen uitvoeren.",
        "現在のロールではバッチステップを実施できません。",
    ),
    "Scan": ("Scannen", "スキャン"),
    "scan or type": ("scannen of typen", "スキャンまたは入力"),
    "scan or type, e.g. %1": ("scannen of typen, bijv. %1", "スキャンまたは入力（例：%1）"),
    "Confirm": ("Bevestigingen", "確認事項"),
    "Enter": ("Invoeren", "入力"),
    "(limits %1)": ("(grenzen %1)", "（管理限界 %1）"),
    "Sign": ("Ondertekenen", "署名"),
    "Sign as %1": ("Ondertekenen als %1", "%1として署名"),
    "Finish the scans, confirmations and entries to sign.": (
        "Rond eerst de scans, bevestigingen en invoer af om te ondertekenen.",
        "署名の前にスキャン・確認・入力を完了してください。",
    ),
    "Scan the barcode first.": ("Scan eerst de barcode.", "先にバーコードをスキャンしてください。"),
    "Enter a number.": ("Voer een getal in.", "数値を入力してください。"),
    # -- signatures -----------------------------------------------------------------------
    "Electronic signature": ("Elektronische handtekening", "電子署名"),
    "Sign as: %1": ("Ondertekenen als: %1", "署名の意味：%1"),
    "Your electronic signature is the legally binding equivalent of your handwritten "
    "signature. It is recorded with your printed name, the date and time, and this "
    "meaning, and is bound to the record's content": (
        "Uw elektronische handtekening is het wettelijk bindende equivalent van uw "
        "handgeschreven handtekening. Ze wordt vastgelegd met uw naam, datum en tijd en deze "
        "betekenis, en is gekoppeld aan de inhoud van het dossier",
        "電子署名は手書き署名と同等の法的拘束力を持ちます。氏名、日時、署名の意味とともに"
        "記録され、記録の内容に結び付けられます",
    ),
    "Enter your user id and password to sign.": (
        "Voer uw gebruikers-id en wachtwoord in om te ondertekenen.",
        "署名するにはユーザーIDとパスワードを入力してください。",
    ),
    "performed": ("uitgevoerd", "実施"),
    "verified": ("geverifieerd", "検証済み"),
    "reviewed": ("beoordeeld", "照査"),
    "approved": ("goedgekeurd", "承認済み"),
    "%1 by %2 (%3), %4": ("%1 door %2 (%3), %4", "%1：%2（%3）、%4"),
    "I performed this step as recorded.": (
        "Ik heb deze stap uitgevoerd zoals vastgelegd.",
        "私はこのステップを記録どおりに実施しました。",
    ),
    "I witnessed this step and verify it was performed as recorded.": (
        "Ik heb deze stap bijgewoond en verifieer dat ze is uitgevoerd zoals vastgelegd.",
        "私はこのステップに立ち会い、記録どおりに実施されたことを検証します。",
    ),
    "I reviewed this record.": ("Ik heb dit dossier beoordeeld.", "私はこの記録を照査しました。"),
    "I approve this record.": ("Ik keur dit dossier goed.", "私はこの記録を承認します。"),
    "Signature": ("Handtekening", "署名"),
    "Signatures": ("Handtekeningen", "署名"),
    "Signature (printed name, meaning, UTC)": (
        "Handtekening (naam, betekenis, UTC)",
        "署名（氏名、意味、UTC）",
    ),
    "Statement": ("Verklaring", "宣誓文"),
    "Check": ("Controle", "検証結果"),
    "seal and content": ("zegel en inhoud", "封印と内容"),
    "seal": ("zegel", "封印"),
    "verified (%1)": ("geverifieerd (%1)", "検証済み（%1）"),
    "FAILED: %1": ("ONGELDIG: %1", "検証失敗：%1"),
    "not checked": ("niet gecontroleerd", "未検証"),
    "%1 signatures shown": ("%1 handtekeningen getoond", "署名 %1 件を表示"),
    "%1 FAIL verification": ("%1 NIET GELDIG", "検証失敗 %1 件"),
    # -- roles ----------------------------------------------------------------------------
    "operator": ("operator", "オペレーター"),
    "supervisor": ("supervisor", "監督者"),
    "QA": ("QA", "QA"),
    "maintenance": ("onderhoud", "保全"),
    "administrator": ("beheerder", "管理者"),
    "kiosk": ("kiosk", "キオスク"),
    "supervisor's desk": ("supervisorwerkplek", "監督者席"),
    # -- deviations and exceptions --------------------------------------------------------
    "◆ critical": ("◆ kritisch", "◆ 重大"),
    "▲ major": ("▲ ernstig", "▲ 中程度"),
    "■ minor": ("■ gering", "■ 軽微"),
    "● info": ("● info", "● 情報"),
    "%1 ◆ critical": ("%1 ◆ kritisch", "%1 ◆ 重大"),
    # -- records --------------------------------------------------------------------------
    "Batch records": ("Batchdossiers", "バッチ記録"),
    "Audit trail": ("Audittrail", "監査証跡"),
    "Batch / recipe": ("Batch / recept", "バッチ / レシピ"),
    "Created / ended": ("Aangemaakt / beëindigd", "作成 / 終了"),
    "Exceptions": ("Uitzonderingen", "例外"),
    "QA review": ("QA-beoordeling", "QA照査"),
    "%1 batch · %2 in progress · %3 to review or approve · %4 approved": (
        "%1 batch · %2 in uitvoering · %3 te beoordelen of goed te keuren · %4 goedgekeurd",
        "バッチ %1 件 · 進行中 %2 · 照査/承認待ち %3 · 承認済み %4",
    ),
    "%1 batches · %2 in progress · %3 to review or approve · %4 approved": (
        "%1 batches · %2 in uitvoering · %3 te beoordelen of goed te keuren · %4 goedgekeurd",
        "バッチ %1 件 · 進行中 %2 · 照査/承認待ち %3 · 承認済み %4",
    ),
    "No batch records on this station yet.": (
        "Nog geen batchdossiers op dit station.",
        "このステーションにはまだバッチ記録がありません。",
    ),
    "All records": ("Alle dossiers", "記録一覧"),
    "Export the record as %1": ("Dossier exporteren als %1", "記録を %1 で出力"),
    "Review…": ("Beoordelen…", "照査…"),
    "Approve…": ("Goedkeuren…", "承認…"),
    "What / step": ("Wat / stap", "内容 / ステップ"),
    "Detail": ("Details", "詳細"),
    "Started / ended": ("Gestart / beëindigd", "開始 / 終了"),
    "Duration": ("Duur", "所要時間"),
    "Events": ("Gebeurtenissen", "イベント"),
    "Batch record %1": ("Batchdossier %1", "バッチ記録 %1"),
    "created %1 · ended %2": ("aangemaakt %1 · beëindigd %2", "作成 %1 · 終了 %2"),
    "%1 exception(s)": ("%1 uitzondering(en)", "例外 %1 件"),
    "QA: %1": ("QA: %1", "QA：%1"),
    "Exceptions (%1)": ("Uitzonderingen (%1)", "例外 (%1)"),
    "Steps (%1/%2)": ("Stappen (%1/%2)", "ステップ (%1/%2)"),
    "Signatures (%1)": ("Handtekeningen (%1)", "署名 (%1)"),
    "Events (%1)": ("Gebeurtenissen (%1)", "イベント (%1)"),
    "The batch has not ended: its record is reviewed and approved after.": (
        "De batch is niet beëindigd: het dossier wordt daarna beoordeeld en goedgekeurd.",
        "バッチは終了していません。記録の照査と承認は終了後に行います。",
    ),
    "Approved. Any later change to the record voids the approval.": (
        "Goedgekeurd. Elke latere wijziging van het dossier maakt de goedkeuring ongeldig.",
        "承認済み。以降に記録が変更されると承認は無効になります。",
    ),
    "QA reviews and approves batch records: sign in as QA.": (
        "QA beoordeelt en keurt batchdossiers goed: meld u aan als QA.",
        "バッチ記録の照査と承認は QA が行います。QA としてサインインしてください。",
    ),
    "Review the exceptions, then sign the review; a second QA person approves.": (
        "Beoordeel de uitzonderingen en onderteken de beoordeling; een tweede QA-persoon "
        "keurt goed.",
        "例外を照査してから照査の署名をしてください。承認は別の QA 担当者が行います。",
    ),
    "Reviewed. A second QA person approves the record.": (
        "Beoordeeld. Een tweede QA-persoon keurt het dossier goed.",
        "照査済み。記録の承認は別の QA 担当者が行います。",
    ),
    "Exports: supervisors and QA.": ("Exporteren: supervisors en QA.", "出力：監督者と QA。"),
    "Writing %1…": ("%1 wordt geschreven…", "%1 を書き込み中…"),
    "Could not write the export: %1": (
        "Export kon niet worden geschreven: %1",
        "出力ファイルを書き込めませんでした：%1",
    ),
    "Exported to %1": ("Geëxporteerd naar %1", "%1 に出力しました"),
    "approved (signature not checked: no audit key)": (
        "goedgekeurd (handtekening niet gecontroleerd: geen auditsleutel)",
        "承認済み（署名未検証：監査キーなし）",
    ),
    "APPROVAL VOID: record changed after approval": (
        "GOEDKEURING ONGELDIG: dossier gewijzigd na goedkeuring",
        "承認無効：承認後に記録が変更されました",
    ),
    "reviewed, awaiting approval": ("beoordeeld, wacht op goedkeuring", "照査済み、承認待ち"),
    "reviewed (signature not checked: no audit key), awaiting approval": (
        "beoordeeld (handtekening niet gecontroleerd: geen auditsleutel), wacht op goedkeuring",
        "照査済み（署名未検証：監査キーなし）、承認待ち",
    ),
    "REVIEW VOID: record changed after review": (
        "BEOORDELING ONGELDIG: dossier gewijzigd na beoordeling",
        "照査無効：照査後に記録が変更されました",
    ),
    "not reviewed": ("niet beoordeeld", "未照査"),
    "in progress": ("in uitvoering", "進行中"),
    "IN PROGRESS - not for release": (
        "IN UITVOERING - niet voor vrijgave",
        "進行中 - 出荷判定には使用不可",
    ),
    "current": ("huidig", "実行中"),
    "not started": ("niet gestart", "未開始"),
    # -- audit trail ----------------------------------------------------------------------
    "User (id or name)": ("Gebruiker (id of naam)", "ユーザー（IDまたは氏名）"),
    "Object contains… (batch, tag, user)": (
        "Object bevat… (batch, tag, gebruiker)",
        "対象を含む…（バッチ、タグ、ユーザー）",
    ),
    "Action contains…": ("Actie bevat…", "操作を含む…"),
    "Action / object": ("Actie / object", "操作 / 対象"),
    "Verify audit trail": ("Audittrail verifiëren", "監査証跡を検証"),
    "Entries %1 to %2 of %3, newest first": (
        "Regels %1 tot %2 van %3, nieuwste eerst",
        "全 %3 件中 %1～%2 件目（新しい順）",
    ),
    "Verifying the whole audit trail…": (
        "De volledige audittrail wordt geverifieerd…",
        "監査証跡全体を検証中…",
    ),
    "Audit trail intact: %1 entries, hash chain, seals and end checked": (
        "Audittrail intact: %1 regels, hashketen, zegels en einde gecontroleerd",
        "監査証跡は完全です：%1 件、ハッシュチェーン・封印・末尾を検証済み",
    ),
    "Audit trail intact: %1 entries, hash chain and seals checked (end not checked)": (
        "Audittrail intact: %1 regels, hashketen en zegels gecontroleerd (einde niet "
        "gecontroleerd)",
        "監査証跡は完全です：%1 件、ハッシュチェーン・封印を検証済み（末尾は未検証）",
    ),
    "AUDIT TRAIL BROKEN at entry %1: %2": (
        "AUDITTRAIL VERBROKEN bij regel %1: %2",
        "監査証跡の破損：%1 件目：%2",
    ),
    # -- trends ---------------------------------------------------------------------------
    "%1 bay %2": ("%1 positie %2", "%1 ベイ %2"),
    "Live values since the tag was chosen. Historical trends, several pens, limits, cursor "
    "readout and export are not available in this build.": (
        "Live waarden sinds de tag is gekozen. Historische trends, meerdere pennen, grenzen, "
        "cursoruitlezing en export zijn niet beschikbaar in deze versie.",
        "タグを選択してからのライブ値です。過去トレンド、複数ペン、管理限界、カーソル読み取り、"
        "出力はこのバージョンでは利用できません。",
    ),
    "Temperature": ("Temperatuur", "温度"),
    "pH": ("pH", "pH"),
    "Dissolved oxygen": ("Opgeloste zuurstof", "溶存酸素"),
    "CO2": ("CO2", "CO2"),
    "Glucose": ("Glucose", "グルコース"),
    "Lactate": ("Lactaat", "乳酸"),
    "Viable cell density": ("Levende-celdichtheid", "生細胞密度"),
    "Viability": ("Viabiliteit", "生存率"),
    # -- sign-in, first administrator, password change ------------------------------------
    "Sign in": ("Aanmelden", "サインイン"),
    "Scan your badge": ("Scan uw badge", "バッジをスキャン"),
    "Badge and PIN": ("Badge en PIN", "バッジとPIN"),
    "User id and password": ("Gebruikers-id en wachtwoord", "ユーザーIDとパスワード"),
    "Set up this station": ("Dit station inrichten", "ステーションの初期設定"),
    "This station has no users yet. Create the first administrator: they sign in to create "
    "accounts for operators, supervisors, QA and maintenance. There is no default password.": (
        "Dit station heeft nog geen gebruikers. Maak de eerste beheerder aan: die meldt zich "
        "aan en maakt accounts voor operators, supervisors, QA en onderhoud. Er is geen "
        "standaardwachtwoord.",
        "このステーションにはまだユーザーがいません。最初の管理者を作成してください。"
        "管理者はサインインして、オペレーター、監督者、QA、保全のアカウントを作成します。"
        "初期パスワードはありません。",
    ),
    "Repeat password": ("Herhaal wachtwoord", "パスワード（確認）"),
    "Later": ("Later", "後で"),
    "Create administrator": ("Beheerder aanmaken", "管理者を作成"),
    "The two passwords differ.": (
        "De twee wachtwoorden verschillen.",
        "2つのパスワードが一致しません。",
    ),
    "Change password": ("Wachtwoord wijzigen", "パスワード変更"),
    "Change password for %1": ("Wachtwoord wijzigen voor %1", "%1 のパスワード変更"),
    "At least %1 characters with a letter and a digit, not your user id, and none of your "
    "last %2 passwords. Passwords expire after %3 days.": (
        "Minstens %1 tekens met een letter en een cijfer, niet uw gebruikers-id en geen van "
        "uw laatste %2 wachtwoorden. Wachtwoorden verlopen na %3 dagen.",
        "%1文字以上で英字と数字を含み、ユーザーIDと異なり、直近 %2 回のパスワードと異なる"
        "ものにしてください。パスワードの有効期限は %3 日です。",
    ),
    "Current password": ("Huidig wachtwoord", "現在のパスワード"),
    "New password": ("Nieuw wachtwoord", "新しいパスワード"),
    "Repeat new password": ("Herhaal nieuw wachtwoord", "新しいパスワード（確認）"),
    "Enter your current password.": (
        "Voer uw huidige wachtwoord in.",
        "現在のパスワードを入力してください。",
    ),
    "The two new passwords differ; type them again.": (
        "De twee nieuwe wachtwoorden verschillen; typ ze opnieuw.",
        "新しいパスワードが一致しません。もう一度入力してください。",
    ),
    # -- kiosk ----------------------------------------------------------------------------
    "This is a kiosk: only an administrator can close CellDeck (Leave kiosk).": (
        "Dit is een kiosk: alleen een beheerder kan CellDeck sluiten (Kiosk verlaten).",
        "キオスクモードです。CellDeck を閉じられるのは管理者だけです（キオスク終了）。",
    ),
    "Closing the kiosk stops the operators' screen beside the equipment. The plant keeps "
    "running. An administrator signs for it; it is recorded in the audit trail.": (
        "Sluiten van de kiosk stopt het operatorscherm bij de apparatuur. De installatie "
        "blijft draaien. Een beheerder ondertekent hiervoor; dit wordt vastgelegd in de "
        "audittrail.",
        "キオスクを閉じると設備横のオペレーター画面が停止します。プラントは稼働を続けます。"
        "管理者が署名し、監査証跡に記録されます。",
    ),
    "e.g. software update, PC maintenance": (
        "bijv. software-update, pc-onderhoud",
        "例：ソフトウェア更新、PC保守",
    ),
    "Administrator": ("Beheerder", "管理者"),
    "Stay in kiosk": ("In kiosk blijven", "キオスクを継続"),
    "Close CellDeck": ("CellDeck sluiten", "CellDeck を終了"),
    "Enter user id, password and the reason.": (
        "Voer gebruikers-id, wachtwoord en reden in.",
        "ユーザーID、パスワード、理由を入力してください。",
    ),
    # -- administration -------------------------------------------------------------------
    "(optional)": ("(optioneel)", "（任意）"),
    "Repeat %1": ("Herhaal %1", "%1（確認）"),
    "Why: goes into the audit trail": (
        "Waarom: komt in de audittrail",
        "理由：監査証跡に記録されます",
    ),
    "The two passwords differ; type them again.": (
        "De twee wachtwoorden verschillen; typ ze opnieuw.",
        "2つのパスワードが一致しません。もう一度入力してください。",
    ),
    "Sign in as an administrator first.": (
        "Meld u eerst aan als beheerder.",
        "先に管理者としてサインインしてください。",
    ),
    "Administration": ("Beheer", "管理"),
    "Users": ("Gebruikers", "ユーザー"),
    "Station configuration": ("Stationconfiguratie", "ステーション構成"),
    "Needs an administrator": ("Beheerder vereist", "管理者が必要です"),
    "Sign in as administrator": ("Aanmelden als beheerder", "管理者としてサインイン"),
    "New user…": ("Nieuwe gebruiker…", "新規ユーザー…"),
    "Change role…": ("Rol wijzigen…", "ロール変更…"),
    "Reset password…": ("Wachtwoord resetten…", "パスワードリセット…"),
    "Badge and PIN…": ("Badge en PIN…", "バッジとPIN…"),
    "Unlock…": ("Ontgrendelen…", "ロック解除…"),
    "Disable…": ("Uitschakelen…", "無効化…"),
    "Enable…": ("Inschakelen…", "有効化…"),
    "%1 without a touch (%2 s)": (
        "%1 zonder aanraking (%2 s)",
        "無操作状態が%1続いたとき（%2 秒）",
    ),
    "%1 definitions bound to %2 alarms; %3 refused": (
        "%1 definities gekoppeld aan %2 alarmen; %3 geweigerd",
        "定義 %1 件を %2 個のアラームに割り当て、%3 件を拒否",
    ),
    "Station": ("Station", "ステーション"),
    "(not read from a file)": (
        "(niet uit een bestand gelezen)",
        "（ファイルから読み込んでいません）",
    ),
    "Plant file": ("Installatiebestand", "プラント構成ファイル"),
    "File sha256": ("Bestand-sha256", "ファイル sha256"),
    "Configuration sha256": ("Configuratie-sha256", "構成 sha256"),
    "Alarm definitions": ("Alarmdefinities", "アラーム定義"),
    "Automatic sign-out": ("Automatisch afmelden", "自動サインアウト"),
    "Audit key": ("Auditsleutel", "監査キー"),
    "Database": ("Database", "データベース"),
    "Read-only. The configuration sha256 covers the plant file's content and every alarm "
    "definition loaded; when it differs from the last one on record at a start, the audit "
    "trail records the change.": (
        "Alleen-lezen. De configuratie-sha256 omvat de inhoud van het installatiebestand en "
        "elke geladen alarmdefinitie; wijkt die bij een start af van de laatst vastgelegde, "
        "dan legt de audittrail de wijziging vast.",
        "読み取り専用。構成 sha256 はプラント構成ファイルの内容と読み込んだ全アラーム定義を"
        "対象とします。起動時に前回記録された値と異なる場合、変更が監査証跡に記録されます。",
    ),
    "Devices (%1)": ("Apparaten (%1)", "装置 (%1)"),
    "Device": ("Apparaat", "装置"),
    "Connection": ("Verbinding", "接続"),
    "User accounts and the station configuration are managed by an administrator. Nobody "
    "is signed in.": (
        "Gebruikersaccounts en de stationconfiguratie worden beheerd door een beheerder. "
        "Niemand is aangemeld.",
        "ユーザーアカウントとステーション構成は管理者が管理します。"
        "サインインしているユーザーはいません。",
    ),
    "User accounts and the station configuration are managed by an administrator. You are "
    "signed in as %1 (%2), which may not manage users.": (
        "Gebruikersaccounts en de stationconfiguratie worden beheerd door een beheerder. U "
        "bent aangemeld als %1 (%2) en mag geen gebruikers beheren.",
        "ユーザーアカウントとステーション構成は管理者が管理します。現在 %1（%2）として"
        "サインインしており、ユーザーを管理する権限はありません。",
    ),
    "Select a user in the list first.": (
        "Selecteer eerst een gebruiker in de lijst.",
        "先に一覧からユーザーを選択してください。",
    ),
    "Account %1 created; the first password must be changed at sign-in.": (
        "Account %1 aangemaakt; het eerste wachtwoord moet bij aanmelden worden gewijzigd.",
        "アカウント %1 を作成しました。初回パスワードはサインイン時に変更が必要です。",
    ),
    "Role of %1 changed.": ("Rol van %1 gewijzigd.", "%1 のロールを変更しました。"),
    "Password of %1 reset; it must be changed at the next sign-in.": (
        "Wachtwoord van %1 gereset; het moet bij de volgende aanmelding worden gewijzigd.",
        "%1 のパスワードをリセットしました。次回サインイン時に変更が必要です。",
    ),
    "Badge of %1 updated.": ("Badge van %1 bijgewerkt.", "%1 のバッジを更新しました。"),
    "%1 unlocked.": ("%1 ontgrendeld.", "%1 のロックを解除しました。"),
    "%1 disabled.": ("%1 uitgeschakeld.", "%1 を無効化しました。"),
    "%1 enabled; the new first password must be changed at sign-in.": (
        "%1 ingeschakeld; het nieuwe eerste wachtwoord moet bij aanmelden worden gewijzigd.",
        "%1 を有効化しました。新しい初回パスワードはサインイン時に変更が必要です。",
    ),
    "Recorded in the audit trail.": ("Vastgelegd in de audittrail.", "監査証跡に記録しました。"),
    "First password": ("Eerste wachtwoord", "初回パスワード"),
    "New user": ("Nieuwe gebruiker", "新規ユーザー"),
    "The person must change this first password at their first sign-in. User ids are "
    "never reused. A badge needs a PIN.": (
        "De persoon moet dit eerste wachtwoord bij de eerste aanmelding wijzigen. "
        "Gebruikers-id's worden nooit hergebruikt. Een badge vereist een PIN.",
        "初回サインイン時にこの初回パスワードの変更が必要です。ユーザーIDは再利用されません。"
        "バッジには PIN が必要です。",
    ),
    "Create user": ("Gebruiker aanmaken", "ユーザー作成"),
    "Change role of %1": ("Rol wijzigen van %1", "%1 のロール変更"),
    "The new role applies from the person's next sign-in.": (
        "De nieuwe rol geldt vanaf de volgende aanmelding van de persoon.",
        "新しいロールは次回のサインインから有効になります。",
    ),
    "New role": ("Nieuwe rol", "新しいロール"),
    "Change role": ("Rol wijzigen", "ロール変更"),
    "Reset password of %1": ("Wachtwoord resetten van %1", "%1 のパスワードリセット"),
    "Give the person this password in private; they must change it at their next sign-in. "
    "A locked account also needs Unlock.": (
        "Geef de persoon dit wachtwoord persoonlijk; het moet bij de volgende aanmelding "
        "worden gewijzigd. Een geblokkeerd account moet ook worden ontgrendeld.",
        "このパスワードは本人に直接渡してください。次回サインイン時に変更が必要です。"
        "ロックされたアカウントはロック解除も必要です。",
    ),
    "Reset password": ("Wachtwoord resetten", "パスワードリセット"),
    "Badge and PIN of %1": ("Badge en PIN van %1", "%1 のバッジとPIN"),
    "Scan the badge and choose a PIN with the person. Leave the badge empty to withdraw a "
    "lost badge.": (
        "Scan de badge en kies samen met de persoon een PIN. Laat de badge leeg om een "
        "verloren badge in te trekken.",
        "バッジをスキャンし、本人と一緒に PIN を決めてください。紛失したバッジを無効にするには"
        "バッジ欄を空にします。",
    ),
    "Save badge": ("Badge opslaan", "バッジを保存"),
    "Unlock %1": ("%1 ontgrendelen", "%1 のロック解除"),
    "Confirm the person's identity before unlocking.": (
        "Controleer de identiteit van de persoon vóór het ontgrendelen.",
        "ロック解除の前に本人確認を行ってください。",
    ),
    "Unlock": ("Ontgrendelen", "ロック解除"),
    "Disable %1": ("%1 uitschakelen", "%1 を無効化"),
    "The person can no longer sign in and their badge is withdrawn. The account stays, so "
    "records keep their name.": (
        "De persoon kan zich niet meer aanmelden en de badge wordt ingetrokken. Het account "
        "blijft bestaan, zodat dossiers de naam behouden.",
        "本人はサインインできなくなり、バッジは無効になります。アカウントは残るため、"
        "記録上の氏名は保持されます。",
    ),
    "Disable": ("Uitschakelen", "無効化"),
    "Enable %1": ("%1 inschakelen", "%1 を有効化"),
    "The person signs in with this first password and must change it. Issue a badge again "
    "if they use one.": (
        "De persoon meldt zich aan met dit eerste wachtwoord en moet het wijzigen. Geef "
        "opnieuw een badge uit als die wordt gebruikt.",
        "本人はこの初回パスワードでサインインし、変更が必要です。バッジを使う場合は"
        "再発行してください。",
    ),
    "Enable": ("Inschakelen", "有効化"),
    "Last sign-in": ("Laatst aangemeld", "最終サインイン"),
    "LOCKED (%1 failed attempts)": ("GEBLOKKEERD (%1 mislukte pogingen)", "ロック中（失敗 %1 回）"),
    "disabled": ("uitgeschakeld", "無効"),
    "active": ("actief", "有効"),
    "must change at sign-in": ("wijzigen bij aanmelden", "サインイン時に変更が必要"),
    "EXPIRED (%1 days old)": ("VERLOPEN (%1 dagen oud)", "期限切れ（%1 日経過）"),
    "%1 d old, expires in %2 d": ("%1 d oud, verloopt over %2 d", "%1 日経過、残り %2 日"),
    # -- shuttles (level 2), cartridge view (level 3), keypad -----------------------------
    "Environment": ("Omgeving", "環境"),
    "CONNECTED": ("VERBONDEN", "接続中"),
    "CONNECTING": ("VERBINDEN…", "接続処理中"),
    "DISCONNECTED": ("VERBROKEN", "切断"),
    "Link": ("Verbinding", "通信"),
    "Doors": ("Deuren", "扉"),
    "Interlocks": ("Vergrendelingen", "インターロック"),
    "Robot mover": ("Robot", "搬送ロボット"),
    "Power · UPS charge": ("Voeding · UPS-lading", "電源 · UPS 残量"),
    "Media": ("Media", "培地"),
    "Reagents": ("Reagentia", "試薬"),
    "Waste": ("Afval", "廃液"),
    "CLOSED": ("GESLOTEN", "閉"),
    "OPEN": ("OPEN", "開"),
    "HEALTHY": ("IN ORDE", "正常"),
    "TRIPPED": ("AANGESPROKEN", "作動"),
    "No live status from this shuttle: %1 (%2). Nothing shown for it is live.": (
        "Geen live status van deze shuttle: %1 (%2). Niets wat ervan getoond wordt is live.",
        "このシャトルのライブ状態がありません：%1（%2）。表示内容はライブではありません。",
    ),
    "last known: %1": ("laatst bekend: %1", "最終値：%1"),
    "Last known: %1": ("Laatst bekend: %1", "最終値：%1"),
    "Parameter": ("Parameter", "パラメータ"),
    "Setpoint": ("Setpoint", "設定値"),
    "SP %1": ("SP %1", "SV %1"),
    "Alarms of this bay": ("Alarmen van deze positie", "このベイのアラーム"),
    "No standing alarms.": ("Geen staande alarmen.", "継続中のアラームはありません。"),
    "Bay %1": ("Positie %1", "ベイ %1"),
    "No cartridge in this bay.": (
        "Geen cartridge in deze positie.",
        "このベイにカートリッジはありません。",
    ),
    "progress ▨ %1": ("voortgang ▨ %1", "進捗 ▨ %1"),
    "culture age %1": ("kweekduur %1", "培養経過 %1"),
    "cartridge %1": ("cartridge %1", "カートリッジ %1"),
    "CoI %1": ("CoI %1", "CoI %1"),
    "Batch %1 · %2 · %3 ▶": ("Batch %1 · %2 · %3 ▶", "バッチ %1 · %2 · %3 ▶"),
    "+%1 more on the Alarms page": (
        "+%1 meer op de pagina Alarmen",
        "他 %1 件はアラームページに表示",
    ),
    "%1, last hour": ("%1, afgelopen uur", "%1（過去1時間）"),
    "%1 cannot be changed here.": (
        "%1 kan hier niet worden gewijzigd.",
        "%1 はここでは変更できません。",
    ),
    "Setpoint changed to %1 %2 (audit entry %3).": (
        "Setpoint gewijzigd naar %1 %2 (auditregel %3).",
        "設定値を %1 %2 に変更しました（監査証跡 %3）。",
    ),
    "Change setpoint": ("Setpoint wijzigen", "設定値の変更"),
    "Now %1 · allowed %2 to %3 %4": (
        "Nu %1 · toegestaan %2 tot %3 %4",
        "現在 %1 · 許容範囲 %2～%3 %4",
    ),
    "Reason for the change (required)": ("Reden voor de wijziging (verplicht)", "変更理由（必須）"),
    "type or pick a reason": ("typ of kies een reden", "理由を入力または選択"),
    "Per batch record instruction": ("Volgens instructie batchdossier", "バッチ記録の指示による"),
    "Correcting process drift": ("Correctie procesdrift", "プロセスのずれの補正"),
    "Supervisor instruction": ("Instructie supervisor", "監督者の指示"),
    "Equipment check": ("Controle apparatuur", "設備点検"),
    "Next": ("Volgende", "次へ"),
    "Back": ("Terug", "戻る"),
    "Confirm change": ("Wijziging bevestigen", "変更を確定"),
    "Enter a number first.": ("Voer eerst een getal in.", "先に数値を入力してください。"),
    "%1 has more decimals than this setpoint takes (%2); nothing was sent.": (
        "%1 heeft meer decimalen dan deze setpoint toestaat (%2); er is niets verzonden.",
        "%1 はこの設定値の小数桁数（%2）を超えています。送信していません。",
    ),
    "Nothing was sent.": ("Er is niets verzonden.", "何も送信していません。"),
    "Give the reason for the change.": (
        "Geef de reden voor de wijziging.",
        "変更理由を入力してください。",
    ),
    "Change %1 of %2\nfrom %3 to %4 %5?\n\nReason: %6\nChanged by: %7": (
        "%1 van %2 wijzigen\nvan %3 naar %4 %5?\n\nReden: %6\nGewijzigd door: %7",
        "%2 の %1 を\n%3 から %4 %5 に変更しますか？\n\n理由：%6\n変更者：%7",
    ),
    "Sending…": ("Verzenden…", "送信中…"),
    "The change could not be completed (%1). Check the setpoint before trying again.": (
        "De wijziging kon niet worden voltooid (%1). Controleer de setpoint voordat u het "
        "opnieuw probeert.",
        "変更を完了できませんでした（%1）。再試行する前に設定値を確認してください。",
    ),
    "Dissolved O₂": ("Opgeloste O₂", "溶存酸素"),
    "Viable cells": ("Levende cellen", "生細胞"),
    "CO₂": ("CO₂", "CO₂"),
    "Volume": ("Volume", "容量"),
    "T": ("T", "温度"),
    "DO": ("DO", "DO"),
    "VCD": ("VCD", "VCD"),
    "Viab.": ("Viab.", "生存率"),
    "Gluc.": ("Gluc.", "Glc"),
    "Lact.": ("Lact.", "Lac"),
    "Vol.": ("Vol.", "容量"),
    "CPP %1": ("CPP %1", "CPP %1"),
    # Labels on a trend's limit lines (the alarm limits keep their ISA codes H, HH, L, LL).
    "CPP low %1": ("CPP laag %1", "CPP下限 %1"),
    "CPP high %1": ("CPP hoog %1", "CPP上限 %1"),
    "range low %1": ("bereik laag %1", "範囲下限 %1"),
    "range high %1": ("bereik hoog %1", "範囲上限 %1"),
    # -- QC and environment ---------------------------------------------------------------
    "This plant has no Cell Q instrument.": (
        "Deze installatie heeft geen Cell Q-instrument.",
        "このプラントには Cell Q 装置がありません。",
    ),
    "Running and waiting": ("Lopend en wachtend", "実行中・待機中"),
    "Results": ("Resultaten", "結果一覧"),
    "◷ %1 left": ("◷ nog %1", "◷ 残り %1"),
    "◷ waiting": ("◷ wachtend", "◷ 待機中"),
    "Queue not known: %1. Nothing shown here is live.": (
        "Wachtrij onbekend: %1. Niets hier is live.",
        "待ち行列が不明です：%1。ここに表示される内容はライブではありません。",
    ),
    "%1 samples · %2 assays running": ("%1 monsters · %2 assays lopend", "サンプル %1 · 試験中 %2"),
    "Results: %1": ("Resultaten: %1", "結果一覧：%1"),
    "last received, not live: %1": (
        "laatst ontvangen, niet live: %1",
        "最終受信値（ライブではない）：%1",
    ),
    "Sample": ("Monster", "サンプル"),
    "Assay": ("Assay", "試験"),
    "Time left": ("Resterend", "残り時間"),
    "Result": ("Resultaat", "結果"),
    "Specification": ("Specificatie", "規格"),
    "Verdict": ("Oordeel", "判定"),
    "Cell count, viability": ("Celtelling, viabiliteit", "細胞数・生存率"),
    "Identity, CAR+ (flow)": ("Identiteit, CAR+ (flow)", "確認試験・CAR+（フロー）"),
    "Endotoxin": ("Endotoxine", "エンドトキシン"),
    "Sterility": ("Steriliteit", "無菌試験"),
    "Mycoplasma": ("Mycoplasma", "マイコプラズマ"),
    "Vector copy number": ("Vectorkopieaantal", "ベクターコピー数"),
    "✓ PASS": ("✓ VOLDOET", "✓ 適合"),
    "✖ OUT OF SPEC": ("✖ BUITEN SPEC", "✖ 規格外"),
    "pending": ("in afwachting", "判定待ち"),
    "no specification": ("geen specificatie", "規格なし"),
    "This plant has no cleanroom monitor.": (
        "Deze installatie heeft geen cleanroommonitor.",
        "このプラントにはクリーンルームモニタがありません。",
    ),
    "%1 · Grade %2": ("%1 · Klasse %2", "%1 · グレード %2"),
    "Alarms of this room": ("Alarmen van deze ruimte", "この部屋のアラーム"),
    "Particles ≥ 0.5 µm": ("Deeltjes ≥ 0,5 µm", "粒子 ≥ 0.5 µm"),
    "Particles ≥ 5 µm": ("Deeltjes ≥ 5 µm", "粒子 ≥ 5 µm"),
    "Differential pressure": ("Drukverschil", "差圧"),
    "Relative humidity": ("Relatieve vochtigheid", "相対湿度"),
    "not specified": ("niet gespecificeerd", "規定なし"),
    "alarm above %1": ("alarm boven %1", "%1 超でアラーム"),
    "alarm below %1 %2": ("alarm onder %1 %2", "%1 %2 未満でアラーム"),
    "grade %1: ≤ %2 at rest, ≤ %3 in operation": (
        "klasse %1: ≤ %2 in rust, ≤ %3 in bedrijf",
        "グレード %1：非作業時 ≤ %2、作業時 ≤ %3",
    ),
    "Annex 1 guidance ≥ %1 Pa to a lower grade": (
        "Annex 1-richtlijn ≥ %1 Pa t.o.v. een lagere klasse",
        "Annex 1 の目安：下位グレードに対し ≥ %1 Pa",
    ),
    "site range %1-%2 %3": ("locatiebereik %1-%2 %3", "サイト範囲 %1-%2 %3"),
    # -- trends on the historian ----------------------------------------------------------
    "Pens": ("Pennen", "ペン"),
    "All equipment": ("Alle apparatuur", "全設備"),
    "Search tags, e.g. temperature": (
        "Tags zoeken, bijv. temperature",
        "タグを検索（例：temperature）",
    ),
    "At most %1 pens; remove one first.": (
        "Maximaal %1 pennen; verwijder er eerst een.",
        "ペンは最大 %1 本です。先に1本削除してください。",
    ),
    "Live 10 min": ("Live 10 min", "ライブ10分"),
    "1 h": ("1 u", "1時間"),
    "8 h": ("8 u", "8時間"),
    "24 h": ("24 u", "24時間"),
    "10 d": ("10 d", "10日"),
    "Custom…": ("Aangepast…", "期間指定…"),
    "Earlier": ("Eerder", "前へ"),
    "Zoom in": ("Inzoomen", "拡大"),
    "Cursor %1": ("Cursor %1", "カーソル %1"),
    "Zoom out": ("Uitzoomen", "縮小"),
    "Export CSV": ("CSV exporteren", "CSV出力"),
    "Export the shown trend": ("Getoonde trend exporteren", "表示中のトレンドを出力"),
    "Pen": ("Pen", "ペン"),
    "Tag": ("Tag", "タグ"),
    "Now": ("Nu", "現在値"),
    "Shown range": ("Getoond bereik", "表示範囲"),
    "Samples": ("Meetpunten", "サンプル数"),
    "── good   ┈┈ uncertain or bad   ╌╌ alarm limit   ─·─ CPP limit   (no line: no data)": (
        "── goed   ┈┈ onzeker of slecht   ╌╌ alarmgrens   ─·─ CPP-grens   (geen lijn: geen data)",
        "── 良好   ┈┈ 不確か/不良   ╌╌ アラーム限界   ─·─ CPP 限界   （線なし：データなし）",
    ),
    "The end must be after the start.": (
        "Het einde moet na het begin liggen.",
        "終了は開始より後にしてください。",
    ),
    "History not available: %1": ("Historie niet beschikbaar: %1", "履歴を利用できません：%1"),
    "Tap a pen to show its scale on the value axis": (
        "Tik op een pen om de schaal op de waarde-as te tonen",
        "ペンをタップすると値軸にその目盛を表示",
    ),
    "%1 doubtful": ("%1 twijfelachtig", "不確か %1"),
    "Remove this pen": ("Deze pen verwijderen", "このペンを削除"),
    "Remove pen %1": ("Pen %1 verwijderen", "ペン %1 を削除"),
    "minute rollups": ("minuutaggregaten", "1分集計"),
    "samples": ("meetwaarden", "生データ"),
    " · %1 per point, from %2": (" · %1 per punt, uit %2", " · 1点あたり %1、%2 から"),
    "live": ("live", "ライブ"),
    "history": ("historie", "履歴"),
    "%1 to %2 (%3), %4%5.": ("%1 tot %2 (%3), %4%5.", "%1 ～ %2（%3）、%4%5。"),
    "Could not write %1: %2": (
        "%1 kon niet worden geschreven: %2",
        "%1 を書き込めませんでした：%2",
    ),
    # -- recipe release (Records, Recipes) -------------------------------------------------
    # release (a recipe for production) = vrijgeven / リリース; withdraw = intrekken / 取り下げ
    "Recipes": ("Recepten", "レシピ"),
    "Recipe / version": ("Recept / versie", "レシピ / 版"),
    "sha256": ("sha256", "sha256"),
    "File": ("Bestand", "ファイル"),
    "On this station": ("Op dit station", "このステーション"),
    "Procedure": ("Procedure", "手順"),
    "RELEASED": ("VRIJGEGEVEN", "リリース済み"),
    "NOT RELEASED": ("NIET VRIJGEGEVEN", "未リリース"),
    "WITHDRAWN": ("INGETROKKEN", "取り下げ済み"),
    "CHANGED SINCE RELEASE, NOT RUNNABLE": (
        "GEWIJZIGD NA VRIJGAVE, NIET UITVOERBAAR",
        "リリース後に変更、実行不可",
    ),
    "RELEASE RECORD FAILS ITS CHECK": (
        "VRIJGAVEREGISTRATIE KLOPT NIET",
        "リリース記録の検証に失敗",
    ),
    "INVALID FILE": ("ONGELDIG BESTAND", "無効なファイル"),
    "RELEASED, FILE MISSING": ("VRIJGEGEVEN, BESTAND ONTBREEKT", "リリース済み、ファイルなし"),
    "shipped": ("meegeleverd", "同梱"),
    "site": ("locatie", "サイト"),
    "file: released": ("bestand: vrijgegeven", "ファイル：リリース版"),
    "file: DRAFT": ("bestand: CONCEPT", "ファイル：草案"),
    "%1 phases (%2 manual), about %3 h": (
        "%1 fasen (%2 handmatig), ca. %3 u",
        "%1 フェーズ（手作業 %2）、約 %3 時間",
    ),
    "Read the files again": ("Bestanden opnieuw lezen", "ファイルを再読込"),
    "Release…": ("Vrijgeven…", "リリース…"),
    "Withdraw…": ("Intrekken…", "取り下げ…"),
    "Withdraw": ("Intrekken", "取り下げ"),
    "%1 recipes · %2 runnable on this station": (
        "%1 recepten · %2 uitvoerbaar op dit station",
        "レシピ %1 件 · このステーションで実行可能 %2 件",
    ),
    "%1 need attention": ("%1 vragen aandacht", "要対応 %1 件"),
    "(unreadable recipe file)": ("(onleesbaar receptbestand)", "（読み込めないレシピファイル）"),
    "released by %1, %2": ("vrijgegeven door %1, %2", "%1 がリリース、%2"),
    "withdrawn by %1, %2": ("ingetrokken door %1, %2", "%1 が取り下げ、%2"),
    "QA releases and withdraws recipes: sign in as QA.": (
        "QA geeft recepten vrij en trekt ze in: meld u aan als QA.",
        "レシピのリリースと取り下げは QA が行います。QA としてサインインしてください。",
    ),
    "%1 may be released: you sign its content (sha256 %2) as approved.": (
        "%1 kan worden vrijgegeven: u ondertekent de inhoud (sha256 %2) als goedgekeurd.",
        "%1 はリリースできます。内容（sha256 %2）に承認として署名します。",
    ),
    "%1 is released here; withdraw it to stop new batches on it.": (
        "%1 is hier vrijgegeven; trek het in om nieuwe batches ermee te stoppen.",
        "%1 はこのステーションでリリース済みです。新しいバッチを止めるには取り下げてください。",
    ),
    "Withdraw recipe %1 from production on this station? No new batch may run it; batches "
    "running now finish on the recipe they started with.": (
        "Recept %1 op dit station uit productie nemen? Geen nieuwe batch mag het uitvoeren; "
        "lopende batches maken het recept af waarmee ze begonnen.",
        "このステーションでレシピ %1 を生産から取り下げますか？新しいバッチでは実行できなく"
        "なります。実行中のバッチは開始時のレシピで最後まで進みます。",
    ),
    "No recipe is released on this station: QA releases recipes on the Records page (Recipes).": (
        "Op dit station is geen recept vrijgegeven: QA geeft recepten vrij op de pagina "
        "Dossiers (Recepten).",
        "このステーションでリリースされたレシピはありません。QA が記録ページ（レシピ）で"
        "リリースします。",
    ),
    "Custom time span": ("Aangepaste periode", "期間指定"),
    "From (%1)": ("Van (%1)", "開始（%1）"),
    "To": ("Tot", "終了"),
}

# (context, source) -> (nl, ja) where a word changes with its place on the screen.
IN_CONTEXT: dict[tuple[str, str], tuple[str, str]] = {
    # A verb on the button that records an entered value, not the record itself.
    ("ManualStepPanel", "Record"): ("Vastleggen", "記録"),
    # Checks a scanned barcode against what the step expects.
    ("ManualStepPanel", "Check"): ("Controleren", "照合"),
    # The batch's own record of events (a tab), and the record a signature belongs to.
    ("BatchDetailView", "Record"): ("Verslag", "記録"),
    ("BatchRecordView", "Record"): ("Dossier", "記録"),
    ("SignaturesView", "Record"): ("Dossier", "記録"),
    # A signature's meaning, not a status.
    ("Signature", "verified"): ("geverifieerd", "検証"),
    ("Signature", "approved"): ("goedgekeurd", "承認"),
    # The normal range column of the cartridge view, not the alarm state.
    ("CartridgeView", "Normal"): ("Normaalbereik", "正常範囲"),
    # Pans a trend to later times (the first administrator's "Later" is "not now").
    ("TrendsPage", "Later"): ("Later", "後へ"),
    # A step of the record that is done (the timeline uses the same word).
    ("StepStatus", "done"): ("gereed", "完了"),
}
