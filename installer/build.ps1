<#
.SYNOPSIS
    Builds the Windows installer of 法治台账: dist\法治台账-安装程序-<version>.exe.

.DESCRIPTION
    For a maintainer on Windows with Python 3.11+ and NSIS 3 installed. The script
      1. creates (or reuses) the virtual environment .venv-build in the repository;
      2. installs the project with its test extra, which holds PyInstaller;
      3. runs the tests when -RunTests is given;
      4. builds installer\lawledger.spec (one folder, windowed) into the output folder;
      5. runs the frozen application's self-check (it must print only [通过] lines);
      6. compiles installer\lawledger.nsi with makensis (found on PATH or in NSIS's folder)
    and prints where the installer is.

.PARAMETER OutDir
    Folder for the build and the installer (default: dist in the repository).

.PARAMETER Python
    The Python used to create the virtual environment (default: the py launcher, else python).

.PARAMETER RunTests
    Run the test suite before building.

.EXAMPLE
    powershell -ExecutionPolicy Bypass -File installer\build.ps1 -RunTests
#>
param(
    [string]$OutDir = "dist",
    [string]$Python = "",
    [switch]$RunTests
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$root = Split-Path -Parent $PSScriptRoot
Set-Location $root

function Invoke-Native([string]$Title, [scriptblock]$Command) {
    # Run a program; stop with its title when it fails. Its messages on stderr (pip and
    # PyInstaller log there) are not errors, only its exit code is.
    Write-Host "== $Title" -ForegroundColor Cyan
    $previous = $ErrorActionPreference
    $ErrorActionPreference = "Continue"
    try {
        & $Command
    } finally {
        $ErrorActionPreference = $previous
    }
    if ($LASTEXITCODE -ne 0) {
        throw "$Title 失败(退出码 $LASTEXITCODE)"
    }
}

function Read-Output([string]$Path) {
    # The self-check writes UTF-8, or the ANSI code page when the console could show Chinese.
    $bytes = [System.IO.File]::ReadAllBytes($Path)
    try {
        return (New-Object System.Text.UTF8Encoding($false, $true)).GetString($bytes)
    } catch {
        return [System.Text.Encoding]::Default.GetString($bytes)
    }
}

function Find-Makensis {
    # makensis.exe on PATH, else where the NSIS installer put it.
    $command = Get-Command makensis.exe -ErrorAction SilentlyContinue
    if ($command) {
        return $command.Source
    }
    $folders = @()
    foreach ($key in "HKLM:\SOFTWARE\WOW6432Node\NSIS", "HKLM:\SOFTWARE\NSIS") {
        $entry = Get-ItemProperty -Path $key -ErrorAction SilentlyContinue
        if ($entry -and $entry.PSObject.Properties["(default)"]) {
            $folders += $entry."(default)"
        }
    }
    foreach ($base in ${env:ProgramFiles(x86)}, $env:ProgramFiles) {
        if ($base) {
            $folders += Join-Path $base "NSIS"
        }
    }
    foreach ($folder in $folders) {
        $candidate = Join-Path $folder "makensis.exe"
        if (Test-Path $candidate) {
            return $candidate
        }
    }
    throw "找不到 makensis.exe:请安装 NSIS 3(https://nsis.sourceforge.io/Download),或把它所在的文件夹加入 PATH"
}

$started = [System.Diagnostics.Stopwatch]::StartNew()
New-Item -ItemType Directory -Force -Path $OutDir | Out-Null
$out = (Resolve-Path $OutDir).Path
$venv = Join-Path $root ".venv-build"
$venvPython = Join-Path $venv "Scripts\python.exe"

if (-not (Test-Path $venvPython)) {
    if (-not $Python) {
        $Python = if (Get-Command py -ErrorAction SilentlyContinue) { "py" } else { "python" }
    }
    Invoke-Native "创建虚拟环境 $venv" { & $Python -m venv $venv }
}
Invoke-Native "检查 Python 版本(需要 3.11 或更高)" {
    & $venvPython -c "import sys; print(sys.version); sys.exit(sys.version_info < (3, 11))"
}
Invoke-Native "升级 pip" { & $venvPython -m pip install --upgrade pip }
Invoke-Native "安装法治台账及测试依赖(含 PyInstaller)" {
    & $venvPython -m pip install ".[test]" "pyinstaller>=6"
}
if ($RunTests) {
    Invoke-Native "运行测试" { & $venvPython -m pytest -q }
}

$version = (& $venvPython -c "import desktop_app; print(desktop_app.__version__)").Trim()
$numbers = @([regex]::Matches(($version -split "\+")[0], "\d+") | Select-Object -First 4 | ForEach-Object { $_.Value })
while ($numbers.Count -lt 4) {
    $numbers += "0"
}
$fileVersion = $numbers -join "."

Invoke-Native "PyInstaller:法治台账 $version" {
    & $venvPython -m PyInstaller --noconfirm --distpath $out --workpath (Join-Path $out "work") installer\lawledger.spec
}
$app = Join-Path $out "LawLedger"
$size = (Get-ChildItem $app -Recurse -File | Measure-Object -Property Length -Sum).Sum / 1MB
Write-Host ("   {0}:{1:N0} MB" -f $app, $size)

Write-Host "== 打包后程序自检" -ForegroundColor Cyan
$report = Join-Path $out "selfcheck.txt"
$errors = Join-Path $out "selfcheck-errors.txt"
$env:LAWLEDGER_DATA_DIR = Join-Path $out "selfcheck-data"
try {
    $check = Start-Process -FilePath (Join-Path $app "LawLedger.exe") -ArgumentList "--self-check" `
        -Wait -PassThru -NoNewWindow -RedirectStandardOutput $report -RedirectStandardError $errors
} finally {
    Remove-Item Env:LAWLEDGER_DATA_DIR
}
Write-Host (Read-Output $report)
if ($check.ExitCode -ne 0) {
    Write-Host (Read-Output $errors)
    throw "打包后的程序自检未通过(退出码 $($check.ExitCode)),见上方 [失败] 行"
}

$makensis = Find-Makensis
Invoke-Native "NSIS 安装程序($makensis)" {
    & $makensis /V2 /WX "/DVERSION=$version" "/DFILE_VERSION=$fileVersion" "/DSOURCE_DIR=$app" "/DOUT_DIR=$out" installer\lawledger.nsi
}
$setup = Join-Path $out "法治台账-安装程序-$version.exe"
if (-not (Test-Path $setup)) {
    throw "makensis 没有生成 $setup"
}
Write-Host ""
Write-Host ("安装程序已生成:{0}({1:N0} MB,用时 {2:N0} 秒)" -f $setup, ((Get-Item $setup).Length / 1MB), $started.Elapsed.TotalSeconds) -ForegroundColor Green
