#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Mirrors tests/VirtDiag.Tests/VMotion/VMotionFixtureTests.cs and VMotionSyntheticTests.cs for a real PowerShell engine.

# -Skip is decided at discovery, before BeforeAll runs: the fixture check must be made here.
BeforeDiscovery {
    $script:HaveFixtures = Test-Path (Join-Path $PSScriptRoot '../../../shared/fixtures')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:VMotion = Join-Path $script:Fixtures 'vmotion'
}

Describe 'Get-VMotionMigration' {
    It 'is exported with an OutputType' {
        (Get-Command Get-VMotionMigration).OutputType.Name | Should -Contain 'VirtDiag.VMotionMigration'
    }

    It 'reads the ESXi 6.0 source-side sequence into one succeeded migration' -Skip:(-not $script:HaveFixtures) {
        $m = Get-VMotionMigration -Path (Join-Path $script:VMotion 'seed-esxi60-source-success-vmkernel.log')
        $m | Should -HaveCount 1
        $m.MigrationId | Should -Be '1451061663105920'
        $m.VMWorldId | Should -Be 2758492
        $m.DestinationWorldId | Should -Be 1830931
        $m.SourceIp | Should -Be '192.168.1.176'
        $m.DestinationIp | Should -Be '192.168.1.177'
        $m.SwapMode | Should -Be 'Shared'
        $m.PagesLeftAtSwitchover | Should -Be 0
        $m.SwitchoverGoalSeconds | Should -Be 0.5
        $m.BandwidthMBps | Should -Be 2.116
        $m.Result | Should -Be 'Succeeded'
    }

    It 'reads the ESXi 5.5 failure with reason and code' -Skip:(-not $script:HaveFixtures) {
        $m = Get-VMotionMigration -Path (Join-Path $script:VMotion 'esxi55-source-vmkernel-failure-precopy-io-aborted-switchover-rssing.txt') -Result Failed
        $m.Result | Should -Be 'Failed'
        $m.FailureReason | Should -Be 'IO was aborted'
        $m.FailureCode | Should -Be '0xbad00e0'
    }

    It 'joins piped Get-Content lines and names their host' -Skip:(-not $script:HaveFixtures) {
        $m = Get-Content (Join-Path $script:VMotion 'seed-esxi60-source-success-vmkernel.log') | Get-VMotionMigration -HostName esx-a
        $m.SourceHost | Should -Be 'esx-a'
        $m.Events | Should -HaveCount 11
    }

    It 'binds a PowerCLI-like Log object by its Entries property' -Skip:(-not $script:HaveFixtures) {
        $log = [pscustomobject]@{ Entries = [string[]](Get-Content (Join-Path $script:VMotion 'esxi55-source-vmkernel-failure-precopy-io-aborted-switchover-rssing.txt')) }
        ($log | Get-VMotionMigration).MigrationId | Should -Be '1415416254017461'
    }

    It 'gives one migration with both hosts from two folders piped one by one' {
        # SYNTHETIC lines modelled on the fixture wording (see VMotionSyntheticTests.cs).
        $src = New-Item -ItemType Directory -Force -Path (Join-Path $TestDrive 'esx-src01-2026-04-14--10.00-1234/var/run/log')
        $dst = New-Item -ItemType Directory -Force -Path (Join-Path $TestDrive 'esx-dst01-2026-04-14--10.01-5678/var/run/log')
        @(
            '2026-04-14T10:00:00.100Z cpu4:2100001)Migrate: vm 2100004: 3284: Setting VMOTION info: Source ts = 1776160800100001, src ip = <10.1.1.11> dest ip = <10.1.1.12> Dest wid = 3200007 using SHARED swap'
            '2026-04-14T10:00:03.000Z cpu0:2100001)Hbr: 3434: Migration end received (worldID=2100004) (migrateType=1) (event=1) (isSource=1) (sharedConfig=1)'
        ) | Set-Content -Path (Join-Path $src 'vmkernel.log')
        @(
            '2026-04-14T10:00:00.120Z cpu2:3200001)Migrate: vm 3200007: 3284: Setting VMOTION info: Dest ts = 1776160800100001, src ip = <10.1.1.11> dest ip = <10.1.1.12> Dest wid = 0 using SHARED swap'
            '2026-04-14T10:00:03.050Z cpu1:3200001)Hbr: 3434: Migration end received (worldID=3200007) (migrateType=1) (event=1) (isSource=0) (sharedConfig=1)'
        ) | Set-Content -Path (Join-Path $dst 'vmkernel.log')
        $m = Get-ChildItem -Directory $TestDrive | Get-VMotionMigration
        $m | Should -HaveCount 1
        $m.SourceHost | Should -Be 'src01'
        $m.DestinationHost | Should -Be 'dst01'
        $m.Result | Should -Be 'Succeeded'
    }

    It 'writes a FileNotFound error for a missing literal path' {
        Get-VMotionMigration -LiteralPath (Join-Path $TestDrive 'nope.log') -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FileNotFound,*'
    }
}
