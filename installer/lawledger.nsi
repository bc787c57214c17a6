; 法治台账 (LawLedger) installer: per user, without administrator rights, Simplified Chinese.
;
;   makensis -DVERSION=0.1.0 -DSOURCE_DIR=C:\src\dist\LawLedger -DOUT_DIR=C:\src\dist lawledger.nsi
;
; installer/build.ps1 (Windows) and installer/build.sh (Linux, a CI check) call it so. makensis
; works in this script's folder: give SOURCE_DIR and OUT_DIR as absolute paths. SOURCE_DIR is
; the PyInstaller one-folder build (LawLedger.exe and _internal). Optional:
; -DFILE_VERSION=0.1.0.0 (the numeric four-part version; derived from VERSION when omitted)
; and -DCOMPRESSOR=zlib or -DCOMPRESSOR=none (quicker to build, larger: for checks; the default
; is solid LZMA).
;
; Upgrades replace the program files in the folder of the previous installation. Neither an
; upgrade nor the uninstaller touches the user's data folder ($LOCALAPPDATA\LawLedger: the
; database, its backups and the logs) unless the user ticks the option to delete it on the
; uninstaller's page and confirms a question whose default answer is No.

Unicode true
ManifestDPIAware true
RequestExecutionLevel user

!ifndef VERSION
  !error "VERSION is required: makensis -DVERSION=0.1.0 -DSOURCE_DIR=... -DOUT_DIR=..."
!endif
!ifndef SOURCE_DIR
  !error "SOURCE_DIR is required: the PyInstaller folder that holds LawLedger.exe"
!endif
!ifndef OUT_DIR
  !error "OUT_DIR is required: the folder the installer is written to"
!endif
!ifndef FILE_VERSION
  !searchparse /noerrors "${VERSION}" "" VERSION_MAJOR "." VERSION_MINOR "." VERSION_PATCH
  !ifndef VERSION_PATCH
    !error "VERSION is not of the form X.Y.Z: pass -DFILE_VERSION=X.Y.Z.0 as well"
  !endif
  !define FILE_VERSION "${VERSION_MAJOR}.${VERSION_MINOR}.${VERSION_PATCH}.0"
!endif
!ifndef COMPRESSOR
  SetCompressor /SOLID lzma
!else if "${COMPRESSOR}" == "none"
  SetCompress off
!else
  SetCompressor ${COMPRESSOR}
!endif

; The application id never changes: it names the uninstall registry key across versions.
!define APP_ID "{0606CFC4-3FB3-4C98-B0DF-9C1B7C50E0E5}"
!define APP_NAME "法治台账"
!define APP_EXE "LawLedger.exe"
!define COMPANY "法治台账项目组"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define SETTINGS_KEY "Software\LawLedger"
!define DATA_DIR "$LOCALAPPDATA\LawLedger"
!define UNINSTALLER "uninstall.exe"

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include nsDialogs.nsh

Name "${APP_NAME}"
BrandingText "${APP_NAME} ${VERSION}"
OutFile "${OUT_DIR}\${APP_NAME}-安装程序-${VERSION}.exe"
InstallDir "$LOCALAPPDATA\Programs\LawLedger"
ShowInstDetails show
ShowUninstDetails show

Var PreviousDir
Var PreviousVersion
Var UpgradeNote
Var DeleteData
Var DataCheckbox

; -- pages -------------------------------------------------------------------------------
!define MUI_ICON "../resources/icons/app.ico"
!define MUI_UNICON "../resources/icons/app.ico"
!define MUI_ABORTWARNING
!define MUI_UNABORTWARNING
!define MUI_COMPONENTSPAGE_SMALLDESC

!define MUI_WELCOMEPAGE_TITLE "欢迎安装${APP_NAME} ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "安装程序将把${APP_NAME}安装到您自己的用户文件夹中,不需要管理员权限。$\r$\n$\r$\n\
您的数据(数据库和备份)保存在 ${DATA_DIR},安装、升级和卸载都不会改动它。$\r$\n$\r$\n\
$UpgradeNote点击“下一步”继续。"
!insertmacro MUI_PAGE_WELCOME
!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipDirectoryOnUpgrade
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "立即运行${APP_NAME}"
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
UninstPage custom un.DataPageShow un.DataPageLeave
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

; -- file-version information of the installer -------------------------------------------
VIProductVersion "${FILE_VERSION}"
VIFileVersion "${FILE_VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${APP_NAME} ${VERSION} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "CompanyName" "${COMPANY}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "© ${COMPANY}"

