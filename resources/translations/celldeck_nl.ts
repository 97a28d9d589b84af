<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>AccountDialog</name>
    <message>
        <source>(optional)</source>
        <translation>(optioneel)</translation>
    </message>
    <message>
        <source>Repeat %1</source>
        <translation>Herhaal %1</translation>
    </message>
    <message>
        <source>Why: goes into the audit trail</source>
        <translation>Waarom: komt in de audittrail</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reden</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>The two passwords differ; type them again.</source>
        <translation>De twee wachtwoorden verschillen; typ ze opnieuw.</translation>
    </message>
    <message>
        <source>Sign in as an administrator first.</source>
        <translation>Meld u eerst aan als beheerder.</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>Administration</source>
        <translation>Beheer</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Gebruikers</translation>
    </message>
    <message>
        <source>Station configuration</source>
        <translation>Stationconfiguratie</translation>
    </message>
    <message>
        <source>Needs an administrator</source>
        <translation>Beheerder vereist</translation>
    </message>
    <message>
        <source>Sign in as administrator</source>
        <translation>Aanmelden als beheerder</translation>
    </message>
    <message>
        <source>New user…</source>
        <translation>Nieuwe gebruiker…</translation>
    </message>
    <message>
        <source>Change role…</source>
        <translation>Rol wijzigen…</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>Wachtwoord resetten…</translation>
    </message>
    <message>
        <source>Badge and PIN…</source>
        <translation>Badge en PIN…</translation>
    </message>
    <message>
        <source>Unlock…</source>
        <translation>Ontgrendelen…</translation>
    </message>
    <message>
        <source>Disable…</source>
        <translation>Uitschakelen…</translation>
    </message>
    <message>
        <source>Enable…</source>
        <translation>Inschakelen…</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 without a touch (%2 s)</source>
        <translation>%1 zonder aanraking (%2 s)</translation>
    </message>
    <message>
        <source>%1 definitions bound to %2 alarms; %3 refused</source>
        <translation>%1 definities gekoppeld aan %2 alarmen; %3 geweigerd</translation>
    </message>
    <message>
        <source>(not read from a file)</source>
        <translation>(niet uit een bestand gelezen)</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>Plant file</source>
        <translation>Installatiebestand</translation>
    </message>
    <message>
        <source>File sha256</source>
        <translation>Bestand-sha256</translation>
    </message>
    <message>
        <source>Configuration sha256</source>
        <translation>Configuratie-sha256</translation>
    </message>
    <message>
        <source>Alarm definitions</source>
        <translation>Alarmdefinities</translation>
    </message>
    <message>
        <source>Automatic sign-out</source>
        <translation>Automatisch afmelden</translation>
    </message>
    <message>
        <source>Audit key</source>
        <translation>Auditsleutel</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>Read-only. The configuration sha256 covers the plant file's content and every alarm definition loaded; when it differs from the last one on record at a start, the audit trail records the change.</source>
        <translation>Alleen-lezen. De configuratie-sha256 omvat de inhoud van het installatiebestand en elke geladen alarmdefinitie; wijkt die bij een start af van de laatst vastgelegde, dan legt de audittrail de wijziging vast.</translation>
    </message>
    <message>
        <source>Devices (%1)</source>
        <translation>Apparaten (%1)</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Apparaat</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Soort</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbinding</translation>
    </message>
    <message>
        <source>User accounts and the station configuration are managed by an administrator. Nobody is signed in.</source>
        <translation>Gebruikersaccounts en de stationconfiguratie worden beheerd door een beheerder. Niemand is aangemeld.</translation>
    </message>
    <message>
        <source>User accounts and the station configuration are managed by an administrator. You are signed in as %1 (%2), which may not manage users.</source>
        <translation>Gebruikersaccounts en de stationconfiguratie worden beheerd door een beheerder. U bent aangemeld als %1 (%2) en mag geen gebruikers beheren.</translation>
    </message>
    <message>
        <source>Select a user in the list first.</source>
        <translation>Selecteer eerst een gebruiker in de lijst.</translation>
    </message>
    <message>
        <source>Account %1 created; the first password must be changed at sign-in.</source>
        <translation>Account %1 aangemaakt; het eerste wachtwoord moet bij aanmelden worden gewijzigd.</translation>
    </message>
    <message>
        <source>Role of %1 changed.</source>
        <translation>Rol van %1 gewijzigd.</translation>
    </message>
    <message>
        <source>Password of %1 reset; it must be changed at the next sign-in.</source>
        <translation>Wachtwoord van %1 gereset; het moet bij de volgende aanmelding worden gewijzigd.</translation>
    </message>
    <message>
        <source>Badge of %1 updated.</source>
        <translation>Badge van %1 bijgewerkt.</translation>
    </message>
    <message>
        <source>%1 unlocked.</source>
        <translation>%1 ontgrendeld.</translation>
    </message>
    <message>
        <source>%1 disabled.</source>
        <translation>%1 uitgeschakeld.</translation>
    </message>
    <message>
        <source>%1 enabled; the new first password must be changed at sign-in.</source>
        <translation>%1 ingeschakeld; het nieuwe eerste wachtwoord moet bij aanmelden worden gewijzigd.</translation>
    </message>
    <message>
        <source>Recorded in the audit trail.</source>
        <translation>Vastgelegd in de audittrail.</translation>
    </message>
    <message>
        <source>First password</source>
        <translation>Eerste wachtwoord</translation>
    </message>
    <message>
        <source>New user</source>
        <translation>Nieuwe gebruiker</translation>
    </message>
    <message>
        <source>The person must change this first password at their first sign-in. User ids are never reused. A badge needs a PIN.</source>
        <translation>De persoon moet dit eerste wachtwoord bij de eerste aanmelding wijzigen. Gebruikers-id's worden nooit hergebruikt. Een badge vereist een PIN.</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>Gebruikers-id</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Volledige naam</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>Badge</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Create user</source>
        <translation>Gebruiker aanmaken</translation>
    </message>
    <message>
        <source>Change role of %1</source>
        <translation>Rol wijzigen van %1</translation>
    </message>
    <message>
        <source>The new role applies from the person's next sign-in.</source>
        <translation>De nieuwe rol geldt vanaf de volgende aanmelding van de persoon.</translation>
    </message>
    <message>
        <source>New role</source>
        <translation>Nieuwe rol</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>Rol wijzigen</translation>
    </message>
    <message>
        <source>Reset password of %1</source>
        <translation>Wachtwoord resetten van %1</translation>
    </message>
    <message>
        <source>Give the person this password in private; they must change it at their next sign-in. A locked account also needs Unlock.</source>
        <translation>Geef de persoon dit wachtwoord persoonlijk; het moet bij de volgende aanmelding worden gewijzigd. Een geblokkeerd account moet ook worden ontgrendeld.</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>Wachtwoord resetten</translation>
    </message>
    <message>
        <source>Badge and PIN of %1</source>
        <translation>Badge en PIN van %1</translation>
    </message>
    <message>
        <source>Scan the badge and choose a PIN with the person. Leave the badge empty to withdraw a lost badge.</source>
        <translation>Scan de badge en kies samen met de persoon een PIN. Laat de badge leeg om een verloren badge in te trekken.</translation>
    </message>
    <message>
        <source>Save badge</source>
        <translation>Badge opslaan</translation>
    </message>
    <message>
        <source>Unlock %1</source>
        <translation>%1 ontgrendelen</translation>
    </message>
    <message>
        <source>Confirm the person's identity before unlocking.</source>
        <translation>Controleer de identiteit van de persoon vóór het ontgrendelen.</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Ontgrendelen</translation>
    </message>
    <message>
        <source>Disable %1</source>
        <translation>%1 uitschakelen</translation>
    </message>
    <message>
        <source>The person can no longer sign in and their badge is withdrawn. The account stays, so records keep their name.</source>
        <translation>De persoon kan zich niet meer aanmelden en de badge wordt ingetrokken. Het account blijft bestaan, zodat dossiers de naam behouden.</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Uitschakelen</translation>
    </message>
    <message>
        <source>Enable %1</source>
        <translation>%1 inschakelen</translation>
    </message>
    <message>
        <source>The person signs in with this first password and must change it. Issue a badge again if they use one.</source>
        <translation>De persoon meldt zich aan met dit eerste wachtwoord en moet het wijzigen. Geef opnieuw een badge uit als die wordt gebruikt.</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>Inschakelen</translation>
    </message>
</context>
<context>
    <name>Alarm</name>
    <message>
        <source>Critical</source>
        <translation>Kritiek</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoog</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Middel</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Laag</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normaal</translation>
    </message>
    <message>
        <source>Active, unack</source>
        <translation>Actief, onbev.</translation>
    </message>
    <message>
        <source>Active, acked</source>
        <translation>Actief, bev.</translation>
    </message>
    <message>
        <source>Returned, unack</source>
        <translation>Hersteld, onbev.</translation>
    </message>
    <message>
        <source>Returned, latched, unack</source>
        <translation>Hersteld, vergrendeld, onbev.</translation>
    </message>
    <message>
        <source>Latched: reset needed</source>
        <translation>Vergrendeld: reset nodig</translation>
    </message>
    <message>
        <source>Shelved</source>
        <translation>Geparkeerd</translation>
    </message>
    <message>
        <source>Suppressed by design</source>
        <translation>Onderdrukt (ontwerp)</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>Buiten dienst</translation>
    </message>
