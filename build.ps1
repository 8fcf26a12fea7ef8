#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests, documents and packages the VirtDiag module (for machines with PowerShell).
.DESCRIPTION
    -Task Build    publish src/VirtDiag.PowerShell: out/VirtDiag/ (manifest with ModuleVersion from Directory.Build.props)
    -Task Test     Build, then the xunit tests (dotnet test) and Invoke-Pester tests/Pester
    -Task Help     turn docs/help/*.md into MAML (en-US/VirtDiag.PowerShell.dll-Help.xml) with platyPS, then Build
    -Task Package  Help + Test, then a gallery-ready .nupkg of out/VirtDiag in out/package (Publish-Module -WhatIf style)
.EXAMPLE
    ./build.ps1 -Task Test -Configuration Release
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

function Invoke-Dotnet {
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    Write-Host "dotnet $($Arguments -join ' ')" -ForegroundColor Cyan
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE" }
}

function Invoke-Build {
    Invoke-Dotnet build (Join-Path $root 'VirtDiag.slnx') -c $Configuration -p:TreatWarningsAsErrors=true
    Invoke-Dotnet publish (Join-Path $root 'src/VirtDiag.PowerShell') -c $Configuration --no-build
    Write-Host "Module folder: $moduleDir"
}

function Invoke-Test {
    Invoke-Build
    Invoke-Dotnet test (Join-Path $root 'VirtDiag.slnx') -c $Configuration --no-build
    $pester = Get-Module -ListAvailable Pester | Where-Object Version -GE '5.0.0' | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) { throw 'Pester 5 is required: Install-Module Pester -MinimumVersion 5.0.0 -Scope CurrentUser' }
    Import-Module $pester
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $root 'tests/Pester'
    $config.Run.Exit = $false
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $config
    if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed" }
}

function Invoke-Help {
    # The pages use the platyPS v2 schema (2024-05-01): Microsoft.PowerShell.PlatyPS is required.
    $platy = Get-Module -ListAvailable Microsoft.PowerShell.PlatyPS | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $platy) { throw 'Microsoft.PowerShell.PlatyPS is required: Install-PSResource Microsoft.PowerShell.PlatyPS' }
    Import-Module $platy
    $helpOut = Join-Path $root 'out/help'
    New-Item -ItemType Directory -Force -Path (Join-Path $helpOut 'en-US') | Out-Null
    $pages = Get-ChildItem (Join-Path $root 'docs/help') -Filter '*-*.md' | ForEach-Object { Import-MarkdownCommandHelp -Path $_.FullName }
    $pages | Export-MamlCommandHelp -OutputFolder $helpOut -Force | Out-Null
    # Export-MamlCommandHelp writes <OutputFolder>/<Module>/<ModuleName>-Help.xml; the module expects the DLL's name.
    $maml = Get-ChildItem $helpOut -Recurse -Filter '*.xml' | Where-Object { $_.DirectoryName -ne (Join-Path $helpOut 'en-US') } | Select-Object -First 1
    if (-not $maml) { throw 'platyPS produced no MAML file' }
    Move-Item -Path $maml.FullName -Destination (Join-Path $helpOut 'en-US/VirtDiag.PowerShell.dll-Help.xml') -Force
    Invoke-Build
    if (-not (Test-Path (Join-Path $moduleDir 'en-US/VirtDiag.PowerShell.dll-Help.xml'))) { throw 'MAML help was not laid out in the module folder' }
}

function Invoke-Package {
    Invoke-Help
    Invoke-Test
    $manifest = Test-ModuleManifest -Path (Join-Path $moduleDir 'VirtDiag.psd1')
    $packageOut = Join-Path $root 'out/package'
    New-Item -ItemType Directory -Force -Path $packageOut | Out-Null
    $repoName = 'VirtDiagLocal'
    if (-not (Get-PSRepository -Name $repoName -ErrorAction SilentlyContinue)) {
        Register-PSRepository -Name $repoName -SourceLocation $packageOut -PublishLocation $packageOut -InstallationPolicy Trusted
    }
    try { Publish-Module -Path $moduleDir -Repository $repoName -NuGetApiKey 'local' }
    finally { Unregister-PSRepository -Name $repoName }
    Write-Host "Package for VirtDiag $($manifest.Version) in $packageOut"
}

foreach ($t in $Task) {
    switch ($t) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Help' { Invoke-Help }
        'Package' { Invoke-Package }
    }
}
