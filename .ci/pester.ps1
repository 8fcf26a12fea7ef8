# Runs tests/Pester with Pester 5.9.1 in this (child) pwsh, installing Pester first when it is missing.
# Used by .ci/run and build.ps1 -Task Test. Writes "passed failed skipped" to -CountFile; exits 1 when anything failed.
[CmdletBinding()]
param(
    [string] $CountFile,
    [string] $TestPath = (Join-Path $PSScriptRoot '../tests/Pester'),
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string] $Output = 'Normal'
)

$ErrorActionPreference = 'Stop'
$pesterVersion = '5.9.1'

function Find-Pester {
    # NuGet's package lays the module out under pester/<version>/tools/, which Get-Module -ListAvailable does not see.
    foreach ($root in $env:PSModulePath -split [IO.Path]::PathSeparator) {
        if (-not $root) { continue }
        foreach ($rel in "pester/$pesterVersion/tools/Pester.psd1", "Pester/$pesterVersion/tools/Pester.psd1", "Pester/$pesterVersion/Pester.psd1") {
            $candidate = Join-Path $root $rel
            if (Test-Path -LiteralPath $candidate) { return $candidate }
        }
    }
}

$manifest = Find-Pester
if (-not $manifest) {
    # The NuGet v3 feed this machine's dotnet uses also serves Pester.
    $feed = (& dotnet nuget list source --format short) | Where-Object { $_ -match '^E\s+(\S+/v3/index\.json)' } |
        ForEach-Object { $Matches[1] } | Select-Object -First 1
    if (-not $feed) { throw 'No enabled NuGet v3 source in `dotnet nuget list source`; cannot install Pester.' }
    $repo = Get-PSResourceRepository | Where-Object { $_.Uri.AbsoluteUri -eq $feed } | Select-Object -First 1
    if (-not $repo) {
        Register-PSResourceRepository -Name VirtDiagNuGetV3 -Uri $feed -Trusted
        $repo = Get-PSResourceRepository -Name VirtDiagNuGetV3
    }
    Write-Host "installing Pester $pesterVersion from $feed"
    Install-PSResource -Name Pester -Version $pesterVersion -Repository $repo.Name -Scope CurrentUser -TrustRepository -Quiet
    $manifest = Find-Pester
    if (-not $manifest) { throw "Pester $pesterVersion was installed but no Pester.psd1 was found under PSModulePath." }
}
Import-Module $manifest -Force

$config = New-PesterConfiguration
$config.Run.Path = $TestPath
$config.Run.PassThru = $true
$config.Run.Exit = $false
$config.Output.Verbosity = $Output
$result = Invoke-Pester -Configuration $config

# A container whose BeforeAll or discovery fails has no failed test, but it failed all the same.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
$summary = "$($result.PassedCount) $failed $($result.SkippedCount + $result.NotRunCount)"
if ($CountFile) { Set-Content -LiteralPath $CountFile -Value $summary }
Write-Host "Pester $((Get-Module Pester).Version): $($result.PassedCount) passed, $failed failed, $($result.SkippedCount) skipped, $($result.NotRunCount) not run"
if ($failed -gt 0 -or $result.Result -ne 'Passed') { exit 1 }
exit 0