</context>
<context>
    <name>AlarmBanner</name>
    <message>
        <source>Silence</source>
        <translation>Dempen</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>Alarmen</translation>
    </message>
    <message>
        <source>No unacknowledged alarms. Not connected: %1</source>
        <translation>Geen onbevestigde alarmen. Niet verbonden: %1</translation>
    </message>
    <message>
        <source>No unacknowledged alarms · %1 acknowledged standing · %2 shelved or out of service</source>
        <translation>Geen onbevestigde alarmen · %1 bevestigd staand · %2 geparkeerd of buiten dienst</translation>
    </message>
</context>
<context>
    <name>AlarmHistory</name>
    <message>
        <source>Last hour</source>
        <translation>Afgelopen uur</translation>
    </message>
    <message>
        <source>Last 8 hours</source>
        <translation>Afgelopen 8 uur</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Afgelopen 24 uur</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Afgelopen 7 dagen</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Alles</translation>
    </message>
    <message>
        <source>Tag or alarm contains…</source>
        <translation>Tag of alarm bevat…</translation>
    </message>
    <message>
        <source>All priorities</source>
        <translation>Alle prioriteiten</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>Gebruikers-id</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Zoeken</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV exporteren…</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Tijd</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioriteit</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Gebeurtenis</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Waarde</translation>
    </message>
    <message>
        <source>User / comment</source>
        <translation>Gebruiker / opmerking</translation>
    </message>
    <message>
        <source>%1 journal entries</source>
        <translation>%1 journaalregels</translation>
    </message>
    <message>
        <source>Export alarm history</source>
        <translation>Alarmhistorie exporteren</translation>
    </message>
    <message>
        <source>Exported %1 rows to %2</source>
        <translation>%1 regels geëxporteerd naar %2</translation>
    </message>
</context>
<context>
    <name>AlarmPerformance</name>
    <message>
        <source>Last hour</source>
        <translation>Afgelopen uur</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Afgelopen 24 uur</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Afgelopen 7 dagen</translation>
    </message>
    <message>
        <source>Calculate</source>
        <translation>Berekenen</translation>
    </message>
    <message>
        <source>Alarms per 10 minutes (guidance ≤ 1, max 2)</source>
        <translation>Alarmen per 10 minuten (richtlijn ≤ 1, max 2)</translation>
    </message>
    <message>
        <source>Alarms per hour (guidance ≤ 6, max 12)</source>
        <translation>Alarmen per uur (richtlijn ≤ 6, max 12)</translation>
    </message>
    <message>
        <source>Peak alarms in any 10 minutes (max 10)</source>
        <translation>Piek in willekeurige 10 minuten (max 10)</translation>
    </message>
    <message>
        <source>Time in flood (guidance &lt; 1 %)</source>
        <translation>Tijd in alarmvloed (richtlijn &lt; 1 %)</translation>
    </message>
    <message>
        <source>Standing alarms now</source>
        <translation>Staande alarmen nu</translation>
    </message>
    <message>
        <source>Stale alarms, active &gt; 24 h (guidance &lt; 5)</source>
        <translation>Langdurige alarmen, actief &gt; 24 u (richtlijn &lt; 5)</translation>
    </message>
    <message>
        <source>Chattering alarms (guidance: none)</source>
        <translation>Klapperende alarmen (richtlijn: geen)</translation>
    </message>
    <message>
        <source>Top 10 most frequent (share of load)</source>
        <translation>Top 10 meest frequent (aandeel in belasting)</translation>
    </message>
    <message>
        <source>Priority split (guidance 80 / 15 / 5 % low / medium / high)</source>
        <translation>Prioriteitsverdeling (richtlijn 80 / 15 / 5 % laag / middel / hoog)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>geen</translation>
    </message>
</context>
<context>
    <name>AlarmStrip</name>
    <message>
        <source>ALARM FLOOD in %1: first-out shown first; every alarm is kept</source>
        <translation>ALARMVLOED in %1: eerste melding bovenaan; elk alarm wordt bewaard</translation>
    </message>
    <message>
        <source>FIRST OUT</source>
        <translation>EERSTE MELDING</translation>
    </message>
</context>
<context>
    <name>AlarmSummary</name>
    <message>
        <source>All priorities</source>
        <translation>Alle prioriteiten</translation>
    </message>
    <message>
        <source>Standing and unacknowledged</source>
        <translation>Staand en onbevestigd</translation>
    </message>
    <message>
        <source>Unacknowledged only</source>
        <translation>Alleen onbevestigd</translation>
    </message>
    <message>
        <source>Shelved, suppressed, out of service</source>
        <translation>Geparkeerd, onderdrukt, buiten dienst</translation>
    </message>
    <message>
        <source>Everything not normal</source>
        <translation>Alles niet normaal</translation>
    </message>
    <message>
        <source>All areas</source>
        <translation>Alle gebieden</translation>
    </message>
    <message>
        <source>Group by source</source>
        <translation>Per bron groeperen</translation>
    </message>
    <message>
        <source>Comment (optional for acknowledge)</source>
        <translation>Opmerking (optioneel bij bevestigen)</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Bevestigen</translation>
    </message>
    <message>
        <source>Ack all shown</source>
        <translation>Alle bevestigen</translation>
    </message>
    <message>
        <source>Reset latch</source>
        <translation>Ontgrendelen</translation>
    </message>
    <message>
        <source>Shelve…</source>
        <translation>Parkeren…</translation>
    </message>
    <message>
        <source>Out of service…</source>
        <translation>Buiten dienst…</translation>
    </message>
    <message>
        <source>Go to equipment</source>
        <translation>Naar apparatuur</translation>
    </message>
    <message>
        <source>ALARM FLOOD in %1: %2 alarms, first-out at the top, grouped by source. Nothing is dropped; every alarm is journaled.</source>
        <translation>ALARMVLOED in %1: %2 alarmen, eerste melding bovenaan, per bron gegroepeerd. Er gaat niets verloren; elk alarm wordt gejournaliseerd.</translation>
    </message>
    <message>
        <source>%1 selected</source>
        <translation>%1 geselecteerd</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Gebied</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Waarde</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Grens</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>Oorzaak</translation>
    </message>
    <message>
        <source>Consequence</source>
        <translation>Gevolg</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Actie</translation>
    </message>
    <message>
        <source>Shelved until %1: %2</source>
        <translation>Geparkeerd tot %1: %2</translation>
    </message>
    <message>
        <source>Acknowledged by %1</source>
        <translation>Bevestigd door %1</translation>
    </message>
    <message>
        <source>Sign in to acknowledge or shelve alarms.</source>
        <translation>Meld u aan om alarmen te bevestigen of te parkeren.</translation>
    </message>
    <message>
        <source>Acknowledged %1 alarm(s).</source>
        <translation>%1 alarm(en) bevestigd.</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation>%1 minuten</translation>
    </message>
    <message>
        <source>%1 hours</source>
        <translation>%1 uur</translation>
    </message>
    <message>
        <source>Shelve alarm</source>
        <translation>Alarm parkeren</translation>
    </message>
    <message>
        <source>Shelve for:</source>
        <translation>Parkeren voor:</translation>
    </message>
    <message>
        <source>Enter the reason for shelving in the comment field.</source>
        <translation>Vul de reden voor parkeren in het opmerkingveld in.</translation>
    </message>
    <message>
        <source>Enter why the alarm goes out of service in the comment field.</source>
        <translation>Vul in het opmerkingveld in waarom het alarm buiten dienst gaat.</translation>
    </message>
</context>
<context>
    <name>AlarmTableModel</name>
    <message>
        <source>Priority</source>
        <translation>Prioriteit</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Tijd</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Gebied</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Bron</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Waarde</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Grens</translation>
    </message>
    <message>
        <source>FIRST OUT</source>
        <translation>EERSTE MELDING</translation>
    </message>
</context>
<context>
    <name>AlarmsPage</name>
    <message>
        <source>Alarms</source>
        <translation>Alarmen</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Alarmoverzicht</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historie</translation>
    </message>
    <message>
        <source>Performance</source>
        <translation>Prestaties</translation>
    </message>
