#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Mirrors tests/VirtDiag.Tests/VMotion/VMotionFixtureTests.cs for a real PowerShell engine.

# -Skip is decided at discovery, before BeforeAll runs: the fixture check must be made here too.
BeforeDiscovery {
    $script:HaveFixtures = Test-Path (Join-Path $PSScriptRoot '../../../shared/fixtures')
    $script:Shapes = @(
        @{ Name = 'Esxi5Iso'; Line = '2015-12-25T16:39:25.567Z cpu4:2758489)VMotion: 2734: 1451061663105920 S: Set ip address ''192.168.1.176'' worldlet affinity to send World ID 2772001' }
        @{ Name = 'Esxi8Syslog'; Line = '2024-03-01T08:00:01.000Z Wa(180) vmkwarning: cpu12:19435561)WARNING: Migrate: 269: 7182955985622810397 S: Failed: Connection closed by remote host (0xbad003f) @0x42002a1b2c3d' }
        @{ Name = 'SyslogForwarded'; Line = '2015-02-20T11:05:06.449Z esx01 vmkernel: cpu3:427570)VMotion: 4531: 1424430306000001 S: Stopping pre-copy: only 5 pages left to send, which can be sent within the switchover time goal of 0.500 seconds (network bandwidth ~812.000 MB/s, 800% t2d)' }
        @{ Name = 'VmxLevel'; Line = '2023-04-15T08:52:34.879Z In(05) vmx - MigrateSetInfo: state=1 srcIp=<192.168.1.22> dstIp=<192.168.1.23> mid=8743996508480001077 priority=high' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:VMotion = Join-Path $script:Fixtures 'vmotion'
}

Describe 'Get-VMotionEvent' {
    It 'is exported with an OutputType' {
        (Get-Command Get-VMotionEvent).OutputType.Name | Should -Contain 'VirtDiag.VMotionEvent'
    }

    It 'reads every vMotion line of the ESXi 6.0 sequence' -Skip:(-not $script:HaveFixtures) {
        $e = Get-VMotionEvent -Path (Join-Path $script:VMotion 'seed-esxi60-source-success-vmkernel.log')
        $e | Should -HaveCount 13
        $e[0].Kind | Should -Be 'InfoSet'
        $e[0].Cpu | Should -Be 4
        $e[0].WorldId | Should -Be 2758489
    }

    It 'filters by migration id and time in Core' -Skip:(-not $script:HaveFixtures) {
        $e = Get-VMotionEvent -Path (Join-Path $script:VMotion 'seed-esxi60-source-success-vmkernel.log') -MigrationId 1451061663105920 -After '2015-12-25T16:39:25.8Z'
        $e.Kind | Should -Be @('PreCopyStopped', 'PagesSent', 'MigrationEnd')
    }

    It 'reads the <Name> shape from piped text' -ForEach $script:Shapes {
        $e = $Line | Get-VMotionEvent -HostName h
        $e.Shape | Should -Be $Name
    }

    It 'gives the hex mid of vmware.log in decimal' -Skip:(-not $script:HaveFixtures) {
        $e = Get-VMotionEvent -Path (Join-Path $script:VMotion 'esxi80-vmware-log-source-state-0-to-1-haewon83.txt')
        $e.MigrationId | Sort-Object -Unique | Should -Be '8743996508480001077'
    }

    It 'reports lines that join no migration as verbose messages' -Skip:(-not $script:HaveFixtures) {
        $null = Get-VMotionMigration -Path (Join-Path $script:VMotion 'esxi-vgpu-vmware-log-source-failure-max-switchover-and-dest-restoring-kb320352.txt') -Verbose 4>&1 |
            Tee-Object -Variable out
        ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like '*OrphanEvent*' }) | Should -HaveCount 11
    }
}
