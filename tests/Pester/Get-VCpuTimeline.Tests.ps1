BeforeAll {
    Import-Module "$PSScriptRoot/../../out/VirtDiag/VirtDiag.psd1" -Force
    $script:pair = Join-Path $PSScriptRoot '../../../shared/fixtures/ftrace/public-dat/v7-zlib-hostguest-hip24-2024-03'
}

Describe 'Get-VCpuTimeline' {
    It 'starts with the first kvm_entry of the traced vCPU' -Skip:(-not (Test-Path "$PSScriptRoot/../../../shared/fixtures/ftrace/public-dat/v7-zlib-hostguest-hip24-2024-03/trace.dat")) {
        # head -3 trace.report.txt: kvm_entry at 22149.949586, kvm_exit EPT_MISCONFIG at 22149.949610
        $iv = Get-VCpuTimeline -Path (Join-Path $pair 'trace.dat') -VCpu 0 | Where-Object HostPid -eq 483882 | Select-Object -First 2
        $iv[0].State | Should -Be 'InGuest'
        $iv[0].StartText | Should -Be '22149.949586'
        $iv[1].ExitReason | Should -Be 'EPT_MISCONFIG'
        $iv[1].Start | Should -Be $iv[0].End
    }
}