</context>
<context>
    <name>Approval</name>
    <message>
        <source>approved</source>
        <translation>goedgekeurd</translation>
    </message>
    <message>
        <source>approved (signature not checked: no audit key)</source>
        <translation>goedgekeurd (handtekening niet gecontroleerd: geen auditsleutel)</translation>
    </message>
    <message>
        <source>APPROVAL VOID: record changed after approval</source>
        <translation>GOEDKEURING ONGELDIG: dossier gewijzigd na goedkeuring</translation>
    </message>
    <message>
        <source>reviewed, awaiting approval</source>
        <translation>beoordeeld, wacht op goedkeuring</translation>
    </message>
    <message>
        <source>reviewed (signature not checked: no audit key), awaiting approval</source>
        <translation>beoordeeld (handtekening niet gecontroleerd: geen auditsleutel), wacht op goedkeuring</translation>
    </message>
    <message>
        <source>REVIEW VOID: record changed after review</source>
        <translation>BEOORDELING ONGELDIG: dossier gewijzigd na beoordeling</translation>
    </message>
    <message>
        <source>not reviewed</source>
        <translation>niet beoordeeld</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in uitvoering</translation>
    </message>
    <message>
        <source>IN PROGRESS - not for release</source>
        <translation>IN UITVOERING - niet voor vrijgave</translation>
    </message>
</context>
<context>
    <name>AuditTrailView</name>
    <message>
        <source>Any time</source>
        <translation>Altijd</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Afgelopen uur</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Afgelopen 24 uur</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Afgelopen 7 dagen</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Afgelopen 30 dagen</translation>
    </message>
    <message>
        <source>Between…</source>
        <translation>Tussen…</translation>
    </message>
    <message>
        <source>User (id or name)</source>
        <translation>Gebruiker (id of naam)</translation>
    </message>
    <message>
        <source>Object contains… (batch, tag, user)</source>
        <translation>Object bevat… (batch, tag, gebruiker)</translation>
    </message>
    <message>
        <source>Action contains…</source>
        <translation>Actie bevat…</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Zoeken</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Van</translation>
    </message>
    <message>
        <source>to</source>
        <translation>tot</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>When / who</source>
        <translation>Wanneer / wie</translation>
    </message>
    <message>
        <source>Action / object</source>
        <translation>Actie / object</translation>
    </message>
    <message>
        <source>Old → new</source>
        <translation>Oud → nieuw</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Waarom</translation>
    </message>
    <message>
        <source>Newer</source>
        <translation>Nieuwer</translation>
    </message>
    <message>
        <source>Older</source>
        <translation>Ouder</translation>
    </message>
    <message>
        <source>Verify audit trail</source>
        <translation>Audittrail verifiëren</translation>
    </message>
    <message>
        <source>Entries %1 to %2 of %3, newest first</source>
        <translation>Regels %1 tot %2 van %3, nieuwste eerst</translation>
    </message>
    <message>
        <source>Verifying the whole audit trail…</source>
        <translation>De volledige audittrail wordt geverifieerd…</translation>
    </message>
    <message>
        <source>Audit trail intact: %1 entries, hash chain, seals and end checked</source>
        <translation>Audittrail intact: %1 regels, hashketen, zegels en einde gecontroleerd</translation>
    </message>
    <message>
        <source>Audit trail intact: %1 entries, hash chain and seals checked (end not checked)</source>
        <translation>Audittrail intact: %1 regels, hashketen en zegels gecontroleerd (einde niet gecontroleerd)</translation>
    </message>
    <message>
        <source>AUDIT TRAIL BROKEN at entry %1: %2</source>
        <translation>AUDITTRAIL VERBROKEN bij regel %1: %2</translation>
    </message>
</context>
<context>
    <name>BatchCommand</name>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pauzeren</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Hervatten</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Vasthouden</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Herstarten</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Afbreken</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Resetten</translation>
    </message>
    <message>
        <source>Why restart batch %1?</source>
        <translation>Waarom batch %1 herstarten?</translation>
    </message>
    <message>
        <source>Why stop batch %1?</source>
        <translation>Waarom batch %1 stoppen?</translation>
    </message>
    <message>
        <source>Why abort batch %1?</source>
        <translation>Waarom batch %1 afbreken?</translation>
    </message>
    <message>
        <source>Reason for “%1” on batch %2</source>
        <translation>Reden voor „%1” bij batch %2</translation>
    </message>
</context>
<context>
    <name>BatchDetailView</name>
    <message>
        <source>WAITING FOR OPERATOR</source>
        <translation>WACHT OP OPERATOR</translation>
    </message>
    <message>
        <source>bay %1</source>
        <translation>positie %1</translation>
    </message>
    <message>
        <source>(in %1)</source>
        <translation>(over %1)</translation>
    </message>
    <message>
        <source>All batches</source>
        <translation>Alle batches</translation>
    </message>
    <message>
        <source>Current step</source>
        <translation>Huidige stap</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Tijd (UTC)</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Ernst</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Soort</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Stap</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Melding</translation>
    </message>
    <message>
        <source>Deviations</source>
        <translation>Afwijkingen</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Wat</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Waarde</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wie</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Waarom</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Verslag</translation>
    </message>
    <message>
        <source>Comment for the batch record</source>
        <translation>Opmerking voor het batchdossier</translation>
    </message>
    <message>
        <source>Add comment</source>
        <translation>Opmerking toevoegen</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>Opmerkingen</translation>
    </message>
    <message>
        <source>Batch %1</source>
        <translation>Batch %1</translation>
    </message>
    <message>
        <source>CoI %1 · cartridge %2</source>
        <translation>CoI %1 · cartridge %2</translation>
    </message>
    <message>
        <source>Held: %1</source>
        <translation>Vastgehouden: %1</translation>
    </message>
    <message>
        <source>Needs a signed-in user allowed to do this</source>
        <translation>Vereist een aangemelde gebruiker met deze bevoegdheid</translation>
    </message>
    <message>
        <source>%1/%2 steps · %3 %
ETA %4</source>
        <translation>%1/%2 stappen · %3 %
Gereed %4</translation>
    </message>
    <message>
        <source>OUT OF LIMITS</source>
        <translation>BUITEN GRENZEN</translation>
    </message>
    <message>
        <source>Deviations (%1)</source>
        <translation>Afwijkingen (%1)</translation>
    </message>
    <message>
        <source>No comments yet.</source>
        <translation>Nog geen opmerkingen.</translation>
    </message>
    <message>
        <source>This ends the procedure for this patient's material; it cannot be undone.</source>
        <translation>Dit beëindigt de procedure voor het materiaal van deze patiënt; dit kan niet ongedaan worden gemaakt.</translation>
    </message>
</context>
<context>
    <name>BatchRecordList</name>
    <message>
        <source>Batch / recipe</source>
        <translation>Batch / recept</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Eenheid</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Created / ended</source>
        <translation>Aangemaakt / beëindigd</translation>
    </message>
    <message>
        <source>Exceptions</source>
        <translation>Uitzonderingen</translation>
    </message>
    <message>
        <source>QA review</source>
        <translation>QA-beoordeling</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Vernieuwen</translation>
    </message>
    <message>
        <source>%1 batch · %2 in progress · %3 to review or approve · %4 approved</source>
        <translation>%1 batch · %2 in uitvoering · %3 te beoordelen of goed te keuren · %4 goedgekeurd</translation>
    </message>
    <message>
        <source>%1 batches · %2 in progress · %3 to review or approve · %4 approved</source>
        <translation>%1 batches · %2 in uitvoering · %3 te beoordelen of goed te keuren · %4 goedgekeurd</translation>
    </message>
    <message>
        <source>No batch records on this station yet.</source>
        <translation>Nog geen batchdossiers op dit station.</translation>
    </message>
