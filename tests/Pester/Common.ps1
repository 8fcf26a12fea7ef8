# Shared by every *.Tests.ps1: imports the published module and locates ../shared/fixtures.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModuleManifest = Join-Path $script:RepoRoot 'out/VirtDiag/VirtDiag.psd1'
$script:Fixtures = Join-Path $script:RepoRoot '../shared/fixtures'
$script:HaveFixtures = Test-Path $script:Fixtures
if (-not (Test-Path $script:ModuleManifest)) {
    throw "Module not built: run 'dotnet publish src/VirtDiag.PowerShell -c Release' (or ./build.ps1 -Task Build) first."
}
Import-Module $script:ModuleManifest -Force
