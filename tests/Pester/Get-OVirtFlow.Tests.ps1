# Pester 5. Mirrors tests/VirtDiag.Tests/OVirt/FlowTests.cs.
BeforeDiscovery {
    $script:haveFixtures = Test-Path (Join-Path $PSScriptRoot '../../../shared/fixtures/vdsm/mz-pdm_ovirt-log-analyzer_engine.log')
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VirtDiag/VirtDiag.psd1') -Force
    $dir = Join-Path $PSScriptRoot '../../../shared/fixtures/vdsm'
    $script:engine = Join-Path $dir 'mz-pdm_ovirt-log-analyzer_engine.log'
    $script:vdsm = Join-Path $dir 'mz-pdm_ovirt-log-analyzer_vdsm-1.log'
}

Describe 'Get-OVirtFlow' {
    It 'joins the failed memory hot-plug to the failing vdsm verb on the host' -Skip:(-not $haveFixtures) {
        $f = Get-OVirtFlow -Path $engine, $vdsm -CorrelationId 4384ed66
        $f.Result | Should -Be 'Failed'
        $f.FailedAt | Should -Be 'hotplugMemory on rhel-7.3-host-1'
        $f.Error | Should -BeLike "libvirtError: unsupported configuration*"
        ($f.HostCalls | Sort-Object LineNumber).LineNumber | Should -Be @(12342, 12344)
    }

    It 'filters failed flows by target host' -Skip:(-not $haveFixtures) {
        $f = Get-OVirtFlow -Path $engine, $vdsm -Result Failed -TargetHost 'centos-*'
        $f.Count | Should -Be 5
        $f[0].FailedAt | Should -Be 'GetCapabilitiesVDSCommand on centos-host-2'
    }

    It 'joins by flow_id from files in a folder' {
        $dir = Join-Path $TestDrive 'bundle'
        New-Item -ItemType Directory $dir | Out-Null
        @(
            '2026-05-02 12:00:00,000Z INFO  [org.ovirt.engine.core.bll.StopVmCommand] (default task-2) [f10w-42] Running command: StopVmCommand internal: false.'
            '2026-05-02 12:00:00,100Z INFO  [org.ovirt.engine.core.vdsbroker.vdsbroker.DestroyVDSCommand] (default task-2) [f10w-42] START, DestroyVDSCommand(HostName = node-a3.lab, DestroyVmVDSCommandParameters:{vmId=''3c5a7e21-0f4b-4d8e-9a61-2b7c9d0e1f23''}), log id: 44'
            '2026-05-02 12:00:09,000Z INFO  [org.ovirt.engine.core.vdsbroker.vdsbroker.DestroyVDSCommand] (default task-2) [f10w-42] FINISH, DestroyVDSCommand, return: PoweringDown, log id: 44'
        ) | Set-Content (Join-Path $dir 'engine.log')
        @(
            '2026-05-02 14:00:05,000+0200 INFO  (jsonrpc/1) [api.virt] START destroy(gracefulAttempts=1) from=::ffff:192.0.2.10,54012, flow_id=f10w-42, vmId=3c5a7e21-0f4b-4d8e-9a61-2b7c9d0e1f23 (api:48)'
            "2026-05-02 14:00:08,500+0200 INFO  (jsonrpc/1) [api.virt] FINISH destroy return={'status': {'code': 0, 'message': 'Machine destroyed'}} from=::ffff:192.0.2.10,54012, flow_id=f10w-42, vmId=3c5a7e21-0f4b-4d8e-9a61-2b7c9d0e1f23 (api:54)"
        ) | Set-Content (Join-Path $dir 'vdsm.log')
        $f = Get-OVirtFlow -Path $dir
        $f.CorrelationId | Should -Be 'f10w-42'
        $f.HostCalls.Verb | Should -Be 'destroy'
        $f.HostCalls.VmId | Should -Be '3c5a7e21-0f4b-4d8e-9a61-2b7c9d0e1f23'
        $f.Duration | Should -Be ([TimeSpan]::FromSeconds(9))
    }

    It 'shows root command, result and correlation id whole in 120 columns' -Skip:(-not $haveFixtures) {
        $text = Get-OVirtFlow -Path $engine, $vdsm -CorrelationId 4384ed66 | Out-String -Width 120
        $text | Should -Match 'HotSetAmountOfMemoryCommand\s+Failed\s+4384ed66'
    }
}
