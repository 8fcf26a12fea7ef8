BeforeAll {
    Import-Module "$PSScriptRoot/../../out/VirtDiag/VirtDiag.psd1" -Force
    $script:fixtures = Join-Path $PSScriptRoot '../../../shared/fixtures/ftrace'
}

Describe 'Get-TraceEvent' {
    It 'reads every event of the v6 recording like trace-cmd report' -Skip:(-not (Test-Path "$PSScriptRoot/../../../shared/fixtures/ftrace/local/local-sched-v6.dat")) {
        $events = Get-TraceEvent -Path (Join-Path $fixtures 'local/local-sched-v6.dat')
        $events.Count | Should -Be 1925
        $events[0].Name | Should -Be 'sched_waking'
        $events[0].TimestampText | Should -Be '590.343975'
    }
    It 'filters kvm_exit and stops early' -Skip:(-not (Test-Path "$PSScriptRoot/../../../shared/fixtures/ftrace/public-dat/v7-zlib-hostguest-hip24-2024-03/trace.dat")) {
        $e = Get-TraceEvent -Path (Join-Path $fixtures 'public-dat/v7-zlib-hostguest-hip24-2024-03/trace.dat') -Event kvm_exit | Select-Object -First 1
        $e.Info | Should -Be 'reason EPT_MISCONFIG rip 0xffffffffa0632f49 info 0 0'
    }
}
