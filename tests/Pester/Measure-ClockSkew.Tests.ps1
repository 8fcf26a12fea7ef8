# Pester 5. Mirrors tests/VirtDiag.Tests/Timeline/ClockSkewTests.cs and EngineVdsmSkewTests.cs.
BeforeDiscovery {
    $script:haveFixtures = Test-Path (Join-Path $PSScriptRoot '../../../shared/fixtures/vdsm/mz-pdm_ovirt-log-analyzer_engine.log')
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VirtDiag/VirtDiag.psd1') -Force
    $script:examples = Join-Path $PSScriptRoot '../../examples'

    # Both sides of one migration in ESXi 6 vmkernel shapes (our own ids and addresses); the destination's clock runs 17.25 s ahead.
    function script:New-Bundles([string] $root) {
        $a = Join-Path $root 'esx-esxa01-2024-03-11--10.00-1001/var/run/log'
        $b = Join-Path $root 'esx-esxb02-2024-03-11--10.00-1002/var/run/log'
        New-Item -ItemType Directory -Path $a, $b -Force | Out-Null
        @(
            '2024-03-11T09:15:00.000Z cpu4:5100331)Migrate: vm 5100334: 3284: Setting VMOTION info: Source ts = 7000000000000001, src ip = <10.20.0.11> dest ip = <10.20.0.12> Dest wid = 6200101 using SHARED swap'
            '2024-03-11T09:15:00.006Z cpu4:5100340)VMotionUtil: 3396: 7000000000000001 S: Stream connection 1 added.'
            '2024-03-11T09:15:02.000Z cpu3:5100334)VMotion: 4531: 7000000000000001 S: Stopping pre-copy: only 96 pages left to send, which can be sent within the switchover time goal of 0.500 seconds (network bandwidth ~905.125 MB/s, 1000% t2d)'
            '2024-03-11T09:15:02.120Z cpu5:5100340)VMotionSend: 3643: 7000000000000001 S: Sent all modified pages to destination (network bandwidth ~887.000 MB/s)'
            '2024-03-11T09:15:02.900Z cpu0:5100331)Hbr: 3434: Migration end received (worldID=5100334) (migrateType=1) (event=1) (isSource=1) (sharedConfig=1)'
        ) | Set-Content -Path (Join-Path $a 'vmkernel.log')
        @(
            '2024-03-11T09:15:17.200Z cpu2:6200098)Migrate: vm 6200101: 3284: Setting VMOTION info: Dest ts = 7000000000000001, src ip = <10.20.0.11> dest ip = <10.20.0.12> Dest wid = 0 using SHARED swap'
            '2024-03-11T09:15:17.257Z cpu2:6200110)VMotionUtil: 3396: 7000000000000001 D: Stream connection 1 added.'
            '2024-03-11T09:15:19.700Z cpu1:6200098)Hbr: 3434: Migration end received (worldID=6200101) (migrateType=1) (event=1) (isSource=0) (sharedConfig=1)'
        ) | Set-Content -Path (Join-Path $b 'vmkernel.log')
    }
}

Describe 'Measure-ClockSkew' {
    It 'recovers a destination clock 17.25 s ahead within its bounds' {
        New-Bundles $TestDrive
        $e = Get-ChildItem $TestDrive -Directory | Measure-ClockSkew -ReferenceHostName esxa01
        $e.Count | Should -Be 2
        $e[0].Confidence | Should -Be 'Reference'
        $b = $e | Where-Object HostName -eq 'esxb02'
        $b.ReferenceHostName | Should -Be 'esxa01'
        $b.LowerBoundSeconds | Should -BeLessOrEqual 17.25
        $b.UpperBoundSeconds | Should -BeGreaterOrEqual 17.25
        # Upper: pages sent 02.120 → destination end 19.700 (17.58 s) + 2 ms resolution.
        $b.UpperBoundSeconds | Should -Be 17.582
        $b.Anchors | Should -Be 2
        $b.AnchorKinds | Should -Contain 'VMotionPagesSentBeforeDestinationEnd'
    }

    It 'bounds the lab hypervisor against the engine' -Skip:(-not $haveFixtures) {
        $root = Join-Path $TestDrive 'lab'
        $v = New-Item -ItemType Directory -Path (Join-Path $root 'sosreport-rhel-7.3-host-1-2017-02-23-aaaa/var/log/vdsm') -Force
        $g = New-Item -ItemType Directory -Path (Join-Path $root 'sosreport-engine01-2017-02-23-bbbb/var/log/ovirt-engine') -Force
        Copy-Item (Join-Path $PSScriptRoot '../../../shared/fixtures/vdsm/mz-pdm_ovirt-log-analyzer_vdsm-1.log') (Join-Path $v 'vdsm.log')
        Copy-Item (Join-Path $PSScriptRoot '../../../shared/fixtures/vdsm/mz-pdm_ovirt-log-analyzer_engine.log') (Join-Path $g 'engine.log')
        $e = Measure-ClockSkew -Path $root -WarningVariable w -WarningAction SilentlyContinue
        $e[0].HostName | Should -Be 'engine01'
        $e[1].OffsetSeconds | Should -Be 0.9985
        $e[1].LowerBoundSeconds | Should -Be 0.996
        $e[1].UpperBoundSeconds | Should -Be 1.001
        # A graceful DestroyVDSCommand is the broker's VM.shutdown: paired with it, no pairing contradicts the others.
        $e[1].Anchors | Should -Be 22
        $e[1].Outliers | Should -Be 0
        ($w | Where-Object { "$_" -match 'ClockAnchorOutlier' }).Count | Should -Be 0
    }

    It 'gives hosts without anchors no offset' {
        $e = Measure-ClockSkew -Path $examples -WarningAction SilentlyContinue
        ($e | Where-Object HostName -eq 'rhvh01.lab').Confidence | Should -Be 'None'
        ($e | Where-Object HostName -eq 'rhvh01.lab').OffsetSeconds | Should -BeNullOrEmpty
        ($e | Where-Object HostName -eq 'esx-b.lab').Confidence | Should -Be 'Medium'
    }

    It 'shows host, offset, bounds and confidence whole in 120 columns' {
        $text = Measure-ClockSkew -Path $examples -WarningAction SilentlyContinue | Out-String -Width 120
        $text | Should -Match 'esx-b\.lab\s+-3\.9235\s+-8\.297\s+0\.45\s+2\s+0\s+Medium\s+esx-a\.lab'
    }

    It 'refuses a zone it does not know' {
        { Measure-ClockSkew -Path $examples -TimeZone 'Mars/Olympus' } | Should -Throw -ErrorId 'InvalidTimeZone,VirtDiag.PowerShell.Commands.MeasureClockSkewCommand'
    }
}