</context>
<context>
    <name>BatchRecordView</name>
    <message>
        <source>none</source>
        <translation>geen</translation>
    </message>
    <message>
        <source>%1 ◆ critical</source>
        <translation>%1 ◆ kritisch</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>geverifieerd</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>niet gecontroleerd</translation>
    </message>
    <message>
        <source>FAILED: %1</source>
        <translation>ONGELDIG: %1</translation>
    </message>
    <message>
        <source>All records</source>
        <translation>Alle dossiers</translation>
    </message>
    <message>
        <source>Export the record as %1</source>
        <translation>Dossier exporteren als %1</translation>
    </message>
    <message>
        <source>Review…</source>
        <translation>Beoordelen…</translation>
    </message>
    <message>
        <source>Approve…</source>
        <translation>Goedkeuren…</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Ernst</translation>
    </message>
    <message>
        <source>What / step</source>
        <translation>Wat / stap</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Tijd</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Stap</translation>
    </message>
    <message>
        <source>Started / ended</source>
        <translation>Gestart / beëindigd</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duur</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>Handtekeningen</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Handtekening</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Controle</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>When / who</source>
        <translation>Wanneer / wie</translation>
    </message>
    <message>
        <source>Old → new</source>
        <translation>Oud → nieuw</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Waarom</translation>
    </message>
    <message>
        <source>Exceptions</source>
        <translation>Uitzonderingen</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Stappen</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Gebeurtenissen</translation>
    </message>
    <message>
        <source>Batch record %1</source>
        <translation>Batchdossier %1</translation>
    </message>
    <message>
        <source>CoI %1 · cartridge %2</source>
        <translation>CoI %1 · cartridge %2</translation>
    </message>
    <message>
        <source>created %1 · ended %2</source>
        <translation>aangemaakt %1 · beëindigd %2</translation>
    </message>
    <message>
        <source>%1 exception(s)</source>
        <translation>%1 uitzondering(en)</translation>
    </message>
    <message>
        <source>QA: %1</source>
        <translation>QA: %1</translation>
    </message>
    <message>
        <source>Exceptions (%1)</source>
        <translation>Uitzonderingen (%1)</translation>
    </message>
    <message>
        <source>Steps (%1/%2)</source>
        <translation>Stappen (%1/%2)</translation>
    </message>
    <message>
        <source>Signatures (%1)</source>
        <translation>Handtekeningen (%1)</translation>
    </message>
    <message>
        <source>Events (%1)</source>
        <translation>Gebeurtenissen (%1)</translation>
    </message>
    <message>
        <source>The batch has not ended: its record is reviewed and approved after.</source>
        <translation>De batch is niet beëindigd: het dossier wordt daarna beoordeeld en goedgekeurd.</translation>
    </message>
    <message>
        <source>Approved. Any later change to the record voids the approval.</source>
        <translation>Goedgekeurd. Elke latere wijziging van het dossier maakt de goedkeuring ongeldig.</translation>
    </message>
    <message>
        <source>QA reviews and approves batch records: sign in as QA.</source>
        <translation>QA beoordeelt en keurt batchdossiers goed: meld u aan als QA.</translation>
    </message>
    <message>
        <source>Review the exceptions, then sign the review; a second QA person approves.</source>
        <translation>Beoordeel de uitzonderingen en onderteken de beoordeling; een tweede QA-persoon keurt goed.</translation>
    </message>
    <message>
        <source>Reviewed. A second QA person approves the record.</source>
        <translation>Beoordeeld. Een tweede QA-persoon keurt het dossier goed.</translation>
    </message>
    <message>
        <source>Exports: supervisors and QA.</source>
        <translation>Exporteren: supervisors en QA.</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>%1 wordt geschreven…</translation>
    </message>
    <message>
        <source>Could not write the export: %1</source>
        <translation>Export kon niet worden geschreven: %1</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>Geëxporteerd naar %1</translation>
    </message>
</context>
<context>
    <name>BatchState</name>
    <message>
        <source>Idle</source>
        <translation>Inactief</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Actief</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>Voltooid</translation>
    </message>
    <message>
        <source>Pausing</source>
        <translation>Pauzeren…</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Gepauzeerd</translation>
    </message>
    <message>
        <source>Holding</source>
        <translation>Vasthouden…</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Vastgehouden</translation>
    </message>
    <message>
        <source>Restarting</source>
        <translation>Herstarten…</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>Stoppen…</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestopt</translation>
    </message>
    <message>
        <source>Aborting</source>
        <translation>Afbreken…</translation>
    </message>
    <message>
        <source>Aborted</source>
        <translation>Afgebroken</translation>
    </message>
</context>
<context>
    <name>BatchTableModel</name>
    <message>
        <source>Batch / CoI</source>
        <translation>Batch / CoI</translation>
    </message>
    <message>
        <source>Recipe / unit</source>
        <translation>Recept / eenheid</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Current step</source>
        <translation>Huidige stap</translation>
    </message>
    <message>
        <source>Progress / ETA</source>
        <translation>Voortgang / gereed</translation>
    </message>
    <message>
        <source>Dev.</source>
        <translation>Afw.</translation>
    </message>
    <message>
        <source>Deviations</source>
        <translation>Afwijkingen</translation>
    </message>
</context>
<context>
    <name>BatchesPage</name>
    <message>
        <source>Batches</source>
        <translation>Batches</translation>
    </message>
    <message>
        <source>New batch</source>
        <translation>Nieuwe batch</translation>
    </message>
    <message>
        <source>No open batches on this station. Operators and supervisors start one with “New batch”.</source>
        <translation>Geen open batches op dit station. Operators en supervisors starten er een met „Nieuwe batch”.</translation>
    </message>
    <message>
        <source>%1 open · %2 waiting for operator · %3 held or stopped</source>
        <translation>%1 open · %2 wachten op operator · %3 vastgehouden of gestopt</translation>
    </message>
    <message>
        <source>Operators and supervisors start batches</source>
        <translation>Operators en supervisors starten batches</translation>
    </message>
</context>
<context>
    <name>BayCards</name>
    <message>
        <source>last known: %1</source>
        <translation>laatst bekend: %1</translation>
    </message>
    <message>
        <source>COMMUNICATION LOST</source>
        <translation>COMMUNICATIE VERLOREN</translation>
    </message>
</context>
<context>
    <name>BayState</name>
    <message>
        <source>EMPTY</source>
        <translation>LEEG</translation>
    </message>
    <message>
        <source>IDLE</source>
        <translation>INACTIEF</translation>
    </message>
    <message>
        <source>RUNNING</source>
        <translation>IN BEDRIJF</translation>
    </message>
    <message>
        <source>COMPLETE</source>
        <translation>VOLTOOID</translation>
    </message>
    <message>
        <source>STOPPED</source>
        <translation>GESTOPT</translation>
    </message>
    <message>
        <source>FAULT</source>
        <translation>STORING</translation>
    </message>
</context>
<context>
    <name>CartridgeView</name>
    <message>
        <source>Parameter</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Waarde</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normaalbereik</translation>
    </message>
    <message>
        <source>Setpoint</source>
        <translation>Setpoint</translation>
    </message>
    <message>
        <source>Alarms of this bay</source>
        <translation>Alarmen van deze positie</translation>
    </message>
    <message>
        <source>No standing alarms.</source>
        <translation>Geen staande alarmen.</translation>
    </message>
    <message>
        <source>Bay %1</source>
        <translation>Positie %1</translation>
    </message>
    <message>
        <source>Last known: %1</source>
        <translation>Laatst bekend: %1</translation>
    </message>
    <message>
        <source>SP %1</source>
        <translation>SP %1</translation>
    </message>
    <message>
        <source>No cartridge in this bay.</source>
        <translation>Geen cartridge in deze positie.</translation>
    </message>
    <message>
        <source>progress ▨ %1</source>
        <translation>voortgang ▨ %1</translation>
    </message>
    <message>
        <source>culture age %1</source>
        <translation>kweekduur %1</translation>
    </message>
    <message>
        <source>cartridge %1</source>
        <translation>cartridge %1</translation>
    </message>
    <message>
        <source>CoI %1</source>
        <translation>CoI %1</translation>
    </message>
    <message>
        <source>Batch %1 · %2 · %3 ▶</source>
        <translation>Batch %1 · %2 · %3 ▶</translation>
    </message>
    <message>
        <source>+%1 more on the Alarms page</source>
        <translation>+%1 meer op de pagina Alarmen</translation>
    </message>
    <message>
        <source>%1, last hour</source>
        <translation>%1, afgelopen uur</translation>
    </message>
    <message>
        <source>%1 cannot be changed here.</source>
        <translation>%1 kan hier niet worden gewijzigd.</translation>
    </message>
    <message>
        <source>Setpoint changed to %1 %2 (audit entry %3).</source>
        <translation>Setpoint gewijzigd naar %1 %2 (auditregel %3).</translation>
    </message>
</context>
<context>
    <name>Connection</name>
    <message>
        <source>CONNECTED</source>
        <translation>VERBONDEN</translation>
    </message>
    <message>
        <source>CONNECTING</source>
        <translation>VERBINDEN…</translation>
    </message>
    <message>
        <source>DISCONNECTED</source>
        <translation>VERBROKEN</translation>
    </message>
    <message>
        <source>LOST</source>
        <translation>VERLOREN</translation>
    </message>
</context>
<context>
    <name>CustomSpanDialog</name>
    <message>
        <source>Custom time span</source>
        <translation>Aangepaste periode</translation>
    </message>
    <message>
        <source>From (%1)</source>
        <translation>Van (%1)</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Tot</translation>
    </message>
</context>
<context>
    <name>Duration</name>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 u %2 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 u</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 u</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 d</translation>
    </message>
</context>
<context>
    <name>EnvironmentPage</name>
    <message>
        <source>Environment</source>
        <translation>Omgeving</translation>
    </message>
    <message>
        <source>This plant has no cleanroom monitor.</source>
        <translation>Deze installatie heeft geen cleanroommonitor.</translation>
    </message>
</context>
<context>
    <name>EquipmentState</name>
    <message>
        <source>IDLE</source>
        <translation>INACTIEF</translation>
    </message>
    <message>
        <source>RUNNING</source>
        <translation>IN BEDRIJF</translation>
    </message>
    <message>
        <source>MOVING</source>
        <translation>BEWEEGT</translation>
    </message>
    <message>
        <source>FAULT</source>
        <translation>STORING</translation>
    </message>
    <message>
        <source>MAINTENANCE</source>
        <translation>ONDERHOUD</translation>
    </message>
    <message>
        <source>MAINS</source>
        <translation>NET</translation>
    </message>
    <message>
        <source>BATTERY</source>
        <translation>BATTERIJ</translation>
    </message>
