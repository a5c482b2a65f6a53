; Inno Setup script: the Windows installer for Ward Desk (Inno Setup 6.3 or newer).
;
;   1. Build the app on Windows:   .venv\Scripts\python packaging\build.py   (makes dist\WardDesk\)
;   2. Compile the installer:      "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\ward_desk.iss
;      -> dist\WardDesk-<version>-setup.exe
;
; Per-user install (no administrator rights): the program goes to %LOCALAPPDATA%\Programs\Ward Desk, the
; ward's data stays in %LOCALAPPDATA%\WardDesk, which the uninstaller keeps unless the person explicitly asks
; to delete it. Installer languages: Vietnamese and English. Vietnamese.isl is one of Inno Setup's unofficial
; translations and is not installed with Inno Setup: put it in packaging\ (see README, "Building the
; installer") or in Inno Setup's Languages folder.

#define AppName "Ward Desk"
#define AppExe "WardDesk.exe"
#define Dist AddBackslash(SourcePath) + "..\dist\WardDesk"
#if !FileExists(Dist + "\" + AppExe)
  #error dist\WardDesk\WardDesk.exe not found: run packaging\build.py first
#endif
; The version comes from the executable's version resource, itself generated from ward_desk.__version__.
#define AppVersion GetStringFileInfo(Dist + "\" + AppExe, "ProductVersion")
#define AppNumbers GetVersionNumbersString(Dist + "\" + AppExe)

#define ViIsl AddBackslash(SourcePath) + "Vietnamese.isl"
#if !FileExists(ViIsl)
  #undef ViIsl
  #define ViIsl CompilerPath + "Languages\Vietnamese.isl"
#endif
#if !FileExists(ViIsl)
  #error Vietnamese.isl not found. Download the Vietnamese translation for Inno Setup 6 from https://jrsoftware.org/files/istrans/ into packaging\ (see README).
#endif

[Setup]
AppId={{0B4B110F-CDC8-49D2-9E96-6EF3CF975185}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Ward Desk developers
VersionInfoVersion={#AppNumbers}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user: no UAC prompt, nothing written outside the user's profile.
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist
OutputBaseFilename=WardDesk-{#AppVersion}-setup
SetupIconFile=..\resources\icons\ward-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
LicenseFile=..\LICENSE
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
LanguageDetectionMethod=uilanguage
CloseApplications=yes

[Languages]
Name: "vietnamese"; MessagesFile: "{#ViIsl}"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
vietnamese.DeleteDataPrompt=Có xoá luôn DỮ LIỆU của Ward Desk không?%n%n%1%n%nThư mục này chứa cơ sở dữ liệu (hồ sơ của xã/phường) và các bản sao lưu. Nếu xoá, mọi hồ sơ trên máy này sẽ MẤT VĨNH VIỄN.%n%nChọn "Không" (khuyến nghị) để giữ dữ liệu; cài lại Ward Desk sẽ dùng lại dữ liệu này.
english.DeleteDataPrompt=Also delete Ward Desk's DATA?%n%n%1%n%nThis folder holds the database (the ward's records) and its backups. If you delete it, every record on this PC is LOST FOR GOOD.%n%nChoose "No" (recommended) to keep the data; installing Ward Desk again will use it.
vietnamese.DesktopIcon=Tạo biểu tượng trên màn hình nền
english.DesktopIcon=Create a desktop shortcut
vietnamese.LaunchApp=Mở Ward Desk
english.LaunchApp=Start Ward Desk

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked

[Files]
; The whole one-folder build, LICENSE.txt included (packaging/build.py copies it there).
Source: "{#Dist}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the program folder's contents, so files of the previous version never linger.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent

[Code]
{ The ward's data folder: platformdirs' per-user data folder for "WardDesk" (ward_desk/config.py). }
function DataFolder: String;
begin
  Result := ExpandConstant('{localappdata}\WardDesk');
end;

{ Uninstalling keeps the data unless the person says Yes (default No); a silent uninstall always keeps it. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DirExists(DataFolder) and not UninstallSilent then
  begin
    if MsgBox(FmtMessage(CustomMessage('DeleteDataPrompt'), [DataFolder]), mbConfirmation,
              MB_YESNO or MB_DEFBUTTON2) = IDYES then
      DelTree(DataFolder, True, True, True);
  end;
end;
