# Pester 5. Mirrors tests/VirtDiag.Tests/OVirt/EngineLogTests.cs.
BeforeDiscovery {
    $script:haveFixtures = Test-Path (Join-Path $PSScriptRoot '../../../shared/fixtures/vdsm/mz-pdm_ovirt-log-analyzer_engine.log')
    $script:offsets = @(
        @{ Stamp = '2026-03-14 09:15:26,535Z'; Utc = '2026-03-14T09:15:26.535Z'; Hours = 0 }
        @{ Stamp = '2026-03-14 17:15:26,535+08'; Utc = '2026-03-14T09:15:26.535Z'; Hours = 8 }
        @{ Stamp = '2026-03-14 17:15:26,535+0800'; Utc = '2026-03-14T09:15:26.535Z'; Hours = 8 }
        @{ Stamp = '2026-03-14 04:15:26,535-05'; Utc = '2026-03-14T09:15:26.535Z'; Hours = -5 }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VirtDiag/VirtDiag.psd1') -Force
    $script:log = Join-Path $PSScriptRoot '../../../shared/fixtures/vdsm/mz-pdm_ovirt-log-analyzer_engine.log'
}

Describe 'Get-OVirtEngineLogEntry' {
    It 'keeps the offset of <Stamp>' -ForEach $offsets {
        $e = "$Stamp ERROR [org.ovirt.engine.core.bll.RunVmCommand] (default task-7) [a1b2c3d4] Failed to run VM web01" | Get-OVirtEngineLogEntry -HostName engine01.lab
        $e.Timestamp.UtcDateTime | Should -Be ([DateTimeOffset]::Parse($Utc, [cultureinfo]::InvariantCulture).UtcDateTime)
        $e.Timestamp.Offset.TotalHours | Should -Be $Hours
        $e.Level | Should -Be 'Error'
        $e.CorrelationId | Should -Be 'a1b2c3d4'
        $e.Thread | Should -Be 'default task-7'
        $e.HostName | Should -Be 'engine01.lab'
    }

    It 'reads every record of the lab engine.log, Java traces attached' -Skip:(-not $haveFixtures) {
        $all = Get-OVirtEngineLogEntry -Path $log
        $all.Count | Should -Be 1307                            # grep -c '^2017-..-.. ..:..:..,...Z '
        ($all | Measure-Object LineCount -Sum).Sum | Should -Be 2593   # wc -l
        ($all | Where-Object Level -EQ 'Error').Count | Should -Be 52
    }

    It 'filters by logger class and level, and gives the root cause' -Skip:(-not $haveFixtures) {
        $e = Get-OVirtEngineLogEntry -Path $log -Level Error -Logger RefreshHostCapabilitiesCommand -CorrelationId 59c64e8c
        $e.Count | Should -Be 2
        $e[1].Exception.Type | Should -Be 'org.ovirt.engine.core.vdsbroker.vdsbroker.VDSNetworkException'
        $e[1].Exception.RootCause.Type | Should -Be 'java.net.NoRouteToHostException'
        $e[1].LineNumber | Should -Be 538
    }

    It 'reads a record whose first line has a stray prefix, and says so once' {
        $lines = @(
            '`2026-03-14 09:15:26,535Z INFO  [org.ovirt.engine.core.bll.AddVmCommand] (default task-3) [5e1f] Running command: AddVmCommand internal: false.'
            '2026-03-14 09:15:27,535Z INFO  [org.ovirt.engine.core.bll.AddVmCommand] (default task-3) [5e1f] Lock freed'
        )
        $e = $lines | Get-OVirtEngineLogEntry -Verbose 4>&1
        ($e | Where-Object { $_ -is [VirtDiag.OVirtEngineLogEntry] }).Count | Should -Be 2
        ($e | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -Be 1
    }

    It 'shows the key columns whole in 120 columns' -Skip:(-not $haveFixtures) {
        $text = Get-OVirtEngineLogEntry -Path $log -Logger RefreshHostCapabilitiesCommand -Level Error | Select-Object -First 1 | Out-String -Width 120
        $text | Should -Match 'RefreshHostCapabilitiesCommand 59c64e8c'
    }

    It 'writes FileNotFound for a missing path' {
        Get-OVirtEngineLogEntry -LiteralPath (Join-Path $TestDrive 'nope/engine.log') -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FileNotFound,*GetOVirtEngineLogEntryCommand'
    }
}