</context>
<context>
    <name>FirstAdministratorDialog</name>
    <message>
        <source>Set up this station</source>
        <translation>Dit station inrichten</translation>
    </message>
    <message>
        <source>This station has no users yet. Create the first administrator: they sign in to create accounts for operators, supervisors, QA and maintenance. There is no default password.</source>
        <translation>Dit station heeft nog geen gebruikers. Maak de eerste beheerder aan: die meldt zich aan en maakt accounts voor operators, supervisors, QA en onderhoud. Er is geen standaardwachtwoord.</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>Gebruikers-id</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Volledige naam</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Wachtwoord</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>Herhaal wachtwoord</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>Create administrator</source>
        <translation>Beheerder aanmaken</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>De twee wachtwoorden verschillen.</translation>
    </message>
</context>
<context>
    <name>FleetBoard</name>
    <message>
        <source>COMMUNICATION LOST</source>
        <translation>COMMUNICATIE VERLOREN</translation>
    </message>
    <message>
        <source>COMMS LOST</source>
        <translation>GEEN VERB.</translation>
    </message>
    <message>
        <source>▶ %1 running · %2/%3 bays</source>
        <translation>▶ %1 actief · %2/%3 posities</translation>
    </message>
    <message>
        <source>▶ %1 · %2/%3 bays</source>
        <translation>▶ %1 · %2/%3 pos.</translation>
    </message>
    <message>
        <source>◆ %1 FAULT</source>
        <translation>◆ %1 STORING</translation>
    </message>
    <message>
        <source>▶ %1</source>
        <translation>▶ %1</translation>
    </message>
    <message>
        <source>%1 unack · %2 stand.</source>
        <translation>%1 onb. · %2 st.</translation>
    </message>
    <message>
        <source>QC instrument</source>
        <translation>QC-instrument</translation>
    </message>
    <message>
        <source>Room monitor</source>
        <translation>Ruimtemonitor</translation>
    </message>
    <message>
        <source>no alarms</source>
        <translation>geen alarmen</translation>
    </message>
    <message>
        <source>%1 unack · %2 standing</source>
        <translation>%1 onbev. · %2 staand</translation>
    </message>
</context>
<context>
    <name>FleetPage</name>
    <message>
        <source>Fleet</source>
        <translation>Vloot</translation>
    </message>
    <message>
        <source>%1 units · %2 with standing alarms · %3 not connected · ranked by urgency</source>
        <translation>%1 eenheden · %2 met staande alarmen · %3 niet verbonden · op urgentie gesorteerd</translation>
    </message>
</context>
<context>
    <name>Header</name>
    <message>
        <source>Not signed in</source>
        <translation>Niet aangemeld</translation>
    </message>
    <message>
        <source>Change password…</source>
        <translation>Wachtwoord wijzigen…</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Afmelden</translation>
    </message>
    <message>
        <source>sign-out %1 min</source>
        <translation>afmelden %1 min</translation>
    </message>
    <message>
        <source>%1 local
%2 UTC</source>
        <translation>%1 lokaal
%2 UTC</translation>
    </message>
    <message>
        <source>%1 of %2 devices connected</source>
        <translation>%1 van %2 apparaten verbonden</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbonden</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>verbinden…</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>verbroken</translation>
    </message>
    <message>
        <source>LOST</source>
        <translation>VERLOREN</translation>
    </message>
</context>
<context>
    <name>InstrumentPanel</name>
    <message>
        <source>Running and waiting</source>
        <translation>Lopend en wachtend</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Resultaten</translation>
    </message>
    <message>
        <source>Queue not known: %1. Nothing shown here is live.</source>
        <translation>Wachtrij onbekend: %1. Niets hier is live.</translation>
    </message>
    <message>
        <source>%1 samples · %2 assays running</source>
        <translation>%1 monsters · %2 assays lopend</translation>
    </message>
    <message>
        <source>Results: %1</source>
        <translation>Resultaten: %1</translation>
    </message>
    <message>
        <source>last received, not live: %1</source>
        <translation>laatst ontvangen, niet live: %1</translation>
    </message>
</context>
<context>
    <name>InstrumentStrip</name>
    <message>
        <source>+%1 more on the QC and Environment pages</source>
        <translation>+%1 meer op de pagina's QC en Omgeving</translation>
    </message>
    <message>
        <source>State %1 · %2 samples · %3 assays running</source>
        <translation>Status %1 · %2 monsters · %3 assays lopend</translation>
    </message>
    <message>
        <source>≥0.5 µm %1</source>
        <translation>≥0,5 µm %1</translation>
    </message>
</context>
<context>
    <name>KeypadDialog</name>
    <message>
        <source>Per batch record instruction</source>
        <translation>Volgens instructie batchdossier</translation>
    </message>
    <message>
        <source>Correcting process drift</source>
        <translation>Correctie procesdrift</translation>
    </message>
    <message>
        <source>Supervisor instruction</source>
        <translation>Instructie supervisor</translation>
    </message>
    <message>
        <source>Equipment check</source>
        <translation>Controle apparatuur</translation>
    </message>
    <message>
        <source>Change setpoint</source>
        <translation>Setpoint wijzigen</translation>
    </message>
    <message>
        <source>Now %1 · allowed %2 to %3 %4</source>
        <translation>Nu %1 · toegestaan %2 tot %3 %4</translation>
    </message>
    <message>
        <source>Reason for the change (required)</source>
        <translation>Reden voor de wijziging (verplicht)</translation>
    </message>
    <message>
        <source>type or pick a reason</source>
        <translation>typ of kies een reden</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Volgende</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Terug</translation>
    </message>
    <message>
        <source>Confirm change</source>
        <translation>Wijziging bevestigen</translation>
    </message>
    <message>
        <source>Enter a number first.</source>
        <translation>Voer eerst een getal in.</translation>
    </message>
    <message>
        <source>%1 has more decimals than this setpoint takes (%2); nothing was sent.</source>
        <translation>%1 heeft meer decimalen dan deze setpoint toestaat (%2); er is niets verzonden.</translation>
    </message>
    <message>
        <source>Nothing was sent.</source>
        <translation>Er is niets verzonden.</translation>
    </message>
    <message>
        <source>Give the reason for the change.</source>
        <translation>Geef de reden voor de wijziging.</translation>
    </message>
    <message>
        <source>Change %1 of %2
from %3 to %4 %5?

Reason: %6
Changed by: %7</source>
        <translation>%1 van %2 wijzigen
van %3 naar %4 %5?

Reden: %6
Gewijzigd door: %7</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Verzenden…</translation>
    </message>
    <message>
        <source>The change could not be completed (%1). Check the setpoint before trying again.</source>
        <translation>De wijziging kon niet worden voltooid (%1). Controleer de setpoint voordat u het opnieuw probeert.</translation>
    </message>
</context>
<context>
    <name>KioskLock</name>
    <message>
        <source>This is a kiosk: only an administrator can close CellDeck (Leave kiosk).</source>
        <translation>Dit is een kiosk: alleen een beheerder kan CellDeck sluiten (Kiosk verlaten).</translation>
    </message>
</context>
<context>
    <name>LeaveKioskDialog</name>
    <message>
        <source>Leave kiosk</source>
        <translation>Kiosk verlaten</translation>
    </message>
    <message>
        <source>Closing the kiosk stops the operators' screen beside the equipment. The plant keeps running. An administrator signs for it; it is recorded in the audit trail.</source>
        <translation>Sluiten van de kiosk stopt het operatorscherm bij de apparatuur. De installatie blijft draaien. Een beheerder ondertekent hiervoor; dit wordt vastgelegd in de audittrail.</translation>
    </message>
    <message>
        <source>e.g. software update, PC maintenance</source>
        <translation>bijv. software-update, pc-onderhoud</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Beheerder</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Wachtwoord</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reden</translation>
    </message>
    <message>
        <source>Stay in kiosk</source>
        <translation>In kiosk blijven</translation>
    </message>
    <message>
        <source>Close CellDeck</source>
        <translation>CellDeck sluiten</translation>
    </message>
    <message>
        <source>Enter user id, password and the reason.</source>
        <translation>Voer gebruikers-id, wachtwoord en reden in.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Leave kiosk</source>
        <translation>Kiosk verlaten</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Taal</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Overzicht</translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation>Vloot</translation>
    </message>
    <message>
        <source>Shuttles</source>
        <translation>Shuttles</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Omgeving</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>Batches</translation>
    </message>
    <message>
        <source>QC</source>
        <translation>QC</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>Alarmen</translation>
    </message>
    <message>
        <source>Trends</source>
        <translation>Trends</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Beheer</translation>
    </message>
