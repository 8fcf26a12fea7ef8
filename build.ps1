#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests, documents and packages the VirtDiag module (for machines with PowerShell 7; tasks run in order given).
.DESCRIPTION
    -Task Build    build the solution (warnings are errors) and publish src/VirtDiag.PowerShell: out/VirtDiag/ with the
                   manifest (ModuleVersion from Directory.Build.props), the format file and en-US/ help
    -Task Test     Build, then the xunit tests (dotnet test) and tests/Pester in a child pwsh (.ci/pester.ps1 installs
                   Pester 5.9.1 from the NuGet v3 feed when it is missing)
    -Task Help     Build, then check the MAML help and about_VirtDiag topic that the publish step wrote from docs/help
    -Task Package  Help + Test, then out/package/VirtDiag.<version>.nupkg (Publish-PSResource to a local file repository)
.EXAMPLE
    ./build.ps1 -Task Test -Configuration Release
.EXAMPLE
    ./build.ps1 -Task Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Help', 'Package')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$moduleDir = Join-Path $root 'out/VirtDiag'

# Arguments go in as one array: an advanced function would read `-p:Name=Value` as one of its own parameter names.
function Invoke-Dotnet([string[]] $Arguments) {
    Write-Host "dotnet $($Arguments -join ' ')" -ForegroundColor Cyan
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE" }
}

function Invoke-Build {
    Invoke-Dotnet @('build', (Join-Path $root 'VirtDiag.slnx'), '-c', $Configuration, '-p:TreatWarningsAsErrors=true')
    Invoke-Dotnet @('publish', (Join-Path $root 'src/VirtDiag.PowerShell'), '-c', $Configuration, '--no-build')
    Write-Host "Module folder: $moduleDir"
}

function Invoke-Test {
    Invoke-Build
    Invoke-Dotnet @('test', (Join-Path $root 'VirtDiag.slnx'), '-c', $Configuration, '--no-build')
    # A child pwsh, so this session never holds the module's DLL and Pester gets a clean runspace.
    $pwsh = (Get-Process -Id $PID).Path
    & $pwsh -NoProfile -NonInteractive -File (Join-Path $root '.ci/pester.ps1') -Output Detailed
    if ($LASTEXITCODE -ne 0) { throw "Pester failed (exit code $LASTEXITCODE)" }
}

function Invoke-Help {
    Invoke-Build
    $enUs = Join-Path $moduleDir 'en-US'
    foreach ($file in 'VirtDiag.PowerShell.dll-Help.xml', 'about_VirtDiag.help.txt') {
        if (-not (Test-Path -LiteralPath (Join-Path $enUs $file))) { throw "help was not laid out: $enUs/$file is missing" }
    }
    [xml] $maml = Get-Content -Raw -LiteralPath (Join-Path $enUs 'VirtDiag.PowerShell.dll-Help.xml')
    $documented = @($maml.helpItems.command | ForEach-Object { $_.details.name })
    $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $moduleDir 'VirtDiag.psd1')
    $undocumented = @($manifest.CmdletsToExport | Where-Object { $_ -notin $documented })
    if ($undocumented) { throw "no help for: $($undocumented -join ', ')" }
    Write-Host "Help: $($documented.Count) cmdlets and about_VirtDiag in $enUs"
}

function Invoke-Package {
    Invoke-Help
    Invoke-Test
    $manifest = Test-ModuleManifest -Path (Join-Path $moduleDir 'VirtDiag.psd1')
    $packageOut = Join-Path $root 'out/package'
    New-Item -ItemType Directory -Force -Path $packageOut | Out-Null
    Get-ChildItem -LiteralPath $packageOut -Filter 'VirtDiag.*.nupkg' | Remove-Item
    $repoName = 'VirtDiagLocalBuild'
    Register-PSResourceRepository -Name $repoName -Uri $packageOut -Trusted -Force
    try { Publish-PSResource -Path $moduleDir -Repository $repoName }
    finally { Unregister-PSResourceRepository -Name $repoName }
    $package = Join-Path $packageOut "VirtDiag.$($manifest.Version).nupkg"
    if (-not (Test-Path -LiteralPath $package)) { throw "Publish-PSResource wrote no $package" }
    Write-Host "Package: $package"
}

foreach ($t in $Task) {
    switch ($t) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Help' { Invoke-Help }
        'Package' { Invoke-Package }
    }
}