; -- shared functions --------------------------------------------------------------------
; Windows cannot delete a running program: keep asking until the user closes it, or give up.
!macro ENSURE_APP_CLOSED prefix
  Function ${prefix}EnsureAppClosed
    retry:
    ClearErrors
    ${If} ${FileExists} "$INSTDIR\${APP_EXE}"
      Delete "$INSTDIR\${APP_EXE}"
      ${If} ${Errors}
        MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION \
          "${APP_NAME}正在运行。请先关闭${APP_NAME}(已保存的数据不会丢失),然后点击“重试”。" \
          /SD IDCANCEL IDRETRY retry
        Abort "${APP_NAME}仍在运行,操作已取消,没有改动任何文件。"
      ${EndIf}
    ${EndIf}
  FunctionEnd
!macroend
!insertmacro ENSURE_APP_CLOSED ""
!insertmacro ENSURE_APP_CLOSED "un."

; -- installer ---------------------------------------------------------------------------
Function .onInit
  SetShellVarContext current
  StrCpy $UpgradeNote ""
  ReadRegStr $PreviousDir HKCU "${UNINSTALL_KEY}" "InstallLocation"
  ReadRegStr $PreviousVersion HKCU "${UNINSTALL_KEY}" "DisplayVersion"
  ${If} $PreviousDir != ""
  ${AndIf} ${FileExists} "$PreviousDir\${APP_EXE}"
    StrCpy $INSTDIR $PreviousDir
    StrCpy $UpgradeNote "已安装版本 $PreviousVersion,本次将在原位置升级到 ${VERSION}:$\r$\n$PreviousDir$\r$\n$\r$\n"
  ${Else}
    StrCpy $PreviousDir ""
  ${EndIf}
FunctionEnd

; An upgrade goes where the previous version is: no folder to choose.
Function SkipDirectoryOnUpgrade
  ${If} $PreviousDir != ""
    Abort
  ${EndIf}
FunctionEnd

; Never install the program into the data folder (the uninstaller would empty it).
Function .onVerifyInstDir
  ${If} $INSTDIR == "${DATA_DIR}"
  ${OrIf} $INSTDIR == "${DATA_DIR}\"
    Abort
  ${EndIf}
FunctionEnd

Section "!${APP_NAME}(必需)" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  Call EnsureAppClosed
  ; Files of the previous version are replaced as a whole so that none is left behind.
  RMDir /r "$INSTDIR\_internal"
  File /r "${SOURCE_DIR}/*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  CreateShortCut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${COMPANY}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "桌面快捷方式" SecDesktop
  SetOutPath "$INSTDIR"
  CreateShortCut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecApp} "${APP_NAME}程序文件和“开始”菜单中的快捷方式。"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "在桌面上放一个${APP_NAME}的快捷方式。"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

; -- uninstaller -------------------------------------------------------------------------
Function un.onInit
  SetShellVarContext current
  StrCpy $DeleteData ${BST_UNCHECKED}
FunctionEnd

Function un.DataPageShow
  !insertmacro MUI_HEADER_TEXT "您的数据" "选择是否保留数据库和备份"
  nsDialogs::Create 1018
  Pop $0
  ${If} $0 == error
    Abort
  ${EndIf}
  ${NSD_CreateLabel} 0 0 100% 48u "卸载只删除程序文件。您的数据(数据库、备份和日志)在:$\r$\n${DATA_DIR}$\r$\n默认保留,以后重新安装${APP_NAME}即可继续使用。"
  Pop $0
  ${NSD_CreateCheckbox} 0 56u 100% 12u "同时永久删除我的全部数据(无法恢复)"
  Pop $DataCheckbox
  ${NSD_SetState} $DataCheckbox $DeleteData
  nsDialogs::Show
FunctionEnd

Function un.DataPageLeave
  ${NSD_GetState} $DataCheckbox $DeleteData
FunctionEnd

Section "Uninstall"
  Call un.EnsureAppClosed
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"

  ${If} $DeleteData == ${BST_CHECKED}
    MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 \
      "将永久删除 ${DATA_DIR} 中的全部数据(数据库、备份和日志),删除后无法恢复。确定删除吗?" \
      /SD IDNO IDYES delete_data
    Goto keep_data
    delete_data:
      RMDir /r "${DATA_DIR}"
      DeleteRegKey HKCU "${SETTINGS_KEY}"
      DetailPrint "已删除数据文件夹:${DATA_DIR}"
      Goto done
  ${EndIf}
  keep_data:
    DetailPrint "已保留您的数据:${DATA_DIR}"
  done:
SectionEnd