</context>
<context>
    <name>ManualStepPanel</name>
    <message>
        <source>%1 to %2</source>
        <translation>%1 tot %2</translation>
    </message>
    <message>
        <source>Nothing to do by hand in this step.</source>
        <translation>In deze stap is geen handwerk nodig.</translation>
    </message>
    <message>
        <source>Sign in to work this step.</source>
        <translation>Meld u aan om deze stap uit te voeren.</translation>
    </message>
    <message>
        <source>Your role cannot work batch steps.</source>
        <translation>Uw rol mag geen batchstappen uitvoeren.</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>Scannen</translation>
    </message>
    <message>
        <source>scan or type</source>
        <translation>scannen of typen</translation>
    </message>
    <message>
        <source>scan or type, e.g. %1</source>
        <translation>scannen of typen, bijv. %1</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Controleren</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Bevestigingen</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Invoeren</translation>
    </message>
    <message>
        <source>(limits %1)</source>
        <translation>(grenzen %1)</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Vastleggen</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Ondertekenen</translation>
    </message>
    <message>
        <source>Sign as %1</source>
        <translation>Ondertekenen als %1</translation>
    </message>
    <message>
        <source>Finish the scans, confirmations and entries to sign.</source>
        <translation>Rond eerst de scans, bevestigingen en invoer af om te ondertekenen.</translation>
    </message>
    <message>
        <source>Scan the barcode first.</source>
        <translation>Scan eerst de barcode.</translation>
    </message>
    <message>
        <source>Enter a number.</source>
        <translation>Voer een getal in.</translation>
    </message>
</context>
<context>
    <name>Module</name>
    <message>
        <source>Selection</source>
        <translation>Selectie</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>Activering</translation>
    </message>
    <message>
        <source>Electroporation</source>
        <translation>Elektroporatie</translation>
    </message>
    <message>
        <source>Transduction</source>
        <translation>Transductie</translation>
    </message>
    <message>
        <source>Expansion</source>
        <translation>Expansie</translation>
    </message>
    <message>
        <source>Wash</source>
        <translation>Wassen</translation>
    </message>
    <message>
        <source>Formulate/fill</source>
        <translation>Formuleren/vullen</translation>
    </message>
    <message>
        <source>Freezing</source>
        <translation>Invriezen</translation>
    </message>
</context>
<context>
    <name>NewBatchDialog</name>
    <message>
        <source>New batch</source>
        <translation>Nieuwe batch</translation>
    </message>
    <message>
        <source>scan the cartridge label</source>
        <translation>scan het cartridgelabel</translation>
    </message>
    <message>
        <source>scan the chain-of-identity label</source>
        <translation>scan het identiteitsketenlabel</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>Recept</translation>
    </message>
    <message>
        <source>Shuttle</source>
        <translation>Shuttle</translation>
    </message>
    <message>
        <source>Bay</source>
        <translation>Positie</translation>
    </message>
    <message>
        <source>Cartridge</source>
        <translation>Cartridge</translation>
    </message>
    <message>
        <source>Chain of identity</source>
        <translation>Identiteitsketen</translation>
    </message>
    <message>
        <source>No recipe is released on this station: QA releases recipes on the Records page (Recipes).</source>
        <translation>Op dit station is geen recept vrijgegeven: QA geeft recepten vrij op de pagina Dossiers (Recepten).</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Create batch</source>
        <translation>Batch aanmaken</translation>
    </message>
    <message>
        <source>Choose a recipe.</source>
        <translation>Kies een recept.</translation>
    </message>
    <message>
        <source>Scan the cartridge and the chain-of-identity label.</source>
        <translation>Scan de cartridge en het identiteitsketenlabel.</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Overview</source>
        <translation>Overzicht</translation>
    </message>
</context>
<context>
    <name>Parameter</name>
    <message>
        <source>Temperature</source>
        <translation>Temperatuur</translation>
    </message>
    <message>
        <source>pH</source>
        <translation>pH</translation>
    </message>
    <message>
        <source>Dissolved O₂</source>
        <translation>Opgeloste O₂</translation>
    </message>
    <message>
        <source>Viable cells</source>
        <translation>Levende cellen</translation>
    </message>
    <message>
        <source>CO₂</source>
        <translation>CO₂</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Volume</translation>
    </message>
    <message>
        <source>Dissolved oxygen</source>
        <translation>Opgeloste zuurstof</translation>
    </message>
    <message>
        <source>CO2</source>
        <translation>CO2</translation>
    </message>
    <message>
        <source>Glucose</source>
        <translation>Glucose</translation>
    </message>
    <message>
        <source>Lactate</source>
        <translation>Lactaat</translation>
    </message>
    <message>
        <source>Viable cell density</source>
        <translation>Levende-celdichtheid</translation>
    </message>
    <message>
        <source>Viability</source>
        <translation>Viabiliteit</translation>
    </message>
    <message>
        <source>T</source>
        <translation>T</translation>
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
        <translation>Viab.</translation>
    </message>
    <message>
        <source>Gluc.</source>
        <translation>Gluc.</translation>
    </message>
    <message>
        <source>Lact.</source>
        <translation>Lact.</translation>
    </message>
    <message>
        <source>Vol.</source>
        <translation>Vol.</translation>
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
        <translation>Wachtwoord wijzigen</translation>
    </message>
    <message>
        <source>Change password for %1</source>
        <translation>Wachtwoord wijzigen voor %1</translation>
    </message>
    <message>
        <source>At least %1 characters with a letter and a digit, not your user id, and none of your last %2 passwords. Passwords expire after %3 days.</source>
        <translation>Minstens %1 tekens met een letter en een cijfer, niet uw gebruikers-id en geen van uw laatste %2 wachtwoorden. Wachtwoorden verlopen na %3 dagen.</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Huidig wachtwoord</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Nieuw wachtwoord</translation>
    </message>
    <message>
        <source>Repeat new password</source>
        <translation>Herhaal nieuw wachtwoord</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Enter your current password.</source>
        <translation>Voer uw huidige wachtwoord in.</translation>
    </message>
    <message>
        <source>The two new passwords differ; type them again.</source>
        <translation>De twee nieuwe wachtwoorden verschillen; typ ze opnieuw.</translation>
    </message>
</context>
<context>
    <name>PenPicker</name>
    <message>
        <source>Pens</source>
        <translation>Pennen</translation>
    </message>
    <message>
        <source>All equipment</source>
        <translation>Alle apparatuur</translation>
    </message>
    <message>
        <source>Search tags, e.g. temperature</source>
        <translation>Tags zoeken, bijv. temperature</translation>
    </message>
    <message>
        <source>At most %1 pens; remove one first.</source>
        <translation>Maximaal %1 pennen; verwijder er eerst een.</translation>
    </message>
</context>
<context>
    <name>PlannedPage</name>
    <message>
        <source>Not available in this build.</source>
        <translation>Niet beschikbaar in deze versie.</translation>
    </message>
    <message>
        <source>This page will hold:</source>
        <translation>Deze pagina gaat bevatten:</translation>
    </message>
</context>
<context>
    <name>QC</name>
    <message>
        <source>Sample</source>
        <translation>Monster</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>Assay</source>
        <translation>Assay</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Voortgang</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Resterend</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultaat</translation>
    </message>
    <message>
        <source>Specification</source>
        <translation>Specificatie</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Oordeel</translation>
    </message>
    <message>
        <source>Cell count, viability</source>
        <translation>Celtelling, viabiliteit</translation>
    </message>
    <message>
        <source>Identity, CAR+ (flow)</source>
        <translation>Identiteit, CAR+ (flow)</translation>
    </message>
    <message>
        <source>Endotoxin</source>
        <translation>Endotoxine</translation>
    </message>
    <message>
        <source>Sterility</source>
        <translation>Steriliteit</translation>
    </message>
    <message>
        <source>Mycoplasma</source>
        <translation>Mycoplasma</translation>
    </message>
    <message>
        <source>Vector copy number</source>
        <translation>Vectorkopieaantal</translation>
    </message>
    <message>
        <source>✓ PASS</source>
        <translation>✓ VOLDOET</translation>
    </message>
    <message>
        <source>✖ OUT OF SPEC</source>
        <translation>✖ BUITEN SPEC</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>in afwachting</translation>
    </message>
    <message>
        <source>no specification</source>
        <translation>geen specificatie</translation>
    </message>
    <message>
        <source>◷ %1 left</source>
        <translation>◷ nog %1</translation>
    </message>
    <message>
        <source>◷ waiting</source>
        <translation>◷ wachtend</translation>
    </message>
</context>
<context>
    <name>QcPage</name>
    <message>
        <source>Quality control</source>
        <translation>Kwaliteitscontrole</translation>
    </message>
    <message>
        <source>This plant has no Cell Q instrument.</source>
        <translation>Deze installatie heeft geen Cell Q-instrument.</translation>
    </message>
</context>
<context>
    <name>Quality</name>
    <message>
        <source>COMM LOSS</source>
        <translation>GEEN COMM.</translation>
    </message>
    <message>
        <source>SENSOR FAULT</source>
        <translation>SENSORFOUT</translation>
    </message>
    <message>
        <source>STALE</source>
        <translation>VEROUDERD</translation>
    </message>
    <message>
        <source>OUT OF RANGE</source>
        <translation>BUITEN BEREIK</translation>
    </message>
    <message>
        <source>NOT CONNECTED</source>
        <translation>NIET VERBONDEN</translation>
    </message>
    <message>
        <source>MODULE FAULT</source>
        <translation>MODULEFOUT</translation>
    </message>
    <message>
        <source>NOISY</source>
        <translation>RUIS</translation>
    </message>
    <message>
        <source>BAD</source>
        <translation>SLECHT</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Reason (required)</source>
        <translation>Reden (verplicht)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
