# Pester 5. Mirrors tests/VirtDiag.Tests/OVirt/EngineCommandTests.cs.
BeforeDiscovery {
    $script:haveFixtures = Test-Path (Join-Path $PSScriptRoot '../../../shared/fixtures/vdsm/mz-pdm_ovirt-log-analyzer_engine.log')
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VirtDiag/VirtDiag.psd1') -Force
    $script:log = Join-Path $PSScriptRoot '../../../shared/fixtures/vdsm/mz-pdm_ovirt-log-analyzer_engine.log'
}

Describe 'Get-OVirtEngineCommand' {
    It 'joins every START and FINISH of the lab engine.log' -Skip:(-not $haveFixtures) {
        # grep -cP '\] START, \w+VDSCommand\(' $F = 132, and as many FINISH
        $vds = Get-OVirtEngineCommand -Path $log -Kind VdsCommand | Where-Object StartTime
        $vds.Count | Should -Be 132
        ($vds | Where-Object EndLineNumber).Count | Should -Be 132
    }

    It 'finds GetCapabilitiesVDSCommand to centos-host-2 failing with NoRouteToHost' -Skip:(-not $haveFixtures) {
        $f = Get-OVirtEngineCommand -Path $log -Command GetCapabilitiesVDSCommand -Result Failed -TargetHost 'centos-*'
        $f.Count | Should -Be 5
        $f[0].Error | Should -Be 'java.net.NoRouteToHostException: No route to host'
        $f[0].ParentCommand | Should -Be 'RefreshHostCapabilitiesCommand'
        $f[0].Time | Should -Be ([DateTimeOffset]'2017-02-23T09:30:14.152Z')
    }

    It 'gives HibernateVm its vdsm tasks and duration' -Skip:(-not $haveFixtures) {
        $h = Get-OVirtEngineCommand -Path $log -Command HibernateVmCommand | Select-Object -First 1
        $h.Result | Should -Be 'Succeeded'
        $h.TaskIds | Should -Contain 'c1b3a9b7-c7fa-46de-bca8-9ad192b846b3'
        $h.Duration | Should -Be ([TimeSpan]::FromMilliseconds(5805))
    }

    It 'joins piped lines with an offset of +08' {
        $lines = @(
            '2026-03-14 10:00:01,000+08 INFO  [org.ovirt.engine.core.vdsbroker.vdsbroker.SetVmTicketVDSCommand] (default task-9) [77aa] START, SetVmTicketVDSCommand(HostName = node-a3.lab, SetVmTicketVDSCommandParameters:{hostId=''11111111-2222-3333-4444-555555555555''}), log id: 5f00aa'
            '2026-03-14 10:00:01,060+08 ERROR [org.ovirt.engine.core.vdsbroker.vdsbroker.SetVmTicketVDSCommand] (default task-9) [77aa] Command ''SetVmTicketVDSCommand(HostName = node-a3.lab)'' execution failed: VDSErrorException: Failed to SetVmTicketVDS, error = Virtual machine does not exist, code = 1'
            '2026-03-14 10:00:01,061+08 INFO  [org.ovirt.engine.core.vdsbroker.vdsbroker.SetVmTicketVDSCommand] (default task-9) [77aa] FINISH, SetVmTicketVDSCommand, log id: 5f00aa'
        )
        $c = $lines | Get-OVirtEngineCommand
        $c.Result | Should -Be 'Failed'
        $c.TargetHost | Should -Be 'node-a3.lab'
        $c.Duration | Should -Be ([TimeSpan]::FromMilliseconds(61))
        $c.StartTime.Offset.TotalHours | Should -Be 8
    }

    It 'shows command, result and host whole in 120 columns' -Skip:(-not $haveFixtures) {
        $text = Get-OVirtEngineCommand -Path $log -CorrelationId 1312686 | Out-String -Width 120
        $text | Should -Match 'GetCapabilitiesVDSCommand\s+Failed\s+centos-host-2\s+1312686'
        $text | Should -Match 'RefreshHostCapabilitiesCommand Failed'
    }

    It 'converts to JSON with enums as names' -Skip:(-not $haveFixtures) {
        $json = Get-OVirtEngineCommand -Path $log -CorrelationId 1312686 -Kind VdsCommand | ConvertTo-Json -Depth 2 -EnumsAsStrings
        $json | Should -Match '"Result": "Failed"'
    }
}
