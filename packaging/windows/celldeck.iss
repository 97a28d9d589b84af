; Inno Setup 6 script for CellDeck on Windows (per-machine install, Start menu entry,
; optional kiosk autostart). Build the bundle first, then compile this script:
;
;   py -3.11 packaging\build.py bundle
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\celldeck.iss
;
; (`py -3.11 packaging\build.py` does both when ISCC.exe is installed.) The installer lands
; in dist\. See packaging/README.md, "Windows".

; Languages: the bundle carries CellDeck's Dutch and Japanese translations and Qt's
; qtbase_nl/ja.qm (packaging/bundle_rules.py). No font is installed for Japanese: Windows
; 10/11 ship Yu Gothic / Yu Gothic UI in every edition (Meiryo comes with the Japanese
; language); Qt's font fallback (DirectWrite's, Qt 6.8+) takes them for Japanese text.
; The theme's DejaVu Sans is not on Windows: Qt uses the system's UI font for the rest.

#ifndef AppVersion
  #error Pass the version from pyproject.toml: ISCC /DAppVersion=X.Y.Z celldeck.iss
#endif
#define Root AddBackslash(SourcePath) + "..\.."
#define BundleDir Root + "\build\bundle\celldeck"

[Setup]
; Never change AppId: it is how an upgrade finds the installed CellDeck.
AppId={{6C1E3A2B-5D47-4B8E-9A61-2F0C7D9E4B13}
AppName=CellDeck
AppVersion={#AppVersion}
AppVerName=CellDeck {#AppVersion}
AppPublisher=CellDeck
DefaultDirName={autopf}\CellDeck
DefaultGroupName=CellDeck
DisableProgramGroupPage=yes
; Per-machine: Program Files, Start menu for all users, needs an administrator.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#Root}\dist
OutputBaseFilename=celldeck-{#AppVersion}-windows-x64-setup
SetupIconFile={#Root}\resources\icons\celldeck.ico
UninstallDisplayIcon={app}\celldeck.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked
Name: "kiosk"; Description: "Kiosk: start CellDeck full screen whenever a user signs in to this PC"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the bundle whole, so no library of the old version is left beside
; the new ones. Station records are not in {app}: they are never touched.
Type: filesandordirs; Name: "{app}\_internal"

[Dirs]
; %ProgramData%\CellDeck holds the station's plant.toml: administrators write, users read.
Name: "{commonappdata}\CellDeck"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#Root}\resources\plants\demo-site.toml"; DestDir: "{commonappdata}\CellDeck"; DestName: "plant.toml.example"; Flags: ignoreversion
Source: "{#Root}\packaging\README.md"; DestDir: "{app}"; DestName: "INSTALL.md"; Flags: ignoreversion

[Icons]
; celldeckw.exe is the same program without a console window.
Name: "{autoprograms}\CellDeck"; Filename: "{app}\celldeckw.exe"; WorkingDir: "{app}"
Name: "{autodesktop}\CellDeck"; Filename: "{app}\celldeckw.exe"; WorkingDir: "{app}"; Tasks: desktopicon
Name: "{commonstartup}\CellDeck kiosk"; Filename: "{app}\celldeckw.exe"; Parameters: "--kiosk"; WorkingDir: "{app}"; Tasks: kiosk

[Run]
; Only administrators (and the system) may change the plant configuration.
Filename: "{sys}\icacls.exe"; Parameters: """{commonappdata}\CellDeck"" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX"; Flags: runhidden waituntilterminated
Filename: "{app}\celldeckw.exe"; Description: "Start CellDeck now"; Flags: nowait postinstall skipifsilent unchecked

[UninstallDelete]
; Nothing beyond what was installed: station databases (%LOCALAPPDATA%\CellDeck), audit
; keys, logs and %ProgramData%\CellDeck\plant.toml stay after an uninstall.