</context>
<context>
    <name>RecipesView</name>
    <message>
        <source>Recipe / version</source>
        <translation>Recept / versie</translation>
    </message>
    <message>
        <source>sha256</source>
        <translation>sha256</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Bestand</translation>
    </message>
    <message>
        <source>On this station</source>
        <translation>Op dit station</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <source>RELEASED</source>
        <translation>VRIJGEGEVEN</translation>
    </message>
    <message>
        <source>NOT RELEASED</source>
        <translation>NIET VRIJGEGEVEN</translation>
    </message>
    <message>
        <source>WITHDRAWN</source>
        <translation>INGETROKKEN</translation>
    </message>
    <message>
        <source>CHANGED SINCE RELEASE, NOT RUNNABLE</source>
        <translation>GEWIJZIGD NA VRIJGAVE, NIET UITVOERBAAR</translation>
    </message>
    <message>
        <source>RELEASE RECORD FAILS ITS CHECK</source>
        <translation>VRIJGAVEREGISTRATIE KLOPT NIET</translation>
    </message>
    <message>
        <source>INVALID FILE</source>
        <translation>ONGELDIG BESTAND</translation>
    </message>
    <message>
        <source>RELEASED, FILE MISSING</source>
        <translation>VRIJGEGEVEN, BESTAND ONTBREEKT</translation>
    </message>
    <message>
        <source>shipped</source>
        <translation>meegeleverd</translation>
    </message>
    <message>
        <source>site</source>
        <translation>locatie</translation>
    </message>
    <message>
        <source>file: released</source>
        <translation>bestand: vrijgegeven</translation>
    </message>
    <message>
        <source>file: DRAFT</source>
        <translation>bestand: CONCEPT</translation>
    </message>
    <message>
        <source>%1 phases (%2 manual), about %3 h</source>
        <translation>%1 fasen (%2 handmatig), ca. %3 u</translation>
    </message>
    <message>
        <source>Read the files again</source>
        <translation>Bestanden opnieuw lezen</translation>
    </message>
    <message>
        <source>Release…</source>
        <translation>Vrijgeven…</translation>
    </message>
    <message>
        <source>Withdraw…</source>
        <translation>Intrekken…</translation>
    </message>
    <message>
        <source>%1 recipes · %2 runnable on this station</source>
        <translation>%1 recepten · %2 uitvoerbaar op dit station</translation>
    </message>
    <message>
        <source>%1 need attention</source>
        <translation>%1 vragen aandacht</translation>
    </message>
    <message>
        <source>(unreadable recipe file)</source>
        <translation>(onleesbaar receptbestand)</translation>
    </message>
    <message>
        <source>released by %1, %2</source>
        <translation>vrijgegeven door %1, %2</translation>
    </message>
    <message>
        <source>withdrawn by %1, %2</source>
        <translation>ingetrokken door %1, %2</translation>
    </message>
    <message>
        <source>QA releases and withdraws recipes: sign in as QA.</source>
        <translation>QA geeft recepten vrij en trekt ze in: meld u aan als QA.</translation>
    </message>
    <message>
        <source>%1 may be released: you sign its content (sha256 %2) as approved.</source>
        <translation>%1 kan worden vrijgegeven: u ondertekent de inhoud (sha256 %2) als goedgekeurd.</translation>
    </message>
    <message>
        <source>%1 is released here; withdraw it to stop new batches on it.</source>
        <translation>%1 is hier vrijgegeven; trek het in om nieuwe batches ermee te stoppen.</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Intrekken</translation>
    </message>
    <message>
        <source>Withdraw recipe %1 from production on this station? No new batch may run it; batches running now finish on the recipe they started with.</source>
        <translation>Recept %1 op dit station uit productie nemen? Geen nieuwe batch mag het uitvoeren; lopende batches maken het recept af waarmee ze begonnen.</translation>
    </message>
</context>
<context>
    <name>RecordsPage</name>
    <message>
        <source>Batch records</source>
        <translation>Batchdossiers</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Audittrail</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>Handtekeningen</translation>
    </message>
    <message>
        <source>Recipes</source>
        <translation>Recepten</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Dossiers</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>operator</source>
        <translation>operator</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <source>QA</source>
        <translation>QA</translation>
    </message>
    <message>
        <source>maintenance</source>
        <translation>onderhoud</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>beheerder</translation>
    </message>
</context>
<context>
    <name>Room</name>
    <message>
        <source>Particles ≥ 0.5 µm</source>
        <translation>Deeltjes ≥ 0,5 µm</translation>
    </message>
    <message>
        <source>Particles ≥ 5 µm</source>
        <translation>Deeltjes ≥ 5 µm</translation>
    </message>
    <message>
        <source>Differential pressure</source>
        <translation>Drukverschil</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatuur</translation>
    </message>
    <message>
        <source>Relative humidity</source>
        <translation>Relatieve vochtigheid</translation>
    </message>
    <message>
        <source>not specified</source>
        <translation>niet gespecificeerd</translation>
    </message>
    <message>
        <source>alarm above %1</source>
        <translation>alarm boven %1</translation>
    </message>
    <message>
        <source>alarm below %1 %2</source>
        <translation>alarm onder %1 %2</translation>
    </message>
    <message>
        <source>grade %1: ≤ %2 at rest, ≤ %3 in operation</source>
        <translation>klasse %1: ≤ %2 in rust, ≤ %3 in bedrijf</translation>
    </message>
    <message>
        <source>Annex 1 guidance ≥ %1 Pa to a lower grade</source>
        <translation>Annex 1-richtlijn ≥ %1 Pa t.o.v. een lagere klasse</translation>
    </message>
    <message>
        <source>site range %1-%2 %3</source>
        <translation>locatiebereik %1-%2 %3</translation>
    </message>
</context>
<context>
    <name>RoomPanel</name>
    <message>
        <source>%1 · Grade %2</source>
        <translation>%1 · Klasse %2</translation>
    </message>
    <message>
        <source>Alarms of this room</source>
        <translation>Alarmen van deze ruimte</translation>
    </message>
    <message>
        <source>No standing alarms.</source>
        <translation>Geen staande alarmen.</translation>
    </message>
    <message>
        <source>CONNECTED</source>
        <translation>VERBONDEN</translation>
    </message>
</context>
<context>
    <name>Severity</name>
    <message>
        <source>◆ critical</source>
        <translation>◆ kritisch</translation>
    </message>
    <message>
        <source>▲ major</source>
        <translation>▲ ernstig</translation>
    </message>
    <message>
        <source>■ minor</source>
        <translation>■ gering</translation>
    </message>
    <message>
        <source>● info</source>
        <translation>● info</translation>
    </message>
</context>
<context>
    <name>ShuttleBoard</name>
    <message>
        <source>Robot %1 · %2</source>
        <translation>Robot %1 · %2</translation>
    </message>
    <message>
        <source>COMMUNICATION LOST</source>
        <translation>COMMUNICATIE VERLOREN</translation>
    </message>
</context>
<context>
    <name>ShuttleStatus</name>
    <message>
        <source>Link</source>
        <translation>Verbinding</translation>
    </message>
    <message>
        <source>Doors</source>
        <translation>Deuren</translation>
    </message>
    <message>
        <source>Interlocks</source>
        <translation>Vergrendelingen</translation>
    </message>
    <message>
        <source>Robot mover</source>
        <translation>Robot</translation>
    </message>
    <message>
        <source>Power · UPS charge</source>
        <translation>Voeding · UPS-lading</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>Media</translation>
    </message>
    <message>
        <source>Reagents</source>
        <translation>Reagentia</translation>
    </message>
    <message>
        <source>Waste</source>
        <translation>Afval</translation>
    </message>
    <message>
        <source>CONNECTED</source>
        <translation>VERBONDEN</translation>
    </message>
    <message>
        <source>No live status from this shuttle: %1 (%2). Nothing shown for it is live.</source>
        <translation>Geen live status van deze shuttle: %1 (%2). Niets wat ervan getoond wordt is live.</translation>
    </message>
    <message>
        <source>CLOSED</source>
        <translation>GESLOTEN</translation>
    </message>
    <message>
        <source>OPEN</source>
        <translation>OPEN</translation>
    </message>
    <message>
        <source>HEALTHY</source>
        <translation>IN ORDE</translation>
    </message>
    <message>
        <source>TRIPPED</source>
        <translation>AANGESPROKEN</translation>
    </message>
</context>
<context>
    <name>ShuttlesPage</name>
    <message>
        <source>Shuttles</source>
        <translation>Shuttles</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in</source>
        <translation>Aanmelden</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>Gebruikers-id</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Wachtwoord</translation>
    </message>
    <message>
        <source>Scan your badge</source>
        <translation>Scan uw badge</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>Badge</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Badge and PIN</source>
        <translation>Badge en PIN</translation>
    </message>
    <message>
        <source>User id and password</source>
        <translation>Gebruikers-id en wachtwoord</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
</context>
<context>
    <name>SignOutWarning</name>
    <message>
        <source>Automatic sign-out warning</source>
        <translation>Waarschuwing automatisch afmelden</translation>
    </message>
    <message>
        <source>Signing out in %1 s — touch to stay</source>
        <translation>Afmelden over %1 s — raak aan om te blijven</translation>
    </message>
</context>
<context>
    <name>Signature</name>
    <message>
        <source>performed</source>
        <translation>uitgevoerd</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>geverifieerd</translation>
    </message>
    <message>
        <source>reviewed</source>
        <translation>beoordeeld</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>goedgekeurd</translation>
    </message>
    <message>
        <source>I performed this step as recorded.</source>
        <translation>Ik heb deze stap uitgevoerd zoals vastgelegd.</translation>
    </message>
    <message>
        <source>I witnessed this step and verify it was performed as recorded.</source>
        <translation>Ik heb deze stap bijgewoond en verifieer dat ze is uitgevoerd zoals vastgelegd.</translation>
    </message>
    <message>
        <source>I reviewed this record.</source>
        <translation>Ik heb dit dossier beoordeeld.</translation>
    </message>
    <message>
        <source>I approve this record.</source>
        <translation>Ik keur dit dossier goed.</translation>
    </message>
    <message>
        <source>%1 by %2 (%3), %4</source>
        <translation>%1 door %2 (%3), %4</translation>
    </message>
</context>
<context>
    <name>SignatureDialog</name>
    <message>
        <source>Electronic signature</source>
        <translation>Elektronische handtekening</translation>
    </message>
    <message>
        <source>Sign as: %1</source>
        <translation>Ondertekenen als: %1</translation>
    </message>
    <message>
        <source>Your electronic signature is the legally binding equivalent of your handwritten signature. It is recorded with your printed name, the date and time, and this meaning, and is bound to the record's content</source>
        <translation>Uw elektronische handtekening is het wettelijk bindende equivalent van uw handgeschreven handtekening. Ze wordt vastgelegd met uw naam, datum en tijd en deze betekenis, en is gekoppeld aan de inhoud van het dossier</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>Gebruikers-id</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Wachtwoord</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Ondertekenen</translation>
    </message>
    <message>
        <source>Enter your user id and password to sign.</source>
        <translation>Voer uw gebruikers-id en wachtwoord in om te ondertekenen.</translation>
    </message>
</context>
<context>
    <name>SignaturesView</name>
    <message>
        <source>Newer</source>
        <translation>Nieuwer</translation>
    </message>
    <message>
        <source>Older</source>
        <translation>Ouder</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Vernieuwen</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Signature (printed name, meaning, UTC)</source>
        <translation>Handtekening (naam, betekenis, UTC)</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Controle</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>Verklaring</translation>
    </message>
    <message>
        <source>seal and content</source>
        <translation>zegel en inhoud</translation>
    </message>
    <message>
        <source>seal</source>
        <translation>zegel</translation>
    </message>
    <message>
        <source>verified (%1)</source>
        <translation>geverifieerd (%1)</translation>
    </message>
    <message>
        <source>FAILED: %1</source>
        <translation>ONGELDIG: %1</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>niet gecontroleerd</translation>
    </message>
    <message>
        <source>%1 signatures shown</source>
        <translation>%1 handtekeningen getoond</translation>
    </message>
    <message>
        <source>%1 FAIL verification</source>
        <translation>%1 NIET GELDIG</translation>
    </message>
</context>
<context>
    <name>StationRole</name>
    <message>
        <source>kiosk</source>
        <translation>kiosk</translation>
    </message>
    <message>
        <source>supervisor's desk</source>
        <translation>supervisorwerkplek</translation>
    </message>
</context>
<context>
    <name>StepStatus</name>
    <message>
        <source>done</source>
        <translation>gereed</translation>
    </message>
    <message>
        <source>current</source>
        <translation>huidig</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>niet gestart</translation>
    </message>
</context>
<context>
    <name>StepTimeline</name>
    <message>
        <source>done %1</source>
        <translation>gereed %1</translation>
    </message>
    <message>
        <source>done</source>
        <translation>gereed</translation>
    </message>
    <message>
        <source>started %1</source>
        <translation>gestart %1</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>nog %1</translation>
    </message>
    <message>
        <source>waiting for the operator</source>
        <translation>wacht op de operator</translation>
    </message>
    <message>
        <source>expected %1</source>
        <translation>verwacht %1</translation>
    </message>
</context>
<context>
    <name>TrendPlot</name>
    <message>
        <source>CPP low %1</source>
        <translation>CPP laag %1</translation>
    </message>
    <message>
        <source>CPP high %1</source>
        <translation>CPP hoog %1</translation>
    </message>
    <message>
        <source>range low %1</source>
        <translation>bereik laag %1</translation>
    </message>
    <message>
        <source>range high %1</source>
        <translation>bereik hoog %1</translation>
    </message>
</context>
<context>
    <name>TrendsPage</name>
    <message>
        <source>%1 bay %2</source>
        <translation>%1 positie %2</translation>
    </message>
    <message>
        <source>Trends</source>
        <translation>Trends</translation>
    </message>
    <message>
        <source>Live 10 min</source>
        <translation>Live 10 min</translation>
    </message>
    <message>
        <source>1 h</source>
        <translation>1 u</translation>
    </message>
    <message>
        <source>8 h</source>
        <translation>8 u</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 u</translation>
    </message>
    <message>
        <source>10 d</source>
        <translation>10 d</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>Aangepast…</translation>
    </message>
    <message>
        <source>Earlier</source>
        <translation>Eerder</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Inzoomen</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Uitzoomen</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>CSV exporteren</translation>
    </message>
    <message>
        <source>Pen</source>
        <translation>Pen</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Nu</translation>
    </message>
    <message>
        <source>Shown range</source>
        <translation>Getoond bereik</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Meetpunten</translation>
    </message>
    <message>
        <source>── good   ┈┈ uncertain or bad   ╌╌ alarm limit   ─·─ CPP limit   (no line: no data)</source>
        <translation>── goed   ┈┈ onzeker of slecht   ╌╌ alarmgrens   ─·─ CPP-grens   (geen lijn: geen data)</translation>
    </message>
    <message>
        <source>Cursor %1</source>
        <translation>Cursor %1</translation>
    </message>
    <message>
        <source>The end must be after the start.</source>
        <translation>Het einde moet na het begin liggen.</translation>
    </message>
    <message>
        <source>History not available: %1</source>
        <translation>Historie niet beschikbaar: %1</translation>
    </message>
    <message>
        <source>Tap a pen to show its scale on the value axis</source>
        <translation>Tik op een pen om de schaal op de waarde-as te tonen</translation>
    </message>
    <message>
        <source>%1 doubtful</source>
        <translation>%1 twijfelachtig</translation>
    </message>
    <message>
        <source>none</source>
        <translation>geen</translation>
    </message>
    <message>
        <source>Remove this pen</source>
        <translation>Deze pen verwijderen</translation>
    </message>
    <message>
        <source>Remove pen %1</source>
        <translation>Pen %1 verwijderen</translation>
    </message>
    <message>
        <source>minute rollups</source>
        <translation>minuutaggregaten</translation>
    </message>
    <message>
        <source>samples</source>
        <translation>meetwaarden</translation>
    </message>
    <message>
        <source> · %1 per point, from %2</source>
        <translation> · %1 per punt, uit %2</translation>
    </message>
    <message>
        <source>live</source>
        <translation>live</translation>
    </message>
    <message>
        <source>history</source>
        <translation>historie</translation>
    </message>
    <message>
        <source>%1 to %2 (%3), %4%5.</source>
        <translation>%1 tot %2 (%3), %4%5.</translation>
    </message>
    <message>
        <source>Export the shown trend</source>
        <translation>Getoonde trend exporteren</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 kon niet worden geschreven: %2</translation>
    </message>
    <message>
        <source>Exported %1 rows to %2</source>
        <translation>%1 regels geëxporteerd naar %2</translation>
    </message>
</context>
<context>
    <name>UserTableModel</name>
    <message>
        <source>User id</source>
        <translation>Gebruikers-id</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Wachtwoord</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>Badge</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>Laatst aangemeld</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nee</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nooit</translation>
    </message>
    <message>
        <source>LOCKED (%1 failed attempts)</source>
        <translation>GEBLOKKEERD (%1 mislukte pogingen)</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>uitgeschakeld</translation>
    </message>
    <message>
        <source>active</source>
        <translation>actief</translation>
    </message>
    <message>
        <source>must change at sign-in</source>
        <translation>wijzigen bij aanmelden</translation>
    </message>
    <message>
        <source>EXPIRED (%1 days old)</source>
        <translation>VERLOPEN (%1 dagen oud)</translation>
    </message>
    <message>
        <source>%1 d old, expires in %2 d</source>
        <translation>%1 d oud, verloopt over %2 d</translation>
    </message>
</context>
</TS>
